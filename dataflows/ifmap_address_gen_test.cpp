// The left feeders' address generators against the explicit layouts they replace: im2col() and
// im2col_channel() (dataflows/layer_mapping.h) and the padded 1-D rows and columns, on random
// layers; and a layer whose im2col would not fit in memory maps without allocating it.
#include "dataflows/ifmap_address_gen.h"

#include <gtest/gtest.h>

#include <random>

#include "dataflows/layer_mapping.h"
#include "hw/array_config.h"

namespace fusesim {
namespace {

LayerSpec random_layer(std::mt19937* rng, OpKind op) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(*rng); };
  LayerSpec l;
  l.op = op;
  l.batch = pick(1, 2);
  l.in_h = pick(1, 7);
  l.in_w = pick(1, 7);
  l.in_c = pick(1, 5);
  l.out_c = op == OpKind::kConv ? pick(1, 4) : l.in_c;
  l.k_h = op == OpKind::kFuseRow ? 1 : pick(1, 4);
  l.k_w = op == OpKind::kFuseCol ? 1 : pick(1, 4);
  l.pad_h = pick(0, 2);
  l.pad_w = pick(0, 2);
  l.stride_h = pick(1, 3);
  l.stride_w = pick(1, 3);
  return l;
}

TEST(IfmapAddressGen, DenseEqualsIm2colOnRandomLayers) {
  std::mt19937 rng(11);
  int checked = 0;
  for (int t = 0; t < 300; ++t) {
    const LayerSpec l = random_layer(&rng, OpKind::kConv);
    if (!l.validate().empty()) continue;
    const LayerData d = make_layer_data(l, uint64_t(t));
    const auto A = im2col(l, d);
    const auto g = IfmapAddressGen::gemm(l, d.input, IfmapAddressGen::kDense);
    const int M = l.batch * l.out_h() * l.out_w();
    const int K = l.k_h * l.k_w * l.in_c;
    ASSERT_EQ(A.size(), size_t(M) * K);
    for (int m = 0; m < M; ++m)
      for (int k = 0; k < K; ++k) ASSERT_EQ(g.gemm_at(0, m, k), A[size_t(m) * K + k]) << l.name;
    ++checked;
  }
  EXPECT_GT(checked, 200);
}

TEST(IfmapAddressGen, PerChannelAndChannelZeroEqualIm2colChannel) {
  std::mt19937 rng(12);
  for (int t = 0; t < 200; ++t) {
    const LayerSpec l = random_layer(&rng, OpKind::kDepthwise);
    if (!l.validate().empty()) continue;
    const LayerData d = make_layer_data(l, uint64_t(t));
    const auto per = IfmapAddressGen::gemm(l, d.input, IfmapAddressGen::kPerChannel);
    const auto zero = IfmapAddressGen::gemm(l, d.input, IfmapAddressGen::kChannel0);
    const int M = l.batch * l.out_h() * l.out_w();
    const int K = l.k_h * l.k_w;
    const auto A0 = im2col_channel(l, d, 0);
    for (int c = 0; c < l.in_c; ++c) {
      const auto A = im2col_channel(l, d, c);
      for (int m = 0; m < M; ++m)
        for (int k = 0; k < K; ++k) {
          ASSERT_EQ(per.gemm_at(c, m, k), A[size_t(m) * K + k]);
          ASSERT_EQ(zero.gemm_at(c, m, k), A0[size_t(m) * K + k]);
        }
    }
  }
}

TEST(IfmapAddressGen, OneDimensionalWalksEqualPaddedRowsAndColumns) {
  std::mt19937 rng(13);
  for (int t = 0; t < 200; ++t) {
    const bool row = t % 2 == 0;
    const LayerSpec l = random_layer(&rng, row ? OpKind::kFuseRow : OpKind::kFuseCol);
    if (!l.validate().empty()) continue;
    const LayerData d = make_layer_data(l, uint64_t(t));
    const auto g = IfmapAddressGen::conv1d(l, d.input,
                                           row ? IfmapAddressGen::kRow1d : IfmapAddressGen::kCol1d);
    const int outer = row ? l.out_h() : l.out_w();
    const int length = row ? l.padded_w() : l.padded_h();
    int i = 0;
    for (int n = 0; n < l.batch; ++n)
      for (int o = 0; o < outer; ++o)
        for (int c = 0; c < l.in_c; ++c, ++i)
          for (int j = 0; j < length; ++j)
            ASSERT_EQ(g.conv1d_at(i, j), row ? d.in_padded(l, n, o * l.stride_h, j, c)
                                             : d.in_padded(l, n, j, o * l.stride_w, c));
  }
}

TEST(IfmapAddressGen, ALayerWhoseIm2colIsOver2To30MapsWithoutIt) {
  // 1024×1024×8, 13×13 kernel, padding 6: 2^20 output pixels × 169 × 8 = 1.42·10^9 im2col
  // elements (over 2^30), from an 8 MiB input tensor.
  LayerSpec l;
  l.name = "wide";
  l.in_h = l.in_w = 1024;
  l.in_c = 8;
  l.out_c = 2;
  l.k_h = l.k_w = 13;
  l.pad_h = l.pad_w = 6;
  ASSERT_GT(int64_t(l.out_h()) * l.out_w() * 169 * 8, int64_t(1) << 30);
  ASSERT_TRUE(l.validate().empty());
  const LayerData d = make_layer_data(l, 5);
  ArrayConfig a;
  a.rows = a.cols = 16;
  for (Dataflow df : {Dataflow::kOs, Dataflow::kIs}) {
    MappingOptions o;
    o.dataflow = df;
    const Program p = map_layer(l, d, a, o);
    EXPECT_TRUE(p.validate(16, 16).empty());
    EXPECT_TRUE(p.a.size() < size_t(1) << 20 && p.b.size() < size_t(1) << 20);
    std::mt19937 rng(3);
    const int M = l.out_h() * l.out_w();
    const int K = 169 * 8;
    for (int t = 0; t < 2000; ++t) {
      const int m = t == 0 ? M - 1 : std::uniform_int_distribution<int>(0, M - 1)(rng);
      const int k = t == 0 ? K - 1 : std::uniform_int_distribution<int>(0, K - 1)(rng);
      const int e = m / l.out_w(), f = m % l.out_w();
      const int c = k % 8, kw = (k / 8) % 13, kh = k / 8 / 13;
      const int8_t want = d.in_padded(l, 0, e + kh, f + kw, c);
      ASSERT_EQ(df == Dataflow::kOs ? p.a_at(0, m, k) : p.b_at(0, k, m), want);
    }
  }
}

}  // namespace
}  // namespace fusesim
