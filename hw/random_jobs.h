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

}  // namespace fusesim
