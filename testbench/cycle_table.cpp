#include "testbench/cycle_table.h"

#include <algorithm>
#include <sstream>

#include "hw/fast_engine.h"

namespace fusesim {

namespace {

bool is_ws(ProgramKind k) { return k == ProgramKind::kGemmWs; }

// The word PE(R−1, c) offers the bottom buffer, as FastEngine computes it.
Word32 bottom_word(const ArrayConfig& cfg, ProgramKind kind, const PeRegs& r) {
  if (is_ws(kind)) return r.psum;
  return drain_value(PeStatic{cfg.rows - 1, 0, cfg.fuse, cfg.overlap_drain}, r);
}

std::string bits(const std::vector<uint8_t>& v) {
  std::string s;
  for (uint8_t b : v) s += b ? '1' : '0';
  return s;
}

std::string drain_text(const std::vector<int16_t>& d) {
  bool same = true;
  for (int16_t x : d) same = same && x == d.front();
  if (same) return d.front() ? std::to_string(d.front()) : ".";
  std::string s;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i) s += ",";
    s += d[i] ? std::to_string(d[i]) : ".";
  }
  return s;
}

}  // namespace

std::string format_operand(const Operand& op) {
  if (!op.valid()) return ".";
  std::string s = std::to_string(int(op.val));
  if (op.first()) s += "F";
  if (op.last()) s += "L";
  return s;
}

std::string format_word(const Word32& w) { return w.valid ? std::to_string(w.val) : "."; }

CycleTrace trace_program(const ArrayConfig& cfg, const Program& prog) {
  CycleTrace t;
  t.cfg = cfg;
  t.kind = prog.kind;
  Program shadow_prog = prog;
  ArrayController shadow(cfg, &shadow_prog);
  t.result = prog;
  std::vector<PeRegs> prev(size_t(cfg.rows) * cfg.cols);
  std::vector<Word32> bottom(size_t(cfg.cols));
  EventCounters scratch;
  const auto observer = [&](int64_t edge, const std::vector<PeRegs>& regs) {
    CycleRecord rec;
    rec.edge = edge;
    rec.boundary = shadow.boundary();
    rec.arrivals.assign(size_t(cfg.cols), Word32{});
    for (int c = 0; c < cfg.cols; ++c) {
      bottom[c] = bottom_word(cfg, prog.kind, prev[size_t(cfg.rows - 1) * cfg.cols + c]);
      if (bottom[c].valid &&
          (is_ws(prog.kind) ||
           (cfg.global_select ? rec.boundary.out_sel : rec.boundary.drain_idx[c] != 0)))
        rec.arrivals[c] = bottom[c];
    }
    shadow.clock_edge(bottom.data(), &scratch);
    rec.regs = regs;
    prev = regs;
    t.edges.push_back(std::move(rec));
  };
  FastEngine eng(cfg);
  t.stats = eng.run(&t.result, observer);
  return t;
}

std::vector<std::string> check_boundary(const CycleTrace& t) {
  std::vector<std::string> errs;
  const int R = t.cfg.rows;
  const int C = t.cfg.cols;
  for (const CycleRecord& rec : t.edges) {
    const std::string at = "edge " + std::to_string(rec.edge) + ": ";
    const Boundary& b = rec.boundary;
    for (int r = 0; r < R; ++r) {
      // On a swap edge (input prefetch) the h register takes the prefetch feeder instead.
      const bool swapped = t.cfg.input_prefetch && b.swap;
      if (!(rec.regs[size_t(r) * C].h == (swapped ? b.prefetch[r] : b.left[r])))
        errs.push_back(at + "PE(" + std::to_string(r) + ",0).h != left feeder");
      if (t.cfg.input_prefetch && !(rec.regs[size_t(r) * C].hp == b.prefetch[r]))
        errs.push_back(at + "PE(" + std::to_string(r) + ",0).hp != prefetch feeder");
      const bool bus = t.cfg.fuse && b.data_en[r] && !is_ws(t.kind);
      for (int c = 0; c < C && bus; ++c)
        if (!(rec.regs[size_t(r) * C + c].v == b.bus[r]))
          errs.push_back(at + "PE(" + std::to_string(r) + "," + std::to_string(c) + ").v != bus");
      if (r == 0 && !bus)
        for (int c = 0; c < C; ++c)
          if (!(rec.regs[size_t(c)].v == b.top[c]))
            errs.push_back(at + "PE(0," + std::to_string(c) + ").v != top feeder");
    }
    if (b.latch && rec.edge > 0)
      for (int i = 0; i < R * C; ++i) {
        const Operand want = i < C ? b.top[i] : t.edges[size_t(rec.edge) - 1].regs[size_t(i - C)].v;
        if (!(rec.regs[size_t(i)].s == want))
          errs.push_back(at + "latch did not load PE " + std::to_string(i));
      }
  }
  if (t.stats.cycles != int64_t(t.edges.size()))
    errs.push_back("trace has " + std::to_string(t.edges.size()) + " edges for " +
                   std::to_string(t.stats.cycles) + " cycles");
  return errs;
}

