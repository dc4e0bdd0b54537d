// The ONNX importer on models built at test time by scripts/make_onnx_models.py (python3-onnx,
// random weights): MobileNet-V2 block by block imports to the network zoo's layer table; grouped
// convolutions split per group; asymmetric and SAME padding; a MatMul head with Constant weights;
// the refusals, each naming the file and node.
#include "workloads/onnx_import.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "workloads/input_error.h"
#include "workloads/network_zoo.h"

namespace fusesim {
namespace {

/// Builds the named models into a fresh folder of this process.
std::string make_models(const std::string& names) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("fusesim-onnx-" + std::to_string(getpid())))
          .string();
  const std::string cmd = std::string("/usr/bin/python3 ") + FUSESIM_SOURCE_DIR +
                          "/scripts/make_onnx_models.py " + dir + " " + names + " >/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return dir;
}

std::string refusal(const std::string& path, const char* shape = nullptr) {
  std::optional<std::array<int64_t, 4>> s;
  if (shape) s = std::array<int64_t, 4>{2, 16, 12, 12};
  try {
    import_onnx(path, s);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(OnnxImport, MobileNetV2EqualsTheZooLayerForLayer) {
  const std::string dir = make_models("mobilenet_v2");
  const OnnxModel m = import_onnx(dir + "/mobilenet_v2.onnx", {});
  std::vector<LayerSpec> zoo;
  for (const LayerSpec& l : build_network("mobilenet_v2", "baseline"))
    if (l.executed) zoo.push_back(l);
  ASSERT_EQ(m.layers.size(), zoo.size());
  for (size_t i = 0; i < zoo.size(); ++i) {
    const LayerSpec &a = m.layers[i], &b = zoo[i];
    SCOPED_TRACE(a.name + " vs " + b.name);
    EXPECT_EQ(a.op, b.op);
    EXPECT_EQ(std::vector<int>({a.batch, a.in_h, a.in_w, a.in_c, a.out_c, a.k_h, a.k_w, a.stride_h,
                                a.stride_w, a.pad_h, a.pad_w, a.pad_h_end(), a.pad_w_end()}),
              std::vector<int>({b.batch, b.in_h, b.in_w, b.in_c, b.out_c, b.k_h, b.k_w, b.stride_h,
                                b.stride_w, b.pad_h, b.pad_w, b.pad_h_end(), b.pad_w_end()}));
    EXPECT_EQ(a.macs(), b.macs());
    EXPECT_EQ(a.params(), b.params());
  }
  EXPECT_EQ(m.layers.front().name, "features.0");
  EXPECT_EQ(m.layers.back().name, "classifier.1");
  EXPECT_EQ(m.not_on_array, (std::map<std::string, int>{{"Add", 10},
                                                        {"BatchNormalization", 52},
                                                        {"Clip", 35},
                                                        {"Flatten", 1},
                                                        {"GlobalAveragePool", 1}}));
  EXPECT_EQ(m.opset, 13);
  std::filesystem::remove_all(dir);
}

TEST(OnnxImport, GroupsPaddingAndMatMul) {
  const std::string dir = make_models("grouped asym_pad matmul_head dynamic_batch");
  const OnnxModel g = import_onnx(dir + "/grouped.onnx", {});
  // dense 1 + group 2 (2) + group 4 (4) + depthwise 1 + 1x3 depthwise 1 + multiplier 2 (32).
  ASSERT_EQ(g.layers.size(), 41u);
  EXPECT_EQ(g.layers[1].name, "g2/g0");
  EXPECT_EQ(g.layers[1].in_c, 8);
  EXPECT_EQ(g.layers[1].out_c, 16);
  EXPECT_EQ(g.layers[3].op, OpKind::kPointwise);
  EXPECT_EQ(g.layers[3].in_c, 8);
  EXPECT_EQ(g.layers[7].op, OpKind::kDepthwise);
  EXPECT_EQ(g.layers[8].op, OpKind::kFuseRow);
  EXPECT_EQ(g.layers[9].name, "dw_mult2/g0");
  EXPECT_EQ(g.layers[9].in_c, 1);
  EXPECT_EQ(g.layers[9].out_c, 2);
  int64_t macs = 0;
  for (const auto& l : g.layers) macs += l.macs();
  // 12x12 outputs: 16*16*9 + 32*8*9 + 32*8 + 32*9 + 32*3 + 64*9 products per pixel.
  EXPECT_EQ(macs, int64_t(144) * (16 * 16 * 9 + 32 * 8 * 9 + 32 * 8 + 32 * 9 + 32 * 3 + 64 * 9));

  const OnnxModel a = import_onnx(dir + "/asym_pad.onnx", {});
  ASSERT_EQ(a.layers.size(), 3u);
  // pads [top 0, left 1, bottom 1, right 0] on 16x14, 3x3, stride 2: (17-3)/2+1 = 8 by
  // (15-3)/2+1 = 7 outputs.
  EXPECT_EQ(a.layers[0].pad_h, 0);
  EXPECT_EQ(a.layers[0].pad_h_end(), 1);
  EXPECT_EQ(a.layers[0].pad_w, 1);
  EXPECT_EQ(a.layers[0].pad_w_end(), 0);
  EXPECT_EQ(a.layers[0].out_h(), 8);
  EXPECT_EQ(a.layers[0].out_w(), 7);
  // SAME_UPPER on 8x7, stride 2: ceil -> 4x4; total padding 3·2+3−8 = 1 (h, below: UPPER) and
  // 3·2+3−7 = 2 (w, one each side).
  EXPECT_EQ(a.layers[1].out_h(), 4);
  EXPECT_EQ(a.layers[1].out_w(), 4);
  EXPECT_EQ(a.layers[1].pad_h, 0);
  EXPECT_EQ(a.layers[1].pad_h_end(), 1);
  EXPECT_EQ(a.layers[1].pad_w, 1);
  EXPECT_EQ(a.layers[1].pad_w_end(), 1);
  EXPECT_EQ(a.layers[2].stride_h, 2);
  EXPECT_EQ(a.layers[2].stride_w, 1);

  const OnnxModel mm = import_onnx(dir + "/matmul_head.onnx", {});
  ASSERT_EQ(mm.layers.size(), 2u);
  EXPECT_EQ(mm.layers[1].op, OpKind::kLinear);
  EXPECT_EQ(mm.layers[1].in_c, 128);
  EXPECT_EQ(mm.layers[1].out_c, 10);
  EXPECT_EQ(mm.layers[0].op, OpKind::kConv);  // weights from a Constant node too
  EXPECT_EQ(mm.layers[0].out_c, 8);
  EXPECT_EQ(mm.not_on_array.at("Constant"), 2);

  EXPECT_NE(refusal(dir + "/dynamic_batch.onnx").find("give --input-shape"), std::string::npos);
  EXPECT_EQ(refusal(dir + "/dynamic_batch.onnx", "2x16x12x12"), "");
  const OnnxModel d =
      import_onnx(dir + "/dynamic_batch.onnx", std::array<int64_t, 4>{2, 16, 12, 12});
  EXPECT_EQ(d.layers[0].batch, 2);
  std::filesystem::remove_all(dir);
}

TEST(OnnxImport, RefusalsNameTheFileAndNode) {
  const std::string dir = make_models("");
  auto has = [&](const std::string& model, const std::string& what) {
    const std::string msg = refusal(dir + "/" + model);
    EXPECT_NE(msg.find(dir + "/" + model), std::string::npos) << msg;
    EXPECT_NE(msg.find(what), std::string::npos) << msg;
  };
  has("bad_dilation.onnx", "node 'dilated' (Conv): dilation 2x2 is not supported");
  has("bad_runtime_weights.onnx",
      "node 'conv_rt' (Conv): its weights 'w_relu' are computed at run time by node "
      "'make_weights' (Relu)");
  has("bad_opset.onnx", "opset 3 is not supported");
  has("bad_empty.onnx", "the graph is empty");
  has("bad_truncated.onnx", "not an ONNX model");
  has("bad_not_onnx.onnx", "not an ONNX model");
  has("no_such.onnx", "cannot open");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fusesim
