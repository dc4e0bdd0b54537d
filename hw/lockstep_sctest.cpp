// Lock-step equivalence of the two engines: identical outputs, cycles, events, and (on small
// arrays) every register of every PE after every edge. One elaboration per process, so each test
// builds one PinEngine and runs several programs through it.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>

#include "dataflows/layer_mapping.h"
#include "hw/fast_engine.h"
#include "hw/random_jobs.h"
#include "hw/sc_top.h"

namespace fusesim {
namespace {

using Job = RandomJob;

void lockstep(const ArrayConfig& a, const std::vector<Job>& jobs, bool every_register) {
  PinEngine pin(a);
  FastEngine fast(a);
  uint64_t seed = 1234;
  for (const Job& j : jobs) {
    SCOPED_TRACE(std::string(to_string(j.l.op)) + " " + to_string(j.o.dataflow) + " " +
                 std::to_string(j.l.in_h) + "x" + std::to_string(j.l.in_w) + "x" +
                 std::to_string(j.l.in_c) + " k" + std::to_string(j.l.k_h) + "x" +
                 std::to_string(j.l.k_w) + " s" + std::to_string(j.l.stride_h));
    const LayerData d = make_layer_data(j.l, ++seed);
    Program pf = map_layer(j.l, d, a, j.o);
    Program pp = pf;
    std::vector<std::vector<PeRegs>> trace_fast;
    FastEngine::Observer of = nullptr;
    PinEngine::Observer op = nullptr;
    int64_t mismatches = 0;
    if (every_register) {
      of = [&](int64_t e, const std::vector<PeRegs>& r) {
        ASSERT_EQ(size_t(e), trace_fast.size());
        trace_fast.push_back(r);
      };
    }
    const RunStats sf = fast.run(&pf, of);
    if (every_register) {
      op = [&](int64_t e, const std::vector<PeRegs>& r) {
        if (size_t(e) >= trace_fast.size() || !(trace_fast[e] == r)) ++mismatches;
      };
    }
    const RunStats sp = pin.run(&pp, op);
    EXPECT_EQ(sf.cycles, sp.cycles);
    EXPECT_EQ(sf.first_arrival_edge, sp.first_arrival_edge);
    EXPECT_EQ(sf.issue_edges, sp.issue_edges);
    for (int e = 0; e < kNumEvents; ++e)
      EXPECT_EQ(sf.events.n[e], sp.events.n[e]) << event_name(Event(e));
    EXPECT_EQ(pf.out, pp.out);
    EXPECT_EQ(gather_output(j.l, a, j.o, pp), golden_output(j.l, d, a, j.o));
    EXPECT_FALSE(sp.conflict);
    EXPECT_EQ(mismatches, 0);
  }
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

TEST(Lockstep, FuseArrayNoOverlap2x5EveryRegister) {
  ArrayConfig a;
  a.rows = 2;
  a.cols = 5;
  a.fuse = true;
  a.overlap_drain = false;
  lockstep(a, seeded_jobs(true, 3, 25), true);
}

TEST(Lockstep, PlainArray8x8) {
  ArrayConfig a;
  a.rows = 8;
  a.cols = 8;
  lockstep(a, seeded_jobs(false, 4, 15), false);
}

TEST(Lockstep, FuseArray1x6And6x1) {
  ArrayConfig a;
  a.rows = 1;
  a.cols = 6;
  a.fuse = true;
  lockstep(a, seeded_jobs(true, 5, 15), true);
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
