// Lock-step equivalence of the two engines: identical outputs, cycles, events, and (on small
// arrays) every register of every PE after every edge. One elaboration per process, so each test
// builds one PinEngine and runs several programs through it.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fusesim
