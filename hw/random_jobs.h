#pragma once
/// Seeded random layers of every kind the array runs (dense, depthwise in all three conventions,
/// linear, and — with `fuse` — FuSe 1×K / K×1 and K×K depthwise by rows (K up to 5)), with a
/// random dataflow, stride, padding and
/// batch. A test utility shared by the engine equivalence tests (header-only: it is not part of
/// the simulator).

#include <algorithm>
#include <random>
#include <vector>

#include "dataflows/layer_mapping.h"
#include "hw/array_config.h"
#include "workloads/layer_data.h"
#include "workloads/layer_spec.h"

namespace fusesim {

/// A layer and how to map it.
struct RandomJob {
  LayerSpec l;
  MappingOptions o;
};

/// Upper bounds of the random shapes.
struct RandomJobLimits {
  int max_hw = 9;  ///< input height and width
  int max_c = 6;   ///< channels
  int max_filters = 11;
  int max_linear = 13;  ///< linear layer outputs
};

/// `count` valid random jobs drawn from rng.
inline std::vector<RandomJob> random_jobs(bool fuse, std::mt19937_64& rng, int count,
                                          const RandomJobLimits& lim = RandomJobLimits{}) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<RandomJob> jobs;
  while (int(jobs.size()) < count) {
    RandomJob j;
    const int kind = pick(0, fuse ? 5 : 2);
    j.l.in_h = pick(2, lim.max_hw);
    j.l.in_w = pick(2, lim.max_hw);
    j.l.in_c = pick(1, lim.max_c);
    j.l.batch = pick(1, 2);
    j.l.stride_h = j.l.stride_w = pick(1, 2);
    j.o.dataflow = Dataflow(pick(0, 2));
    if (kind == 0) {  // dense convolution
      j.l.op = OpKind::kConv;
      j.l.out_c = pick(1, lim.max_filters);
      j.l.k_h = j.l.k_w = pick(1, 3);
      j.l.pad_h = j.l.pad_w = pick(0, 1);
    } else if (kind == 1) {  // depthwise
      j.l.op = OpKind::kDepthwise;
      j.l.out_c = j.l.in_c;
      j.l.k_h = j.l.k_w = pick(1, 3);
      j.l.pad_h = j.l.pad_w = pick(0, 1);
      j.o.dw = DwConvention(pick(0, 2));
    } else if (kind == 2) {  // linear
      j.l.op = OpKind::kLinear;
      j.l.in_h = j.l.in_w = 1;
      j.l.stride_h = j.l.stride_w = 1;
      j.l.out_c = pick(1, lim.max_linear);
    } else if (kind == 5) {  // K×K depthwise by rows on the broadcast bus
      j.l.op = OpKind::kDepthwise;
      j.l.out_c = j.l.in_c;
      const int K = pick(1, 3) * 2 - 1;
      j.l.in_h = std::max(j.l.in_h, K);
      j.l.in_w = std::max(j.l.in_w, K);
      j.l.k_h = j.l.k_w = K;
      j.l.pad_h = j.l.pad_w = pick(0, K / 2);
      j.o.dw_mapping = DwMapping::kRows;
    } else {  // FuSe 1-D
      const bool row = kind == 3;
      j.l.op = row ? OpKind::kFuseRow : OpKind::kFuseCol;
      j.l.out_c = j.l.in_c;
      const int K = pick(1, 3) * 2 - 1;
      j.l.in_h = std::max(j.l.in_h, K);
      j.l.in_w = std::max(j.l.in_w, K);
      j.l.k_h = row ? 1 : K;
      j.l.k_w = row ? K : 1;
      (row ? j.l.pad_w : j.l.pad_h) = K / 2;
    }
    if (j.l.validate().empty()) jobs.push_back(j);
  }
  return jobs;
}

/// `count` random depthwise layers in the input-stationary dataflow, in all three depthwise
/// conventions: IS maps output pixels to columns, so per-channel layers alternate a partial fold
/// (the last pixels of a channel) with a full one (the next channel's first), the case that
/// needs the wider fold's spacing (docs/timing.md §3, fold spacing).
inline std::vector<RandomJob> random_depthwise_is_jobs(std::mt19937_64& rng, int count) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<RandomJob> jobs;
  while (int(jobs.size()) < count) {
    RandomJob j;
    j.l.op = OpKind::kDepthwise;
    j.l.in_h = pick(1, 7);
    j.l.in_w = pick(1, 7);
    j.l.in_c = j.l.out_c = pick(1, 4);
    j.l.batch = pick(1, 2);
    j.l.k_h = j.l.k_w = pick(1, 3);
    j.l.pad_h = j.l.pad_w = pick(0, 1);
    j.l.stride_h = j.l.stride_w = pick(1, 2);
    j.o.dataflow = Dataflow::kIs;
    j.o.dw = DwConvention(pick(0, 2));
    if (j.l.validate().empty()) jobs.push_back(j);
  }
  return jobs;
}

/// A K×K depthwise layer by rows on one row of `cols` PEs of the FuSe array (one channel, stride
/// 1, no padding): the hand-worked cases of docs/timing.md §5c and their tests.
struct DwRowsCase {
  LayerSpec l;
  LayerData d;
  ArrayConfig a;
  MappingOptions o;
};
inline DwRowsCase dw_rows_case(int in_h, int in_w, int k, int cols, uint64_t seed) {
  DwRowsCase c;
  c.l.op = OpKind::kDepthwise;
  c.l.in_h = in_h;
  c.l.in_w = in_w;
  c.l.in_c = c.l.out_c = 1;
  c.l.k_h = c.l.k_w = k;
  c.a.rows = 1;
  c.a.cols = cols;
  c.a.fuse = true;
  c.o.dw_mapping = DwMapping::kRows;
  c.d = make_layer_data(c.l, seed);
  return c;
}
/// docs/timing.md §5c's diagram: a 3×3 kernel [1 … 9] over input rows 1..6, 11..16, 21..26 on
/// one row of 4 PEs (outputs 726, 771, 816, 861).
inline DwRowsCase dw_rows_doc_example() {
  DwRowsCase c = dw_rows_case(3, 6, 3, 4, 1);
  for (int h = 0; h < 3; ++h)
    for (int w = 0; w < 6; ++w) c.d.input[size_t(h) * 6 + w] = int8_t(10 * h + w + 1);
  for (int i = 0; i < 9; ++i) c.d.weights[size_t(i)] = int8_t(i + 1);
  return c;
}

}  // namespace fusesim
