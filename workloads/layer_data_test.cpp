// The golden model: exact 64-bit sums, their int32 wrap, and int32 saturating sums in a given
// reduction order.
#include "workloads/layer_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>

namespace fusesim {
namespace {

constexpr int32_t kMax = std::numeric_limits<int32_t>::max();

// The plainest possible convolution, in 64 bits, through in_padded().
std::vector<int64_t> naive(const LayerSpec& l, const LayerData& d, bool collapsed) {
  std::vector<int64_t> out(output_size(l), 0);
  for (int n = 0; n < l.batch; ++n)
    for (int e = 0; e < l.out_h(); ++e)
      for (int f = 0; f < l.out_w(); ++f)
        for (int m = 0; m < l.out_c; ++m) {
          int64_t s = 0;
          for (int kh = 0; kh < l.k_h; ++kh)
            for (int kw = 0; kw < l.k_w; ++kw) {
              const int hp = e * l.stride_h + kh;
              const int wp = f * l.stride_w + kw;
              if (collapsed || l.is_channelwise()) {
                s += int64_t(d.in_padded(l, n, hp, wp, collapsed ? 0 : m)) *
                     d.w_channel(l, m, kh, kw);
              } else {
                for (int c = 0; c < l.in_c; ++c)
                  s += int64_t(d.in_padded(l, n, hp, wp, c)) * d.w_dense(l, m, kh, kw, c);
              }
            }
          out[out_index(l, n, e, f, m)] = s;
        }
  return out;
}

std::vector<LayerSpec> random_layers(int count) {
  std::mt19937_64 rng(15);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<LayerSpec> v;
  const OpKind ops[] = {OpKind::kConv,    OpKind::kDepthwise, OpKind::kFuseRow,
                        OpKind::kFuseCol, OpKind::kLinear,    OpKind::kGemm};
  while (int(v.size()) < count) {
    LayerSpec l;
    l.op = ops[pick(0, 5)];
    l.batch = pick(1, 2);
    l.in_h = pick(1, 7);
    l.in_w = pick(1, 7);
    l.in_c = pick(1, 5);
    l.out_c = l.is_channelwise() ? l.in_c : pick(1, 4);
    l.k_h = l.op == OpKind::kFuseRow ? 1 : pick(1, 3);
    l.k_w = l.op == OpKind::kFuseCol ? 1 : pick(1, 3);
    l.stride_h = l.stride_w = pick(1, 2);
    l.pad_h = pick(0, 1);
    l.pad_w = pick(0, 1);
    if (l.validate().empty()) v.push_back(l);
  }
  return v;
}

// A 1×1 GEMM layer with one output: K products (−128)·b, where b = −128 for k < switch_k, else b2.
LayerSpec one_output(int K, LayerData* d, int switch_k, int8_t b2) {
  LayerSpec l;
  l.op = OpKind::kGemm;
  l.in_c = K;
  *d = make_layer_data(l, 3);
  std::fill(d->input.begin(), d->input.end(), int8_t(-128));
  for (int k = 0; k < K; ++k) d->weights[size_t(k)] = k < switch_k ? int8_t(-128) : b2;
  return l;
}

TEST(ReferenceExact, EqualsNaiveSumsOnRandomLayers) {
  uint64_t seed = 0;
  for (const LayerSpec& l : random_layers(300)) {
    const LayerData d = make_layer_data(l, ++seed);
    const std::vector<int64_t> exact = reference_conv_exact(l, d);
    ASSERT_EQ(exact, naive(l, d, false)) << to_string(l.op);
    EXPECT_EQ(reference_conv(l, d), wrap_to_int32(exact));
    if (l.is_channelwise()) {
      ASSERT_EQ(reference_collapsed_depthwise_exact(l, d), naive(l, d, true));
    }
  }
}

TEST(ReferenceExact, WorstCaseOfTheIssue) {
  // All operands −128, K = 140,000: the exact sum and its two's-complement wrap.
  LayerData d;
  const LayerSpec l = one_output(140000, &d, 140000, 0);
  EXPECT_EQ(reduction_length(l), 140000);
  EXPECT_EQ(reference_conv_exact(l, d), std::vector<int64_t>{2293760000});
  EXPECT_EQ(reference_conv(l, d), std::vector<int32_t>{-2001207296});
  for (int64_t chunk : {0, 2, 64, 70000})
    for (bool desc : {false, true})
      EXPECT_EQ(reference_conv_saturating(l, d, ReductionOrder{chunk, desc}, false),
                std::vector<int32_t>{kMax});
}

TEST(ReferenceSaturating, TheOrderDecidesOnceAPartialSumClips) {
  // +2^14 for k < 131,072, then 8,928 × −16,256: exact 2,002,350,080 fits, but the running sum
  // in ascending k reaches 2^31 and clips (one lost); from the last product down it never
  // clips; two halves of 70,000 products never clip; pairs behave like the running sum.
  LayerData d;
  const LayerSpec l = one_output(140000, &d, 131072, 127);
  const int32_t exact = 2002350080;
  EXPECT_EQ(reference_conv_exact(l, d), std::vector<int64_t>{exact});
  EXPECT_EQ(reference_conv(l, d), std::vector<int32_t>{exact});
  auto sat = [&](int64_t chunk, bool desc) {
    return reference_conv_saturating(l, d, ReductionOrder{chunk, desc}, false).at(0);
  };
  EXPECT_EQ(sat(0, false), exact - 1);
  EXPECT_EQ(sat(0, true), exact);
  EXPECT_EQ(sat(70000, false), exact);
  EXPECT_EQ(sat(2, false), exact - 1);
}

TEST(ReferenceSaturating, EqualsTheExactSumWhenNothingClips) {
  uint64_t seed = 100;
  for (const LayerSpec& l : random_layers(100)) {
    const LayerData d = make_layer_data(l, ++seed);
    const std::vector<int32_t> want = reference_conv(l, d);
    for (const ReductionOrder& o :
         {ReductionOrder{0, false}, ReductionOrder{2, false}, ReductionOrder{0, true}})
      ASSERT_EQ(reference_conv_saturating(l, d, o, false), want);
    if (l.is_channelwise()) {
      ASSERT_EQ(reference_conv_saturating(l, d, ReductionOrder{}, true),
                reference_collapsed_depthwise(l, d));
    }
  }
}

}  // namespace
}  // namespace fusesim
