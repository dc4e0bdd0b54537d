#include "hw/fast_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
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
    for (DrainModel dm : kDrainModels) {
      ArrayConfig a;
      a.rows = 2;
      a.cols = 2;
      set_drain_model(&a, dm);
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
    for (DrainModel dm : kDrainModels) {
      l.stride_h = l.stride_w = s;
      ArrayConfig a;
      a.rows = 4;
      a.cols = 4;
      a.fuse = true;
      set_drain_model(&a, dm);
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
               std::to_string(a.cols) + (a.fuse ? " fuse" : "") + " " + std::string(drain_name(a)));
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
      for (DrainModel dm : kDrainModels) {
        ArrayConfig a;
        a.rows = ad[0];
        a.cols = ad[1];
        a.fuse = fuse;
        set_drain_model(&a, dm);
        for (const Job& j : random_jobs(fuse, rng, 6)) expect_same_run(a, j, ++seed, true);
      }
}

// Input prefetch: the hp window and the swap copy against pe_step on every PE, on arrays narrow
// and wide (long runs wrap the windows), in every drain; one engine reused across jobs.
TEST(FastEngineEquivalence, PrefetchEveryRegister) {
  std::mt19937_64 rng(4242);
  const int arrays[][2] = {{1, 1}, {1, 5}, {3, 5}, {5, 2}, {8, 8}, {6, 13}};
  uint64_t seed = 700;
  for (auto& ad : arrays)
    for (DrainModel dm : kDrainModels) {
      ArrayConfig a;
      a.rows = ad[0];
      a.cols = ad[1];
      a.fuse = true;
      a.input_prefetch = true;
      set_drain_model(&a, dm);
      FastEngine fast(a);
      for (const Job& j : random_jobs(true, rng, 6)) expect_same_run(a, j, ++seed, true, &fast);
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
      for (DrainModel dm : kDrainModels) {
        ArrayConfig a;
        a.rows = ad[0];
        a.cols = ad[1];
        a.fuse = fuse;
        set_drain_model(&a, dm);
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
      set_drain_model(&a, kDrainModels[seed % 3]);
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

// ---- Accumulator overflow (issue 15): all operands −128 and K = 140,000, as in the issue.

constexpr int64_t kWorstK = 140000;
constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();

// A GEMM layer M×K·K×N (in_h = M, in_c = K, out_c = N) with every input a and every weight b,
// except that the weights of the products k >= switch_k are b2.
struct GemmCase {
  LayerSpec l;
  LayerData d;
};
GemmCase filled_gemm(int M, int K, int N, int8_t a, int8_t b, int switch_k = -1, int8_t b2 = 0) {
  GemmCase g;
  g.l.op = OpKind::kGemm;
  g.l.in_h = M;
  g.l.in_c = K;
  g.l.out_c = N;
  g.d = make_layer_data(g.l, 1);
  std::fill(g.d.input.begin(), g.d.input.end(), a);
  for (int n = 0; n < N; ++n)
    for (int k = 0; k < K; ++k)
      g.d.weights[size_t(n) * K + k] = switch_k >= 0 && k >= switch_k ? b2 : b;
  return g;
}

// Runs the optimised and the reference loop; every counter, output and cycle must agree.
// Returns the optimised run's statistics and the gathered output.
RunStats run_both(const LayerSpec& l, const LayerData& d, const ArrayConfig& a,
                  const MappingOptions& o, std::vector<int32_t>* out) {
  Program pr = map_layer(l, d, a, o);
  Program pf = pr;
  const RunStats sr = FastEngine(a).run_reference(&pr);
  const RunStats sf = FastEngine(a).run(&pf);
  EXPECT_EQ(sf.cycles, sr.cycles);
  EXPECT_FALSE(sf.conflict);
  EXPECT_FALSE(sr.conflict);
  for (int e = 0; e < kNumEvents; ++e)
    EXPECT_EQ(sf.events.n[e], sr.events.n[e]) << event_name(Event(e));
  EXPECT_EQ(pf.out, pr.out);
  *out = gather_output(l, a, o, pf);
  return sf;
}

TEST(AccumulatorOverflow, WorstCaseWrapsOrSaturatesInEveryDataflow) {
  const int M = 2;
  const int N = 6;  // six columns: the vectorised row kernels, not the few-column path
  const GemmCase g = filled_gemm(M, int(kWorstK), N, -128, -128);
  const int64_t exact = kWorstK * 16384;  // 2,293,760,000
  // 131,072 products reach 2^31: the sum overflows at that one; saturated, every further product
  // overflows again. WS/IS: the PEs add R = 2 products; the bottom buffer overflows at the
  // 65,536th fold's partial sum, and saturated at each of the remaining 4,464.
  const uint64_t outputs = uint64_t(M) * N;
  for (Dataflow df : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs})
    for (AccOverflow rule : {AccOverflow::kWrap, AccOverflow::kSaturate}) {
      SCOPED_TRACE(std::string(to_string(df)) + " " + to_string(rule));
      ArrayConfig a;
      a.rows = 2;
      a.cols = 6;
      a.acc_overflow = rule;
      MappingOptions o;
      o.dataflow = df;
      std::vector<int32_t> out;
      const RunStats st = run_both(g.l, g.d, a, o, &out);
      const bool sat = rule == AccOverflow::kSaturate;
      EXPECT_EQ(out, std::vector<int32_t>(outputs, sat ? kInt32Max : int32_t(-2001207296)));
      EXPECT_EQ(int32_t(uint32_t(uint64_t(exact))), -2001207296);
      const uint64_t per_output = df == Dataflow::kOs ? (sat ? 1 + kWorstK - 131072 : 1)
                                                      : (sat ? 1 + kWorstK / 2 - 65536 : 1);
      EXPECT_EQ(st.events.get(Event::kAccOverflow), outputs * per_output);
    }
}

TEST(AccumulatorOverflow, TransientOverflowCancelsWithWrapOnly) {
  // Products +2^14 for k < 131,072, then −16,256: the running sum passes 2^31 and comes back;
  // the exact sum, 2,002,350,080, fits. Wrap overflows twice (up and down) and ends exact;
  // saturate clips once and ends one below.
  const GemmCase g = filled_gemm(2, int(kWorstK), 5, -128, -128, 131072, 127);
  const int32_t exact = 2002350080;
  for (Dataflow df : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs})
    for (AccOverflow rule : {AccOverflow::kWrap, AccOverflow::kSaturate}) {
      SCOPED_TRACE(std::string(to_string(df)) + " " + to_string(rule));
      ArrayConfig a;
      a.rows = 2;
      a.cols = 5;
      a.acc_overflow = rule;
      MappingOptions o;
      o.dataflow = df;
      std::vector<int32_t> out;
      const RunStats st = run_both(g.l, g.d, a, o, &out);
      const bool sat = rule == AccOverflow::kSaturate;
      EXPECT_EQ(out, std::vector<int32_t>(10, sat ? exact - 1 : exact));
      EXPECT_EQ(st.events.get(Event::kAccOverflow), sat ? 10u : 20u);
    }
}

TEST(AccumulatorOverflow, BroadcastDataflowWorstCase) {
  // A 1×K FuSe layer with K = 131,080 taps: each output's accumulator passes 2^31 at the
  // 131,072nd tap (wrap: once; saturate: at each of the 9 last taps). Eight outputs per row use
  // the bus row kernel.
  LayerSpec l;
  l.op = OpKind::kFuseRow;
  l.in_h = 1;
  l.in_c = 2;
  l.out_c = 2;
  l.k_h = 1;
  l.k_w = 131080;
  l.in_w = l.k_w + 7;
  ASSERT_TRUE(l.validate().empty());
  LayerData d = make_layer_data(l, 1);
  std::fill(d.input.begin(), d.input.end(), int8_t(-128));
  std::fill(d.weights.begin(), d.weights.end(), int8_t(-128));
  const int64_t exact = int64_t(l.k_w) * 16384;
  for (AccOverflow rule : {AccOverflow::kWrap, AccOverflow::kSaturate}) {
    SCOPED_TRACE(to_string(rule));
    ArrayConfig a;
    a.rows = 2;
    a.cols = 8;
    a.fuse = true;
    a.acc_overflow = rule;
    std::vector<int32_t> out;
    const RunStats st = run_both(l, d, a, MappingOptions{}, &out);
    const bool sat = rule == AccOverflow::kSaturate;
    EXPECT_EQ(out, std::vector<int32_t>(16, sat ? kInt32Max : int32_t(uint32_t(uint64_t(exact)))));
    EXPECT_EQ(st.events.get(Event::kAccOverflow), 16u * (sat ? 9u : 1u));
  }
}

TEST(AccumulatorOverflow, DepthwiseByRowsAddsKernelRowByKernelRow) {
  // A 3×70,000 depthwise kernel by rows (3 passes): kernel row 0's products are +16,384, rows 1
  // and 2's −16,256. Kernel row by kernel row (each row last tap first) the running sum peaks at
  // 1.15·10^9 and ends at −1.13·10^9: exact even when saturating. Reversed as a whole (rows 2, 1,
  // 0, as a plain 1-D descending order would add them) it would pass −2^31 and clip.
  LayerSpec l;
  l.op = OpKind::kDepthwise;
  l.in_h = 3;
  l.in_w = 70000;
  l.in_c = l.out_c = 1;
  l.k_h = 3;
  l.k_w = 70000;
  ASSERT_TRUE(l.validate().empty());
  LayerData d = make_layer_data(l, 1);
  std::fill(d.input.begin(), d.input.end(), int8_t(-128));
  for (int kh = 0; kh < 3; ++kh)
    for (int kw = 0; kw < l.k_w; ++kw) d.weights[size_t(kh) * l.k_w + kw] = kh == 0 ? -128 : 127;
  const int64_t exact = int64_t(l.k_w) * (16384 - 2 * 16256);
  ArrayConfig a;
  a.rows = a.cols = 1;
  a.fuse = true;
  a.acc_overflow = AccOverflow::kSaturate;
  MappingOptions o;
  o.dw_mapping = DwMapping::kRows;
  std::vector<int32_t> out;
  const RunStats st = run_both(l, d, a, o, &out);
  EXPECT_EQ(out, std::vector<int32_t>{int32_t(exact)});
  EXPECT_EQ(st.events.get(Event::kAccOverflow), 0u);
  ReductionOrder rows;
  rows.descending = true;
  rows.block = l.k_w;
  EXPECT_EQ(reference_conv_saturating(l, d, rows, false), out);
  ReductionOrder reversed;
  reversed.descending = true;
  EXPECT_NE(reference_conv_saturating(l, d, reversed, false), out);
}

TEST(AccumulatorOverflow, NoneWithoutOverflowInEitherRule) {
  // K = 131,071 products of 2^14 reach INT32_MAX − 16,383: no overflow, exact in both rules.
  const GemmCase g = filled_gemm(2, 131071, 6, -128, -128);
  for (AccOverflow rule : {AccOverflow::kWrap, AccOverflow::kSaturate}) {
    ArrayConfig a;
    a.rows = 2;
    a.cols = 6;
    a.acc_overflow = rule;
    std::vector<int32_t> out;
    const RunStats st = run_both(g.l, g.d, a, MappingOptions{}, &out);
    EXPECT_EQ(out, std::vector<int32_t>(12, int32_t(131071 * 16384)));
    EXPECT_EQ(st.events.get(Event::kAccOverflow), 0u);
  }
}

}  // namespace
}  // namespace fusesim
