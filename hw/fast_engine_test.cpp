#include "hw/fast_engine.h"

#include <gtest/gtest.h>

#include <random>

#include "dataflows/layer_mapping.h"
#include "hw/random_jobs.h"

namespace fusesim {
namespace {

struct Case {
  LayerSpec l;
  ArrayConfig a;
  MappingOptions o;
};

RunStats run_and_check(const LayerSpec& l, const ArrayConfig& a, const MappingOptions& o,
                       uint64_t seed = 1) {
  const LayerData d = make_layer_data(l, seed);
  Program p = map_layer(l, d, a, o);
  FastEngine eng(a);
  RunStats st = eng.run(&p);
  EXPECT_FALSE(st.conflict);
  EXPECT_EQ(gather_output(l, a, o, p), golden_output(l, d, a, o));
  return st;
}

TEST(FastEngine, Smoke2x2AllDataflows) {
  LayerSpec l;
  l.in_h = 3;
  l.in_w = 3;
  l.in_c = 2;
  l.out_c = 3;
  l.k_h = 2;
  l.k_w = 2;
  for (Dataflow df : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs})
    for (bool ov : {true, false}) {
      ArrayConfig a;
      a.rows = 2;
      a.cols = 2;
      a.overlap_drain = ov;
      MappingOptions o;
      o.dataflow = df;
      const RunStats st = run_and_check(l, a, o);
      EXPECT_GT(st.cycles, 0);
      EXPECT_EQ(st.events.get(Event::kMac), uint64_t(l.macs())) << to_string(df);
    }
}

TEST(FastEngine, SmokeConv1d) {
  LayerSpec l;
  l.op = OpKind::kFuseRow;
  l.in_h = 3;
  l.in_w = 9;
  l.in_c = 3;
  l.out_c = 3;
  l.k_h = 1;
  l.k_w = 3;
  l.pad_w = 1;
  for (int s : {1, 2})
    for (bool ov : {true, false}) {
      l.stride_h = l.stride_w = s;
      ArrayConfig a;
      a.rows = 4;
      a.cols = 4;
      a.fuse = true;
      a.overlap_drain = ov;
      run_and_check(l, a, MappingOptions{});
      l.op = OpKind::kFuseCol;
      std::swap(l.in_h, l.in_w);
      std::swap(l.k_h, l.k_w);
      std::swap(l.pad_h, l.pad_w);
      run_and_check(l, a, MappingOptions{});
      l.op = OpKind::kFuseRow;
      std::swap(l.in_h, l.in_w);
      std::swap(l.k_h, l.k_w);
      std::swap(l.pad_h, l.pad_w);
    }
}

// ---- The optimised loop against the straightforward one (pe_step on every PE, every edge).

using Job = RandomJob;

void expect_same_run(const ArrayConfig& a, const Job& j, uint64_t seed, bool every_register,
                     FastEngine* reused = nullptr) {
  SCOPED_TRACE(std::string(to_string(j.l.op)) + " " + to_string(j.o.dataflow) + " " +
               std::to_string(j.l.in_h) + "x" + std::to_string(j.l.in_w) + "x" +
               std::to_string(j.l.in_c) + "->" + std::to_string(j.l.out_c) + " k" +
               std::to_string(j.l.k_h) + "x" + std::to_string(j.l.k_w) + " s" +
               std::to_string(j.l.stride_h) + " on " + std::to_string(a.rows) + "x" +
               std::to_string(a.cols) + (a.fuse ? " fuse" : "") +
               (a.overlap_drain ? "" : " no-overlap"));
  const LayerData d = make_layer_data(j.l, seed);
  Program pr = map_layer(j.l, d, a, j.o);
  Program pf = pr;
  FastEngine ref(a);
  FastEngine own(a);
  FastEngine& fast = reused ? *reused : own;
  std::vector<std::vector<PeRegs>> trace;
  FastEngine::Observer oref = nullptr;
  FastEngine::Observer ofast = nullptr;
  int64_t edges = 0;
  int64_t mismatches = 0;
  if (every_register) {
    oref = [&](int64_t e, const std::vector<PeRegs>& r) {
      ASSERT_EQ(size_t(e), trace.size());
      trace.push_back(r);
    };
    ofast = [&](int64_t e, const std::vector<PeRegs>& r) {
      ASSERT_EQ(e, edges);
      ++edges;
      if (size_t(e) >= trace.size() || !(trace[size_t(e)] == r)) {
        if (mismatches == 0 && size_t(e) < trace.size())
          for (size_t i = 0; i < r.size(); ++i)
            if (!(trace[size_t(e)][i] == r[i]))
              ADD_FAILURE() << "first mismatch: edge " << e << " PE(" << i / size_t(a.cols) << ","
                            << i % size_t(a.cols) << ")";
        ++mismatches;
      }
    };
  }
  const RunStats sr = ref.run_reference(&pr, oref);
  const RunStats sf = fast.run(&pf, ofast);
  EXPECT_EQ(sf.cycles, sr.cycles);
  EXPECT_EQ(sf.first_arrival_edge, sr.first_arrival_edge);
  EXPECT_EQ(sf.last_arrival_edge, sr.last_arrival_edge);
  EXPECT_EQ(sf.issue_edges, sr.issue_edges);
  EXPECT_EQ(sf.conflict, sr.conflict);
  for (int e = 0; e < kNumEvents; ++e)
    EXPECT_EQ(sf.events.n[e], sr.events.n[e]) << event_name(Event(e));
  EXPECT_EQ(pf.out, pr.out);
  EXPECT_EQ(gather_output(j.l, a, j.o, pf), golden_output(j.l, d, a, j.o));
  if (every_register) {
    EXPECT_EQ(size_t(edges), trace.size());
    EXPECT_EQ(mismatches, 0);
  }
}

TEST(FastEngineEquivalence, RandomLayersEveryRegister) {
  std::mt19937_64 rng(2024);
  const int arrays[][2] = {{1, 1}, {1, 4}, {4, 1}, {2, 2}, {2, 5},
                           {5, 3}, {3, 4}, {4, 4}, {6, 7}, {8, 8}};
  uint64_t seed = 0;
  for (auto& ad : arrays)
    for (bool fuse : {false, true})
      for (bool ov : {true, false}) {
        ArrayConfig a;
        a.rows = ad[0];
        a.cols = ad[1];
        a.fuse = fuse;
        a.overlap_drain = ov;
        for (const Job& j : random_jobs(fuse, rng, 6)) expect_same_run(a, j, ++seed, true);
      }
}

// Many columns drain at once (row-wise drain), in systolic and bus mode, with and without shadow
// registers; one engine runs every job of an array (state is reset between runs).
TEST(FastEngineEquivalence, WideDrainsEveryRegister) {
  std::mt19937_64 rng(99);
  uint64_t seed = 500;
  const int arrays[][2] = {{8, 12}, {12, 9}, {16, 16}};
  for (auto& ad : arrays)
    for (bool fuse : {false, true})
      for (bool ov : {true, false}) {
        ArrayConfig a;
        a.rows = ad[0];
        a.cols = ad[1];
        a.fuse = fuse;
        a.overlap_drain = ov;
        FastEngine fast(a);
        for (Job j : random_jobs(fuse, rng, 5)) {
          j.l.in_h += 4;
          j.l.in_w += 4;
          if (j.l.op == OpKind::kConv || j.l.op == OpKind::kLinear) j.l.out_c += 12;
          if (j.l.op == OpKind::kLinear) j.l.in_h = j.l.in_w = 1;
          if (!j.l.validate().empty()) continue;
          expect_same_run(a, j, ++seed, true, &fast);
        }
      }
}

TEST(FastEngineEquivalence, LargerArraysAndLayers) {
  std::mt19937_64 rng(77);
  uint64_t seed = 1000;
  const int arrays[][2] = {{16, 16}, {13, 21}, {32, 8}};
  for (auto& ad : arrays)
    for (bool fuse : {false, true}) {
      ArrayConfig a;
      a.rows = ad[0];
      a.cols = ad[1];
      a.fuse = fuse;
      a.overlap_drain = (seed & 1) == 0;
      for (Job j : random_jobs(fuse, rng, 4)) {
        j.l.in_h += 6;
        j.l.in_w += 6;
        j.l.in_c += 10;
        if (j.l.op != OpKind::kConv && j.l.op != OpKind::kLinear) j.l.out_c = j.l.in_c;
        if (j.l.op == OpKind::kLinear) j.l.in_h = j.l.in_w = 1;
        if (!j.l.validate().empty()) continue;
        ++seed;
        expect_same_run(a, j, seed, seed % 3 == 0);
      }
    }
}

}  // namespace
}  // namespace fusesim
