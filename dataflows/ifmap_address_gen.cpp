#include "dataflows/ifmap_address_gen.h"

#include <stdexcept>

namespace fusesim {

void IfmapAddressGen::set_shape(const LayerSpec& l, std::vector<int8_t> input, Mode mode) {
  if (input.size() != size_t(l.batch) * size_t(l.in_h) * size_t(l.in_w) * size_t(l.in_c))
    throw std::logic_error("IfmapAddressGen: input size does not match layer " + l.name);
  mode_ = mode;
  input_ = std::move(input);
  h_ = l.in_h;
  w_ = l.in_w;
  c_ = l.in_c;
  pad_h_ = l.pad_h;
  pad_w_ = l.pad_w;
  stride_h_ = l.stride_h;
  stride_w_ = l.stride_w;
  out_w_ = l.out_w();
  pixels_ = l.out_h() * l.out_w();
}

IfmapAddressGen IfmapAddressGen::gemm(const LayerSpec& l, std::vector<int8_t> input, Mode mode) {
  if (mode != kDense && mode != kPerChannel && mode != kChannel0)
    throw std::logic_error("IfmapAddressGen::gemm: not a GEMM mode");
  IfmapAddressGen g;
  g.set_shape(l, std::move(input), mode);
  // One entry per reduction index: k = (kh · Kw + kw) · Cin + c (dense) or kh · Kw + kw.
  const int channels = mode == kDense ? l.in_c : 1;
  g.koff_.reserve(size_t(l.k_h) * size_t(l.k_w) * size_t(channels));
  for (int kh = 0; kh < l.k_h; ++kh)
    for (int kw = 0; kw < l.k_w; ++kw)
      for (int c = 0; c < channels; ++c) g.koff_.push_back(KernelOffset{kh, kw, c});
  return g;
}

IfmapAddressGen IfmapAddressGen::conv1d(const LayerSpec& l, std::vector<int8_t> input, Mode mode) {
  if (mode != kRow1d && mode != kCol1d)
    throw std::logic_error("IfmapAddressGen::conv1d: not a 1-D mode");
  IfmapAddressGen g;
  g.set_shape(l, std::move(input), mode);
  g.outer_ = mode == kRow1d ? l.out_h() : l.out_w();
  return g;
}

}  // namespace fusesim
