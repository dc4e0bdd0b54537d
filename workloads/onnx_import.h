#pragma once
/// ONNX import: the layers of an ONNX model that map onto the array, read with the ONNX C++
/// library (Debian's libonnx-dev) and shaped by ONNX's own shape inference; nothing is parsed
/// by hand.
///
/// Mapping (docs/user-guide.md, "Your own network"):
///  - Conv, group 1: conv (pointwise when 1×1); group = C_in = C_out: depthwise (fuse-row /
///    fuse-col when the kernel is 1×K / K×1, so that the FuSe array runs it in 1-D); any other
///    group count: one convolution per group (node name + "/g<i>"), each a GEMM of its own;
///    strides and (asymmetric) pads honoured; dilation other than 1 refused;
///  - Gemm, and MatMul with a constant right operand: linear when the left operand is 2-D
///    (batch = its rows), else a GEMM with M = the product of its leading dimensions;
///  - every other node is listed by op type in `not_on_array`.
/// Weights must be initializers or outputs of Constant nodes. Layers come in the graph's
/// topological order and are named after their nodes.
///
///   OnnxModel m = import_onnx("net.onnx", {});      // throws InputError (file, node)
///   run_network(m.layers, ...);

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "workloads/layer_spec.h"

namespace fusesim {

struct OnnxModel {
  std::vector<LayerSpec> layers;            ///< the layers on the array, in execution order
  std::map<std::string, int> not_on_array;  ///< every other node: op type -> count
  int64_t opset = 0;                        ///< the default domain's opset
  std::string graph_name;
};

/// Reads `path`. `input_shape` (N, C, H, W) replaces the graph input's shape; it is required
/// when that shape has a dynamic dimension. Throws InputError naming the file and, where there
/// is one, the node, for anything the importer cannot map faithfully.
OnnxModel import_onnx(const std::string& path,
                      const std::optional<std::array<int64_t, 4>>& input_shape);

/// The mappable layers as a SCALE-Sim v2 conv topology (header and one row per layer; the
/// padding folded into the IFMAP sizes, as SCALE-Sim expects), for `fusesim onnx-topology`.
std::string scalesim_topology_text(const std::vector<LayerSpec>& layers);

}  // namespace fusesim
