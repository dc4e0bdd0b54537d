#include "dataflows/fold_traffic.h"

#include <algorithm>

namespace fusesim {

namespace {

/// Input rows [lo, hi] of image n that output pixels [m0, m1) of image n need.
struct Band {
  int n = 0;
  int64_t lo = 0;
  int64_t hi = -1;
  int64_t rows() const { return hi - lo + 1; }
};

/// The input-row bands of output pixels [m0, m1) (m = (n·E + e)·F + f), one per image touched.
std::vector<Band> bands(const LayerSpec& l, int64_t m0, int64_t m1) {
  const int64_t E = l.out_h();
  const int64_t F = l.out_w();
  const int64_t per_image = E * F;
  std::vector<Band> out;
  for (int64_t n = m0 / per_image; n * per_image < m1 && n < l.batch; ++n) {
    const int64_t a = std::max(m0, n * per_image) - n * per_image;
    const int64_t b = std::min(m1, (n + 1) * per_image) - 1 - n * per_image;
    const int64_t e_lo = a / F;
    const int64_t e_hi = b / F;
    Band band;
    band.n = int(n);
    band.lo = std::max<int64_t>(0, e_lo * l.stride_h - l.pad_h);
    band.hi = std::min<int64_t>(l.in_h - 1, e_hi * l.stride_h - l.pad_h + l.k_h - 1);
    if (band.hi >= band.lo) out.push_back(band);
  }
  return out;
}

/// The ifmap tile of output pixels [m0, m1): in NHWC with `channels` channels read per pixel
/// (all of them: dense), or in the plane of channel `plane` (plane >= 0: per-channel mappings).
Tile pixel_tile(const LayerSpec& l, int64_t m0, int64_t m1, int64_t channels, int plane) {
  const auto bs = bands(l, m0, m1);
  Tile t;
  if (bs.empty()) return t;
  const int64_t W = l.in_w;
  const int64_t H = l.in_h;
  const int64_t C = l.in_c;
  const Band& first = bs.front();
  t.addr = plane < 0 ? kIfmapBase + uint64_t(((first.n * H + first.lo) * W) * C)
                     : kIfmapBase + uint64_t(((first.n * C + plane) * H + first.lo) * W);
  for (const Band& b : bs) t.bytes += b.rows() * W * (plane < 0 ? channels : 1);
  return t;
}

/// Distinct input channels of reduction slice [k0, k0 + kr) (k = (kh·Kw + kw)·Cin + c).
int64_t slice_channels(const LayerSpec& l, int64_t kr) { return std::min<int64_t>(l.in_c, kr); }

int64_t kept_positions(int64_t j0, int64_t n, int64_t stride) {
  // Positions j in [j0, j0 + n) with j % stride == 0.
  const int64_t first = (j0 + stride - 1) / stride * stride;
  return first >= j0 + n ? 0 : (j0 + n - 1 - first) / stride + 1;
}

}  // namespace

std::vector<FoldTraffic> fold_traffic(const LayerSpec& l, MappingKind kind, const Program& p,
                                      int ofmap_word_bytes, int array_rows) {
  const int64_t wb = ofmap_word_bytes;
  const bool planes = kind == MappingKind::kPerChannelGemm || kind == MappingKind::kCollapsedGemm;
  const bool is = p.label == "is";
  std::vector<FoldTraffic> out;
  out.reserve(p.folds.size());
  for (const Fold& f : p.folds) {
    FoldTraffic t;
    const int plane = kind == MappingKind::kPerChannelGemm ? f.group : planes ? 0 : -1;
    switch (p.kind) {
      case ProgramKind::kGemmOs: {
        // Rows: output pixels; columns: filters; time: the reduction.
        t.ifmap = pixel_tile(l, f.row0, int64_t(f.row0) + f.rows, l.in_c, plane);
        t.filter = {kFilterBase + uint64_t((int64_t(f.group) * p.N + f.col0) * p.K),
                    int64_t(f.cols) * p.K};
        t.ofmap = {kOfmapBase + uint64_t(((int64_t(f.group) * p.M + f.row0) * p.N + f.col0) * wb),
                   int64_t(f.rows) * f.cols * wb};
        t.ifmap_span = t.filter_span = p.K;
        t.ifmap_read = {0, int64_t(f.rows) + p.K - 2};
        t.filter_read = {0, int64_t(f.cols) + p.K - 2};
        break;
      }
      case ProgramKind::kGemmWs: {
        const bool last_slice = f.row0 + f.rows == p.K;
        const int64_t ch = planes ? 1 : slice_channels(l, f.rows);
        if (!is) {
          // Stationary filters (K slice × filters); every output pixel streams through.
          t.filter = {kFilterBase + uint64_t((int64_t(f.group) * p.K + f.row0) * p.N + f.col0),
                      int64_t(f.rows) * f.cols};
          const int64_t pixels = int64_t(l.batch) * l.in_h * l.in_w;
          t.ifmap = {kIfmapBase +
                         uint64_t(plane >= 0 ? int64_t(plane) * l.in_h * l.in_w : f.row0 % l.in_c),
                     pixels * ch};
        } else {
          // IS: stationary ifmap (K slice × output pixels); every filter streams through.
          // As WS: the slice's channels (dense), so that each reduction slice is its own tile.
          const Tile band = pixel_tile(l, f.col0, int64_t(f.col0) + f.cols, 1, plane);
          t.ifmap = {band.addr + uint64_t(plane >= 0 ? 0 : f.row0 % l.in_c),
                     band.bytes * (plane >= 0 ? 1 : ch)};
          t.filter = {kFilterBase + uint64_t((int64_t(f.group) * p.K + f.row0) * p.M),
                      int64_t(f.rows) * p.M};
        }
        (is ? t.filter_span : t.ifmap_span) = p.M;  // the streaming operand
        const int64_t R = std::max(array_rows, f.rows);
        const ReadWindow preload{R - f.rows, R - 1};
        const ReadWindow stream{R, R + p.M + f.rows - 2};
        t.ifmap_read = is ? preload : stream;
        t.filter_read = is ? stream : preload;
        if (last_slice)
          t.ofmap = {kOfmapBase + uint64_t((int64_t(f.group) * p.M * p.N + f.col0) * wb),
                     int64_t(p.M) * f.cols * wb};
        break;
      }
      case ProgramKind::kConv1d: {
        // Rows: 1-D convolutions (image, row or column, channel); columns: output positions.
        // A K×K depthwise layer by rows reads one input row per pass (kernel row): its tiles
        // count every pass's row on its own (docs/memory.md: reuse of an input row by the
        // neighbouring output rows' folds is not modelled).
        const int64_t span = int64_t(f.cols) + p.taps - 1;
        const int64_t feed = p.conv1d_feed_edges(f.cols);
        const int64_t conv0 = int64_t(f.row0) * p.passes;
        t.ifmap = {kIfmapBase + uint64_t(conv0 * p.length + f.col0),
                   int64_t(f.rows) * p.passes * span};
        t.filter = {kFilterBase + uint64_t(conv0 * p.taps), int64_t(f.rows) * p.passes * p.taps};
        t.ifmap_span = t.filter_span = feed;
        t.ifmap_read = {0, feed - 1};
        t.filter_read = {int64_t(f.cols) - 1, feed - 1};
        const int64_t kept = kept_positions(f.col0, f.cols, p.keep_stride);
        t.ofmap = {kOfmapBase + uint64_t((int64_t(f.row0) * p.conv_outputs() + f.col0) * wb),
                   int64_t(f.rows) * kept * wb};
        break;
      }
    }
    out.push_back(t);
  }
  return out;
}

}  // namespace fusesim