std::string render_cycle_table(const CycleTrace& t, const CycleTableOptions& o) {
  const int R = t.cfg.rows;
  const int C = t.cfg.cols;
  unsigned regs = o.registers;
  if (regs == 0) {
    switch (t.kind) {
      case ProgramKind::kGemmOs:
        regs = kShowH | kShowV | kShowAcc | (t.cfg.overlap_drain ? kShowOut : 0u) |
               (t.cfg.global_select ? kShowPsum : 0u);
        break;
      case ProgramKind::kGemmWs:
        regs = kShowH | kShowV | kShowS | kShowPsum;
        break;
      case ProgramKind::kConv1d:
        regs = kShowH | kShowAcc | (t.cfg.overlap_drain ? kShowOut : 0u) |
               (t.cfg.global_select ? kShowPsum : 0u) | (t.cfg.input_prefetch ? kShowHp : 0u);
        break;
    }
  }
  const bool conv1d = t.kind == ProgramKind::kConv1d;
  const bool ws = is_ws(t.kind);
  const bool prefetch = t.cfg.input_prefetch;
  std::ostringstream os;
  std::vector<std::string> names;
  if (regs & kShowH) names.push_back("h");
  if (regs & kShowHp) names.push_back("hp");
  if (regs & kShowV) names.push_back("v");
  if (regs & kShowS) names.push_back("s");
  if (regs & kShowAcc) names.push_back("acc");
  if (regs & kShowOut) names.push_back("out");
  if (regs & kShowPsum) names.push_back("psum");
  os << "PE cells: ";
  for (size_t i = 0; i < names.size(); ++i) os << (i ? " / " : "") << names[i];
  os << " after the edge. Operand flags: F first, L last; `.` invalid";
  if (!t.cfg.overlap_drain && (regs & kShowAcc)) os << "; `*` acc holds a finished sum";
  os << ".\n\n";
  // Header.
  os << "| edge |";
  std::string rule = "|---:|";
  auto col = [&](const std::string& h) {
    os << " " << h << " |";
    rule += "---|";
  };
  if (o.boundary) {
    for (int r = 0; r < R; ++r) col("L" + std::to_string(r));
    if (prefetch) {
      for (int r = 0; r < R; ++r) col("P" + std::to_string(r));
      col("swap");
    }
    if (conv1d) {
      for (int r = 0; r < R; ++r) col("bus" + std::to_string(r));
      col("DataEn");
      col("col_en");
    } else {
      for (int c = 0; c < C; ++c) col("T" + std::to_string(c));
    }
    if (ws)
      col("latch");
    else if (t.cfg.global_select)
      col("out_sel");
    else
      col("drain j");
    col("arrive");
  }
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) col("PE(" + std::to_string(r) + "," + std::to_string(c) + ")");
  os << "\n" << rule << "\n";
  const int64_t last = o.last_edge < 0
                           ? int64_t(t.edges.size()) - 1
                           : std::min<int64_t>(o.last_edge, int64_t(t.edges.size()) - 1);
  for (int64_t e = std::max<int64_t>(0, o.first_edge); e <= last; ++e) {
    const CycleRecord& rec = t.edges[size_t(e)];
    const Boundary& b = rec.boundary;
    os << "| " << e << " |";
    if (o.boundary) {
      for (int r = 0; r < R; ++r) os << " " << format_operand(b.left[r]) << " |";
      if (prefetch) {
        for (int r = 0; r < R; ++r) os << " " << format_operand(b.prefetch[r]) << " |";
        os << " " << (b.swap ? "1" : ".") << " |";
      }
      if (conv1d) {
        for (int r = 0; r < R; ++r) os << " " << format_operand(b.bus[r]) << " |";
        os << " " << bits(b.data_en) << " |";
        os << " " << bits(b.col_en) << " |";
      } else {
        for (int c = 0; c < C; ++c) os << " " << format_operand(b.top[c]) << " |";
      }
      if (ws)
        os << " " << (b.latch ? "1" : ".") << " |";
      else if (t.cfg.global_select)
        os << " " << (b.out_sel ? "1" : ".") << " |";
      else
        os << " " << drain_text(b.drain_idx) << " |";
      std::string arr;
      for (int c = 0; c < C; ++c)
        if (rec.arrivals[c].valid)
          arr += (arr.empty() ? "" : " ") +
                 ("c" + std::to_string(c) + ":" + std::to_string(rec.arrivals[c].val));
      os << " " << arr << " |";
    }
    for (int i = 0; i < R * C; ++i) {
      const PeRegs& p = rec.regs[size_t(i)];
      std::vector<std::string> v;
      if (regs & kShowH) v.push_back(format_operand(p.h));
      if (regs & kShowHp) v.push_back(format_operand(p.hp));
      if (regs & kShowV) v.push_back(format_operand(p.v));
      if (regs & kShowS) v.push_back(format_operand(p.s));
      if (regs & kShowAcc)
        v.push_back(std::to_string(p.acc) + (!t.cfg.overlap_drain && p.acc_valid ? "*" : ""));
      if (regs & kShowOut) v.push_back(format_word(p.out));
      if (regs & kShowPsum) v.push_back(format_word(p.psum));
      os << " ";
      for (size_t k = 0; k < v.size(); ++k) os << (k ? " / " : "") << v[k];
      os << " |";
    }
    os << "\n";
  }
  return os.str();
}

}  // namespace fusesim
