// Fold traffic on small layers, against tiles derived by hand.
#include "dataflows/fold_traffic.h"

#include <gtest/gtest.h>

#include "workloads/layer_data.h"

namespace fusesim {
namespace {

std::vector<FoldTraffic> traffic_of(const LayerSpec& l, const ArrayConfig& a,
                                    const MappingOptions& o, Program* keep = nullptr) {
  const LayerData d = make_layer_data(l, 1);
  Program p = map_layer(l, d, a, o);
  auto t = fold_traffic(l, mapping_kind(l, a, o), p, 1);
  if (keep) *keep = p;
  return t;
}

// 4×4×2 input, 3×3 kernel, pad 1, 4 filters on a 4×4 OS array: one fold per output row e. The
// band of input rows of output row e is [e − 1, e + 1] clipped to [0, 3], all 4 columns and both
// channels (NHWC): 16, 24, 24, 16 bytes from input rows 0, 0, 1, 2.
TEST(FoldTraffic, OsConvReadsTheInputRowBandOfEachFold) {
  LayerSpec l;
  l.in_h = l.in_w = 4;
  l.in_c = 2;
  l.out_c = 4;
  l.k_h = l.k_w = 3;
  l.pad_h = l.pad_w = 1;
  ArrayConfig a;
  a.rows = a.cols = 4;
  const auto t = traffic_of(l, a, MappingOptions{});
  ASSERT_EQ(t.size(), 4u);
  const int64_t bytes[4] = {16, 24, 24, 16};
  const uint64_t addr[4] = {0, 0, 8, 16};
  for (int f = 0; f < 4; ++f) {
    EXPECT_EQ(t[f].ifmap.bytes, bytes[f]) << f;
    EXPECT_EQ(t[f].ifmap.addr, kIfmapBase + addr[f]) << f;
    EXPECT_EQ(t[f].filter.bytes, 4 * 18) << f;  // 4 filters × K = 3·3·2
    EXPECT_EQ(t[f].filter.addr, kFilterBase);
    EXPECT_EQ(t[f].ofmap.bytes, 16);  // 4 pixels × 4 filters × 1 byte
    EXPECT_EQ(t[f].ofmap.addr, kOfmapBase + uint64_t(16 * f));
  }
  EXPECT_TRUE(t[0].filter == t[3].filter);  // one filter tile for the whole column pass
}

// Per-channel depthwise: each channel's GEMM reads that channel's plane.
TEST(FoldTraffic, PerChannelDepthwiseReadsOneChannelPlane) {
  LayerSpec l;
  l.op = OpKind::kDepthwise;
  l.in_h = l.in_w = 4;
  l.in_c = l.out_c = 2;
  l.k_h = l.k_w = 3;
  l.pad_h = l.pad_w = 1;
  ArrayConfig a;
  a.rows = a.cols = 8;
  const auto t = traffic_of(l, a, MappingOptions{});
  ASSERT_EQ(t.size(), 4u);  // 2 channels × 2 row folds of 8 pixels
  // Fold (channel 1, pixels 8..15 = output rows 2, 3): input rows 1..3 of plane 1.
  EXPECT_EQ(t[3].ifmap.bytes, 3 * 4);
  EXPECT_EQ(t[3].ifmap.addr, kIfmapBase + uint64_t((1 * 4 + 1) * 4));
  EXPECT_EQ(t[3].filter.bytes, 9);
  EXPECT_EQ(t[3].filter.addr, kFilterBase + 9);
}

// FuSe 1×3 on a 2×4 FuSe array: 2 convolutions of 8 padded inputs, 6 outputs each, in folds of
// 4 and 2 positions; each fold reads positions [j0, j0 + cols + 2) of both rows.
TEST(FoldTraffic, Conv1dFoldsReadTheirWindowAndShareTheTaps) {
  LayerSpec l;
  l.op = OpKind::kFuseRow;
  l.in_h = 1;
  l.in_w = 6;
  l.in_c = l.out_c = 2;
  l.k_h = 1;
  l.k_w = 3;
  l.pad_w = 1;
  ArrayConfig a;
  a.rows = 2;
  a.cols = 4;
  a.fuse = true;
  const auto t = traffic_of(l, a, MappingOptions{});
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].ifmap.bytes, 2 * 6);
  EXPECT_EQ(t[1].ifmap.bytes, 2 * 4);
  EXPECT_EQ(t[1].ifmap.addr, kIfmapBase + 4);
  EXPECT_TRUE(t[0].filter == t[1].filter);
  EXPECT_EQ(t[0].filter.bytes, 6);
  EXPECT_EQ(t[0].ofmap.bytes, 8);
  EXPECT_EQ(t[1].ofmap.bytes, 4);
}

// WS: stationary filter slices; outputs are final after the last reduction slice only.
TEST(FoldTraffic, WsWritesOutputsAfterTheLastSlice) {
  LayerSpec l;
  l.op = OpKind::kGemm;
  l.in_h = 5;  // M
  l.in_c = 6;  // K
  l.out_c = 3;
  ArrayConfig a;
  a.rows = a.cols = 4;
  MappingOptions o;
  o.dataflow = Dataflow::kWs;
  const auto t = traffic_of(l, a, o);
  ASSERT_EQ(t.size(), 2u);  // K slices 0..3 and 4..5
  EXPECT_EQ(t[0].filter.bytes, 4 * 3);
  EXPECT_EQ(t[1].filter.bytes, 2 * 3);
  EXPECT_EQ(t[0].ofmap.bytes, 0);
  EXPECT_EQ(t[1].ofmap.bytes, 5 * 3);
}

}  // namespace
}  // namespace fusesim
