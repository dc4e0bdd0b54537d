#include "hw/fast_engine.h"

#include <gtest/gtest.h>

#include "dataflows/layer_mapping.h"

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
  l.in_h = 3; l.in_w = 3; l.in_c = 2; l.out_c = 3; l.k_h = 2; l.k_w = 2;
  for (Dataflow df : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs})
    for (bool ov : {true, false}) {
      ArrayConfig a; a.rows = 2; a.cols = 2; a.overlap_drain = ov;
      MappingOptions o; o.dataflow = df;
      const RunStats st = run_and_check(l, a, o);
      EXPECT_GT(st.cycles, 0);
      EXPECT_EQ(st.events.get(Event::kMac), uint64_t(l.macs())) << to_string(df);
    }
}

TEST(FastEngine, SmokeConv1d) {
  LayerSpec l;
  l.op = OpKind::kFuseRow;
  l.in_h = 3; l.in_w = 9; l.in_c = 3; l.out_c = 3; l.k_h = 1; l.k_w = 3; l.pad_w = 1;
  for (int s : {1, 2})
    for (bool ov : {true, false}) {
      l.stride_h = l.stride_w = s;
      ArrayConfig a; a.rows = 4; a.cols = 4; a.fuse = true; a.overlap_drain = ov;
      run_and_check(l, a, MappingOptions{});
      l.op = OpKind::kFuseCol; std::swap(l.in_h, l.in_w); std::swap(l.k_h, l.k_w);
      std::swap(l.pad_h, l.pad_w);
      run_and_check(l, a, MappingOptions{});
      l.op = OpKind::kFuseRow; std::swap(l.in_h, l.in_w); std::swap(l.k_h, l.k_w);
      std::swap(l.pad_h, l.pad_w);
    }
}

}  // namespace
}  // namespace fusesim
