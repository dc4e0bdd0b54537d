#include "workloads/layer_data.h"

#include <random>

namespace fusesim {

LayerData make_layer_data(const LayerSpec& l, uint64_t seed) {
  LayerData d;
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> dist(-128, 127);
  d.input.resize(size_t(l.batch) * l.in_h * l.in_w * l.in_c);
  for (auto& v : d.input) v = int8_t(dist(rng));
  const size_t nw = l.is_channelwise() ? size_t(l.in_c) * l.k_h * l.k_w
                                       : size_t(l.out_c) * l.k_h * l.k_w * l.in_c;
  d.weights.resize(nw);
  for (auto& v : d.weights) v = int8_t(dist(rng));
  return d;
}

size_t output_size(const LayerSpec& l) { return size_t(l.batch) * l.out_h() * l.out_w() * l.out_c; }

std::vector<int32_t> reference_conv(const LayerSpec& l, const LayerData& d) {
  std::vector<int32_t> out(output_size(l), 0);
  const int E = l.out_h();
  const int F = l.out_w();
  for (int n = 0; n < l.batch; ++n)
    for (int e = 0; e < E; ++e)
      for (int f = 0; f < F; ++f)
        for (int m = 0; m < l.out_c; ++m) {
          int32_t acc = 0;
          for (int kh = 0; kh < l.k_h; ++kh)
            for (int kw = 0; kw < l.k_w; ++kw) {
              const int hp = e * l.stride_h + kh;
              const int wp = f * l.stride_w + kw;
              if (l.is_channelwise()) {
                acc += int32_t(d.in_padded(l, n, hp, wp, m)) * d.w_channel(l, m, kh, kw);
              } else {
                for (int c = 0; c < l.in_c; ++c)
                  acc += int32_t(d.in_padded(l, n, hp, wp, c)) * d.w_dense(l, m, kh, kw, c);
              }
            }
          out[out_index(l, n, e, f, m)] = acc;
        }
  return out;
}

std::vector<int32_t> reference_collapsed_depthwise(const LayerSpec& l, const LayerData& d) {
  std::vector<int32_t> out(output_size(l), 0);
  for (int n = 0; n < l.batch; ++n)
    for (int e = 0; e < l.out_h(); ++e)
      for (int f = 0; f < l.out_w(); ++f)
        for (int m = 0; m < l.out_c; ++m) {
          int32_t acc = 0;
          for (int kh = 0; kh < l.k_h; ++kh)
            for (int kw = 0; kw < l.k_w; ++kw)
              acc += int32_t(d.in_padded(l, n, e * l.stride_h + kh, f * l.stride_w + kw, 0)) *
                     d.w_channel(l, m, kh, kw);
          out[out_index(l, n, e, f, m)] = acc;
        }
  return out;
}

uint64_t digest(const std::vector<int32_t>& t) {
  uint64_t h = 1469598103934665603ull;
  for (int32_t v : t) {
    const uint32_t u = uint32_t(v);
    for (int b = 0; b < 4; ++b) {
      h ^= (u >> (8 * b)) & 0xffu;
      h *= 1099511628211ull;
    }
  }
  return h;
}

}  // namespace fusesim
