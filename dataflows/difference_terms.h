#pragma once
/// DifferenceTerms: the difference between a layer's simulated cycles (equal to the project's
/// closed form) and the FuSeConv authors' published model, attributed to named terms:
///
///   simulated = authors_published + rounding + folds + skew + drain_interval + drain + partial
///               + dataflow + prefetch
///
/// Derived from the fold plan (dataflows/closed_form.h) and docs/timing.md; a test checks the
/// identity on every layer of the 25 networks.

#include <cstdint>

#include "dataflows/closed_form.h"

namespace fusesim {

/// Named terms of (simulated − authors' published cycles) for one layer.
struct DifferenceTerms {
  /// authors_public − authors_published: the published version's real-valued E·F, vertical
  /// stride for both dimensions and unpadded 1-D length.
  int64_t rounding = 0;
  /// Our folds priced with the authors' own per-fold cost, minus the authors' total: different
  /// fold counts (1-D: only output rows are mapped, positions W_pad − K + 1 — stride scheme and
  /// padding) or a different mapping (e.g. a 1×K "dw" layer the authors send to the FuSe formula).
  int64_t folds = 0;
  /// Fill and skew hidden by overlapping folds: OS −(r + c − 1) per fold but the last; 1-D −1
  /// per pass but the last (the next window's first load under the last tap; a fold is one
  /// pass, or Kh passes with the rows mapping of a K×K depthwise layer).
  int64_t skew = 0;
  /// Folds spaced by the drain chain instead of the work: OS max(0, R − T) per fold but the
  /// last; 1-D max(0, R − L′) before a fold of L′ = passes · (P′ + K − 1) feeder edges.
  int64_t drain_interval = 0;
  /// Drain the authors do not charge: overlapped, the last fold's R (+ R − r for an OS
  /// partial-row fold, timed from the bottom row); serial, R per fold.
  int64_t drain = 0;
  /// 1-D partial position folds: P − C per pass (the authors charge C + K for any fold).
  int64_t partial = 0;
  /// WS/IS: the authors' model is output-stationary; the whole remaining difference.
  int64_t dataflow = 0;
  /// 1-D with input prefetch (ArrayConfig::input_prefetch): the prefetch schedule's cycles minus
  /// those of the same layer without it (the other terms describe the schedule without it). Per
  /// fold −(passes − 1)·(min(P, K) − 1) from the shorter passes, and with the drain overlapped
  /// the shorter interval: max(P + (p − 1)·T + max(0, K − P′), R + L − L′) against
  /// max(L⁰, R + L⁰ − L⁰′) (docs/timing.md §5d). Zero without prefetch.
  int64_t prefetch = 0;

  DifferenceTerms& operator+=(const DifferenceTerms& o) {
    rounding += o.rounding;
    folds += o.folds;
    skew += o.skew;
    drain_interval += o.drain_interval;
    drain += o.drain;
    partial += o.partial;
    dataflow += o.dataflow;
    prefetch += o.prefetch;
    return *this;
  }
  int64_t total() const {
    return rounding + folds + skew + drain_interval + drain + partial + dataflow + prefetch;
  }
};

/// Terms for one layer; `authors_public` and `authors_published` are the authors' two cycle
/// counts of the layer (dataflows/analytical.h) on the same array.
DifferenceTerms difference_terms(const LayerSpec& l, const ArrayConfig& a, const MappingOptions& o,
                                 int64_t authors_public, int64_t authors_published);

}  // namespace fusesim
