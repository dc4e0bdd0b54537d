#include "hw/fast_engine.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "hw/array_controller.h"

namespace fusesim {

namespace {

// Row kernels are kept out of line so that the compiler honours __restrict__ and vectorises them;
// on x86-64 with GCC an AVX-512 (x86-64-v4) or AVX2 clone is chosen at load time where the CPU
// has it (the build itself targets baseline x86-64).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define FUSESIM_ROW_KERNEL \
  __attribute__((noinline, target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define FUSESIM_ROW_KERNEL __attribute__((noinline))
#endif

constexpr int64_t kNever = -(int64_t(1) << 50);

void add_lanes(LaneCounts* to, const LaneCounts& k) {
  to->mac += k.mac;
  to->zero += k.zero;
  to->out_write += k.out_write;
  to->acc_update += k.acc_update;
  to->psum_write += k.psum_write;
  to->link += k.link;
  to->overflow += k.overflow;
}

// The overflow rule (LaneAdd) is a compile-time constant inside the row loops, so that the
// unchecked loop (every program whose sums cannot overflow) is the plain multiply-accumulate and
// the wrap loop carries no saturation selects; each kernel dispatches once per call.
#define FUSESIM_BY_RULE(rule, ...)                     \
  do {                                                 \
    switch (rule) {                                    \
      case LaneAdd::kUnchecked: {                      \
        constexpr LaneAdd kRule = LaneAdd::kUnchecked; \
        __VA_ARGS__;                                   \
        break;                                         \
      }                                                \
      case LaneAdd::kWrap: {                           \
        constexpr LaneAdd kRule = LaneAdd::kWrap;      \
        __VA_ARGS__;                                   \
        break;                                         \
      }                                                \
      case LaneAdd::kSaturate: {                       \
        constexpr LaneAdd kRule = LaneAdd::kSaturate;  \
        __VA_ARGS__;                                   \
        break;                                         \
      }                                                \
    }                                                  \
  } while (0)

// OS/1-D multiplies of one row over columns [lo, hi], vertical operands per column.
FUSESIM_ROW_KERNEL int os_row_systolic(
    const int8_t* __restrict__ hv, const uint8_t* __restrict__ hf, const int8_t* __restrict__ vv,
    const uint8_t* __restrict__ vf, const uint8_t* __restrict__ col_en, bool shadow, LaneAdd rule,
    int32_t* __restrict__ acc, uint8_t* __restrict__ accv, int32_t* __restrict__ out,
    uint8_t* __restrict__ outv, int lo, int hi, LaneCounts* n) {
  LaneCounts k;
  FUSESIM_BY_RULE(rule, for (int c = lo; c <= hi; ++c)
                            pe_os_mac_lane(hv[c], hf[c], vv[c], vf[c], col_en[c], shadow, kRule,
                                           acc[c], accv[c], out[c], outv[c], k));
  k.acc_update = k.mac - k.out_write;
  add_lanes(n, k);
  return k.mac;
}

// OS/1-D multiplies of one row over columns [lo, hi], the row's bus as vertical operand.
FUSESIM_ROW_KERNEL int os_row_bus(const int8_t* __restrict__ hv, const uint8_t* __restrict__ hf,
                                  int8_t bv, uint8_t bf, const uint8_t* __restrict__ col_en,
                                  bool shadow, LaneAdd rule, int32_t* __restrict__ acc,
                                  uint8_t* __restrict__ accv, int32_t* __restrict__ out,
                                  uint8_t* __restrict__ outv, int lo, int hi, LaneCounts* n) {
  LaneCounts k;
  FUSESIM_BY_RULE(rule, for (int c = lo; c <= hi; ++c)
                            pe_os_mac_lane(hv[c], hf[c], bv, bf, col_en[c], shadow, kRule, acc[c],
                                           accv[c], out[c], outv[c], k));
  k.acc_update = k.mac - k.out_write;
  add_lanes(n, k);
  return k.mac;
}

// Drain shifts and clears of row r over columns [lo, hi] on the drain registers reg/regv; din/dinv
// are row r − 1's drain registers before the edge, vf the row's vertical operand flags.
FUSESIM_ROW_KERNEL void drain_row(int r, const int16_t* __restrict__ didx,
                                  const int32_t* __restrict__ din, const uint8_t* __restrict__ dinv,
                                  const uint8_t* __restrict__ hf, const uint8_t* __restrict__ vf,
                                  const uint8_t* __restrict__ col_en, bool shadow,
                                  int32_t* __restrict__ reg, uint8_t* __restrict__ regv, int lo,
                                  int hi, int* moved, int* conflict) {
  int m = 0;
  int cf = 0;
  for (int c = lo; c <= hi; ++c) {
    const int mac = hf[c] & vf[c] & col_en[c] & kOpValid;
    const int last = (vf[c] >> 2) & 1;
    pe_os_drain_reg_lane(r, didx[c], shadow, mac, last, din[c], dinv[c], reg[c], regv[c], m, cf);
  }
  *moved += m;
  *conflict |= cf;
}

// WS partial sums of one row over columns [lo, hi].
FUSESIM_ROW_KERNEL void ws_row(const int8_t* __restrict__ hv, const uint8_t* __restrict__ hf,
                               const int8_t* __restrict__ sv, const uint8_t* __restrict__ sf,
                               const int32_t* __restrict__ pin, const uint8_t* __restrict__ pinv,
                               LaneAdd rule, int32_t* __restrict__ pout,
                               uint8_t* __restrict__ poutv, int lo, int hi, LaneCounts* n) {
  LaneCounts k;
  FUSESIM_BY_RULE(
      rule, for (int c = lo; c <= hi; ++c) pe_ws_lane(hv[c], hf[c], sv[c], sf[c], pin[c], pinv[c],
                                                      kRule, pout[c], poutv[c], k));
  add_lanes(n, k);
}

}  // namespace

FastEngine::FastEngine(const ArrayConfig& cfg) : cfg_(cfg), R_(cfg.rows), C_(cfg.cols) {
  const auto errs = cfg.validate();
  if (!errs.empty()) throw std::invalid_argument(errs.front());
  statics_.resize(size_t(cfg.rows) * cfg.cols);
  for (int r = 0; r < cfg.rows; ++r)
    for (int c = 0; c < cfg.cols; ++c)
      statics_[size_t(r) * cfg.cols + c] =
          PeStatic{r, c, cfg.fuse, cfg.overlap_drain, cfg.acc_overflow == AccOverflow::kSaturate};
}

RunStats FastEngine::run_reference(Program* prog, const Observer& observer) {
  const int R = cfg_.rows;
  const int C = cfg_.cols;
  ArrayController ctrl(cfg_, prog);
  cur_.assign(size_t(R) * C, PeRegs{});
  nxt_.assign(size_t(R) * C, PeRegs{});
  RunStats st;
  std::vector<Word32> bottom(C);
  const PeMode mode = prog->pe_mode();
  const bool ws = mode == PeMode::kWeightStationary;
  while (!ctrl.done()) {
    const Boundary& b = ctrl.boundary();
    for (int r = 0; r < R; ++r) {
      for (int c = 0; c < C; ++c) {
        const size_t i = size_t(r) * C + c;
        PeInputs in;
        in.h_in = c == 0 ? b.left[r] : cur_[i - 1].h;
        in.v_in = r == 0 ? b.top[c] : cur_[i - C].v;
        if (r > 0) {
          in.psum_in = cur_[i - C].psum;
          in.drain_in = drain_value(statics_[i - C], cur_[i - C]);
        }
        in.bus = b.bus[r];
        in.data_en = b.data_en[r];
        in.col_en = b.col_en[c];
        in.latch = b.latch;
        in.drain_idx = b.drain_idx[c];
        pe_step(statics_[i], mode, cur_[i], in, &nxt_[i], &st.events, &st.conflict);
      }
    }
    for (int c = 0; c < C; ++c) {
      const size_t i = size_t(R - 1) * C + c;
      bottom[c] = ws ? cur_[i].psum : drain_value(statics_[i], cur_[i]);
    }
    ctrl.clock_edge(bottom.data(), &st.events);
    cur_.swap(nxt_);
    if (observer) observer(ctrl.edge() - 1, cur_);
    if (ctrl.edge() > (int64_t(1) << 40)) throw std::logic_error("run does not terminate");
  }
  ctrl.report(&st);
  return st;
}

void FastEngine::reset_state(bool ws) {
  const int R = R_;
  const int C = C_;
  const size_t n = size_t(R) * C;
  wh_ = 2 * C + 64;
  ph_ = wh_ - C;
  hv_.assign(size_t(R) * wh_, 0);
  hf_.assign(size_t(R) * wh_, 0);
  hcount_.assign(wh_, 0);
  last_left_.assign(R, kNever);
  h_valid_ = 0;
  wt_ = 2 * R + 64;
  pt_ = wt_ - R;
  tv_.assign(size_t(wt_) * C, 0);
  tf_.assign(size_t(wt_) * C, 0);
  tcount_.assign(wt_, 0);
  tlo_.assign(wt_, 0);
  thi_.assign(wt_, -1);
  top_edges_.assign(size_t(R), 0);
  top_head_ = 0;
  top_size_ = 0;
  cand_rows_.assign(size_t(R), 0);
  cand_row_.assign(size_t(R), 0);
  v_valid_ = 0;
  bus_mode_ = false;
  busv_.assign(R, 0);
  busf_.assign(R, 0);
  sv_.assign(ws ? n : 0, 0);
  sf_.assign(ws ? n : 0, 0);
  acc_.assign(ws ? 0 : n, 0);
  accv_.assign(ws ? 0 : n, 0);
  out_.assign(ws ? 0 : n, 0);
  outv_.assign(ws ? 0 : n, 0);
  for (int k = 0; k < 2; ++k) {
    ps_[k].assign(ws ? n : 0, 0);
    psv_[k].assign(ws ? n : 0, 0);
    ps_zero_[k].assign(R, 1);
  }
  pb_ = 0;
  s_lo_ = C;
  s_hi_ = -1;
  dirty_.assign(C, 0);
  dirty_cols_.clear();
  dirty_cols_.reserve(size_t(C));
  dtmp_.assign(ws ? 0 : n, 0);
  dtmpv_.assign(ws ? 0 : n, 0);
  snap_.assign(ws ? 0 : n, 0);
  snapv_.assign(ws ? 0 : n, 0);
  bus_row_.assign(C, 0);
  zero_row_.assign(C, 0);
  zero_row_v_.assign(C, 0);
  bottom_.assign(C, Word32{});
  n_h_ = n_v_ = n_link_ = n_mac_ = n_zero_ = n_out_ = n_acc_ = n_psum_ = n_s_ = n_ovf_ = 0;
}

void FastEngine::push_operands(const Boundary& b, int64_t e, bool ws) {
  const int R = R_;
  const int C = C_;
  // h: every row's window slides by one; the left feeder value enters at column 0.
  {
    const bool wrap = ph_ == 0;
    const int np = wrap ? wh_ - C : ph_ - 1;
    const int leaving = hcount_[ph_ + C - 1];
    if (wrap && C > 1) {
      for (int r = 0; r < R; ++r) {
        int8_t* v = &hv_[size_t(r) * wh_];
        uint8_t* f = &hf_[size_t(r) * wh_];
        std::memmove(v + np + 1, v, size_t(C - 1));
        std::memmove(f + np + 1, f, size_t(C - 1));
      }
      std::memmove(&hcount_[np + 1], &hcount_[0], sizeof(int) * size_t(C - 1));
    }
    int entering = 0;
    for (int r = 0; r < R; ++r) {
      const Operand& in = b.left[r];
      const size_t at = size_t(r) * wh_ + np;
      hv_[at] = in.val;
      hf_[at] = in.flags;
      if (in.flags & kOpValid) {
        last_left_[r] = e;
        ++entering;
      }
    }
    hcount_[np] = entering;
    ph_ = np;
    h_valid_ += entering - leaving;
    n_h_ += uint64_t(h_valid_);
    n_link_ += uint64_t(h_valid_ - entering);  // column 0 has no link
  }
  // v: the bus of every row (FuSe 1-D) or the top feeders' delay line.
  bool bus = false;
  if (!ws && cfg_.fuse) {
    int en = 0;
    for (int r = 0; r < R; ++r) en += b.data_en[r] != 0;
    if (en == R) {
      bus = true;
    } else if (en != 0) {
      throw std::logic_error("FastEngine: DataEn must select the bus in every row or in none");
    }
  }
  if (bus_mode_ && !bus)
    throw std::logic_error("FastEngine: DataEn may not return from the bus to the systolic path");
  bus_mode_ = bus;
  if (bus) {
    uint64_t valid = 0;
    for (int r = 0; r < R; ++r) {
      busv_[r] = b.bus[r].val;
      busf_[r] = b.bus[r].flags;
      valid += b.bus[r].flags & kOpValid;
    }
    n_v_ += valid * uint64_t(C);
    return;
  }
  const bool wrap = pt_ == 0;
  const int np = wrap ? wt_ - R : pt_ - 1;
  const int leaving = tcount_[pt_ + R - 1];
  if (wrap && R > 1) {
    std::memmove(&tv_[size_t(np + 1) * C], &tv_[0], size_t(R - 1) * C);
    std::memmove(&tf_[size_t(np + 1) * C], &tf_[0], size_t(R - 1) * C);
    std::memmove(&tcount_[np + 1], &tcount_[0], sizeof(int) * size_t(R - 1));
    std::memmove(&tlo_[np + 1], &tlo_[0], sizeof(int) * size_t(R - 1));
    std::memmove(&thi_[np + 1], &thi_[0], sizeof(int) * size_t(R - 1));
  }
  int8_t* v = &tv_[size_t(np) * C];
  uint8_t* f = &tf_[size_t(np) * C];
  int entering = 0;
  const Operand* top = b.top.data();
  for (int c = 0; c < C; ++c) {
    v[c] = top[c].val;
    f[c] = top[c].flags;
    entering += top[c].flags & kOpValid;
  }
  int lo = C;
  int hi = -1;
  if (entering > 0) {
    for (lo = 0; !(f[lo] & kOpValid); ++lo) {
    }
    for (hi = C - 1; !(f[hi] & kOpValid); --hi) {
    }
  }
  // Edges whose top operands are still in the array (rows 0 .. R - 1).
  if (top_size_ > 0 && top_edges_[top_head_] <= e - R) {
    top_head_ = (top_head_ + 1) % size_t(R);
    --top_size_;
  }
  if (entering > 0) {
    top_edges_[(top_head_ + top_size_) % size_t(R)] = e;
    ++top_size_;
  }
  tcount_[np] = entering;
  tlo_[np] = lo;
  thi_[np] = hi;
  pt_ = np;
  v_valid_ += entering - leaving;
  n_v_ += uint64_t(v_valid_);
  n_link_ += uint64_t(v_valid_ - entering);  // row 0 has no link
}

void FastEngine::edge_os(const Boundary& b, int64_t e, RunStats* st) {
  const int R = R_;
  const int C = C_;
  const bool shadow = cfg_.overlap_drain;
  const LaneAdd rule = rule_;
  int32_t* const dreg = shadow ? out_.data() : acc_.data();
  uint8_t* const dregv = shadow ? outv_.data() : accv_.data();
  // Only dirty columns can hold non-zero drain registers; elsewhere every register the drain
  // reads or shifts is an invalid zero, and shifting it changes nothing and counts nothing.
  const size_t dirty_before = dirty_cols_.size();
  int dlo = C;
  int dhi = -1;
  int jmin = R + 1;
  for (size_t k = 0; k < dirty_before; ++k) {
    const int c = dirty_cols_[k];
    // The bottom row's drain value before the edge.
    const size_t bi = size_t(R - 1) * C + c;
    bottom_[c] = Word32{dreg[bi], dregv[bi] != 0};
    const int j = b.drain_idx[c];
    if (j > 0) {
      dlo = std::min(dlo, c);
      dhi = std::max(dhi, c);
      jmin = std::min(jmin, j);
    }
  }
  // Drain inputs: the upper neighbours' drain registers before the edge. Many draining columns
  // are shifted row by row over [dlo, dhi] (the clean columns in that range hold invalid zeros,
  // which shift without effect), a few column by column.
  const bool row_drain = dhi - dlo >= 7;
  if (row_drain) {
    const size_t w = size_t(dhi - dlo + 1);
    for (int r = jmin - 1; r < R - 1; ++r) {
      const size_t i = size_t(r) * C + dlo;
      std::memcpy(&snap_[i], &dreg[i], w * sizeof(int32_t));
      std::memcpy(&snapv_[i], &dregv[i], w);
    }
  } else {
    for (size_t k = 0; k < dirty_before; ++k) {
      const int c = dirty_cols_[k];
      const int j = b.drain_idx[c];
      for (int r = std::max(j, 1); j > 0 && r < R; ++r) {
        const size_t i = size_t(r - 1) * C + c;
        dtmp_[size_t(c) * R + r] = dreg[i];
        dtmpv_[size_t(c) * R + r] = dregv[i];
      }
    }
  }
  push_operands(b, e, false);
  // Columns that may multiply in bus mode: the enabled ones.
  int bus_lo = C;
  int bus_hi = -1;
  if (bus_mode_)
    for (int c = 0; c < C; ++c)
      if (b.col_en[c]) {
        bus_lo = std::min(bus_lo, c);
        bus_hi = c;
      }
  LaneCounts n;
  const uint8_t* col_en = b.col_en.data();
  // Rows that may hold a valid vertical operand: every row in bus mode, else the rows reached by
  // the top operands of the last R edges.
  int row_candidates = 0;
  if (bus_mode_) {
    for (int r = 0; r < R; ++r)
      if (busf_[r] & kOpValid) cand_rows_[size_t(row_candidates++)] = r;
  } else {
    size_t at = top_head_;
    for (size_t k = 0; k < top_size_; ++k) {
      cand_rows_[size_t(row_candidates++)] = int(e - top_edges_[at]);
      if (++at == size_t(R)) at = 0;
    }
  }
  for (int k = 0; k < row_candidates; ++k) cand_row_[size_t(cand_rows_[size_t(k)])] = 1;
  for (int k = 0; k < row_candidates; ++k) {
    const int r = cand_rows_[size_t(k)];
    if (e - last_left_[r] >= C) continue;  // no valid h in the row
    // Valid h operands sit in columns >= e - last_left_[r]; valid v operands in [vlo, vhi].
    int vlo;
    int vhi;
    if (bus_mode_) {
      vlo = bus_lo;
      vhi = bus_hi;
    } else {
      const int slot = pt_ + r;
      vlo = tlo_[slot];
      vhi = thi_[slot];
    }
    const int lo = int(std::max<int64_t>(vlo, e - last_left_[r]));
    const int hi = vhi;
    if (lo > hi) continue;
    const int8_t* hv = &hv_[size_t(r) * wh_ + ph_];
    const uint8_t* hf = &hf_[size_t(r) * wh_ + ph_];
    const size_t row = size_t(r) * C;
    int macs;
    if (hi - lo < 4) {
      // A few columns (the busy column of a depthwise fold): not worth a vector loop.
      const uint8_t* vf = bus_mode_ ? nullptr : &tf_[size_t(pt_ + r) * C];
      const int8_t* vv = bus_mode_ ? nullptr : &tv_[size_t(pt_ + r) * C];
      LaneCounts kc;
      for (int c = lo; c <= hi; ++c)
        pe_os_mac_lane(hv[c], hf[c], bus_mode_ ? busv_[r] : vv[c], bus_mode_ ? busf_[r] : vf[c],
                       col_en[c], shadow, rule, acc_[row + c], accv_[row + c], out_[row + c],
                       outv_[row + c], kc);
      n.mac += kc.mac;
      n.zero += kc.zero;
      n.overflow += kc.overflow;
      n.out_write += kc.out_write;
      n.acc_update += kc.mac - kc.out_write;
      macs = kc.mac;
    } else if (bus_mode_) {
      macs = os_row_bus(hv, hf, busv_[r], busf_[r], col_en, shadow, rule, &acc_[row], &accv_[row],
                        &out_[row], &outv_[row], lo, hi, &n);
    } else {
      const size_t slot = size_t(pt_ + r) * C;
      macs = os_row_systolic(hv, hf, &tv_[slot], &tf_[slot], col_en, shadow, rule, &acc_[row],
                             &accv_[row], &out_[row], &outv_[row], lo, hi, &n);
    }
    if (macs > 0 && dirty_cols_.size() < size_t(C))
      for (int c = lo; c <= hi; ++c)
        if (!dirty_[c]) {
          dirty_[c] = 1;
          dirty_cols_.push_back(c);
        }
  }
  // Drain shifts, after the multiplies of the same edge (pe_step's order). A column that became
  // dirty only in this edge had invalid zeros in its drain registers before it.
  auto vflags = [&](int r, int c) -> uint8_t {
    return bus_mode_ ? busf_[r] : tf_[size_t(pt_ + r) * C + c];
  };
  auto mac_at = [&](int r, int c, uint8_t vf) -> int {
    return hf_[size_t(r) * wh_ + ph_ + c] & vf & col_en[c] & kOpValid;
  };
  if (row_drain) {
    int moved = 0;
    int conflict = 0;
    for (int r = jmin - 1; r < R; ++r) {
      const uint8_t* vf = &tf_[size_t(pt_ + r) * C];
      if (bus_mode_) {
        std::fill(bus_row_.begin(), bus_row_.end(), busf_[r]);
        vf = bus_row_.data();
      }
      const size_t up = r > 0 ? size_t(r - 1) * C : 0;
      drain_row(r, b.drain_idx.data(), r > 0 ? &snap_[up] : zero_row_.data(),
                r > 0 ? &snapv_[up] : zero_row_v_.data(), &hf_[size_t(r) * wh_ + ph_], vf, col_en,
                shadow, &dreg[size_t(r) * C], &dregv[size_t(r) * C], dlo, dhi, &moved, &conflict);
    }
    (shadow ? n.out_write : n.acc_update) += moved;
    n.link += moved;
    if (conflict) st->conflict = true;
  }
  for (size_t k = row_drain ? dirty_before : 0; k < dirty_cols_.size(); ++k) {
    const int c = dirty_cols_[k];
    const int j = b.drain_idx[c];
    if (j == 0 || (row_drain && c >= dlo && c <= dhi)) continue;
    const bool src = k < dirty_before;
    const int32_t* dt = &dtmp_[size_t(c) * R];
    const uint8_t* dtv = &dtmpv_[size_t(c) * R];
    for (int r = j; r < R; ++r) {
      const size_t i = size_t(r) * C + c;
      // Only rows with a valid vertical operand can multiply, hence conflict.
      if (cand_row_[size_t(r)]) {
        const uint8_t vf = vflags(r, c);
        if (pe_os_drain_conflict(shadow, mac_at(r, c, vf), (vf & kOpLast) != 0))
          st->conflict = true;
      }
      pe_os_drain_shift(shadow, src ? dt[r] : 0, src ? dtv[r] : uint8_t(0), acc_[i], accv_[i],
                        out_[i], outv_[i], n);
    }
    {
      const int r = j - 1;
      const uint8_t vf = vflags(r, c);
      const size_t i = size_t(r) * C + c;
      pe_os_drain_clear(shadow, mac_at(r, c, vf), (vf & kOpLast) != 0, accv_[i], outv_[i]);
    }
  }
  for (int k = 0; k < row_candidates; ++k) cand_row_[size_t(cand_rows_[size_t(k)])] = 0;
  n_mac_ += uint64_t(n.mac);
  n_zero_ += uint64_t(n.zero);
  n_out_ += uint64_t(n.out_write);
  n_acc_ += uint64_t(n.acc_update);
  n_link_ += uint64_t(n.link);
  n_ovf_ += uint64_t(n.overflow);
}

void FastEngine::edge_ws(const Boundary& b, int64_t e, RunStats* /*st*/) {
  const int R = R_;
  const int C = C_;
  const int cur = pb_;
  const int nx = pb_ ^ 1;
  for (int c = 0; c < C; ++c) {
    const size_t i = size_t(R - 1) * C + c;
    bottom_[c] = Word32{ps_[cur][i], psv_[cur][i] != 0};
  }
  push_operands(b, e, true);
  LaneCounts n;
  const int lo = s_lo_;
  const int hi = s_hi_;
  for (int r = 0; r < R; ++r) {
    const size_t row = size_t(r) * C;
    const bool h_live = e - last_left_[r] < C;
    const bool pin_live = r > 0 && !ps_zero_[cur][r - 1];
    if (lo > hi || (!h_live && !pin_live)) {
      // Every partial sum of the row becomes an invalid zero.
      if (!ps_zero_[nx][r]) {
        std::fill(&ps_[nx][row], &ps_[nx][row] + C, 0);
        std::fill(&psv_[nx][row], &psv_[nx][row] + C, uint8_t(0));
        ps_zero_[nx][r] = 1;
      }
      continue;
    }
    const int32_t* pin = r > 0 ? &ps_[cur][row - C] : zero_row_.data();
    const uint8_t* pinv = r > 0 ? &psv_[cur][row - C] : zero_row_v_.data();
    const int before = n.psum_write;
    ws_row(&hv_[size_t(r) * wh_ + ph_], &hf_[size_t(r) * wh_ + ph_], &sv_[row], &sf_[row], pin,
           pinv, rule_, &ps_[nx][row], &psv_[nx][row], lo, hi, &n);
    ps_zero_[nx][r] = n.psum_write == before;
  }
  if (b.latch) {
    // The stationary registers load the vertical input (after this edge's multiplies).
    for (int r = 0; r < R; ++r) {
      const size_t slot = size_t(pt_ + r) * C;
      std::memcpy(&sv_[size_t(r) * C], &tv_[slot], size_t(C));
      std::memcpy(&sf_[size_t(r) * C], &tf_[slot], size_t(C));
      for (int c = 0; c < C; ++c)
        if (tf_[slot + c] & kOpValid) {
          s_lo_ = std::min(s_lo_, c);
          s_hi_ = std::max(s_hi_, c);
        }
    }
    n_s_ += uint64_t(R) * C;
  }
  pb_ = nx;
  n_mac_ += uint64_t(n.mac);
  n_zero_ += uint64_t(n.zero);
  n_psum_ += uint64_t(n.psum_write);
  n_link_ += uint64_t(n.link);
  n_ovf_ += uint64_t(n.overflow);
}

void FastEngine::materialise(bool ws) {
  const int R = R_;
  const int C = C_;
  cur_.resize(size_t(R) * C);
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) {
      const size_t i = size_t(r) * C + c;
      PeRegs& p = cur_[i];
      const size_t hi = size_t(r) * wh_ + ph_ + c;
      p.h = Operand{hv_[hi], hf_[hi]};
      if (bus_mode_) {
        p.v = Operand{busv_[r], busf_[r]};
      } else {
        const size_t vi = size_t(pt_ + r) * C + c;
        p.v = Operand{tv_[vi], tf_[vi]};
      }
      if (ws) {
        p.s = Operand{sv_[i], sf_[i]};
        p.psum = Word32{ps_[pb_][i], psv_[pb_][i] != 0};
        p.acc = 0;
        p.acc_valid = false;
        p.out = Word32{};
      } else {
        p.s = Operand{};
        p.psum = Word32{};
        p.acc = acc_[i];
        p.acc_valid = accv_[i] != 0;
        p.out = Word32{out_[i], outv_[i] != 0};
      }
    }
}

RunStats FastEngine::run(Program* prog, const Observer& observer) {
  ArrayController ctrl(cfg_, prog);
  const bool ws = prog->pe_mode() == PeMode::kWeightStationary;
  reset_state(ws);
  // The longest sum a PE register builds: a dot product of K terms (OS), of `taps` terms (1-D),
  // or a partial sum down at most R rows (WS; the bottom buffer adds the folds, in the
  // controller). Below 2^17 terms no PE sum can overflow, so the row loops skip the detection.
  const int64_t terms = ws ? R_ : prog->kind == ProgramKind::kConv1d ? prog->taps : prog->K;
  rule_ = lane_add_rule(cfg_.acc_overflow == AccOverflow::kSaturate, sum_may_overflow(terms));
  RunStats st;
  while (!ctrl.done()) {
    const Boundary& b = ctrl.boundary();
    const int64_t e = ctrl.edge();
    if (ws) {
      edge_ws(b, e, &st);
    } else {
      edge_os(b, e, &st);
    }
    ctrl.clock_edge(bottom_.data(), &st.events);
    if (observer) {
      materialise(ws);
      observer(e, cur_);
    }
    if (ctrl.edge() > (int64_t(1) << 40)) throw std::logic_error("run does not terminate");
  }
  ctrl.report(&st);
  st.events.add(Event::kHRegWrite, n_h_);
  st.events.add(Event::kVRegWrite, n_v_);
  st.events.add(Event::kLinkTransfer, n_link_);
  st.events.add(Event::kMac, n_mac_);
  st.events.add(Event::kMacZeroOperand, n_zero_);
  st.events.add(Event::kOutRegWrite, n_out_);
  st.events.add(Event::kAccUpdate, n_acc_);
  st.events.add(Event::kPsumRegWrite, n_psum_);
  st.events.add(Event::kSRegWrite, n_s_);
  st.events.add(Event::kAccOverflow, n_ovf_);
  st.events.add(Event::kIdlePeCycle, uint64_t(st.cycles) * uint64_t(R_) * uint64_t(C_) - n_mac_);
  return st;
}

}  // namespace fusesim
