// Simulated cycles against the closed form, and bit-exact outputs, over many shapes and arrays.
#include <gtest/gtest.h>

#include <random>

#include "dataflows/closed_form.h"
#include "dataflows/layer_mapping.h"
#include "hw/fast_engine.h"
#include "hw/random_jobs.h"

namespace fusesim {
namespace {

LayerSpec conv(int h, int w, int c, int m, int k, int s, int p, int n = 1) {
  LayerSpec l;
  l.op = k == 1 ? OpKind::kPointwise : OpKind::kConv;
  l.in_h = h;
  l.in_w = w;
  l.in_c = c;
  l.out_c = m;
  l.k_h = l.k_w = k;
  l.stride_h = l.stride_w = s;
  l.pad_h = l.pad_w = p;
  l.batch = n;
  return l;
}

void check(const LayerSpec& l, const ArrayConfig& a, const MappingOptions& o, uint64_t seed) {
  SCOPED_TRACE(std::string(to_string(l.op)) + " " + std::to_string(l.in_h) + "x" +
               std::to_string(l.in_w) + "x" + std::to_string(l.in_c) + "->" +
               std::to_string(l.out_c) + " k" + std::to_string(l.k_h) + "x" +
               std::to_string(l.k_w) + " s" + std::to_string(l.stride_h) + " p" +
               std::to_string(l.pad_h) + " n" + std::to_string(l.batch) + " on " +
               std::to_string(a.rows) + "x" + std::to_string(a.cols) + " " + to_string(o.dataflow) +
               " " + drain_name(a) + (a.fuse ? " fuse" : ""));
  const LayerData d = make_layer_data(l, seed);
  Program p = map_layer(l, d, a, o);
  FastEngine eng(a);
  const RunStats st = eng.run(&p);
  const ClosedForm cf = closed_form(l, a, o);
  EXPECT_FALSE(st.conflict);
  EXPECT_EQ(st.cycles, cf.cycles);
  EXPECT_EQ(int64_t(p.folds.size()), cf.folds);
  EXPECT_EQ(st.first_arrival_edge, cf.first_output_edge);
  EXPECT_EQ(st.last_arrival_edge, cf.cycles - 1);
  EXPECT_EQ(gather_output(l, a, o, p), golden_output(l, d, a, o));
}

const int kArrays[][2] = {{1, 1}, {1, 5}, {5, 1}, {2, 2}, {3, 5}, {4, 4}, {8, 8}};

TEST(Timing, GemmDataflowsMatchClosedForm) {
  const LayerSpec layers[] = {
      conv(5, 5, 3, 7, 3, 1, 1),     // padding, partial folds
      conv(6, 7, 4, 5, 3, 2, 0),     // stride 2
      conv(4, 4, 6, 9, 1, 1, 0, 2),  // K = 1, batch 2
      conv(3, 3, 1, 1, 1, 1, 0),     // a single MAC per output
  };
  uint64_t seed = 10;
  for (auto& ad : kArrays)
    for (const auto& l : layers)
      for (Dataflow df : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs})
        for (DrainModel dm : kDrainModels) {
          ArrayConfig a;
          a.rows = ad[0];
          a.cols = ad[1];
          set_drain_model(&a, dm);
          MappingOptions o;
          o.dataflow = df;
          check(l, a, o, ++seed);
        }
}

TEST(Timing, DepthwiseConventionsMatchClosedForm) {
  LayerSpec l = conv(6, 6, 5, 5, 3, 2, 1);
  l.op = OpKind::kDepthwise;
  uint64_t seed = 100;
  for (auto& ad : kArrays)
    for (DwConvention dw : {DwConvention::kPerChannel, DwConvention::kScalesimSplit,
                            DwConvention::kScalesimCollapsed})
      for (Dataflow df : {Dataflow::kOs, Dataflow::kWs})
        for (bool fuse : {false, true}) {
          ArrayConfig a;
          a.rows = ad[0];
          a.cols = ad[1];
          a.fuse = fuse;
          MappingOptions o;
          o.dataflow = df;
          o.dw = dw;
          check(l, a, o, ++seed);
        }
}

TEST(Timing, Conv1dMatchesClosedForm) {
  uint64_t seed = 200;
  for (auto& ad : kArrays)
    for (int K : {1, 3, 5, 7})
      for (int s : {1, 2})
        for (bool row : {true, false})
          for (DrainModel dm : kDrainModels) {
            LayerSpec l;
            l.op = row ? OpKind::kFuseRow : OpKind::kFuseCol;
            l.in_h = row ? 5 : 11;
            l.in_w = row ? 11 : 5;
            l.in_c = 3;
            l.out_c = 3;
            l.k_h = row ? 1 : K;
            l.k_w = row ? K : 1;
            l.pad_h = row ? 0 : K / 2;
            l.pad_w = row ? K / 2 : 0;
            l.stride_h = l.stride_w = s;
            l.batch = s == 2 ? 2 : 1;
            ArrayConfig a;
            a.rows = ad[0];
            a.cols = ad[1];
            a.fuse = true;
            set_drain_model(&a, dm);
            check(l, a, MappingOptions{}, ++seed);
          }
}

TEST(Timing, DepthwiseByRowsMatchesClosedForm) {
  // K×K depthwise as Kh accumulated row convolutions on the FuSe array (--dw-mapping rows):
  // bit-exact and equal to the closed form for K = 1 … 7, strides 1 to 3, asymmetric padding,
  // non-square kernels, batches, every drain.
  uint64_t seed = 900;
  MappingOptions o;
  o.dw_mapping = DwMapping::kRows;
  for (auto& ad : kArrays)
    for (int K : {1, 3, 5, 7})
      for (int s : {1, 2, 3})
        for (DrainModel dm : kDrainModels) {
          LayerSpec l;
          l.op = OpKind::kDepthwise;
          l.in_h = 9;
          l.in_w = 12;
          l.in_c = l.out_c = 3;
          l.k_h = K;
          l.k_w = K == 7 ? 3 : K;  // one Kh ≠ Kw case
          l.pad_h = l.pad_w = K / 2;
          l.pad_bottom = K / 2 + (s > 1 ? 1 : 0);
          l.stride_h = l.stride_w = s;
          l.batch = s == 2 ? 2 : 1;
          ArrayConfig a;
          a.rows = ad[0];
          a.cols = ad[1];
          a.fuse = true;
          set_drain_model(&a, dm);
          ASSERT_EQ(mapping_kind(l, a, o), MappingKind::kConv1dRows);
          check(l, a, o, ++seed);
        }
}

TEST(Timing, DepthwiseByRowsHandSchedule) {
  // One row of 4 PEs, a 2×2 kernel on a 2×5 input, stride 1: one fold, P = 4 positions,
  // K = 2 taps, 2 passes. Each pass feeds P + K − 1 = 5 edges (edges 0–4 and 5–9), the taps on
  // the last K of each (3–4, 8–9); every PE captures at edge 10, then R = 1 drain shift: the
  // outputs arrive at edge 11, 12 cycles.
  const DwRowsCase c = dw_rows_case(2, 5, 2, 4, 5);
  const LayerSpec& l = c.l;
  const LayerData& d = c.d;
  const ArrayConfig& a = c.a;
  const MappingOptions& o = c.o;
  Program p = map_layer(l, d, a, o);
  ASSERT_EQ(p.passes, 2);
  const RunStats st = FastEngine(a).run(&p);
  EXPECT_EQ(st.cycles, 12);
  EXPECT_EQ(st.first_arrival_edge, 11);
  EXPECT_EQ(st.events.get(Event::kMac), 16u);            // 4 outputs × 4 products
  EXPECT_EQ(st.events.get(Event::kBusDrive), 4u);        // 2 taps × 2 passes
  EXPECT_EQ(st.events.get(Event::kLeftRead), 10u + 4u);  // 2 × 5 inputs, 4 taps
  EXPECT_EQ(gather_output(l, a, o, p), reference_conv(l, d));
}

TEST(Timing, DepthwiseByRowsDocExample) {
  // docs/timing.md §5c: a 3×3 kernel [1..9] over input rows 1..6, 11..16, 21..26 on one row of
  // 4 PEs. Three passes of P + K − 1 = 6 edges; PE(0, 0)'s accumulator holds pass 0's sum
  // 3·3 + 2·2 + 1·1 = 14 after edge 6 and 14 + 6·13 + 5·12 + 4·11 = 196 after edge 12; all
  // four capture on edge 18 and arrive on edge 19.
  const DwRowsCase c = dw_rows_doc_example();
  const LayerSpec& l = c.l;
  const LayerData& d = c.d;
  const ArrayConfig& a = c.a;
  const MappingOptions& o = c.o;
  Program p = map_layer(l, d, a, o);
  std::vector<int32_t> acc00;
  FastEngine eng(a);
  const RunStats st =
      eng.run(&p, [&](int64_t, const std::vector<PeRegs>& regs) { acc00.push_back(regs[0].acc); });
  EXPECT_EQ(st.cycles, 20);
  EXPECT_EQ(st.first_arrival_edge, 19);
  ASSERT_EQ(acc00.size(), 20u);
  EXPECT_EQ(acc00[6], 14);
  EXPECT_EQ(acc00[12], 196);
  EXPECT_EQ(gather_output(l, a, o, p), (std::vector<int32_t>{726, 771, 816, 861}));
}

TEST(Timing, DepthwiseByRowsIsRefusedOnThePlainArray) {
  LayerSpec l = conv(6, 6, 3, 3, 3, 1, 1);
  l.op = OpKind::kDepthwise;
  ArrayConfig a;
  a.rows = a.cols = 4;
  MappingOptions o;
  o.dw_mapping = DwMapping::kRows;
  EXPECT_THROW(mapping_kind(l, a, o), std::invalid_argument);
  a.fuse = true;
  EXPECT_EQ(mapping_kind(l, a, o), MappingKind::kConv1dRows);
  // Only K×K depthwise layers change mapping; the rest map as before.
  EXPECT_EQ(mapping_kind(conv(6, 6, 3, 5, 3, 1, 1), a, o), MappingKind::kDenseGemm);
}

}  // namespace
}  // namespace fusesim

