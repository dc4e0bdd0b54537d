#pragma once
/// Layer descriptions shared by every part of fusesim: one conv or linear layer of a network.

#include <cstdint>
#include <string>
#include <vector>

namespace fusesim {

/// Operator class of a layer, as it matters to the array.
enum class OpKind {
  kConv,       ///< standard K×K convolution (groups = 1)
  kPointwise,  ///< 1×1 convolution (groups = 1)
  kDepthwise,  ///< K×K depthwise (groups = C)
  kFuseRow,    ///< 1×K depthwise (FuSe horizontal half)
  kFuseCol,    ///< K×1 depthwise (FuSe vertical half)
  kLinear,     ///< fully connected (a GEMM with one output pixel per image)
  kGemm,       ///< a raw GEMM M×K·K×N given as in_h = M, in_c = K, out_c = N
};

const char* to_string(OpKind op);
/// Parses "conv", "pointwise"/"pw", "dw"/"depthwise", "fuse-row", "fuse-col", "linear", "gemm".
/// Returns false when the name is unknown.
bool parse_op_kind(const std::string& s, OpKind* out);

/// One layer. Sizes are the unpadded input; padding is pad_h rows on top and pad_h_end() at the
/// bottom, pad_w columns on the left and pad_w_end() on the right (symmetric unless pad_bottom /
/// pad_right say otherwise, as ONNX models may).
struct LayerSpec {
  std::string name = "layer";
  OpKind op = OpKind::kConv;
  int batch = 1;
  int in_h = 1;
  int in_w = 1;
  int in_c = 1;
  int out_c = 1;  ///< filters; equals in_c for depthwise and FuSe layers
  int k_h = 1;
  int k_w = 1;
  int stride_h = 1;
  int stride_w = 1;
  int pad_h = 0;         ///< rows of zeros above the input (and below, unless pad_bottom >= 0)
  int pad_w = 0;         ///< columns left of the input (and right, unless pad_right >= 0)
  int pad_bottom = -1;   ///< -1: pad_h
  int pad_right = -1;    ///< -1: pad_w
  bool bias = false;     ///< counts for parameters only; the array computes no bias
  bool executed = true;  ///< false: the module exists (parameters) but never runs

  int pad_h_end() const { return pad_bottom < 0 ? pad_h : pad_bottom; }
  int pad_w_end() const { return pad_right < 0 ? pad_w : pad_right; }
  bool asymmetric_pad() const { return pad_h_end() != pad_h || pad_w_end() != pad_w; }
  int padded_h() const { return in_h + pad_h + pad_h_end(); }
  int padded_w() const { return in_w + pad_w + pad_w_end(); }
  int out_h() const { return (padded_h() - k_h) / stride_h + 1; }
  int out_w() const { return (padded_w() - k_w) / stride_w + 1; }
  bool is_channelwise() const {
    return op == OpKind::kDepthwise || op == OpKind::kFuseRow || op == OpKind::kFuseCol;
  }
  int groups() const { return is_channelwise() ? in_c : 1; }
  /// Multiply-accumulates of one forward pass (all images of the batch).
  int64_t macs() const;
  /// Weights (+ bias) of the layer.
  int64_t params() const;
  /// Every problem with the layer, one message each; empty when valid.
  std::vector<std::string> validate() const;
};

}  // namespace fusesim
