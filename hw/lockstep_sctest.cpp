// Lock-step equivalence of the two engines: identical outputs, cycles, events, and (on small
// arrays) every register of every PE after every edge. One elaboration per process, so each test
// builds one PinEngine and runs several programs through it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <random>

#include "dataflows/layer_mapping.h"
#include "hw/fast_engine.h"
#include "hw/random_jobs.h"
#include "hw/sc_top.h"

namespace fusesim {
namespace {

using Job = RandomJob;

// A 64-bit digest of every register of every PE after one edge (the per-edge comparison keeps
// one word per edge, so 16x16 runs of many thousand edges stay small).
uint64_t digest(const std::vector<PeRegs>& regs) {
  uint64_t h = 0x9e3779b97f4a7c15ull;
  auto mix = [&h](uint64_t x) {
    h ^= x + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdull;
  };
  for (const PeRegs& r : regs) {
    mix(uint64_t(uint8_t(r.h.val)) | uint64_t(r.h.flags) << 8 | uint64_t(uint8_t(r.v.val)) << 16 |
        uint64_t(r.v.flags) << 24 | uint64_t(uint8_t(r.s.val)) << 32 | uint64_t(r.s.flags) << 40 |
        uint64_t(r.acc_valid) << 48 | uint64_t(r.psum.valid) << 49 | uint64_t(r.out.valid) << 50);
    mix(uint64_t(uint32_t(r.acc)) | uint64_t(uint32_t(r.psum.val)) << 32);
    mix(uint64_t(uint32_t(r.out.val)) | uint64_t(uint8_t(r.hp.val)) << 32 |
        uint64_t(r.hp.flags) << 40);
  }
  return h;
}

// "PE(r, c) <register>: fast X, pin Y" for the first register that differs.
std::string first_difference(const std::vector<PeRegs>& f, const std::vector<PeRegs>& p, int C) {
  auto op = [](const Operand& o) {
    return std::to_string(int(o.val)) + "/flags " + std::to_string(int(o.flags));
  };
  auto w = [](const Word32& x) {
    return std::to_string(x.val) + (x.valid ? "/valid" : "/invalid");
  };
  for (size_t i = 0; i < f.size(); ++i) {
    const std::string pe = "PE(" + std::to_string(i / C) + ", " + std::to_string(i % C) + ") ";
    const PeRegs& a = f[i];
    const PeRegs& b = p[i];
    if (!(a.h == b.h)) return pe + "h: fast " + op(a.h) + ", pin " + op(b.h);
    if (!(a.v == b.v)) return pe + "v: fast " + op(a.v) + ", pin " + op(b.v);
    if (!(a.s == b.s)) return pe + "s: fast " + op(a.s) + ", pin " + op(b.s);
    if (a.acc != b.acc || a.acc_valid != b.acc_valid)
      return pe + "acc: fast " + w({a.acc, a.acc_valid}) + ", pin " + w({b.acc, b.acc_valid});
    if (!(a.psum == b.psum)) return pe + "psum: fast " + w(a.psum) + ", pin " + w(b.psum);
    if (!(a.out == b.out)) return pe + "out: fast " + w(a.out) + ", pin " + w(b.out);
    if (!(a.hp == b.hp)) return pe + "hp: fast " + op(a.hp) + ", pin " + op(b.hp);
  }
  return "no register differs";
}

// Runs every job on both engines: identical outputs, cycles, issue edges and events; with
// every_register also every register of every PE after every edge (a digest per edge; on a
// mismatch the fast engine is re-run to name the first edge, PE and register that differ).
// Returns the number of edges compared register by register.
int64_t lockstep(PinEngine& pin, const ArrayConfig& a, const std::vector<Job>& jobs,
                 bool every_register) {
  FastEngine fast(a);
  int64_t compared = 0;
  uint64_t seed = 1234;
  for (const Job& j : jobs) {
    SCOPED_TRACE(std::string(to_string(j.l.op)) + " " + to_string(j.o.dataflow) + " " +
                 std::to_string(j.l.in_h) + "x" + std::to_string(j.l.in_w) + "x" +
                 std::to_string(j.l.in_c) + " k" + std::to_string(j.l.k_h) + "x" +
                 std::to_string(j.l.k_w) + " s" + std::to_string(j.l.stride_h) + " on " +
                 std::to_string(a.rows) + "x" + std::to_string(a.cols));
    const LayerData d = make_layer_data(j.l, ++seed);
    Program pf = map_layer(j.l, d, a, j.o);
    const Program pristine = pf;
    Program pp = pf;
    std::vector<uint64_t> fast_digest;
    FastEngine::Observer of = nullptr;
    PinEngine::Observer op = nullptr;
    int64_t bad_edge = -1;
    std::vector<PeRegs> pin_regs;
    if (every_register)
      of = [&](int64_t e, const std::vector<PeRegs>& r) {
        ASSERT_EQ(size_t(e), fast_digest.size());
        fast_digest.push_back(digest(r));
      };
    const RunStats sf = fast.run(&pf, of);
    if (every_register)
      op = [&](int64_t e, const std::vector<PeRegs>& r) {
        if (bad_edge >= 0) return;
        if (size_t(e) >= fast_digest.size() || fast_digest[e] != digest(r)) {
          bad_edge = e;
          pin_regs = r;
        }
      };
    const RunStats sp = pin.run(&pp, op);
    if (bad_edge >= 0) {
      std::vector<PeRegs> fast_regs;
      Program again = pristine;
      FastEngine(a).run(&again, [&](int64_t e, const std::vector<PeRegs>& r) {
        if (e == bad_edge) fast_regs = r;
      });
      ADD_FAILURE() << "first register mismatch at edge " << bad_edge << ": "
                    << (fast_regs.empty() ? std::string("the fast engine had stopped")
                                          : first_difference(fast_regs, pin_regs, a.cols));
    }
    EXPECT_EQ(sf.cycles, sp.cycles);
    EXPECT_EQ(sf.first_arrival_edge, sp.first_arrival_edge);
    EXPECT_EQ(sf.issue_edges, sp.issue_edges);
    for (int e = 0; e < kNumEvents; ++e)
      EXPECT_EQ(sf.events.n[e], sp.events.n[e]) << event_name(Event(e));
    EXPECT_EQ(pf.out, pp.out);
    EXPECT_EQ(gather_output(j.l, a, j.o, pp), golden_output(j.l, d, a, j.o));
    EXPECT_FALSE(sp.conflict);
    if (every_register) compared += sp.cycles;
  }
  std::printf("%dx%d: %lld edges compared register by register\n", a.rows, a.cols,
              (long long)compared);
  return compared;
}

int64_t lockstep(const ArrayConfig& a, const std::vector<Job>& jobs, bool every_register) {
  PinEngine pin(a);
  return lockstep(pin, a, jobs, every_register);
}

std::vector<Job> seeded_jobs(bool fuse, uint64_t seed, int count) {
  std::mt19937_64 rng(seed);
  RandomJobLimits lim;
  lim.max_hw = 7;
  lim.max_c = 5;
  lim.max_filters = 6;
  lim.max_linear = 9;
  return random_jobs(fuse, rng, count, lim);
}

// Layers large enough to fold several times on a 16x16 array (reduction up to 9·24 = 216 rows,
// up to 40 filters, up to 14x14 output positions).
std::vector<Job> wide_jobs(bool fuse, uint64_t seed, int count) {
  std::mt19937_64 rng(seed);
  RandomJobLimits lim;
  lim.max_hw = 14;
  lim.max_c = 24;
  lim.max_filters = 40;
  lim.max_linear = 40;
  return random_jobs(fuse, rng, count, lim);
}

TEST(Lockstep, PlainArray3x4EveryRegister) {
  ArrayConfig a;
  a.rows = 3;
  a.cols = 4;
  lockstep(a, seeded_jobs(false, 1, 25), true);
}

TEST(Lockstep, FuseArray4x4EveryRegister) {
  ArrayConfig a;
  a.rows = 4;
  a.cols = 4;
  a.fuse = true;
  lockstep(a, seeded_jobs(true, 2, 30), true);
}

// Input prefetch: the hp chain, the swap mux and the prefetch feeder in both engines (1-D layers
// and K×K depthwise by rows among the random jobs; the GEMMs run as without the option).
TEST(Lockstep, FuseArrayPrefetch4x5EveryRegister) {
  ArrayConfig a;
  a.rows = 4;
  a.cols = 5;
  a.fuse = true;
  a.input_prefetch = true;
  lockstep(a, seeded_jobs(true, 12, 30), true);
}

TEST(Lockstep, FuseArrayPrefetchGlobalSelect3x3EveryRegister) {
  ArrayConfig a;
  a.rows = 3;
  a.cols = 3;
  a.fuse = true;
  a.input_prefetch = true;
  set_drain_model(&a, DrainModel::kGlobalSelect);
  lockstep(a, seeded_jobs(true, 13, 25), true);
}

TEST(Lockstep, FuseArrayPrefetchSerial1x6EveryRegister) {
  ArrayConfig a;
  a.rows = 1;
  a.cols = 6;
  a.fuse = true;
  a.input_prefetch = true;
  set_drain_model(&a, DrainModel::kSerial);
  lockstep(a, seeded_jobs(true, 14, 25), true);
}

TEST(Lockstep, FuseArrayNoOverlap2x5EveryRegister) {
  ArrayConfig a;
  a.rows = 2;
  a.cols = 5;
  a.fuse = true;
  a.overlap_drain = false;
  lockstep(a, seeded_jobs(true, 3, 25), true);
}

TEST(Lockstep, PlainArray8x8EveryRegister) {
  ArrayConfig a;
  a.rows = 8;
  a.cols = 8;
  PinEngine pin(a);
  lockstep(pin, a, seeded_jobs(false, 4, 10), true);
  lockstep(pin, a, wide_jobs(false, 12, 15), true);
}

TEST(Lockstep, FuseArray16x16EveryRegister) {
  ArrayConfig a;
  a.rows = 16;
  a.cols = 16;
  a.fuse = true;
  lockstep(a, wide_jobs(true, 8, 30), true);
}

TEST(Lockstep, PlainArrayNoOverlap16x16EveryRegister) {
  ArrayConfig a;
  a.rows = 16;
  a.cols = 16;
  a.overlap_drain = false;
  lockstep(a, wide_jobs(false, 9, 16), true);
}

TEST(Lockstep, FuseArray1x6And6x1) {
  // Two tops in one process (both built before the first run).
  ArrayConfig row;
  row.rows = 1;
  row.cols = 6;
  row.fuse = true;
  ArrayConfig col = row;
  col.rows = 6;
  col.cols = 1;
  PinEngine pin_row(row);
  PinEngine pin_col(col);
  lockstep(pin_row, row, seeded_jobs(true, 5, 15), true);
  lockstep(pin_col, col, seeded_jobs(true, 10, 15), true);
  lockstep(pin_row, row, seeded_jobs(true, 11, 3), true);  // the first top runs again
}

// The global-select drain (issue 14): accumulators shifted down under one output select.
TEST(Lockstep, FuseArrayGlobalSelect3x5EveryRegister) {
  ArrayConfig a;
  a.rows = 3;
  a.cols = 5;
  a.fuse = true;
  set_drain_model(&a, DrainModel::kGlobalSelect);
  lockstep(a, seeded_jobs(true, 13, 30), true);
}

TEST(Lockstep, PlainArrayGlobalSelect8x8EveryRegister) {
  ArrayConfig a;
  a.rows = 8;
  a.cols = 8;
  set_drain_model(&a, DrainModel::kGlobalSelect);
  lockstep(a, wide_jobs(false, 14, 12), true);
}

TEST(Lockstep, FuseArrayGlobalSelect16x16EveryRegister) {
  ArrayConfig a;
  a.rows = 16;
  a.cols = 16;
  a.fuse = true;
  set_drain_model(&a, DrainModel::kGlobalSelect);
  lockstep(a, wide_jobs(true, 15, 16), true);
}

// K×K depthwise by rows (issue 11): K = 3 and 5, strides 1 and 2, batches, partial folds.
std::vector<Job> dw_rows_jobs() {
  std::vector<Job> jobs;
  for (int K : {3, 5})
    for (int s : {1, 2})
      for (int pad : {0, K / 2}) {
        Job j;
        j.l.op = OpKind::kDepthwise;
        j.l.in_h = 9;
        j.l.in_w = 10;
        j.l.in_c = j.l.out_c = 3;
        j.l.k_h = j.l.k_w = K;
        j.l.stride_h = j.l.stride_w = s;
        j.l.pad_h = j.l.pad_w = pad;
        j.l.batch = s;
        j.o.dw_mapping = DwMapping::kRows;
        jobs.push_back(j);
      }
  return jobs;
}

TEST(Lockstep, DepthwiseByRows5x7EveryRegister) {
  ArrayConfig a;
  a.rows = 5;
  a.cols = 7;
  a.fuse = true;
  lockstep(a, dw_rows_jobs(), true);
}

TEST(Lockstep, DepthwiseByRowsSerialAndGlobalSelect4x6EveryRegister) {
  ArrayConfig serial;
  serial.rows = 4;
  serial.cols = 6;
  serial.fuse = true;
  set_drain_model(&serial, DrainModel::kSerial);
  ArrayConfig gs = serial;
  set_drain_model(&gs, DrainModel::kGlobalSelect);
  PinEngine pin_serial(serial);
  PinEngine pin_gs(gs);
  lockstep(pin_serial, serial, dw_rows_jobs(), true);
  lockstep(pin_gs, gs, dw_rows_jobs(), true);
}

// IS fold spacing (issue 14): depthwise layers in IS, where a partial fold is followed by a
// wider one, on wide arrays in both drain models.
TEST(Lockstep, DepthwiseIs3x16EveryRegister) {
  ArrayConfig a;
  a.rows = 3;
  a.cols = 16;
  std::mt19937_64 rng(6);
  lockstep(a, random_depthwise_is_jobs(rng, 12), true);
}

TEST(Lockstep, DepthwiseIsSerial2x11EveryRegister) {
  ArrayConfig a;
  a.rows = 2;
  a.cols = 11;
  a.overlap_drain = false;
  std::mt19937_64 rng(7);
  lockstep(a, random_depthwise_is_jobs(rng, 12), true);
}

// ---- Accumulator overflow (issue 15): all operands −128, K = 140,000 (GEMM) or 131,080 taps
// (1-D). Both engines must produce the wrapped or saturated outputs and count the same
// overflows (every counter equal). One PinEngine per process, so one test per rule.

void overflow_lockstep(AccOverflow rule) {
  ArrayConfig a;
  a.rows = 2;
  a.cols = 6;
  a.fuse = true;
  a.acc_overflow = rule;
  PinEngine pin(a);
  FastEngine fast(a);
  const bool sat = rule == AccOverflow::kSaturate;
  std::vector<Job> jobs;
  for (Dataflow df : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs}) {
    Job j;
    j.l.op = OpKind::kGemm;
    j.l.in_h = 2;
    j.l.in_c = 140000;
    j.l.out_c = 6;
    j.o.dataflow = df;
    jobs.push_back(j);
  }
  Job conv1d;
  conv1d.l.op = OpKind::kFuseRow;
  conv1d.l.in_c = conv1d.l.out_c = 2;
  conv1d.l.k_w = 131080;
  conv1d.l.in_w = conv1d.l.k_w + 5;
  jobs.push_back(conv1d);
  for (const Job& j : jobs) {
    SCOPED_TRACE(std::string(to_string(j.l.op)) + " " + to_string(j.o.dataflow));
    LayerData d = make_layer_data(j.l, 1);
    std::fill(d.input.begin(), d.input.end(), int8_t(-128));
    std::fill(d.weights.begin(), d.weights.end(), int8_t(-128));
    Program pf = map_layer(j.l, d, a, j.o);
    Program pp = pf;
    const RunStats sf = fast.run(&pf);
    const RunStats sp = pin.run(&pp);
    EXPECT_EQ(sf.cycles, sp.cycles);
    for (int e = 0; e < kNumEvents; ++e)
      EXPECT_EQ(sf.events.n[e], sp.events.n[e]) << event_name(Event(e));
    EXPECT_GT(sp.events.get(Event::kAccOverflow), 0u);
    EXPECT_EQ(pf.out, pp.out);
    const int64_t exact = reduction_length(j.l) * 16384;
    const std::vector<int32_t> out = gather_output(j.l, a, j.o, pp);
    EXPECT_EQ(out, std::vector<int32_t>(out.size(), sat ? std::numeric_limits<int32_t>::max()
                                                        : int32_t(uint32_t(uint64_t(exact)))));
    EXPECT_FALSE(sp.conflict);
  }
}

TEST(Lockstep, WorstCaseOverflowWraps) { overflow_lockstep(AccOverflow::kWrap); }

TEST(Lockstep, WorstCaseOverflowSaturates) { overflow_lockstep(AccOverflow::kSaturate); }

}  // namespace
}  // namespace fusesim
