#pragma once
/// Closed-form latency models of a layer on an R×C systolic array: the FuSeConv authors' model
/// (two versions) and SCALE-Sim v2's per-fold formulas. Plain C++, no SystemC.
///
/// Usage:
///   LayerSpec dw;  // 3×3 depthwise, 112×112×32, pad 1
///   ...
///   int64_t base = authors_layer_cycles(dw, 64, 64, AuthorsVersion::kPublished, false);
///   int64_t os = scalesim_layer_cycles(dw, 64, 64, Dataflow::kOs);
///
/// Every function takes the array as R rows × C columns (R, C >= 1; std::invalid_argument
/// otherwise) and counts one forward pass of all images of the layer's batch.

#include <cstdint>
#include <vector>

#include "dataflows/dataflow_kind.h"
#include "workloads/layer_spec.h"

namespace fusesim {

/// Which variant of the authors' analytical model to evaluate.
enum class AuthorsVersion {
  /// The authors' public code: integer output sizes E = (H − Kh + s_h) div s_h and
  /// F = (W − Kw + s_w) div s_w on the padded input, FuSe folds on the padded sizes.
  kPublic,
  /// The version behind the published numbers (reference/paper-numbers.md): E and F by true
  /// division with the vertical stride for both, so the GEMM row count E·F may be fractional
  /// (floor-div and modulo on a real); each GEMM truncated to an integer (a depthwise layer
  /// truncates its one-channel GEMM, then multiplies by the channel count); FuSe folds on the
  /// unpadded size of the convolved dimension, used for both fold counts.
  kPublished,
};

const char* to_string(AuthorsVersion v);

/// The authors' GEMM formula: `rows` output pixels on the array rows, `cols` filters on the
/// columns, `t` reduction steps in time; full folds cost t + R + C − 1, a partial fold replaces
/// R (or C) with the rows (columns) it uses. `rows` is real because the published version
/// passes a fractional E·F; for integer rows the result is an exact integer (below 2^53).
double authors_gemm_cycles(double rows, int64_t cols, int64_t t, int R, int C);

/// The authors' FuSe formula for `n_conv1d` 1-D convolutions of length `len` with a K-tap
/// filter and stride s: ceil( ceil(n_conv1d / R) / s · (C + K) · ceil(len / C) ), evaluated in
/// the authors' floating-point order.
int64_t authors_fuse_cycles(int64_t n_conv1d, int64_t len, int k, int stride, int R, int C);

/// One layer under the authors' model (always an integer in both versions, see AuthorsVersion):
/// - conv, pointwise, linear, gemm: one GEMM, rows = N·E·F, cols = Cout, t = Kh·Kw·Cin;
/// - channel-wise layers (depthwise, FuSe row/col): on the plain array, or on the FuSe array
///   when both kernel sides exceed 1, C one-channel GEMMs (Cin = Cout = 1) of equal cost;
///   on the FuSe array a channel-wise layer with a kernel side of 1 goes to the FuSe formula by
///   its shape, as the authors' code does (Kh = 1: row formula, n = N·H·C, len = W, K = Kw;
///   otherwise Kw = 1: column formula with H and W swapped, K = Kh).
/// The layer's `executed` flag is ignored here; the network helpers skip unexecuted layers.
int64_t authors_layer_cycles(const LayerSpec& layer, int R, int C, AuthorsVersion version,
                             bool fuse_array);

/// SCALE-Sim v2 for one GEMM given in output-stationary terms (m output pixels, n filters,
/// k reduction), without memory stalls. SCALE-Sim maps it per dataflow as
///   OS: Sr = m, Sc = n, T = k;   WS: Sr = k, Sc = n, T = m;   IS: Sr = k, Sc = m, T = n,
/// charges every fold the whole array (partial folds cost as much as full ones):
///   OS: T + R + C − 2 per fold;  WS, IS: 2R + C + T − 2 per fold,
/// and returns ceil(Sr / R)·ceil(Sc / C)·per_fold − 1.
int64_t scalesim_gemm_cycles(int64_t m, int64_t n, int64_t k, int R, int C, Dataflow df);

/// One layer under SCALE-Sim v2: a GEMM with m = N·E·F, n = Cout, k = Kh·Kw·Cin, where E and F
/// are SCALE-Sim's own ofmap sizes ⌈(H − K + S)/S⌉ on the padded input (workloads/
/// scalesim_formula.h), one more than the layer's out_h() / out_w() when (H − K) is not a
/// multiple of S. Channel-wise layers (depthwise and FuSe 1×K / K×1), which SCALE-Sim cannot
/// express as one GEMM, are run as C separate one-channel GEMMs (Cin = Cout = 1), each a
/// SCALE-Sim run of its own (so the −1 applies per channel), summed.
int64_t scalesim_layer_cycles(const LayerSpec& layer, int R, int C, Dataflow df);

/// Sum of authors_layer_cycles over the executed layers of a network.
int64_t authors_network_cycles(const std::vector<LayerSpec>& layers, int R, int C,
                               AuthorsVersion version, bool fuse_array);

/// Sum of scalesim_layer_cycles over the executed layers of a network.
int64_t scalesim_network_cycles(const std::vector<LayerSpec>& layers, int R, int C, Dataflow df);

}  // namespace fusesim
