#include "dataflows/difference_terms.h"

#include <algorithm>

namespace fusesim {

DifferenceTerms difference_terms(const LayerSpec& l, const ArrayConfig& a, const MappingOptions& o,
                                 int64_t authors_public, int64_t authors_published) {
  const int64_t R = a.rows;
  const int64_t C = a.cols;
  const bool ov = a.overlap_drain;
  const FoldPlan fp = fold_plan(l, a, o);
  const auto& f = fp.shape;
  const int64_t F = int64_t(f.size());
  DifferenceTerms d;
  d.rounding = authors_public - authors_published;
  switch (fp.kind) {
    case FoldPlan::Kind::kOs: {
      const int64_t T = fp.reduction;
      int64_t priced = 0;  // the authors' T + r + c − 1 on our folds
      for (const auto& s : f) priced += T + s.rows + s.cols - 1;
      d.folds = fp.segments * priced - authors_public;
      if (a.global_select) {  // T + r + c + 2R - 2 per fold against T + r + c - 1
        d.drain = fp.segments * F * (2 * R - 1);
        break;
      }
      if (!ov) {
        d.drain = fp.segments * F * R;
        break;
      }
      int64_t skew = 0;
      for (int64_t i = 0; i + 1 < F; ++i) skew -= f[i].rows + f[i].cols - 1;
      d.skew = fp.segments * skew;
      d.drain_interval = fp.segments * (F - 1) * std::max<int64_t>(0, R - T);
      d.drain = fp.segments * (2 * R - f.back().rows);
      break;
    }
    case FoldPlan::Kind::kConv1d: {
      if (a.input_prefetch) {
        ArrayConfig plain = a;
        plain.input_prefetch = false;
        d.prefetch = closed_form(l, a, o).cycles - closed_form(l, plain, o).cycles;
      }
      // Priced per pass: one per fold, or Kh with the rows mapping (whose layers the authors
      // price as per-channel GEMMs: the whole mapping difference lands in `folds`).
      const int64_t K = fp.reduction;
      const int64_t p = fp.passes;
      d.folds = F * p * (C + K) - authors_public;
      for (const auto& s : f) d.partial += p * (s.cols - C);
      // A pass feeds P + K − 1 edges against the authors' C + K: one edge less per pass.
      const int64_t hidden = -(p - 1) * F;
      if (a.global_select) {  // L + 2R per fold against p (C + K)
        d.skew = hidden;
        d.drain = F * (2 * R - 1);
        break;
      }
      if (!ov) {
        d.skew = hidden;
        d.drain = F * R;
        break;
      }
      d.skew = -(p * F - 1);
      for (int64_t i = 0; i + 1 < F; ++i)
        d.drain_interval += std::max<int64_t>(0, R - p * (f[i + 1].cols + K - 1));
      d.drain = R;
      break;
    }
    case FoldPlan::Kind::kWs:
      d.dataflow = closed_form(l, a, o).cycles - authors_public;
      break;
  }
  return d;
}

}  // namespace fusesim