namespace fusesim {
namespace {

TEST(Timing, RandomLayersMatchClosedFormInEveryDrain) {
  // Random layers of every kind (dense, depthwise in all three conventions, linear, FuSe 1-D) in
  // a random dataflow on random arrays up to 16x16, under each of the three drain models.
  std::mt19937_64 rng(2014);
  uint64_t seed = 300;
  for (int trial = 0; trial < 40; ++trial) {
    ArrayConfig a;
    a.rows = std::uniform_int_distribution<int>(1, 16)(rng);
    a.cols = std::uniform_int_distribution<int>(1, 16)(rng);
    a.fuse = trial % 2 == 1;
    for (DrainModel dm : kDrainModels) {
      set_drain_model(&a, dm);
      for (const RandomJob& j : random_jobs(a.fuse, rng, 2)) check(j.l, a, j.o, ++seed);
    }
  }
}

TEST(Timing, FuseArrayRunsGemmsLikeThePlainArray) {
  // The extended array runs everything the plain one runs, with identical cycles and events.
  LayerSpec l = conv(6, 6, 3, 5, 3, 1, 1);
  for (Dataflow df : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs}) {
    ArrayConfig plain;
    plain.rows = 4;
    plain.cols = 3;
    ArrayConfig fuse = plain;
    fuse.fuse = true;
    MappingOptions o;
    o.dataflow = df;
    const LayerData d = make_layer_data(l, 3);
    Program p1 = map_layer(l, d, plain, o);
    Program p2 = map_layer(l, d, fuse, o);
    const RunStats a = FastEngine(plain).run(&p1);
    const RunStats b = FastEngine(fuse).run(&p2);
    EXPECT_EQ(a.cycles, b.cycles);
    EXPECT_EQ(a.events, b.events);
    EXPECT_EQ(p1.out, p2.out);
  }
}

}  // namespace
}  // namespace fusesim
