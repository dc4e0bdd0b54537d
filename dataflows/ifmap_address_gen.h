#pragma once
/// IfmapAddressGen: the left feeders' address generators. The ifmap scratchpad holds the layer's
/// input tensor as it is (NHWC, unpadded, one byte per int8 value), not an im2col copy; each
/// operand the feeders present is read from the tensor at an address computed on the fly, and
/// padding is a zero the generator makes without reading memory.
///
/// GEMM mappings (im2col on the fly), operand A_g[m][k] of the program's GEMM:
///  - dense:       m = (n, e, f) output pixel, k = (kh, kw, c) with c fastest, group 0;
///  - per-channel: group g is channel g, k = (kh, kw);
///  - channel 0:   SCALE-Sim's collapsed depthwise convention: every group reads channel 0.
/// 1-D mappings (the FuSe row walk), element x_i,p[j] of convolution i = (n, o, c), pass p:
///  - row: input row o·stride_h + p of channel c, padded position j along the width;
///  - col: input column o·stride_w + p of channel c, padded position j along the height.
/// (p > 0 only for a K×K depthwise layer mapped by rows: pass p is kernel row p.)
///
/// Nothing of size im2col is ever allocated, so a layer's im2col size is not limited; the
/// generator keeps one table entry per reduction index k (its kernel offset) and decodes m with
/// two divisions.
///
///   IfmapAddressGen g = IfmapAddressGen::gemm(layer, data.input, IfmapAddressGen::kDense);
///   int8_t a = g.gemm_at(0, m, k);  // == im2col(layer, data)[m * K + k]

#include <cstdint>
#include <vector>

#include "workloads/layer_spec.h"

namespace fusesim {

class IfmapAddressGen {
 public:
  enum Mode : uint8_t { kNone, kDense, kPerChannel, kChannel0, kRow1d, kCol1d };

  IfmapAddressGen() = default;
  /// A GEMM view (kDense, kPerChannel or kChannel0) of `input` (NHWC of layer l).
  static IfmapAddressGen gemm(const LayerSpec& l, std::vector<int8_t> input, Mode mode);
  /// A 1-D view (kRow1d or kCol1d): convolution i = (n · outer + o) · C + c.
  static IfmapAddressGen conv1d(const LayerSpec& l, std::vector<int8_t> input, Mode mode);

  Mode mode() const { return mode_; }
  bool active() const { return mode_ != kNone; }

  /// A_g[m][k] of a GEMM view.
  int8_t gemm_at(int g, int m, int k) const {
    const int n = m / pixels_;
    const int p = m - n * pixels_;
    const int e = p / out_w_;
    const int f = p - e * out_w_;
    const KernelOffset& o = koff_[size_t(k)];
    const int c = mode_ == kDense ? o.c : (mode_ == kPerChannel ? g : 0);
    return pixel(n, e * stride_h_ + o.dy, f * stride_w_ + o.dx, c);
  }
  /// x_i,pass[j] of a 1-D view (j in padded coordinates along the walk).
  int8_t conv1d_at(int i, int j, int pass = 0) const {
    const int c = i % c_;
    const int t = i / c_;
    const int o = t % outer_;
    const int n = t / outer_;
    return mode_ == kRow1d ? pixel(n, o * stride_h_ + pass, j, c)
                           : pixel(n, j, o * stride_w_ + pass, c);
  }

  /// The tensor the scratchpad holds (fault injection flips bits in it).
  std::vector<int8_t>& tensor() { return input_; }
  const std::vector<int8_t>& tensor() const { return input_; }

 private:
  struct KernelOffset {
    int dy = 0;  ///< kh
    int dx = 0;  ///< kw
    int c = 0;   ///< channel (dense mode)
  };
  /// The value at padded coordinates (hp, wp): zero in the padding.
  int8_t pixel(int n, int hp, int wp, int c) const {
    const int h = hp - pad_h_;
    const int w = wp - pad_w_;
    if (unsigned(h) >= unsigned(h_) || unsigned(w) >= unsigned(w_)) return 0;
    return input_[((size_t(n) * size_t(h_) + size_t(h)) * size_t(w_) + size_t(w)) * size_t(c_) +
                  size_t(c)];
  }
  void set_shape(const LayerSpec& l, std::vector<int8_t> input, Mode mode);

  Mode mode_ = kNone;
  std::vector<int8_t> input_;
  std::vector<KernelOffset> koff_;
  int h_ = 0, w_ = 0, c_ = 1, pad_h_ = 0, pad_w_ = 0, stride_h_ = 1, stride_w_ = 1;
  int out_w_ = 1, pixels_ = 1, outer_ = 1;
};

}  // namespace fusesim
