// Options a run does not use are said, not dropped: unused_option_warnings().
#include "testbench/option_warnings.h"

#include <gtest/gtest.h>

namespace fusesim {
namespace {

LayerSpec fuse_row() {
  LayerSpec l;
  l.op = OpKind::kFuseRow;
  l.in_h = l.in_w = 8;
  l.in_c = l.out_c = 4;
  l.k_h = 1;
  l.k_w = 3;
  l.pad_w = 1;
  return l;
}

TEST(OptionWarnings, DataflowOnFuseLayersOfTheFuseArray) {
  RunOptions o;
  o.array.rows = o.array.cols = 4;
  o.array.fuse = true;
  o.mapping.dataflow = Dataflow::kWs;
  LayerSpec col = fuse_row();
  col.op = OpKind::kFuseCol;
  col.k_h = 3;
  col.k_w = 1;
  col.pad_h = 1;
  col.pad_w = 0;
  const auto w = unused_option_warnings({fuse_row()}, o, {true, false});
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].rfind("--dataflow ws is not used for 1 fuse-row layer:", 0), 0u) << w[0];
  const auto w2 = unused_option_warnings({fuse_row(), col, fuse_row()}, o, {true, false});
  ASSERT_EQ(w2.size(), 1u);
  EXPECT_NE(w2[0].find("2 fuse-row and 1 fuse-col layers"), std::string::npos) << w2[0];
}

TEST(OptionWarnings, InputPrefetchWithoutAOneDimensionalLayer) {
  RunOptions o;
  o.array.rows = o.array.cols = 4;
  o.array.fuse = true;
  o.array.input_prefetch = true;
  LayerSpec conv = fuse_row();
  conv.op = OpKind::kConv;
  conv.k_h = 3;
  conv.pad_h = 1;
  const auto w = unused_option_warnings({conv}, o, {});
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].rfind("--input-prefetch on changes no cycle here", 0), 0u) << w[0];
  EXPECT_TRUE(unused_option_warnings({conv, fuse_row()}, o, {}).empty());
  o.array.input_prefetch = false;
  EXPECT_TRUE(unused_option_warnings({conv}, o, {}).empty());
}

TEST(OptionWarnings, NothingWhenTheOptionIsUsedOrNotGiven) {
  RunOptions o;
  o.array.fuse = true;
  o.mapping.dataflow = Dataflow::kWs;
  EXPECT_TRUE(unused_option_warnings({fuse_row()}, o, {}).empty());  // the default
  o.array.fuse = false;  // the plain array maps the layer per channel: the dataflow is used
  EXPECT_TRUE(unused_option_warnings({fuse_row()}, o, {true, false}).empty());
  LayerSpec skipped = fuse_row();
  skipped.executed = false;
  o.array.fuse = true;
  EXPECT_TRUE(unused_option_warnings({skipped}, o, {true, false}).empty());  // not executed
}

TEST(OptionWarnings, DwConventionWithoutChannelwiseGemmLayers) {
  RunOptions o;
  o.mapping.dw = DwConvention::kScalesimSplit;
  LayerSpec conv;
  conv.op = OpKind::kConv;
  conv.in_h = conv.in_w = 8;
  conv.in_c = 3;
  conv.out_c = 4;
  conv.k_h = conv.k_w = 3;
  const auto w = unused_option_warnings({conv}, o, {false, true});
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0],
            "--dw-convention scalesim-split is not used: no channel-wise layer of this run "
            "is mapped as a GEMM");
  // A fuse-row layer on the plain array is mapped per channel: the convention is used.
  EXPECT_TRUE(unused_option_warnings({conv, fuse_row()}, o, {false, true}).empty());
  // On the FuSe array it runs as 1-D convolutions: not used.
  o.array.fuse = true;
  EXPECT_EQ(unused_option_warnings({conv, fuse_row()}, o, {false, true}).size(), 1u);
}

TEST(OptionWarnings, DepthwiseByRowsAndDwMapping) {
  RunOptions o;
  o.array.rows = o.array.cols = 4;
  o.array.fuse = true;
  o.mapping.dataflow = Dataflow::kIs;
  o.mapping.dw_mapping = DwMapping::kRows;
  LayerSpec dw;
  dw.op = OpKind::kDepthwise;
  dw.in_h = dw.in_w = 8;
  dw.in_c = dw.out_c = 4;
  dw.k_h = dw.k_w = 3;
  dw.pad_h = dw.pad_w = 1;
  const auto w = unused_option_warnings({dw, fuse_row()}, o, {true, false, true});
  ASSERT_EQ(w.size(), 1u);  // --dw-mapping is used (a depthwise layer), --dataflow is not
  EXPECT_NE(w[0].find("--dataflow is is not used for 1 fuse-row and 1 depthwise (--dw-mapping "
                      "rows) layers"),
            std::string::npos)
      << w[0];
  const auto w2 = unused_option_warnings({fuse_row()}, o, {false, false, true});
  ASSERT_EQ(w2.size(), 1u);
  EXPECT_EQ(w2[0], "--dw-mapping rows is not used: this run has no depthwise layer");
}

}  // namespace
}  // namespace fusesim
