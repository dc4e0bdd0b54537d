#include "dataflows/layer_mapping.h"

#include <stdexcept>

#include "dataflows/gemm_dataflows.h"

namespace fusesim {

const char* to_string(DwConvention c) {
  switch (c) {
    case DwConvention::kPerChannel:
      return "per-channel";
    case DwConvention::kScalesimSplit:
      return "scalesim-split";
    case DwConvention::kScalesimCollapsed:
      return "scalesim-collapsed";
  }
  return "?";
}

bool parse_dw_convention(const std::string& s, DwConvention* out) {
  if (s == "per-channel")
    *out = DwConvention::kPerChannel;
  else if (s == "scalesim-split")
    *out = DwConvention::kScalesimSplit;
  else if (s == "scalesim-collapsed")
    *out = DwConvention::kScalesimCollapsed;
  else
    return false;
  return true;
}

const char* to_string(DwMapping m) { return m == DwMapping::kRows ? "rows" : "gemm"; }

bool parse_dw_mapping(const std::string& s, DwMapping* out) {
  if (s == "gemm")
    *out = DwMapping::kGemm;
  else if (s == "rows")
    *out = DwMapping::kRows;
  else
    return false;
  return true;
}

const char* to_string(MappingKind k) {
  switch (k) {
    case MappingKind::kDenseGemm:
      return "gemm";
    case MappingKind::kPerChannelGemm:
      return "per-channel-gemm";
    case MappingKind::kCollapsedGemm:
      return "collapsed-gemm";
    case MappingKind::kConv1dRow:
      return "conv1d-row";
    case MappingKind::kConv1dCol:
      return "conv1d-col";
    case MappingKind::kConv1dRows:
      return "conv1d-rows";
  }
  return "?";
}

MappingKind mapping_kind(const LayerSpec& l, const ArrayConfig& a, const MappingOptions& o) {
  if (o.dw_mapping == DwMapping::kRows && !a.fuse)
    throw std::invalid_argument(
        "the rows mapping of depthwise layers needs the FuSe array's broadcast bus (--hw fuse)");
  if (!l.is_channelwise()) return MappingKind::kDenseGemm;
  if (o.dw_mapping == DwMapping::kRows && l.op == OpKind::kDepthwise)
    return MappingKind::kConv1dRows;
  if (a.fuse && l.op == OpKind::kFuseRow) return MappingKind::kConv1dRow;
  if (a.fuse && l.op == OpKind::kFuseCol) return MappingKind::kConv1dCol;
  if (o.dw == DwConvention::kScalesimCollapsed) return MappingKind::kCollapsedGemm;
  return MappingKind::kPerChannelGemm;
}

std::vector<int8_t> im2col(const LayerSpec& l, const LayerData& d) {
  const int E = l.out_h();
  const int F = l.out_w();
  const size_t K = size_t(l.k_h) * l.k_w * l.in_c;
  std::vector<int8_t> A(size_t(l.batch) * E * F * K);
  size_t row = 0;
  for (int n = 0; n < l.batch; ++n)
    for (int e = 0; e < E; ++e)
      for (int f = 0; f < F; ++f, ++row) {
        int8_t* dst = &A[row * K];
        for (int kh = 0; kh < l.k_h; ++kh)
          for (int kw = 0; kw < l.k_w; ++kw)
            for (int c = 0; c < l.in_c; ++c)
              *dst++ = d.in_padded(l, n, e * l.stride_h + kh, f * l.stride_w + kw, c);
      }
  return A;
}

std::vector<int8_t> im2col_channel(const LayerSpec& l, const LayerData& d, int channel) {
  const int E = l.out_h();
  const int F = l.out_w();
  const size_t K = size_t(l.k_h) * l.k_w;
  std::vector<int8_t> A(size_t(l.batch) * E * F * K);
  size_t i = 0;
  for (int n = 0; n < l.batch; ++n)
    for (int e = 0; e < E; ++e)
      for (int f = 0; f < F; ++f)
        for (int kh = 0; kh < l.k_h; ++kh)
          for (int kw = 0; kw < l.k_w; ++kw)
            A[i++] = d.in_padded(l, n, e * l.stride_h + kh, f * l.stride_w + kw, channel);
  return A;
}

namespace {

void finish_gemm(Program* p, const ArrayConfig& a, const MappingOptions& o) {
  switch (o.dataflow) {
    case Dataflow::kOs:
      make_os_folds(p, a.rows, a.cols);
      p->label = "os";
      break;
    case Dataflow::kWs:
      make_ws_folds(p, a.rows, a.cols);
      p->label = "ws";
      break;
    case Dataflow::kIs:
      transpose_for_is(p);
      make_ws_folds(p, a.rows, a.cols);
      p->label = "is";
      break;
  }
}

Program map_dense(const LayerSpec& l, const LayerData& d) {
  Program p;
  p.groups = 1;
  p.M = l.batch * l.out_h() * l.out_w();
  p.K = l.k_h * l.k_w * l.in_c;
  p.N = l.out_c;
  p.ifmap = IfmapAddressGen::gemm(l, d.input, IfmapAddressGen::kDense);
  p.ifmap_role = Program::IfmapRole::kA;
  p.b.resize(size_t(p.K) * p.N);
  for (int m = 0; m < l.out_c; ++m)
    for (int kh = 0; kh < l.k_h; ++kh)
      for (int kw = 0; kw < l.k_w; ++kw)
        for (int c = 0; c < l.in_c; ++c)
          p.b[(size_t(kh * l.k_w + kw) * l.in_c + c) * p.N + m] = d.w_dense(l, m, kh, kw, c);
  return p;
}

Program map_per_channel(const LayerSpec& l, const LayerData& d) {
  Program p;
  p.groups = l.in_c;
  p.M = l.batch * l.out_h() * l.out_w();
  p.K = l.k_h * l.k_w;
  p.N = 1;
  p.ifmap = IfmapAddressGen::gemm(l, d.input, IfmapAddressGen::kPerChannel);
  p.ifmap_role = Program::IfmapRole::kA;
  for (int c = 0; c < l.in_c; ++c) {
    for (int kh = 0; kh < l.k_h; ++kh)
      for (int kw = 0; kw < l.k_w; ++kw) p.b.push_back(d.w_channel(l, c, kh, kw));
  }
  return p;
}

Program map_collapsed(const LayerSpec& l, const LayerData& d) {
  Program p;
  p.groups = 1;
  p.M = l.batch * l.out_h() * l.out_w();
  p.K = l.k_h * l.k_w;
  p.N = l.in_c;
  p.ifmap = IfmapAddressGen::gemm(l, d.input, IfmapAddressGen::kChannel0);
  p.ifmap_role = Program::IfmapRole::kA;
  p.b.resize(size_t(p.K) * p.N);
  for (int c = 0; c < l.in_c; ++c)
    for (int kh = 0; kh < l.k_h; ++kh)
      for (int kw = 0; kw < l.k_w; ++kw)
        p.b[size_t(kh * l.k_w + kw) * p.N + c] = d.w_channel(l, c, kh, kw);
  return p;
}

// 1×K: one convolution per (image, output row, channel), along the padded width.
// K×1: one per (image, output column, channel), along the padded height.
// K×K depthwise by rows: one per (image, output row, channel) as for 1×K, with one pass per
// kernel row kh (input row o·stride_h + kh, kernel row kh), summed in the accumulators.
Program map_conv1d(const LayerSpec& l, const LayerData& d, bool row, bool kxk) {
  Program p;
  p.label = kxk ? "dw-rows" : row ? "fuse-row" : "fuse-col";
  const int outer = row ? l.out_h() : l.out_w();
  p.convs = l.batch * outer * l.in_c;
  p.length = row ? l.padded_w() : l.padded_h();
  p.taps = row ? l.k_w : l.k_h;
  p.passes = kxk ? l.k_h : 1;
  p.keep_stride = row ? l.stride_w : l.stride_h;
  p.ifmap =
      IfmapAddressGen::conv1d(l, d.input, row ? IfmapAddressGen::kRow1d : IfmapAddressGen::kCol1d);
  p.ifmap_role = Program::IfmapRole::kX;
  p.w.resize(size_t(p.convs) * p.passes * p.taps);
  size_t i = 0;
  for (int n = 0; n < l.batch; ++n)
    for (int o = 0; o < outer; ++o)
      for (int c = 0; c < l.in_c; ++c, ++i)
        for (int ps = 0; ps < p.passes; ++ps)
          for (int k = 0; k < p.taps; ++k)
            p.w[(i * p.passes + ps) * p.taps + k] =
                row ? d.w_channel(l, c, ps, k) : d.w_channel(l, c, k, 0);
  return p;
}

}  // namespace

Program map_layer(const LayerSpec& l, const LayerData& d, const ArrayConfig& a,
                  const MappingOptions& o) {
  Program p;
  switch (mapping_kind(l, a, o)) {
    case MappingKind::kDenseGemm:
      p = map_dense(l, d);
      finish_gemm(&p, a, o);
      break;
    case MappingKind::kPerChannelGemm:
      p = map_per_channel(l, d);
      finish_gemm(&p, a, o);
      if (o.dw == DwConvention::kScalesimSplit) mark_group_boundaries(&p);
      break;
    case MappingKind::kCollapsedGemm:
      p = map_collapsed(l, d);
      finish_gemm(&p, a, o);
      break;
    case MappingKind::kConv1dRow:
    case MappingKind::kConv1dCol:
    case MappingKind::kConv1dRows: {
      const bool kxk = mapping_kind(l, a, o) == MappingKind::kConv1dRows;
      p = map_conv1d(l, d, kxk || l.op == OpKind::kFuseRow, kxk);
      make_conv1d_folds(&p, a.rows, a.cols);
      p.input_prefetch = a.input_prefetch;
      break;
    }
  }
  return p;
}

std::vector<int32_t> gather_output(const LayerSpec& l, const ArrayConfig& a,
                                   const MappingOptions& o, const Program& p) {
  std::vector<int32_t> out(output_size(l), 0);
  const int E = l.out_h();
  const int F = l.out_w();
  const MappingKind mk = mapping_kind(l, a, o);
  const bool is = o.dataflow == Dataflow::kIs && !is_conv1d(mk);
  // GEMM result O_g[m][n]; with IS the program computed O_gᵀ.
  auto gemm_at = [&](int g, int m, int n) -> int32_t {
    return is ? p.out[(size_t(g) * p.M + n) * p.N + m] : p.out[(size_t(g) * p.M + m) * p.N + n];
  };
  switch (mk) {
    case MappingKind::kDenseGemm:
    case MappingKind::kCollapsedGemm: {
      for (int m = 0; m < l.batch * E * F; ++m)
        for (int n = 0; n < l.out_c; ++n) out[size_t(m) * l.out_c + n] = gemm_at(0, m, n);
      break;
    }
    case MappingKind::kPerChannelGemm: {
      for (int c = 0; c < l.in_c; ++c)
        for (int m = 0; m < l.batch * E * F; ++m) out[size_t(m) * l.out_c + c] = gemm_at(c, m, 0);
      break;
    }
    case MappingKind::kConv1dRow:
    case MappingKind::kConv1dCol:
    case MappingKind::kConv1dRows: {
      const bool row = mk != MappingKind::kConv1dCol;
      const int outer = row ? E : F;
      const int s = p.keep_stride;
      const int inner = row ? F : E;
      size_t i = 0;
      for (int n = 0; n < l.batch; ++n)
        for (int ot = 0; ot < outer; ++ot)
          for (int c = 0; c < l.in_c; ++c, ++i)
            for (int j = 0; j < inner; ++j) {
              const int32_t v = p.out[i * p.conv_outputs() + size_t(j) * s];
              out[row ? out_index(l, n, ot, j, c) : out_index(l, n, j, ot, c)] = v;
            }
      break;
    }
  }
  return out;
}

std::vector<int32_t> golden_output(const LayerSpec& l, const LayerData& d, const ArrayConfig& a,
                                   const MappingOptions& o) {
  if (mapping_kind(l, a, o) == MappingKind::kCollapsedGemm)
    return reference_collapsed_depthwise(l, d);
  return reference_conv(l, d);
}

}  // namespace fusesim
