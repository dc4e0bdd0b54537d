#include "workloads/network_zoo.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/reference_tables.h"

namespace fusesim {
namespace {

/// One network × variant, with the file name parts of its reference table.
struct Case {
  std::string net;
  std::string variant;
  std::string csv_net;
  std::string csv_variant;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.net << "/" << c.variant; }

std::vector<Case> all_cases() {
  const std::vector<std::pair<std::string, std::string>> nets = {
      {"mobilenet_v1", "MobileNetV1"},
      {"mobilenet_v2", "MobileNetV2"},
      {"mnasnet_b1", "MnasNetB1"},
      {"mobilenet_v3_small", "MobileNetV3Small"},
      {"mobilenet_v3_large", "MobileNetV3Large"}};
  const std::vector<std::pair<std::string, std::string>> variants = {{"baseline", "Baseline"},
                                                                     {"full", "FullFuSe"},
                                                                     {"half", "HalfFuSe"},
                                                                     {"full50", "FullFuSe50"},
                                                                     {"half50", "HalfFuSe50"}};
  std::vector<Case> cases;
  for (const auto& n : nets)
    for (const auto& v : variants) cases.push_back({n.first, v.first, n.second, v.second});
  return cases;
}

OpKind csv_op(const std::string& s) {
  OpKind k;
  if (!parse_op_kind(s, &k)) throw std::runtime_error("unknown op in CSV: " + s);
  return k;
}

int64_t total_macs(const std::vector<LayerSpec>& layers) {
  int64_t sum = 0;
  for (const LayerSpec& l : layers)
    if (l.executed) sum += l.macs();
  return sum;
}

int64_t total_params(const std::vector<LayerSpec>& layers) {
  int64_t sum = 0;
  for (const LayerSpec& l : layers) sum += l.params();
  return sum;
}

const LayerSpec* find_layer(const std::vector<LayerSpec>& layers, const std::string& name) {
  for (const LayerSpec& l : layers)
    if (l.name == name) return &l;
  return nullptr;
}

class NetworkZooCsvTest : public ::testing::TestWithParam<Case> {};

TEST_P(NetworkZooCsvTest, MatchesReferenceTableRowByRow) {
  const Case& c = GetParam();
  const std::string path = reference_table_path(c.csv_net, c.csv_variant);
  const std::vector<TableCsvRow> rows = read_reference_table(path);
  const std::vector<LayerSpec> layers = build_network(c.net, c.variant);
  ASSERT_EQ(layers.size(), rows.size()) << path;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto& r = rows[i];
    const LayerSpec& l = layers[i];
    auto num = [&](const char* col) { return std::stoll(r.at(col)); };
    SCOPED_TRACE(path + " row " + std::to_string(i) + " (" + r.at("name") + ")");
    EXPECT_EQ(num("idx"), int64_t(i));
    EXPECT_EQ(l.name, r.at("name"));
    EXPECT_EQ(l.op, csv_op(r.at("op")));
    EXPECT_EQ(l.op == OpKind::kLinear, r.at("type") == "linear");
    EXPECT_EQ(l.batch, 1);
    EXPECT_EQ(l.in_h, num("H"));
    EXPECT_EQ(l.in_w, num("W"));
    EXPECT_EQ(l.pad_h, num("pad_h"));
    EXPECT_EQ(l.pad_w, num("pad_w"));
    EXPECT_EQ(l.in_c, num("Cin"));
    EXPECT_EQ(l.out_c, num("Cout"));
    EXPECT_EQ(l.k_h, num("kh"));
    EXPECT_EQ(l.k_w, num("kw"));
    EXPECT_EQ(l.stride_h, num("stride_h"));
    EXPECT_EQ(l.stride_w, num("stride_w"));
    EXPECT_EQ(l.groups(), num("groups"));
    EXPECT_EQ(l.bias, num("bias") != 0);
    EXPECT_EQ(l.out_h(), num("Hout"));
    EXPECT_EQ(l.out_w(), num("Wout"));
    EXPECT_EQ(l.executed, num("executed") != 0);
    // The tables charge no MACs to a module that never runs.
    EXPECT_EQ(l.executed ? l.macs() : 0, num("macs"));
    EXPECT_EQ(l.params(), num("params"));
    EXPECT_TRUE(l.validate().empty());
  }
}

INSTANTIATE_TEST_SUITE_P(AllNetworks, NetworkZooCsvTest, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.net + "_" + info.param.variant;
                         });

