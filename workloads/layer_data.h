#pragma once
/// LayerData: a layer's int8 input and weights, and the plain C++ reference convolution.

#include <cstdint>
#include <vector>

#include "workloads/layer_spec.h"

namespace fusesim {

/// Input (NHWC, unpadded), weights and the reference output of one layer.
/// Weights: standard/pointwise/linear/GEMM as [filter][kh][kw][channel]; depthwise and FuSe as
/// [channel][kh][kw]. Output: NHWC int32 with out_c channels.
struct LayerData {
  std::vector<int8_t> input;
  std::vector<int8_t> weights;

  int8_t in_at(const LayerSpec& l, int n, int h, int w, int c) const {
    return input[((size_t(n) * l.in_h + h) * l.in_w + w) * l.in_c + c];
  }
  /// Input with zero padding: h and w are in padded coordinates.
  int8_t in_padded(const LayerSpec& l, int n, int hp, int wp, int c) const {
    const int h = hp - l.pad_h;
    const int w = wp - l.pad_w;
    if (h < 0 || h >= l.in_h || w < 0 || w >= l.in_w) return 0;
    return in_at(l, n, h, w, c);
  }
  int8_t w_dense(const LayerSpec& l, int m, int kh, int kw, int c) const {
    return weights[((size_t(m) * l.k_h + kh) * l.k_w + kw) * l.in_c + c];
  }
  int8_t w_channel(const LayerSpec& l, int c, int kh, int kw) const {
    return weights[(size_t(c) * l.k_h + kh) * l.k_w + kw];
  }
};

/// Seeded uniform int8 data for a layer (same seed, same data).
LayerData make_layer_data(const LayerSpec& l, uint64_t seed);

/// Output tensor element count (NHWC).
size_t output_size(const LayerSpec& l);
inline size_t out_index(const LayerSpec& l, int n, int e, int f, int m) {
  return ((size_t(n) * l.out_h() + e) * l.out_w() + f) * l.out_c + m;
}

/// Products summed for one output: Kh·Kw·Cin (dense), Kh·Kw (channel-wise).
int64_t reduction_length(const LayerSpec& l);

/// Direct convolution (no im2col), summed exactly in 64 bits: the golden model. Output NHWC.
std::vector<int64_t> reference_conv_exact(const LayerSpec& l, const LayerData& d);
/// The same for SCALE-Sim's collapsed depthwise convention: channel 0 of the input convolved with
/// each channel's filter (not arithmetically a depthwise convolution).
std::vector<int64_t> reference_collapsed_depthwise_exact(const LayerSpec& l, const LayerData& d);

/// An exact sum modulo 2^32 as int32: what int32 adders that wrap compute, in any order.
inline int32_t wrap_to_int32(int64_t exact) { return int32_t(uint32_t(uint64_t(exact))); }
/// wrap_to_int32() of every element.
std::vector<int32_t> wrap_to_int32(const std::vector<int64_t>& exact);
/// reference_conv_exact() wrapped to int32: the array's output with AccOverflow::kWrap.
std::vector<int32_t> reference_conv(const LayerSpec& l, const LayerData& d);
/// reference_collapsed_depthwise_exact() wrapped to int32.
std::vector<int32_t> reference_collapsed_depthwise(const LayerSpec& l, const LayerData& d);

/// The order in which the array adds the products of one output. It matters only to adders
/// that saturate: once a partial sum clips, the result depends on what was added before.
/// Products are numbered k = 0 … K − 1 as in im2col: (kh, kw, channel), channel fastest.
struct ReductionOrder {
  /// 0: one running sum over all products (OS, 1-D: the PE's accumulator). n > 0: partial sums of
  /// n consecutive products (WS/IS: a fold's rows, the partial-sum chain), each added in k order
  /// to a running total that starts at zero (the bottom buffer's read-modify-write).
  int64_t chunk = 0;
  /// Products in descending k (the 1-D broadcast dataflow sends the last tap first).
  bool descending = false;
  /// With descending: n > 0 reverses each block of n consecutive products instead of the whole
  /// list (a K×K depthwise layer mapped by rows: kernel rows in order, each row's taps last first).
  int64_t block = 0;
};

/// The convolution as int32 adders that saturate compute it, in `order`; `collapsed` selects
/// SCALE-Sim's collapsed depthwise convention. Equal to the exact sum wherever no partial sum
/// leaves int32. A scalar loop: use it only when some sum can overflow.
std::vector<int32_t> reference_conv_saturating(const LayerSpec& l, const LayerData& d,
                                               const ReductionOrder& order, bool collapsed);

/// 64-bit FNV-1a hash of an int32 tensor (little-endian bytes).
uint64_t digest(const std::vector<int32_t>& t);

}  // namespace fusesim
