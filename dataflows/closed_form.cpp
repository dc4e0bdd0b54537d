#include "dataflows/closed_form.h"

#include <algorithm>
#include <vector>

namespace fusesim {

namespace {

// Sizes of the folds along one dimension: full ones, then a partial one.
std::vector<int> chunks(int64_t n, int size) {
  std::vector<int> v;
  for (int64_t i = 0; i < n; i += size) v.push_back(int(std::min<int64_t>(size, n - i)));
  return v;
}

struct Geo {
  int r;
  int c;
};

// OS: per group, column folds outer, row folds inner. One segment = folds issued back to back.
int64_t os_segment(const std::vector<Geo>& g, int64_t T, int R, bool overlap) {
  int64_t t = 0;
  if (!overlap) {
    for (const Geo& f : g) t += T + f.r + f.c + R - 1;
    return t;
  }
  t += int64_t(g.size() - 1) * std::max<int64_t>(T, R);
  return t + T + 2 * R + g.back().c - 1;
}

// WS/IS: edges from issuing fold a to issuing the next fold b (docs/timing.md §3, "Fold
// spacing"). b's latch may only come one edge after the last edge on which an earlier activation
// can meet a PE it latches: activations of a keep shifting through all C columns, so the columns
// of the wider of the two folds count. `wait`: b also waits for a's last arrival (serial drain, or
// a wait_drain fold).
int64_t ws_interval(const Geo& a, const Geo& b, int64_t M, int R, bool wait) {
  const int64_t latch = R + M + std::max(a.c, b.c) - 1;
  return wait ? std::max<int64_t>(2 * R + M + a.c, latch) : latch;
}

// `segments` copies of the folds g; the first fold of every later segment waits for the drain.
// Global-select drain (no overlap): a fold's drain starts one edge after its last PE captures
// and runs 2R - 1 edges; the next fold issues one edge after the last arrival.
// OS: capture of PE(r - 1, c - 1) at S + T + r + c - 2, span T + r + c + 2R - 2.
int64_t os_global_select(const std::vector<Geo>& g, int64_t T, int R) {
  int64_t t = 0;
  for (const Geo& f : g) t += T + f.r + f.c + 2 * R - 2;
  return t;
}

// 1-D: L(P) = passes · (P + K − 1) feeder edges per fold (one pass per kernel row with the
// rows mapping, else one); with input prefetch (docs/timing.md §5d) a pass takes
// T = max(P, K) edges after the first window's P loads: L(P) = P + (passes − 1)·T + K − 1.
// Global select: every PE captures at S + L, span L + 2R.
struct Conv1dTiming {
  int K;
  int passes;
  bool prefetch;
  int64_t period(int P) const { return std::max(P, K); }
  int64_t feed(int P) const {
    if (prefetch) return P + (passes - 1) * period(P) + K - 1;
    return int64_t(passes) * (P + K - 1);
  }
  // Edges between the issues of a fold of P and the next of P′ with the drain overlapped: the
  // feeders (without prefetch), or the next fold's first prefetch load after this fold's last one
  // and its first tap after this fold's last tap (with); and the next capture not before this
  // fold's last drain shift.
  int64_t interval(int P, int P_next, int R) const {
    const int64_t drain = R + feed(P) - feed(P_next);
    if (!prefetch) return std::max(feed(P), drain);
    return std::max<int64_t>(P + (passes - 1) * period(P) + std::max(0, K - P_next), drain);
  }
};

int64_t conv1d_global_select(const std::vector<Geo>& g, const Conv1dTiming& t1, int R) {
  int64_t t = 0;
  for (const Geo& f : g) t += t1.feed(f.c) + 2 * R;
  return t;
}

int64_t ws_total(const std::vector<Geo>& g, int64_t segments, int64_t M, int R, bool overlap) {
  int64_t seg = 0;
  for (size_t i = 0; i + 1 < g.size(); ++i) seg += ws_interval(g[i], g[i + 1], M, R, !overlap);
  const int64_t between = ws_interval(g.back(), g.front(), M, R, true);
  return segments * seg + (segments - 1) * between + 2 * R + M + g.back().c;
}

// Serial drain: L + 1 + R per fold. Overlapped: Conv1dTiming::interval between issues,
// L + 1 + R for the last fold.
int64_t conv1d_total(const std::vector<Geo>& g, const Conv1dTiming& t1, int R, bool overlap) {
  int64_t t = 0;
  if (!overlap) {
    for (const Geo& f : g) t += t1.feed(f.c) + 1 + R;
    return t;
  }
  for (size_t i = 0; i + 1 < g.size(); ++i) t += t1.interval(g[i].c, g[i + 1].c, R);
  return t + t1.feed(g.back().c) + 1 + R;
}

}  // namespace

FoldPlan fold_plan(const LayerSpec& l, const ArrayConfig& a, const MappingOptions& o) {
  const int R = a.rows;
  const int C = a.cols;
  FoldPlan fp;
  const MappingKind mk = mapping_kind(l, a, o);
  if (is_conv1d(mk)) {
    const bool row = mk != MappingKind::kConv1dCol;
    const int64_t convs = int64_t(l.batch) * (row ? l.out_h() : l.out_w()) * l.in_c;
    const int len = row ? l.padded_w() : l.padded_h();
    const int K = row ? l.k_w : l.k_h;
    fp.kind = FoldPlan::Kind::kConv1d;
    fp.reduction = K;
    fp.passes = mk == MappingKind::kConv1dRows ? l.k_h : 1;
    for (int r : chunks(convs, R))
      for (int c : chunks(len - K + 1, C)) fp.shape.push_back({r, c});
    return fp;
  }
  // GEMM view (OS terms): M output pixels, K reduction, N filters, G groups.
  const int64_t pix = int64_t(l.batch) * l.out_h() * l.out_w();
  int64_t G = 1, M = pix, K = int64_t(l.k_h) * l.k_w * l.in_c, N = l.out_c;
  if (mk == MappingKind::kPerChannelGemm) {
    G = l.in_c;
    K = int64_t(l.k_h) * l.k_w;
    N = 1;
  } else if (mk == MappingKind::kCollapsedGemm) {
    K = int64_t(l.k_h) * l.k_w;
    N = l.in_c;
  }
  // Segments: the whole layer, or one per group when each group is its own layer.
  const bool split = mk == MappingKind::kPerChannelGemm && o.dw == DwConvention::kScalesimSplit;
  fp.segments = split ? G : 1;
  const int64_t groups_per_segment = split ? 1 : G;
  if (o.dataflow == Dataflow::kOs) {
    fp.kind = FoldPlan::Kind::kOs;
    fp.reduction = K;
    for (int64_t gi = 0; gi < groups_per_segment; ++gi)
      for (int c : chunks(N, C))
        for (int r : chunks(M, R)) fp.shape.push_back({r, c});
  } else {
    // WS: stream M, rows K, columns N. IS: the same on the transposed GEMM.
    fp.kind = FoldPlan::Kind::kWs;
    fp.stream = o.dataflow == Dataflow::kWs ? M : N;
    const int64_t cols = o.dataflow == Dataflow::kWs ? N : M;
    for (int64_t gi = 0; gi < groups_per_segment; ++gi)
      for (int c : chunks(cols, C))
        for (int r : chunks(K, R)) fp.shape.push_back({r, c});
  }
  return fp;
}

ClosedForm closed_form(const LayerSpec& l, const ArrayConfig& a, const MappingOptions& o) {
  const int R = a.rows;
  const bool ov = a.overlap_drain;
  const FoldPlan fp = fold_plan(l, a, o);
  std::vector<Geo> seg;
  for (const auto& s : fp.shape) seg.push_back({s.rows, s.cols});
  ClosedForm cf;
  switch (fp.kind) {
    case FoldPlan::Kind::kConv1d: {
      const Conv1dTiming t1{int(fp.reduction), fp.passes, a.input_prefetch};
      const int64_t L0 = t1.feed(seg[0].c);
      if (a.global_select) {
        // Row r - 1 arrives first: 2 (R - r) edges after the drain starts at L + 1.
        cf.cycles = conv1d_global_select(seg, t1, R);
        cf.first_output_edge = L0 + 1 + 2 * (R - seg[0].r);
        break;
      }
      cf.cycles = conv1d_total(seg, t1, R, ov);
      cf.first_output_edge = L0 + 1 + R - seg[0].r;
      break;
    }
    case FoldPlan::Kind::kOs:
      if (a.global_select) {
        cf.cycles = fp.segments * os_global_select(seg, fp.reduction, R);
        cf.first_output_edge = fp.reduction + seg[0].r + seg[0].c - 1 + 2 * (R - seg[0].r);
        break;
      }
      cf.cycles = fp.segments * os_segment(seg, fp.reduction, R, ov);
      cf.first_output_edge = ov ? 2 * R + fp.reduction - seg[0].r : R + fp.reduction;
      break;
    case FoldPlan::Kind::kWs:
      cf.cycles = ws_total(seg, fp.segments, fp.stream, R, ov);
      cf.first_output_edge = 2 * R + 1;
      break;
  }
  cf.folds = fp.segments * int64_t(seg.size());
  return cf;
}

}  // namespace fusesim
