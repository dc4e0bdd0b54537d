#include "dataflows/analytical.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "dataflows/dataflow_kind.h"
#include "workloads/layer_spec.h"
#include "workloads/reference_tables.h"

namespace fusesim {
namespace {

// Reference network tables (workloads/testdata/reference/networks/*.csv)

/// Loads a layer table; throws on a missing or malformed file.
std::vector<LayerSpec> load_network(const std::string& path) {
  std::vector<LayerSpec> layers;
  for (const TableCsvRow& r : read_reference_table(path)) layers.push_back(reference_layer(r));
  return layers;
}

const std::array<const char*, 5> kNets = {"MobileNetV1", "MobileNetV2", "MnasNetB1",
                                          "MobileNetV3Small", "MobileNetV3Large"};
const std::array<const char*, 5> kVariants = {"Baseline", "FullFuSe", "HalfFuSe", "FullFuSe50",
                                              "HalfFuSe50"};

/// Loads all 25 tables, indexed [network][variant]; throws on a missing or malformed table.
std::vector<std::vector<std::vector<LayerSpec>>> load_all() {
  std::vector<std::vector<std::vector<LayerSpec>>> nets(kNets.size());
  for (size_t n = 0; n < kNets.size(); ++n) {
    for (const char* v : kVariants)
      nets[n].push_back(load_network(reference_table_path(kNets[n], v)));
  }
  return nets;
}

/// Network latency as in the paper: baselines on the plain array, FuSe variants on the FuSe array.
int64_t paper_cycles(const std::vector<LayerSpec>& net, size_t variant, int size,
                     AuthorsVersion v) {
  return authors_network_cycles(net, size, size, v, variant != 0);
}

double round_half_up(double x, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::floor(x * scale + 0.5) / scale;
}

// Published numbers: Selvam, Ganesan, Kumar, "FuSeConv: Fully Separable Convolutions for Fast
// Inference on Systolic Arrays", DATE 2021, arXiv 2105.13434, as transcribed in
// workloads/testdata/reference/paper-numbers.md.

// Bar chart, 64×64, [variant][network].
const int64_t kBarChart[5][5] = {
    {2536900, 2979156, 2748684, 700161, 2018189},  // Baseline
    {621300, 576770, 542818, 231735, 558553},      // Full
    {375260, 411910, 384202, 167935, 370097},      // Half
    {1151124, 1453926, 1458602, 437559, 1144825},  // 50 % Full
    {1072300, 1375054, 1394346, 414921, 1102045},  // 50 % Half
};

// Bracketed speed-ups of the 64×64 table, [variant − 1][network].
const double kSpeedup[4][5] = {
    {4.083, 5.165, 5.064, 3.021, 3.613},  // Full
    {6.760, 7.233, 7.154, 4.169, 5.453},  // Half
    {2.204, 2.049, 1.885, 1.600, 1.763},  // 50 % Full
    {2.366, 2.167, 1.971, 1.688, 1.831},  // 50 % Half
};

// Full-variant speed-up versus array size, [network][size].
const int kSizes[4] = {32, 64, 128, 256};
const double kScaling[5][4] = {
    {2.024, 4.083, 6.778, 8.637}, {3.350, 5.165, 6.837, 7.891}, {3.316, 5.064, 6.456, 7.171},
    {2.380, 3.021, 3.619, 3.971}, {2.480, 3.613, 4.820, 5.639},
};

class PaperNumbers : public ::testing::Test {
 protected:
  void SetUp() override { nets_ = load_all(); }
  std::vector<std::vector<std::vector<LayerSpec>>> nets_;
};

TEST_F(PaperNumbers, BarChartCyclesExact) {
  for (size_t v = 0; v < kVariants.size(); ++v) {
    for (size_t n = 0; n < kNets.size(); ++n) {
      EXPECT_EQ(paper_cycles(nets_[n][v], v, 64, AuthorsVersion::kPublished), kBarChart[v][n])
          << kNets[n] << " " << kVariants[v];
    }
  }
}

TEST_F(PaperNumbers, ScalingTableToThreeDecimals) {
  for (size_t n = 0; n < kNets.size(); ++n) {
    for (int s = 0; s < 4; ++s) {
      const double base = paper_cycles(nets_[n][0], 0, kSizes[s], AuthorsVersion::kPublished);
      const double full = paper_cycles(nets_[n][1], 1, kSizes[s], AuthorsVersion::kPublished);
      EXPECT_DOUBLE_EQ(round_half_up(base / full, 3), kScaling[n][s])
          << kNets[n] << " " << kSizes[s] << "x" << kSizes[s] << ": " << base / full;
    }
  }
}

// Two bracketed values (MnasNet 50 % Full 1.885, V3-Small 50 % Half 1.688) sit 0.0005 above the
// correctly rounded ratio of the bar-chart cycles (1.88446, 1.68746): the table was rounded to
// four decimals first, then to three. Both rules are checked.
TEST_F(PaperNumbers, SpeedupTableBracketedValues) {
  for (size_t v = 1; v < kVariants.size(); ++v) {
    const int64_t* bar_base = kBarChart[0];
    for (size_t n = 0; n < kNets.size(); ++n) {
      const double base = paper_cycles(nets_[n][0], 0, 64, AuthorsVersion::kPublished);
      const double var = paper_cycles(nets_[n][v], v, 64, AuthorsVersion::kPublished);
      const double ratio = base / var;
      EXPECT_DOUBLE_EQ(ratio, double(bar_base[n]) / double(kBarChart[v][n]));
      EXPECT_DOUBLE_EQ(round_half_up(round_half_up(ratio, 4), 3), kSpeedup[v - 1][n])
          << kNets[n] << " " << kVariants[v] << ": " << ratio;
      EXPECT_LE(std::abs(ratio - kSpeedup[v - 1][n]), 0.00055) << kNets[n] << " " << kVariants[v];
    }
  }
}

TEST_F(PaperNumbers, PublicVersionWithinStatedBandOfPublishedSpeedups) {
  double lo = 1.0, hi = -1.0;
  for (size_t v = 1; v < kVariants.size(); ++v) {
    for (size_t n = 0; n < kNets.size(); ++n) {
      const double base = paper_cycles(nets_[n][0], 0, 64, AuthorsVersion::kPublic);
      const double var = paper_cycles(nets_[n][v], v, 64, AuthorsVersion::kPublic);
      const double rel = (base / var) / kSpeedup[v - 1][n] - 1.0;
      EXPECT_GE(rel, -0.009) << kNets[n] << " " << kVariants[v];
      EXPECT_LE(rel, 0.007) << kNets[n] << " " << kVariants[v];
      lo = std::min(lo, rel);
      hi = std::max(hi, rel);
    }
  }
  // The two versions really differ: the band is not empty on either side of zero.
  EXPECT_LT(lo, -0.005);
  EXPECT_GT(hi, 0.005);
}

TEST_F(PaperNumbers, UnexecutedLayersAreSkipped) {
  // MobileNet-V2 Full has a module that exists but never runs (executed = 0).
  const std::vector<LayerSpec>& net = nets_[1][1];
  int64_t sum = 0;
  bool saw_unexecuted = false;
  for (const LayerSpec& l : net) {
    if (l.executed)
      sum += authors_layer_cycles(l, 64, 64, AuthorsVersion::kPublished, true);
    else
      saw_unexecuted = true;
  }
  ASSERT_TRUE(saw_unexecuted);
  EXPECT_EQ(authors_network_cycles(net, 64, 64, AuthorsVersion::kPublished, true), sum);
}

// Hand-computed cases on a 4×4 array

TEST(AuthorsGemm, FullFoldsOnly) {
  // 8 rows × 8 cols = 2×2 full folds of (3 + 4 + 4 − 1).
  EXPECT_EQ(authors_gemm_cycles(8, 8, 3, 4, 4), 4 * 10);
}

TEST(AuthorsGemm, PartialRowFold) {
  // 1 full fold (10) + 1 fold of 2 rows: 3 + 2 + 4 − 1.
  EXPECT_EQ(authors_gemm_cycles(6, 4, 3, 4, 4), 10 + 8);
}

TEST(AuthorsGemm, PartialColFold) {
  // 1 full fold (2 + 4 + 4 − 1) + 1 fold of 1 column: 2 + 4 + 1 − 1.
  EXPECT_EQ(authors_gemm_cycles(4, 5, 2, 4, 4), 9 + 6);
}

TEST(AuthorsGemm, CornerFold) {
  // full 8, partial row (1 + 1 + 4 − 1), partial col (1 + 4 + 2 − 1), corner (1 + 1 + 2 − 1).
  EXPECT_EQ(authors_gemm_cycles(5, 6, 1, 4, 4), 8 + 5 + 6 + 3);
  // Smaller than the array in both dimensions: the corner fold only.
  EXPECT_EQ(authors_gemm_cycles(3, 2, 9, 4, 4), 9 + 3 + 2 - 1);
}

TEST(AuthorsGemm, FractionalRowsAsInPublishedVersion) {
  // 6.5 rows: one full fold, then a "partial" fold of 2.5 rows: 3 + 2.5 + 4 − 1.
  EXPECT_DOUBLE_EQ(authors_gemm_cycles(6.5, 4, 3, 4, 4), 10 + 8.5);
}

LayerSpec depthwise_3x3_stride2() {
  LayerSpec l;
  l.op = OpKind::kDepthwise;
  l.in_h = l.in_w = 6;
  l.pad_h = l.pad_w = 1;
  l.in_c = l.out_c = 3;
  l.k_h = l.k_w = 3;
  l.stride_h = l.stride_w = 2;
  return l;
}

TEST(AuthorsLayer, DepthwiseIsPerChannelGemmPublic) {
  // E = F = (8 − 3 + 2) div 2 = 3: 9 rows, 1 column, T = 9.
  // partial col: (9 div 4)·(9 + 4 + 1 − 1) = 26; corner: 9 + 1 + 1 − 1 = 10; × 3 channels.
  const LayerSpec l = depthwise_3x3_stride2();
  EXPECT_EQ(authors_layer_cycles(l, 4, 4, AuthorsVersion::kPublic, false), 36 * 3);
  // Same on the FuSe array: a K×K kernel is still a per-channel GEMM.
  EXPECT_EQ(authors_layer_cycles(l, 4, 4, AuthorsVersion::kPublic, true), 36 * 3);
}

TEST(AuthorsLayer, DepthwiseIsPerChannelGemmPublished) {
  // E = F = (8 − 3 + 2) / 2 = 3.5: 12.25 rows; 12.25 div 4 = 3, mod 0.25.
  // partial col: 3·13 = 39; corner: 9 + 0.25 + 1 − 1 = 9.25; 48.25 truncated to 48, × 3.
  const LayerSpec l = depthwise_3x3_stride2();
  EXPECT_EQ(authors_layer_cycles(l, 4, 4, AuthorsVersion::kPublished, false), 48 * 3);
}

TEST(AuthorsLayer, ConvAndLinearAreOneGemm) {
  LayerSpec conv;
  conv.op = OpKind::kConv;
  conv.in_h = conv.in_w = 4;
  conv.in_c = 2;
  conv.out_c = 5;
  conv.k_h = conv.k_w = 3;
  // E = F = 2: 4 rows, 5 cols, T = 18: full 1·1·(18 + 4 + 4 − 1) + partial col 1·(18 + 4 + 1 − 1).
  for (AuthorsVersion v : {AuthorsVersion::kPublic, AuthorsVersion::kPublished}) {
    EXPECT_EQ(authors_layer_cycles(conv, 4, 4, v, false), 25 + 22) << to_string(v);
    EXPECT_EQ(authors_layer_cycles(conv, 4, 4, v, true), 25 + 22) << to_string(v);
  }
  LayerSpec fc;
  fc.op = OpKind::kLinear;
  fc.in_c = 10;
  fc.out_c = 9;
  // 1 row, 9 cols, T = 10: partial row 2·(10 + 1 + 4 − 1) + corner (10 + 1 + 1 − 1).
  EXPECT_EQ(authors_layer_cycles(fc, 4, 4, AuthorsVersion::kPublished, false), 28 + 11);
}

LayerSpec fuse_layer(OpKind op, int stride) {
  LayerSpec l;
  l.op = op;
  l.in_h = l.in_w = 8;
  l.in_c = l.out_c = 8;
  l.k_h = op == OpKind::kFuseRow ? 1 : 3;
  l.k_w = op == OpKind::kFuseRow ? 3 : 1;
  l.pad_h = op == OpKind::kFuseRow ? 0 : 1;
  l.pad_w = op == OpKind::kFuseRow ? 1 : 0;
  l.stride_h = l.stride_w = stride;
  return l;
}

TEST(AuthorsFuse, FormulaDirect) {
  // ceil(64 / 4) = 16 row folds · (4 + 3) · ceil(10 / 4) = 3.
  EXPECT_EQ(authors_fuse_cycles(64, 10, 3, 1, 4, 4), 16 * 7 * 3);
  // ceil(64 / 5) = 13 row folds halved by stride 2 = 6.5 · 7 · 3 = 136.5, rounded up.
  EXPECT_EQ(authors_fuse_cycles(64, 10, 3, 2, 5, 4), 137);
}

TEST(AuthorsFuse, RowAndColStride1BothVersions) {
  for (OpKind op : {OpKind::kFuseRow, OpKind::kFuseCol}) {
    const LayerSpec l = fuse_layer(op, 1);
    // Public: n = 8 lines · 8 channels = 64, folds along the padded length 10: 16 · 7 · 3.
    EXPECT_EQ(authors_layer_cycles(l, 4, 4, AuthorsVersion::kPublic, true), 336) << to_string(op);
    // Published: folds along the unpadded length 8: 16 · 7 · 2.
    EXPECT_EQ(authors_layer_cycles(l, 4, 4, AuthorsVersion::kPublished, true), 224)
        << to_string(op);
  }
}

TEST(AuthorsFuse, RowAndColStride2BothVersions) {
  for (OpKind op : {OpKind::kFuseRow, OpKind::kFuseCol}) {
    const LayerSpec l = fuse_layer(op, 2);
    // 5×4 array: ceil(64 / 5) = 13 row folds / 2 = 6.5; public 6.5 · 7 · 3 = 136.5 -> 137,
    // published 6.5 · 7 · 2 = 91.
    EXPECT_EQ(authors_layer_cycles(l, 5, 4, AuthorsVersion::kPublic, true), 137) << to_string(op);
    EXPECT_EQ(authors_layer_cycles(l, 5, 4, AuthorsVersion::kPublished, true), 91) << to_string(op);
  }
}

TEST(AuthorsFuse, FuseLayerOnPlainArrayIsPerChannelGemm) {
  const LayerSpec l = fuse_layer(OpKind::kFuseRow, 1);
  // E = 8, F = 8: 64 rows, 1 column, T = 3: partial col 16·(3 + 4 + 1 − 1) per channel, × 8.
  EXPECT_EQ(authors_layer_cycles(l, 4, 4, AuthorsVersion::kPublic, false), 16 * 7 * 8);
  EXPECT_EQ(authors_layer_cycles(l, 4, 4, AuthorsVersion::kPublished, false), 16 * 7 * 8);
}

TEST(AuthorsFuse, DispatchIsByKernelShape) {
  // A depthwise layer tagged kDepthwise but with a 1×K kernel takes the FuSe formula on the FuSe
  // array, exactly as a kFuseRow layer does.
  LayerSpec dw = fuse_layer(OpKind::kFuseRow, 1);
  dw.op = OpKind::kDepthwise;
  const LayerSpec row = fuse_layer(OpKind::kFuseRow, 1);
  for (AuthorsVersion v : {AuthorsVersion::kPublic, AuthorsVersion::kPublished}) {
    EXPECT_EQ(authors_layer_cycles(dw, 4, 4, v, true), authors_layer_cycles(row, 4, 4, v, true));
  }
}

// SCALE-Sim v2

LayerSpec small_conv() {
  LayerSpec l;
  l.op = OpKind::kConv;
  l.in_h = l.in_w = 4;
  l.in_c = 2;
  l.out_c = 5;
  l.k_h = l.k_w = 3;
  return l;  // E = F = 2: m = 4 pixels, n = 5 filters, k = 18
}

TEST(ScaleSim, OutputStationary) {
  // Sr = 4, Sc = 5, T = 18: 1·2 folds of (18 + 4 + 4 − 2), minus 1.
  EXPECT_EQ(scalesim_gemm_cycles(4, 5, 18, 4, 4, Dataflow::kOs), 2 * 24 - 1);
  EXPECT_EQ(scalesim_layer_cycles(small_conv(), 4, 4, Dataflow::kOs), 47);
  // Partial folds cost as much as full ones: one row or four rows, same cycles.
  EXPECT_EQ(scalesim_gemm_cycles(1, 1, 7, 4, 4, Dataflow::kOs),
            scalesim_gemm_cycles(4, 4, 7, 4, 4, Dataflow::kOs));
}

TEST(ScaleSim, WeightStationary) {
  // Sr = 18, Sc = 5, T = 4: 5·2 folds of (2·4 + 4 + 4 − 2), minus 1.
  EXPECT_EQ(scalesim_gemm_cycles(4, 5, 18, 4, 4, Dataflow::kWs), 10 * 14 - 1);
  EXPECT_EQ(scalesim_layer_cycles(small_conv(), 4, 4, Dataflow::kWs), 139);
}

TEST(ScaleSim, InputStationary) {
  // Sr = 18, Sc = 4, T = 5: 5·1 folds of (2·4 + 4 + 5 − 2), minus 1.
  EXPECT_EQ(scalesim_gemm_cycles(4, 5, 18, 4, 4, Dataflow::kIs), 5 * 15 - 1);
  EXPECT_EQ(scalesim_layer_cycles(small_conv(), 4, 4, Dataflow::kIs), 74);
}

TEST(ScaleSim, NonSquareArray) {
  // 2×8 array, OS: Sr = 4 -> 2 row folds, Sc = 5 -> 1 col fold; 18 + 2 + 8 − 2 = 26.
  EXPECT_EQ(scalesim_gemm_cycles(4, 5, 18, 2, 8, Dataflow::kOs), 2 * 26 - 1);
  // WS: Sr = 18 -> 9, Sc = 5 -> 1; 2·2 + 8 + 4 − 2 = 14.
  EXPECT_EQ(scalesim_gemm_cycles(4, 5, 18, 2, 8, Dataflow::kWs), 9 * 14 - 1);
}

TEST(ScaleSim, ChannelwiseLayersArePerChannelRuns) {
  LayerSpec dw;
  dw.op = OpKind::kDepthwise;
  dw.in_h = dw.in_w = 4;
  dw.in_c = dw.out_c = 3;
  dw.k_h = dw.k_w = 3;
  // Per channel: m = 4, n = 1, k = 9; OS one fold of 9 + 4 + 4 − 2, minus 1; × 3 channels.
  EXPECT_EQ(scalesim_layer_cycles(dw, 4, 4, Dataflow::kOs), 14 * 3);
  const LayerSpec row = fuse_layer(OpKind::kFuseRow, 1);
  // m = 64, n = 1, k = 3: 16 folds of (3 + 4 + 4 − 2), minus 1, × 8 channels.
  EXPECT_EQ(scalesim_layer_cycles(row, 4, 4, Dataflow::kOs), (16 * 9 - 1) * 8);
}

TEST(ScaleSim, NetworkSkipsUnexecuted) {
  LayerSpec a = small_conv();
  LayerSpec b = small_conv();
  b.executed = false;
  EXPECT_EQ(scalesim_network_cycles({a, b, a}, 4, 4, Dataflow::kWs), 2 * 139);
}

TEST(Analytical, RejectsEmptyArray) {
  EXPECT_THROW(authors_gemm_cycles(4, 4, 4, 0, 4), std::invalid_argument);
  EXPECT_THROW(scalesim_gemm_cycles(4, 4, 4, 4, 0, Dataflow::kOs), std::invalid_argument);
}

// Dataflow names

TEST(DataflowKind, RoundTripAndUnknown) {
  for (Dataflow d : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs}) {
    Dataflow parsed = Dataflow::kOs;
    ASSERT_TRUE(parse_dataflow(to_string(d), &parsed));
    EXPECT_EQ(parsed, d);
  }
  Dataflow d = Dataflow::kIs;
  EXPECT_TRUE(parse_dataflow("WS", &d));
  EXPECT_EQ(d, Dataflow::kWs);
  EXPECT_FALSE(parse_dataflow("rs", &d));
  EXPECT_EQ(d, Dataflow::kWs);  // untouched on failure
}

}  // namespace
}  // namespace fusesim