/// Totals per network, in variant order baseline, full, half, full50, half50. The paper's values
/// are from its accuracy/FLOPs/parameters table (Selvam, Ganesan, Kumar, DATE 2021, arXiv
/// 2105.13434), transcribed in workloads/testdata/reference/paper-numbers.md.
struct Totals {
  std::string net;
  int64_t macs[5];            ///< executed conv + linear MACs (from the reference tables)
  int64_t params[5];          ///< conv + linear parameters of every module
  int paper_params_centi[5];  ///< paper's table, millions × 100
  int paper_flops_m[5];       ///< paper's table, millions ("FLOPs" include non-conv work)
};

const std::vector<Totals>& totals() {
  static const std::vector<Totals> kTotals = {
      {"mobilenet_v1",
       {568740352, 1102437376, 557149696, 744657408, 560912896},
       {4210088, 7334792, 4180328, 4333192, 4206440},
       {423, 736, 420, 435, 422},
       {589, 1122, 573, 764, 578}},
      {"mobilenet_v2",
       {300774272, 411983104, 286963328, 344653184, 292194176},
       {3470760, 4413576, 3428968, 3573096, 3458088},
       {350, 446, 346, 361, 349},
       {315, 430, 300, 361, 305}},
      {"mnasnet_b1",
       {314415872, 425794048, 293266688, 348463424, 301207040},
       {4345392, 5612696, 4219920, 4435224, 4314000},
       {438, 566, 425, 447, 435},
       {325, 440, 305, 361, 312}},
      {"mobilenet_v3_small",
       {60119520, 75010816, 54361824, 65853408, 56789088},
       {2926224, 4429000, 2879568, 3174288, 2910816},
       {293, 444, 289, 318, 292},
       {66, 84, 61, 73, 63}},
      {"mobilenet_v3_large",
       {219799200, 297217920, 206298720, 241562272, 211830624},
       {5451984, 10542600, 5381232, 5547496, 5442288},
       {547, 1057, 540, 557, 546},
       {238, 322, 225, 264, 230}},
  };
  return kTotals;
}

TEST(NetworkZooTest, TotalsMatchEmbeddedConstants) {
  ASSERT_EQ(totals().size(), network_names().size());
  for (const Totals& t : totals()) {
    for (size_t v = 0; v < variant_names().size(); ++v) {
      SCOPED_TRACE(t.net + " " + variant_names()[v]);
      const std::vector<LayerSpec> layers = build_network(t.net, variant_names()[v]);
      EXPECT_EQ(total_macs(layers), t.macs[v]);
      EXPECT_EQ(total_params(layers), t.params[v]);
    }
  }
}

TEST(NetworkZooTest, MobileNetV2BaselineMacsAreThePublishedConvCount) {
  EXPECT_EQ(total_macs(build_network("mobilenet_v2", "baseline")), 300774272);
}

// The paper counts every parameter of the PyTorch model, batch-norm scale and shift included,
// and truncates to two decimals in millions. Conv + linear weights plus two batch-norm
// parameters per output channel of every bias-free conv reproduce all 25 published values.
TEST(NetworkZooTest, ParamsMatchPaperTable) {
  for (const Totals& t : totals()) {
    for (size_t v = 0; v < variant_names().size(); ++v) {
      SCOPED_TRACE(t.net + " " + variant_names()[v]);
      const std::vector<LayerSpec> layers = build_network(t.net, variant_names()[v]);
      int64_t bn = 0;
      for (const LayerSpec& l : layers)
        if (l.op != OpKind::kLinear && !l.bias) bn += 2 * l.out_c;
      const int64_t with_bn = total_params(layers) + bn;
      EXPECT_EQ(with_bn / 10000, t.paper_params_centi[v]) << with_bn;
      // Conv + linear weights alone (no batch-norm) are within 0.05 M of the published count.
      EXPECT_NEAR(double(total_params(layers)) / 1e6, t.paper_params_centi[v] / 100.0, 0.05);
    }
  }
}

TEST(NetworkZooTest, MacsStayBelowPaperFlops) {
  for (const Totals& t : totals()) {
    for (size_t v = 0; v < variant_names().size(); ++v) {
      SCOPED_TRACE(t.net + " " + variant_names()[v]);
      const int64_t macs = total_macs(build_network(t.net, variant_names()[v]));
      EXPECT_LT(macs, int64_t(t.paper_flops_m[v]) * 1000000);
      EXPECT_GT(macs, int64_t(t.paper_flops_m[v]) * 1000000 * 85 / 100);
    }
  }
}

struct Shape {
  std::string net;
  std::string variant;
  std::string name;
  OpKind op;
  int h, w, in_c, out_c, kh, kw, stride, pad_h, pad_w;
  bool executed;
};

