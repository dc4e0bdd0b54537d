#pragma once
/// SCALE-Sim v2's own arithmetic, reproduced so that fusesim can print SCALE-Sim's numbers beside
/// its simulated ones. Plain C++17. Sources (scalesim-project/scale-sim-v2, read with the project's
/// search tool; facts only, no code copied):
/// - scalesim/topology_utils.py, topologies.topo_calc_hyperparams() (commit 013c54e): the ofmap
///   side is `int(math.ceil((ifmap_h - filt_h + stride_h) / stride_h))`, and the operand matrices
///   (compute/operand_matrix.py, operand_matrix.set_params()) take their sizes from it;
/// - scalesim/compute/systolic_compute_{os,ws,is}.py (commits 0b80b27, 11a8413, 1f53104): per
///   fold, `compute_util_this_fold = mac_used * T / (arr_row * arr_col * cycles_this_fold)` with
///   `cycles_this_fold = demand.shape[0] + demand.shape[1] - 1` of the fold's padded demand matrix
///   (OS: T + R + C − 2; WS and IS: 2R + 2C + T − 3), folds enumerated column fold outer, row fold
///   inner; get_avg_compute_utilization() is the plain mean over the folds, and
///   single_layer_sim.calc_report_data() prints it × 100 as `Compute Util %`.
///
///   int64_t e = scalesim_ofmap_dim(224, 3, 2);   // 112, where ⌊(224 − 3)/2⌋ + 1 = 111
///   double u = scalesim_compute_util_pct(scalesim_gemm_folds(m, n, k, 32, 32, Dataflow::kOs));

#include <cstdint>
#include <vector>

#include "dataflows/dataflow_kind.h"
#include "workloads/layer_spec.h"

namespace fusesim {

/// SCALE-Sim's ofmap side ⌈(in − k + s)/s⌉ (= ⌈(in − k)/s⌉ + 1): a window that starts inside the
/// input but runs past its end still counts (SCALE-Sim reads its missing elements as padding,
/// address −1). The arithmetically correct size ⌊(in − k)/s⌋ + 1 (LayerSpec::out_h()) is one less
/// exactly when (in − k) is not a multiple of s. Requires in >= k >= 1, s >= 1.
inline int64_t scalesim_ofmap_dim(int64_t in, int64_t k, int64_t s) {
  return (in - k + s + s - 1) / s;
}

/// N·E·F under SCALE-Sim's rounding, on the padded input (SCALE-Sim's topologies carry no padding:
/// a padded layer reaches it with the padding already in the IFMAP sizes).
int64_t scalesim_ofmap_pixels(const LayerSpec& l);

/// The layer without the trailing input rows and columns no window of it reads: the same
/// arithmetic layer, on which SCALE-Sim's rounding gives the correct ofmap (so that
/// scalesim_ofmap_pixels(scalesim_cropped(l)) == batch · out_h() · out_w()).
LayerSpec scalesim_cropped(const LayerSpec& l);

/// One fold as SCALE-Sim's utilisation counts it: the MACs it performs, the PEs of the array and
/// the cycles it lasts.
struct FoldUse {
  int64_t macs = 0;
  int64_t pes = 0;
  int64_t cycles = 0;
};

/// SCALE-Sim's `Compute Util %`: 100 × the mean over the folds of macs / (pes × cycles), summed in
/// the order given (as Python's sum() over SCALE-Sim's per-fold list); 0 without folds. A fold of
/// 0 cycles counts as 0.
double scalesim_compute_util_pct(const std::vector<FoldUse>& folds);

/// SCALE-Sim v2's folds of one GEMM given in output-stationary terms (m output pixels, n filters,
/// k reduction) on an R×C array, in SCALE-Sim's order: OS Sr = m, Sc = n, T = k; WS Sr = k,
/// Sc = n, T = m; IS Sr = k, Sc = m, T = n; each fold with mac_used·T MACs and SCALE-Sim's
/// cycles_this_fold (OS T + R + C − 2; WS, IS 2R + 2C + T − 3).
std::vector<FoldUse> scalesim_gemm_folds(int64_t m, int64_t n, int64_t k, int R, int C,
                                         Dataflow df);

/// SCALE-Sim's folds of one layer (a channel-wise layer as one single-channel GEMM per channel,
/// as dataflows/analytical.h's scalesim_layer_cycles() prices it), with SCALE-Sim's rounding.
std::vector<FoldUse> scalesim_layer_folds(const LayerSpec& l, int R, int C, Dataflow df);

}  // namespace fusesim
