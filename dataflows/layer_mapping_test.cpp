// im2col and the 1-D layout against naive loops; the four-channels-at-once property of the FuSe
// dataflow.
#include "dataflows/layer_mapping.h"

#include <gtest/gtest.h>

#include "hw/fast_engine.h"

namespace fusesim {
namespace {

TEST(Im2col, MatchesNaiveWindowExtraction) {
  LayerSpec l;
  l.in_h = 5;
  l.in_w = 6;
  l.in_c = 3;
  l.out_c = 2;
  l.k_h = 3;
  l.k_w = 2;
  l.stride_h = 2;
  l.stride_w = 1;
  l.pad_h = 1;
  l.pad_w = 1;
  l.batch = 2;
  const LayerData d = make_layer_data(l, 7);
  const auto A = im2col(l, d);
  const int E = l.out_h(), F = l.out_w(), K = l.k_h * l.k_w * l.in_c;
  ASSERT_EQ(A.size(), size_t(l.batch) * E * F * K);
  for (int n = 0; n < l.batch; ++n)
    for (int e = 0; e < E; ++e)
      for (int f = 0; f < F; ++f)
        for (int kh = 0; kh < l.k_h; ++kh)
          for (int kw = 0; kw < l.k_w; ++kw)
            for (int c = 0; c < l.in_c; ++c) {
              const int h = e * l.stride_h + kh - l.pad_h;
              const int w = f * l.stride_w + kw - l.pad_w;
              const int8_t want =
                  (h < 0 || h >= l.in_h || w < 0 || w >= l.in_w)
                      ? 0
                      : d.input[((size_t(n) * l.in_h + h) * l.in_w + w) * l.in_c + c];
              const size_t row = (size_t(n) * E + e) * F + f;
              EXPECT_EQ(A[row * K + (kh * l.k_w + kw) * l.in_c + c], want);
            }
}

TEST(Im2col, GemmOfIm2colEqualsReferenceConv) {
  LayerSpec l;
  l.in_h = 7;
  l.in_w = 5;
  l.in_c = 4;
  l.out_c = 3;
  l.k_h = l.k_w = 3;
  l.pad_h = l.pad_w = 1;
  const LayerData d = make_layer_data(l, 8);
  const auto A = im2col(l, d);
  const auto ref = reference_conv(l, d);
  const int M = l.out_h() * l.out_w(), K = 9 * l.in_c;
  for (int m = 0; m < M; ++m)
    for (int n = 0; n < l.out_c; ++n) {
      int32_t acc = 0;
      for (int kh = 0; kh < 3; ++kh)
        for (int kw = 0; kw < 3; ++kw)
          for (int c = 0; c < l.in_c; ++c)
            acc +=
                int32_t(A[size_t(m) * K + (kh * 3 + kw) * l.in_c + c]) * d.w_dense(l, n, kh, kw, c);
      EXPECT_EQ(acc, ref[size_t(m) * l.out_c + n]);
    }
}

TEST(Conv1dMapping, RowsHoldDifferentChannelsAndInputRows) {
  LayerSpec l;
  l.op = OpKind::kFuseRow;
  l.in_h = 4;
  l.in_w = 6;
  l.in_c = 4;
  l.out_c = 4;
  l.k_h = 1;
  l.k_w = 3;
  l.pad_w = 1;
  ArrayConfig a;
  a.rows = 4;
  a.cols = 8;
  a.fuse = true;
  const LayerData d = make_layer_data(l, 9);
  const Program p = map_layer(l, d, a, MappingOptions{});
  ASSERT_EQ(p.kind, ProgramKind::kConv1d);
  EXPECT_EQ(p.convs, l.in_h * l.in_c);
  EXPECT_EQ(p.length, l.padded_w());
  // Convolution i = (row h, channel c) with c fastest: the first fold's four array rows are the
  // four channels of input row 0.
  for (int c = 0; c < 4; ++c)
    for (int j = 0; j < p.length; ++j) EXPECT_EQ(p.x_at(c, j), d.in_padded(l, 0, 0, j, c));
}

TEST(Conv1dDataflow, FourChannelsAreComputedInTheSameCycles) {
  // On a 4×8 FuSe array, a 1×3 layer with 4 channels: in the first fold, every array row (one
  // channel each) multiplies in exactly the same edges, and all 4 × 6 outputs are finished at
  // the same edge.
  LayerSpec l;
  l.op = OpKind::kFuseRow;
  l.in_h = 1;
  l.in_w = 6;
  l.in_c = 4;
  l.out_c = 4;
  l.k_h = 1;
  l.k_w = 3;
  l.pad_w = 1;
  ArrayConfig a;
  a.rows = 4;
  a.cols = 8;
  a.fuse = true;
  const LayerData d = make_layer_data(l, 10);
  Program p = map_layer(l, d, a, MappingOptions{});
  ASSERT_EQ(p.folds.size(), 1u);
  std::vector<std::vector<int64_t>> mac_edges(4);  // per row: edges where its PE(r,0) accumulated
  std::vector<int64_t> capture_edge(4, -1);
  std::vector<PeRegs> prev(size_t(a.rows) * a.cols);
  FastEngine eng(a);
  eng.run(&p, [&](int64_t e, const std::vector<PeRegs>& regs) {
    for (int r = 0; r < 4; ++r) {
      const PeRegs& now = regs[size_t(r) * a.cols];
      const PeRegs& was = prev[size_t(r) * a.cols];
      if (now.acc != was.acc || (now.v.valid() && now.v.first())) mac_edges[r].push_back(e);
      if (now.out.valid && !was.out.valid && capture_edge[r] < 0) capture_edge[r] = e;
    }
    prev = regs;
  });
  for (int r = 1; r < 4; ++r) {
    EXPECT_EQ(capture_edge[r], capture_edge[0]);
    EXPECT_EQ(mac_edges[r], mac_edges[0]);
  }
  EXPECT_GE(capture_edge[0], 0);
  EXPECT_EQ(gather_output(l, a, MappingOptions{}, p), reference_conv(l, d));
}

}  // namespace
}  // namespace fusesim