TEST(NetworkZooTest, HandPickedLayerShapes) {
  const std::vector<Shape> shapes = {
      {"mobilenet_v1", "baseline", "conv1", OpKind::kConv, 224, 224, 3, 32, 3, 3, 2, 1, 1, true},
      {"mobilenet_v1", "full", "B13.conv2(pw)", OpKind::kPointwise, 7, 7, 2048, 1024, 1, 1, 1, 0, 0,
       true},
      {"mobilenet_v1", "half50", "B5.conv1_v(3x1)", OpKind::kFuseCol, 28, 28, 128, 128, 3, 1, 1, 1,
       0, true},
      {"mobilenet_v1", "half50", "B6.conv1(dw3x3)", OpKind::kDepthwise, 28, 28, 256, 256, 3, 3, 2,
       1, 1, true},
      {"mobilenet_v2", "full", "MB1.conv1(pw)", OpKind::kPointwise, 112, 112, 32, 32, 1, 1, 1, 0, 0,
       false},
      {"mobilenet_v2", "half", "MB2.conv2_h(1x3)", OpKind::kFuseRow, 112, 112, 48, 48, 1, 3, 2, 0,
       1, true},
      {"mobilenet_v2", "baseline", "MB14.dw3x3", OpKind::kDepthwise, 14, 14, 576, 576, 3, 3, 2, 1,
       1, true},
      {"mobilenet_v2", "full50", "MB10.conv3(pw)", OpKind::kPointwise, 14, 14, 768, 64, 1, 1, 1, 0,
       0, true},
      {"mnasnet_b1", "full", "SepConv.conv3(pw)", OpKind::kPointwise, 112, 112, 64, 16, 1, 1, 1, 0,
       0, true},
      {"mnasnet_b1", "half50", "MB4.conv2_v(5x1)", OpKind::kFuseCol, 56, 56, 36, 36, 5, 1, 2, 2, 0,
       true},
      {"mnasnet_b1", "baseline", "MB13.dw5x5", OpKind::kDepthwise, 7, 7, 1152, 1152, 5, 5, 1, 2, 2,
       true},
      {"mobilenet_v3_small", "full", "MB10.se.fc1", OpKind::kLinear, 1, 1, 1152, 288, 1, 1, 1, 0, 0,
       true},
      {"mobilenet_v3_small", "half", "MB1.se.fc2", OpKind::kLinear, 1, 1, 4, 16, 1, 1, 1, 0, 0,
       true},
      {"mobilenet_v3_small", "baseline", "features.head(conv1x1,bias)", OpKind::kPointwise, 1, 1,
       576, 1280, 1, 1, 1, 0, 0, true},
      {"mobilenet_v3_large", "baseline", "MB1.pw", OpKind::kPointwise, 112, 112, 16, 16, 1, 1, 1, 0,
       0, true},
      {"mobilenet_v3_large", "full", "MB4.se.fc1", OpKind::kLinear, 1, 1, 144, 36, 1, 1, 1, 0, 0,
       true},
      {"mobilenet_v3_large", "half50", "MB8.conv2_h(1x3)", OpKind::kFuseRow, 14, 14, 100, 100, 1, 3,
       1, 0, 1, true},
      {"mobilenet_v3_large", "half50", "MB13.dw5x5", OpKind::kDepthwise, 14, 14, 672, 672, 5, 5, 2,
       2, 2, true},
  };
  for (const Shape& s : shapes) {
    SCOPED_TRACE(s.net + " " + s.variant + " " + s.name);
    const std::vector<LayerSpec> layers = build_network(s.net, s.variant);
    const LayerSpec* l = find_layer(layers, s.name);
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->op, s.op);
    EXPECT_EQ(l->in_h, s.h);
    EXPECT_EQ(l->in_w, s.w);
    EXPECT_EQ(l->in_c, s.in_c);
    EXPECT_EQ(l->out_c, s.out_c);
    EXPECT_EQ(l->k_h, s.kh);
    EXPECT_EQ(l->k_w, s.kw);
    EXPECT_EQ(l->stride_h, s.stride);
    EXPECT_EQ(l->stride_w, s.stride);
    EXPECT_EQ(l->pad_h, s.pad_h);
    EXPECT_EQ(l->pad_w, s.pad_w);
    EXPECT_EQ(l->executed, s.executed);
  }
}

TEST(NetworkZooTest, LayerCountsAndClassifier) {
  const std::map<std::string, std::vector<size_t>> counts = {
      {"mobilenet_v1", {28, 41, 41, 33, 33}},
      {"mobilenet_v2", {53, 71, 71, 62, 62}},
      {"mnasnet_b1", {53, 70, 70, 62, 62}},
      {"mobilenet_v3_small", {55, 66, 66, 60, 60}},
      {"mobilenet_v3_large", {65, 80, 80, 72, 72}}};
  for (const std::string& net : network_names()) {
    for (size_t v = 0; v < variant_names().size(); ++v) {
      SCOPED_TRACE(net + " " + variant_names()[v]);
      const std::vector<LayerSpec> layers = build_network(net, variant_names()[v]);
      EXPECT_EQ(layers.size(), counts.at(net)[v]);
      ASSERT_FALSE(layers.empty());
      EXPECT_EQ(layers.back().op, OpKind::kLinear);
      EXPECT_EQ(layers.back().out_c, 1000);
      EXPECT_TRUE(layers.back().bias);
    }
  }
}

