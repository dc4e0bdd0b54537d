// SCALE-Sim v2's own arithmetic (workloads/scalesim_formula.h) and the scalesim_cycles column
// (dataflows/analytical.h, scalesim_layer_cycles) on SCALE-Sim v2's three shipped configs × the
// project's example topologies (configs/scalesim/), against values derived by hand from
// SCALE-Sim's published formulas (the derivation is in each row's comment).
#include "workloads/scalesim_formula.h"

#include <gtest/gtest.h>

#include <string>

#include "dataflows/analytical.h"
#include "workloads/scalesim_io.h"

namespace fusesim {
namespace {

std::string example(const std::string& name) {
  return std::string(FUSESIM_SOURCE_DIR) + "/configs/scalesim/" + name;
}

TEST(ScaleSimFormula, OfmapSideRoundsUpLikeTopologyUtils) {
  // ⌈(H − K + S)/S⌉ (topology_utils.py, topo_calc_hyperparams()).
  EXPECT_EQ(scalesim_ofmap_dim(224, 11, 4), 55);  // AlexNet Conv1: ⌈217/4⌉; the layer has 54
  EXPECT_EQ(scalesim_ofmap_dim(226, 3, 2), 113);  // ⌈225/2⌉; the layer has ⌊223/2⌋ + 1 = 112
  EXPECT_EQ(scalesim_ofmap_dim(225, 3, 2), 112);  // (H − K) even: both 112
  EXPECT_EQ(scalesim_ofmap_dim(32, 3, 2), 16);    // ⌈31/2⌉; the layer has ⌊29/2⌋ + 1 = 15
  EXPECT_EQ(scalesim_ofmap_dim(9, 5, 3), 3);      // ⌈7/3⌉; the layer has ⌊4/3⌋ + 1 = 2
  EXPECT_EQ(scalesim_ofmap_dim(56, 1, 2), 29);    // ⌈57/2⌉; the layer has ⌊55/2⌋ + 1 = 28
  EXPECT_EQ(scalesim_ofmap_dim(7, 7, 1), 1);
}

TEST(ScaleSimFormula, CroppedLayerHasTheExactOfmap) {
  LayerSpec l;
  l.in_h = 32;
  l.in_w = 9;
  l.k_h = 3;
  l.k_w = 5;
  l.stride_h = 2;
  l.stride_w = 3;
  EXPECT_EQ(scalesim_ofmap_pixels(l), 16 * 3);
  const LayerSpec c = scalesim_cropped(l);
  EXPECT_EQ(c.in_h, 31);  // the 32nd row is read by no window
  EXPECT_EQ(c.in_w, 8);   // (9 − 5) mod 3 = 1 column
  EXPECT_EQ(scalesim_ofmap_pixels(c), int64_t(l.out_h()) * l.out_w());
  EXPECT_EQ(c.out_h(), l.out_h());
  EXPECT_EQ(c.out_w(), l.out_w());
  // Padded: 224 + 1 + 1 = 226 rows, K 3, S 2: one unused row, taken off the bottom padding.
  LayerSpec p;
  p.in_h = p.in_w = 224;
  p.pad_h = p.pad_w = 1;
  p.k_h = p.k_w = 3;
  p.stride_h = p.stride_w = 2;
  EXPECT_EQ(scalesim_ofmap_pixels(p), 113 * 113);
  const LayerSpec pc = scalesim_cropped(p);
  EXPECT_EQ(pc.in_h, 224);
  EXPECT_EQ(pc.pad_h_end(), 0);
  EXPECT_EQ(pc.pad_w_end(), 0);
  EXPECT_EQ(scalesim_ofmap_pixels(pc), 112 * 112);
  EXPECT_TRUE(pc.validate().empty());
}

// SCALE-Sim v2's three shipped configs (scalesim-project/scale-sim-v2, configs/): scale.cfg
// 32×32 os (commit 1394cfb), google.cfg 256×256 ws and eyeriss.cfg 12×14 ws (commit 0b80b27).
struct Config {
  const char* name;
  int rows, cols;
  Dataflow df;
};
const Config kConfigs[] = {{"scale.cfg", 32, 32, Dataflow::kOs},
                           {"google.cfg", 256, 256, Dataflow::kWs},
                           {"eyeriss.cfg", 12, 14, Dataflow::kWs}};

// Per fold: OS T + R + C − 2 with Sr = m, Sc = n, T = k; WS 2R + C + T − 2 with Sr = k, Sc = n,
// T = m; cycles = ⌈Sr/R⌉·⌈Sc/C⌉·per_fold − 1. m uses SCALE-Sim's E·F; `floor` is the same formula
// on the layer's arithmetically correct E·F.
struct Expect {
  const char* layer;
  int64_t cycles[3];  // scale, google, eyeriss
  int64_t floor[3];
};
const Expect kConv[] = {
    // conv1 32×32×3, 3×3, 16 filters, S 2: E = F = ⌈31/2⌉ = 16 (layer: 15); m 256 (225), k 27.
    //   scale: ⌈256/32⌉ = 8 (225: 8)·1 folds × (27 + 62) − 1 = 711 (711)
    //   google: 1·1 × (512 + 256 + 256 − 2 = 1022) − 1 = 1021 (225: 990)
    //   eyeriss: ⌈27/12⌉ = 3·⌈16/14⌉ = 2 = 6 × (24 + 14 + 256 − 2 = 292) − 1 = 1751 (6 × 261 − 1)
    {"conv1", {711, 1021, 1751}, {711, 990, 1565}},
    // conv2 16×16×16, 3×3, 32, S 1: E = F = 14, m 196, k 144 (no rounding difference).
    //   scale: 7·1 × (144 + 62) − 1 = 1441; google: 1·1 × (766 + 196) − 1 = 961;
    //   eyeriss: 12·3 × (36 + 196) − 1 = 8351
    {"conv2", {1441, 961, 8351}, {1441, 961, 8351}},
    // pw3 14×14×32, 1×1, 32: m 196, k 32. scale 7 × 94 − 1; google 962 − 1; eyeriss 9 × 232 − 1
    {"pw3", {657, 961, 2087}, {657, 961, 2087}},
    // conv4 14×14×32, 3×3, 64, S 2: E = F = ⌈13/2⌉ = 7 (layer: 6); m 49 (36), k 288.
    //   scale: 2·2 × (288 + 62) − 1 = 1399 (36: 2·2 folds too)
    //   google: ⌈288/256⌉ = 2 × (766 + 49 = 815) − 1 = 1629 (36: 2 × 802 − 1 = 1603)
    //   eyeriss: 24·5 × (36 + 49) − 1 = 10199 (36: 120 × 72 − 1 = 8639)
    {"conv4", {1399, 1629, 10199}, {1399, 1603, 8639}},
    // conv5 9×9×64, 5×5, 24, S 3: E = F = ⌈7/3⌉ = 3 (layer: 2); m 9 (4), k 1600.
    //   scale: 1·1 × (1600 + 62) − 1 = 1661 (4: same)
    //   google: 7 × (766 + 9) − 1 = 5424 (4: 7 × 770 − 1 = 5389)
    //   eyeriss: ⌈1600/12⌉ = 134·2 × (36 + 9) − 1 = 12059 (4: 268 × 40 − 1 = 10719)
    {"conv5", {1661, 5424, 12059}, {1661, 5389, 10719}},
    // fc6 1×1×24 → 10: m 1, k 24. scale 86 − 1; google 767 − 1; eyeriss 2 × 37 − 1
    {"fc6", {85, 766, 73}, {85, 766, 73}},
};
// GEMM rows (Layer Name, M, N, K): m = M, n = N, k = K; no rounding.
const Expect kGemm[] = {
    // qkv 49×96, K 32. scale: 2·3 × 94 − 1; google: 1 × 815 − 1; eyeriss: 3·7 × 85 − 1
    {"qkv", {563, 814, 1784}, {563, 814, 1784}},
    // proj 49×32, K 32. scale: 2 × 94 − 1; google 815 − 1; eyeriss: 3·3 × 85 − 1
    {"proj", {187, 814, 764}, {187, 814, 764}},
    // mlp_up 49×128, K 32. scale: 2·4 × 94 − 1; google 815 − 1; eyeriss: 3·10 × 85 − 1
    {"mlp_up", {751, 814, 2549}, {751, 814, 2549}},
    // mlp_down 49×32, K 128. scale: 2 × 190 − 1; google 815 − 1; eyeriss: 11·3 × 85 − 1
    {"mlp_down", {379, 814, 2804}, {379, 814, 2804}},
};

void check_topology(const std::string& file, bool gemm, const Expect* want, size_t n) {
  const auto layers = read_scalesim_topology(example(file), gemm);
  ASSERT_EQ(layers.size(), n) << file;
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(layers[i].name, want[i].layer);
    for (int c = 0; c < 3; ++c) {
      const Config& k = kConfigs[c];
      EXPECT_EQ(scalesim_layer_cycles(layers[i], k.rows, k.cols, k.df), want[i].cycles[c])
          << file << " " << want[i].layer << " on " << k.name;
      EXPECT_EQ(scalesim_layer_cycles(scalesim_cropped(layers[i]), k.rows, k.cols, k.df),
                want[i].floor[c])
          << file << " " << want[i].layer << " on " << k.name << " (exact ofmap)";
    }
  }
}

TEST(ScaleSimFormula, ShippedConfigsTimesExampleConvTopology) {
  check_topology("conv_example.csv", false, kConv, std::size(kConv));
}

TEST(ScaleSimFormula, ShippedConfigsTimesExampleGemmTopology) {
  check_topology("gemm_example.csv", true, kGemm, std::size(kGemm));
}

TEST(ScaleSimFormula, ComputeUtilIsTheMeanPerFoldUtilisation) {
  // OS on 4×4, m 5, n 3, k 2: column fold 1 of 1, row folds 2: rows 4 then 1, 3 columns; each
  // fold lasts T + R + C − 2 = 8: (4·3·2)/(16·8) = 0.1875 and (1·3·2)/(16·8) = 0.046875;
  // mean 0.1171875 → 11.71875 %.
  const auto os = scalesim_gemm_folds(5, 3, 2, 4, 4, Dataflow::kOs);
  ASSERT_EQ(os.size(), 2u);
  EXPECT_EQ(os[0].macs, 24);
  EXPECT_EQ(os[0].cycles, 8);
  EXPECT_EQ(os[1].macs, 6);
  EXPECT_DOUBLE_EQ(scalesim_compute_util_pct(os), 11.71875);
  // WS on 4×4, same GEMM: Sr = k 2, Sc = n 3, T = m 5, one fold of 2R + 2C + T − 3 = 18 cycles:
  // (2·3·5)/(16·18) = 30/288 → 10.416666666666668 % (Python: 30/288*100).
  const auto ws = scalesim_gemm_folds(5, 3, 2, 4, 4, Dataflow::kWs);
  ASSERT_EQ(ws.size(), 1u);
  EXPECT_EQ(ws[0].cycles, 18);
  EXPECT_EQ(scalesim_compute_util_pct(ws), 30.0 / 288.0 * 100.0);
  // IS: Sr = k 2, Sc = m 5, T = n 3; 4×4: column folds 2 (4, 1), each 8 + 8 + 3 − 3 = 16:
  // (2·4·3)/(16·16) = 0.09375, (2·1·3)/256 = 0.0234375; mean 0.05859375 → 5.859375 %.
  const auto is = scalesim_gemm_folds(5, 3, 2, 4, 4, Dataflow::kIs);
  ASSERT_EQ(is.size(), 2u);
  EXPECT_DOUBLE_EQ(scalesim_compute_util_pct(is), 5.859375);
  // Not Overall Util: that is MACs / (cycles × PEs) over the layer, 30 / (15 × 16) for OS's
  // 2 × 8 − 1 = 15 cycles = 12.5 %, not 11.71875 %.
  EXPECT_EQ(scalesim_compute_util_pct({}), 0.0);
}

}  // namespace
}  // namespace fusesim
