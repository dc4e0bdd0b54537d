// Input prefetch (ArrayConfig::input_prefetch, docs/timing.md §5d): simulated cycles against the
// closed form and bit-exact outputs on 1-D layers (1×K, K×1, K×K depthwise by rows), and a
// hand-derived schedule edge by edge.
#include <gtest/gtest.h>

#include <random>

#include "dataflows/closed_form.h"
#include "dataflows/difference_terms.h"
#include "dataflows/layer_mapping.h"
#include "hw/array_controller.h"
#include "hw/fast_engine.h"

namespace fusesim {
namespace {

void check(const LayerSpec& l, const ArrayConfig& a, const MappingOptions& o, uint64_t seed) {
  SCOPED_TRACE(std::string(to_string(l.op)) + " " + std::to_string(l.in_h) + "x" +
               std::to_string(l.in_w) + "x" + std::to_string(l.in_c) + " k" +
               std::to_string(l.k_h) + "x" + std::to_string(l.k_w) + " s" +
               std::to_string(l.stride_h) + " p" + std::to_string(l.pad_h) + " n" +
               std::to_string(l.batch) + " on " + std::to_string(a.rows) + "x" +
               std::to_string(a.cols) + " " + drain_name(a));
  const LayerData d = make_layer_data(l, seed);
  Program p = map_layer(l, d, a, o);
  ASSERT_TRUE(p.input_prefetch);
  const RunStats st = FastEngine(a).run(&p);
  const ClosedForm cf = closed_form(l, a, o);
  EXPECT_FALSE(st.conflict);
  EXPECT_EQ(st.cycles, cf.cycles);
  EXPECT_EQ(st.first_arrival_edge, cf.first_output_edge);
  EXPECT_EQ(st.last_arrival_edge, cf.cycles - 1);
  EXPECT_EQ(gather_output(l, a, o, p), golden_output(l, d, a, o));
  // The prefetch feeder loads P of the P + K − 1 inputs of every pass, the left feeder the rest.
  EXPECT_GT(st.events.get(Event::kPrefetchRead), 0u);
  EXPECT_GT(st.events.get(Event::kPrefetchSwapWrite), 0u);
  // Without the option the same layer takes the 1-D schedule's cycles; the difference is the
  // `prefetch` difference term.
  ArrayConfig plain = a;
  plain.input_prefetch = false;
  Program q = map_layer(l, d, plain, o);
  const RunStats sq = FastEngine(plain).run(&q);
  EXPECT_EQ(q.out, p.out);
  EXPECT_EQ(sq.events.get(Event::kLeftRead),
            st.events.get(Event::kLeftRead) + st.events.get(Event::kPrefetchRead));
  EXPECT_EQ(difference_terms(l, a, o, 0, 0).prefetch, st.cycles - sq.cycles);
}

const int kArrays[][2] = {{1, 1}, {1, 5}, {5, 1}, {3, 5}, {4, 4}, {8, 8}};

ArrayConfig fuse_array(int r, int c, DrainModel dm) {
  ArrayConfig a;
  a.rows = r;
  a.cols = c;
  a.fuse = true;
  a.input_prefetch = true;
  set_drain_model(&a, dm);
  return a;
}

TEST(Prefetch, Conv1dMatchesClosedForm) {
  uint64_t seed = 1200;
  for (auto& ad : kArrays)
    for (int K = 1; K <= 7; ++K)
      for (int s : {1, 2, 3})
        for (bool row : {true, false})
          for (DrainModel dm : kDrainModels) {
            if ((K + s) % 2 == 1 && ad[0] * ad[1] > 4 && K != 7) continue;  // fewer, all kinds
            LayerSpec l;
            l.op = row ? OpKind::kFuseRow : OpKind::kFuseCol;
            l.in_h = row ? 4 : 13;
            l.in_w = row ? 13 : 4;
            l.in_c = l.out_c = 2;
            l.k_h = row ? 1 : K;
            l.k_w = row ? K : 1;
            (row ? l.pad_w : l.pad_h) = K / 2;
            l.stride_h = l.stride_w = s;
            l.batch = s == 2 ? 2 : 1;
            check(l, fuse_array(ad[0], ad[1], dm), MappingOptions{}, ++seed);
          }
}

TEST(Prefetch, DepthwiseByRowsMatchesClosedForm) {
  uint64_t seed = 1900;
  MappingOptions o;
  o.dw_mapping = DwMapping::kRows;
  for (auto& ad : kArrays)
    for (int K = 1; K <= 7; ++K)
      for (int s : {1, 2, 3})
        for (DrainModel dm : kDrainModels) {
          if ((K + s) % 2 == 1 && K != 7) continue;
          LayerSpec l;
          l.op = OpKind::kDepthwise;
          l.in_h = 9;
          l.in_w = 12;
          l.in_c = l.out_c = 2;
          l.k_h = K;
          l.k_w = K == 6 ? 2 : K;  // one Kh ≠ Kw case
          l.pad_h = l.pad_w = K / 2;
          l.stride_h = l.stride_w = s;
          l.batch = s == 2 ? 2 : 1;
          check(l, fuse_array(ad[0], ad[1], dm), o, ++seed);
        }
}

TEST(Prefetch, RandomLayersMatchClosedForm) {
  std::mt19937_64 rng(77);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  uint64_t seed = 2500;
  int checked = 0;
  for (int trial = 0; trial < 60; ++trial) {
    LayerSpec l;
    const int kind = pick(0, 2);
    const int K = pick(1, 7);
    l.in_h = pick(K, 14);
    l.in_w = pick(K, 14);
    l.in_c = l.out_c = pick(1, 3);
    l.stride_h = l.stride_w = pick(1, 3);
    l.batch = pick(1, 2);
    MappingOptions o;
    if (kind == 2) {
      l.op = OpKind::kDepthwise;
      l.k_h = K;
      l.k_w = pick(1, K);
      l.pad_h = pick(0, K / 2);
      l.pad_w = pick(0, l.k_w / 2);
      o.dw_mapping = DwMapping::kRows;
    } else {
      l.op = kind == 0 ? OpKind::kFuseRow : OpKind::kFuseCol;
      l.k_h = kind == 0 ? 1 : K;
      l.k_w = kind == 0 ? K : 1;
      (kind == 0 ? l.pad_w : l.pad_h) = pick(0, K / 2);
    }
    if (!l.validate().empty()) continue;
    check(l, fuse_array(pick(1, 9), pick(1, 9), kDrainModels[pick(0, 2)]), o, ++seed);
    ++checked;
  }
  EXPECT_GE(checked, 40);
}

TEST(Prefetch, HandScheduleTwoPassesOnOneRowOfFour) {
  // A 2×2 depthwise kernel on a 2×5 input by rows on a 1×4 array: one fold, P = 4 positions,
  // K = 2 taps, 2 passes, T = max(P, K) = 4, swaps after D_0 = 3 and D_1 = 7 edges.
  // Visible during edge (the boundary registers the PEs see):
  //   prefetch feeder: x0[4] x0[3] x0[2] x0[1] at edges 1–4, x1[4] … x1[1] at edges 5–8;
  //   swap at edges 4 and 8 (PE j multiplies hp_in = x_n[j + 1] and keeps it in h);
  //   left feeder: x0[0] at edge 5, x1[0] at edge 9 (the window slides one element per tap);
  //   bus: w0[1] (first) at 4, w0[0] at 5, w1[1] at 8, w1[0] (last) at 9.
  // Capture at edge 9 = L_pf = P + (p − 1)·T + K − 1; one drain shift: arrival at edge 10,
  // 11 cycles (without prefetch: 12, docs/timing.md §5).
  LayerSpec l;
  l.op = OpKind::kDepthwise;
  l.in_h = 2;
  l.in_w = 5;
  l.in_c = l.out_c = 1;
  l.k_h = l.k_w = 2;
  const ArrayConfig a = fuse_array(1, 4, DrainModel::kOverlap);
  MappingOptions o;
  o.dw_mapping = DwMapping::kRows;
  const LayerData d = make_layer_data(l, 5);
  Program p = map_layer(l, d, a, o);
  ASSERT_EQ(p.passes, 2);
  ASSERT_EQ(p.conv1d_feed_edges(4), 9);
  ArrayController ctrl(a, &p);
  std::vector<PeRegs> cur(4), nxt(4);
  EventCounters ev;
  bool conflict = false;
  auto x = [&](int pass, int pos) { return p.x_at(0, pos, pass); };
  auto w = [&](int pass, int k) { return p.w_at(0, k, pass); };
  int64_t capture_edge = -1;
  while (!ctrl.done()) {
    const int64_t e = ctrl.edge();
    ASSERT_LT(e, 20);
    const Boundary& b = ctrl.boundary();
    // Prefetch feeder.
    const int64_t pf_pass = (e - 1) / 4;
    const bool pf = e >= 1 && e <= 8;
    EXPECT_EQ(b.prefetch[0].valid(), pf) << "edge " << e;
    if (pf) {
      EXPECT_EQ(b.prefetch[0].val, x(int(pf_pass), int(4 - (e - 1) % 4))) << "edge " << e;
    }
    EXPECT_EQ(b.swap, e == 4 || e == 8) << "edge " << e;
    EXPECT_EQ(b.left[0].valid(), e == 5 || e == 9) << "edge " << e;
    if (e == 5 || e == 9) {
      EXPECT_EQ(b.left[0].val, x(e == 5 ? 0 : 1, 0));
    }
    const bool tap = e == 4 || e == 5 || e == 8 || e == 9;
    EXPECT_EQ(b.bus[0].valid(), tap) << "edge " << e;
    if (tap) {
      const int pass = e < 8 ? 0 : 1;
      const int k = (e == 4 || e == 8) ? 1 : 0;
      EXPECT_EQ(b.bus[0].val, w(pass, k)) << "edge " << e;
      EXPECT_EQ(b.bus[0].first(), e == 4);
      EXPECT_EQ(b.bus[0].last(), e == 9);
    }
    for (int c = 0; c < 4; ++c) {
      PeInputs in;
      in.h_in = c == 0 ? b.left[0] : cur[size_t(c - 1)].h;
      in.hp_in = c == 0 ? b.prefetch[0] : cur[size_t(c - 1)].hp;
      in.swap = b.swap;
      in.bus = b.bus[0];
      in.data_en = b.data_en[0];
      in.col_en = b.col_en[size_t(c)];
      in.drain_idx = b.drain_idx[size_t(c)];
      pe_step(PeStatic{0, c, true, true, false}, PeMode::kOutputStationary, cur[size_t(c)], in,
              &nxt[size_t(c)], &ev, &conflict);
    }
    std::vector<Word32> bottom(4);
    for (int c = 0; c < 4; ++c) bottom[size_t(c)] = cur[size_t(c)].out;
    ctrl.clock_edge(bottom.data(), &ev);
    cur.swap(nxt);
    if (e == 4 || e == 8) {  // after a swap edge h holds the new window: PE j has x_n[j + 1]
      for (int c = 0; c < 4; ++c) {
        EXPECT_EQ(cur[size_t(c)].h.val, x(e == 4 ? 0 : 1, c + 1));
      }
    }
    if (capture_edge < 0 && cur[0].out.valid) capture_edge = e;
  }
  EXPECT_FALSE(conflict);
  EXPECT_EQ(capture_edge, 9);
  EXPECT_EQ(ctrl.first_arrival_edge(), 10);
  EXPECT_EQ(ctrl.cycles(), 11);
  EXPECT_EQ(ev.get(Event::kPrefetchRead), 8u);
  EXPECT_EQ(ev.get(Event::kPrefetchSwapWrite), 8u);  // 2 swaps × 4 PEs
  EXPECT_EQ(gather_output(l, a, o, p), reference_conv(l, d));
}

TEST(Prefetch, RefusedWithoutTheFuseArray) {
  ArrayConfig a;
  a.input_prefetch = true;
  EXPECT_FALSE(a.validate().empty());
  a.fuse = true;
  EXPECT_TRUE(a.validate().empty());
}

TEST(Prefetch, GemmDataflowsIgnoreIt) {
  // The option drives only the 1-D dataflow: a dense layer runs exactly as without it.
  LayerSpec l;
  l.op = OpKind::kConv;
  l.in_h = l.in_w = 5;
  l.in_c = 3;
  l.out_c = 4;
  l.k_h = l.k_w = 3;
  l.pad_h = l.pad_w = 1;
  for (Dataflow df : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs}) {
    ArrayConfig a = fuse_array(3, 4, DrainModel::kOverlap);
    ArrayConfig b = a;
    b.input_prefetch = false;
    MappingOptions o;
    o.dataflow = df;
    const LayerData d = make_layer_data(l, 9);
    Program p1 = map_layer(l, d, a, o);
    Program p2 = map_layer(l, d, b, o);
    const RunStats s1 = FastEngine(a).run(&p1);
    const RunStats s2 = FastEngine(b).run(&p2);
    EXPECT_EQ(s1.cycles, s2.cycles);
    EXPECT_EQ(s1.events, s2.events);
    EXPECT_EQ(p1.out, p2.out);
  }
}

}  // namespace
}  // namespace fusesim