// Every depthwise layer is gone in full and half, all of them stay in baseline, and the hybrid
// variants keep some of each; a FuSe pair is followed (after any squeeze-excite FCs) by a
// pointwise conv reading 2C channels (full) or C channels (half).
TEST(NetworkZooTest, FuseReplacementRules) {
  for (const std::string& net : network_names()) {
    for (const std::string& variant : variant_names()) {
      SCOPED_TRACE(net + " " + variant);
      const std::vector<LayerSpec> layers = build_network(net, variant);
      int dw = 0;
      int rows = 0;
      for (size_t i = 0; i < layers.size(); ++i) {
        const LayerSpec& l = layers[i];
        dw += l.op == OpKind::kDepthwise;
        if (l.op != OpKind::kFuseRow) continue;
        ++rows;
        ASSERT_LT(i + 2, layers.size());
        const LayerSpec& col = layers[i + 1];
        EXPECT_EQ(col.op, OpKind::kFuseCol);
        EXPECT_EQ(col.in_c, l.in_c);
        EXPECT_EQ(col.k_h, l.k_w);
        EXPECT_EQ(col.in_h, l.in_h);
        EXPECT_EQ(col.out_h(), l.out_h());
        EXPECT_EQ(col.out_w(), l.out_w());
        size_t j = i + 2;
        while (j < layers.size() && layers[j].op == OpKind::kLinear) ++j;
        ASSERT_LT(j, layers.size());
        EXPECT_EQ(layers[j].op, OpKind::kPointwise);
        EXPECT_EQ(layers[j].in_c, l.in_c + col.in_c);
        if (j > i + 2) {
          EXPECT_EQ(layers[i + 2].in_c, l.in_c + col.in_c);  // squeeze-excite on the concat
        }
      }
      const bool full_or_half = variant == "full" || variant == "half";
      if (variant == "baseline") {
        EXPECT_EQ(rows, 0);
        EXPECT_GT(dw, 0);
      } else if (full_or_half) {
        EXPECT_EQ(dw, 0);
        EXPECT_GT(rows, 0);
      } else {
        EXPECT_GT(dw, 0);
        EXPECT_GT(rows, 0);
      }
    }
  }
}

TEST(NetworkZooTest, HalfSplitsChannelsFullDoublesThem) {
  const std::vector<LayerSpec> base = build_network("mobilenet_v2", "baseline");
  const std::vector<LayerSpec> full = build_network("mobilenet_v2", "full");
  const std::vector<LayerSpec> half = build_network("mobilenet_v2", "half");
  const LayerSpec* dw = find_layer(base, "MB5.dw3x3");
  const LayerSpec* fr = find_layer(full, "MB5.conv2_h(1x3)");
  const LayerSpec* hr = find_layer(half, "MB5.conv2_h(1x3)");
  const LayerSpec* hc = find_layer(half, "MB5.conv2_v(3x1)");
  ASSERT_TRUE(dw && fr && hr && hc);
  EXPECT_EQ(fr->in_c, dw->in_c);
  EXPECT_EQ(hr->in_c + hc->in_c, dw->in_c);
  EXPECT_EQ(hr->in_c, dw->in_c / 2);
}

TEST(NetworkZooTest, NamesAreListed) {
  EXPECT_EQ(network_names(),
            (std::vector<std::string>{"mobilenet_v1", "mobilenet_v2", "mnasnet_b1",
                                      "mobilenet_v3_small", "mobilenet_v3_large"}));
  EXPECT_EQ(variant_names(),
            (std::vector<std::string>{"baseline", "full", "half", "full50", "half50"}));
}

TEST(NetworkZooTest, UnknownNetworkThrowsNamingTheKnownOnes) {
  try {
    build_network("resnet50", "baseline");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("unknown network 'resnet50'"), std::string::npos) << msg;
    for (const std::string& n : network_names()) EXPECT_NE(msg.find(n), std::string::npos) << msg;
  }
}

TEST(NetworkZooTest, UnknownVariantThrowsNamingTheKnownOnes) {
  try {
    build_network("mobilenet_v2", "quarter");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'quarter'"), std::string::npos) << msg;
    for (const std::string& v : variant_names()) EXPECT_NE(msg.find(v), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace fusesim
