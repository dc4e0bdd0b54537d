// Lock-step equivalence of the two engines: identical outputs, cycles, events, and (on small
// arrays) every register of every PE after every edge. One elaboration per process, so each test
// builds one PinEngine and runs several programs through it.
#include <gtest/gtest.h>

#include <random>

#include "dataflows/layer_mapping.h"
#include "hw/fast_engine.h"
#include "hw/sc_top.h"

namespace fusesim {
namespace {

struct Job {
  LayerSpec l;
  MappingOptions o;
};

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

std::vector<Job> random_jobs(bool fuse, uint64_t seed, int count) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<Job> jobs;
  for (int i = 0; i < count; ++i) {
    Job j;
    const int kind = pick(0, fuse ? 4 : 2);
    j.l.in_h = pick(2, 7);
    j.l.in_w = pick(2, 7);
    j.l.in_c = pick(1, 5);
    j.l.batch = pick(1, 2);
    j.l.stride_h = j.l.stride_w = pick(1, 2);
    j.o.dataflow = Dataflow(pick(0, 2));
    if (kind == 0) {  // dense conv
      j.l.op = OpKind::kConv;
      j.l.out_c = pick(1, 6);
      j.l.k_h = j.l.k_w = pick(1, 3);
      j.l.pad_h = j.l.pad_w = pick(0, 1);
    } else if (kind == 1) {  // depthwise
      j.l.op = OpKind::kDepthwise;
      j.l.out_c = j.l.in_c;
      j.l.k_h = j.l.k_w = pick(1, 3);
      j.l.pad_h = j.l.pad_w = pick(0, 1);
      j.o.dw = DwConvention(pick(0, 2));
    } else if (kind == 2) {  // linear
      j.l.op = OpKind::kLinear;
      j.l.in_h = j.l.in_w = 1;
      j.l.stride_h = j.l.stride_w = 1;
      j.l.out_c = pick(1, 9);
    } else {  // FuSe 1-D
      const bool row = kind == 3;
      j.l.op = row ? OpKind::kFuseRow : OpKind::kFuseCol;
      j.l.out_c = j.l.in_c;
      const int K = pick(1, 3) * 2 - 1;
      j.l.in_h = std::max(j.l.in_h, K);
      j.l.in_w = std::max(j.l.in_w, K);
      j.l.k_h = row ? 1 : K;
      j.l.k_w = row ? K : 1;
      (row ? j.l.pad_w : j.l.pad_h) = K / 2;
    }
    if (!j.l.validate().empty()) {
      --i;
      continue;
    }
    jobs.push_back(j);
  }
  return jobs;
}

TEST(Lockstep, PlainArray3x4EveryRegister) {
  ArrayConfig a;
  a.rows = 3;
  a.cols = 4;
  lockstep(a, random_jobs(false, 1, 25), true);
}

TEST(Lockstep, FuseArray4x4EveryRegister) {
  ArrayConfig a;
  a.rows = 4;
  a.cols = 4;
  a.fuse = true;
  lockstep(a, random_jobs(true, 2, 30), true);
}

TEST(Lockstep, FuseArrayNoOverlap2x5EveryRegister) {
  ArrayConfig a;
  a.rows = 2;
  a.cols = 5;
  a.fuse = true;
  a.overlap_drain = false;
  lockstep(a, random_jobs(true, 3, 25), true);
}

TEST(Lockstep, PlainArray8x8) {
  ArrayConfig a;
  a.rows = 8;
  a.cols = 8;
  lockstep(a, random_jobs(false, 4, 15), false);
}

TEST(Lockstep, FuseArray1x6And6x1) {
  ArrayConfig a;
  a.rows = 1;
  a.cols = 6;
  a.fuse = true;
  lockstep(a, random_jobs(true, 5, 15), true);
}

}  // namespace
}  // namespace fusesim
