#include "workloads/layer_data.h"

#include <algorithm>
#include <cstddef>
#include <limits>
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

int64_t reduction_length(const LayerSpec& l) {
  return int64_t(l.k_h) * l.k_w * (l.is_channelwise() ? 1 : l.in_c);
}

namespace {

// Products an int32 sums without overflow: 2^16 · 2^14 = 2^30.
constexpr int kSafeTerms = 1 << 16;

// Σ x[c] · w[c] over c < n, exact: int32 sums of at most kSafeTerms products (so that the loop
// stays narrow and vectorises), added in 64 bits.
int64_t dot_exact(const int8_t* x, const int8_t* w, int n) {
  int64_t total = 0;
  for (int c0 = 0; c0 < n; c0 += kSafeTerms) {
    const int c1 = std::min(n, c0 + kSafeTerms);
    int32_t part = 0;
    for (int c = c0; c < c1; ++c) part += int32_t(x[c]) * int32_t(w[c]);
    total += part;
  }
  return total;
}

// Calls fn(output index, n, e, f, m) for every output.
template <class Fn>
void for_each_output(const LayerSpec& l, Fn fn) {
  for (int n = 0; n < l.batch; ++n)
    for (int e = 0; e < l.out_h(); ++e)
      for (int f = 0; f < l.out_w(); ++f)
        for (int m = 0; m < l.out_c; ++m) fn(out_index(l, n, e, f, m), n, e, f, m);
}

// The products of one output in k order, padding included (a zero product still takes its
// place in a partial sum).
void output_products(const LayerSpec& l, const LayerData& d, bool collapsed, int n, int e, int f,
                     int m, std::vector<int32_t>* p) {
  p->clear();
  for (int kh = 0; kh < l.k_h; ++kh)
    for (int kw = 0; kw < l.k_w; ++kw) {
      const int hp = e * l.stride_h + kh;
      const int wp = f * l.stride_w + kw;
      if (collapsed) {
        p->push_back(int32_t(d.in_padded(l, n, hp, wp, 0)) * d.w_channel(l, m, kh, kw));
      } else if (l.is_channelwise()) {
        p->push_back(int32_t(d.in_padded(l, n, hp, wp, m)) * d.w_channel(l, m, kh, kw));
      } else {
        for (int c = 0; c < l.in_c; ++c)
          p->push_back(int32_t(d.in_padded(l, n, hp, wp, c)) * d.w_dense(l, m, kh, kw, c));
      }
    }
}

int32_t saturate_add(int32_t a, int32_t b) {
  return int32_t(std::clamp<int64_t>(int64_t(a) + b, std::numeric_limits<int32_t>::min(),
                                     std::numeric_limits<int32_t>::max()));
}

}  // namespace

std::vector<int64_t> reference_conv_exact(const LayerSpec& l, const LayerData& d) {
  std::vector<int64_t> out(output_size(l), 0);
  for_each_output(l, [&](size_t i, int n, int e, int f, int m) {
    int64_t acc = 0;
    for (int kh = 0; kh < l.k_h; ++kh)
      for (int kw = 0; kw < l.k_w; ++kw) {
        const int h = e * l.stride_h + kh - l.pad_h;
        const int w = f * l.stride_w + kw - l.pad_w;
        if (h < 0 || h >= l.in_h || w < 0 || w >= l.in_w) continue;  // zero padding
        if (l.is_channelwise()) {
          acc += int32_t(d.in_at(l, n, h, w, m)) * d.w_channel(l, m, kh, kw);
        } else {
          acc += dot_exact(&d.input[((size_t(n) * l.in_h + h) * l.in_w + w) * l.in_c],
                           &d.weights[((size_t(m) * l.k_h + kh) * l.k_w + kw) * l.in_c], l.in_c);
        }
      }
    out[i] = acc;
  });
  return out;
}

std::vector<int64_t> reference_collapsed_depthwise_exact(const LayerSpec& l, const LayerData& d) {
  std::vector<int64_t> out(output_size(l), 0);
  for_each_output(l, [&](size_t i, int n, int e, int f, int m) {
    int64_t acc = 0;
    for (int kh = 0; kh < l.k_h; ++kh)
      for (int kw = 0; kw < l.k_w; ++kw)
        acc += int32_t(d.in_padded(l, n, e * l.stride_h + kh, f * l.stride_w + kw, 0)) *
               d.w_channel(l, m, kh, kw);
    out[i] = acc;
  });
  return out;
}

std::vector<int32_t> wrap_to_int32(const std::vector<int64_t>& exact) {
  std::vector<int32_t> out(exact.size());
  for (size_t i = 0; i < exact.size(); ++i) out[i] = wrap_to_int32(exact[i]);
  return out;
}

std::vector<int32_t> reference_conv(const LayerSpec& l, const LayerData& d) {
  return wrap_to_int32(reference_conv_exact(l, d));
}

std::vector<int32_t> reference_collapsed_depthwise(const LayerSpec& l, const LayerData& d) {
  return wrap_to_int32(reference_collapsed_depthwise_exact(l, d));
}

std::vector<int32_t> reference_conv_saturating(const LayerSpec& l, const LayerData& d,
                                               const ReductionOrder& order, bool collapsed) {
  std::vector<int32_t> out(output_size(l), 0);
  std::vector<int32_t> p;
  for_each_output(l, [&](size_t i, int n, int e, int f, int m) {
    output_products(l, d, collapsed, n, e, f, m, &p);
    if (order.descending && order.block > 0) {
      for (size_t b = 0; b < p.size(); b += size_t(order.block))
        std::reverse(p.begin() + std::ptrdiff_t(b),
                     p.begin() + std::ptrdiff_t(std::min(p.size(), b + size_t(order.block))));
    } else if (order.descending) {
      std::reverse(p.begin(), p.end());
    }
    int32_t total = 0;
    int32_t part = 0;
    int64_t terms = 0;
    for (int32_t x : p) {
      part = saturate_add(part, x);
      if (++terms == order.chunk) {
        total = saturate_add(total, part);
        part = 0;
        terms = 0;
      }
    }
    if (terms > 0) total = saturate_add(total, part);
    out[i] = total;
  });
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
