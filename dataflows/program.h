#pragma once
/// Program: what a dataflow mapping hands to the array — the operands laid out in the
/// scratchpads, the list of folds in issue order, and room for the results.

#include <cstdint>
#include <string>
#include <vector>

#include "dataflows/ifmap_address_gen.h"
#include "pe/pe_core.h"

namespace fusesim {

class MemorySystem;

/// How the array is driven for a program.
enum class ProgramKind : uint8_t {
  kGemmOs,  ///< output-stationary GEMM: rows ↔ M, columns ↔ N, time ↔ K
  kGemmWs,  ///< weight-stationary GEMM: rows ↔ K, columns ↔ N, time ↔ M (IS uses it transposed)
  kConv1d,  ///< FuSe 1-D broadcast: rows ↔ 1-D convolutions, columns ↔ output positions, time ↔
            ///< taps
};

const char* to_string(ProgramKind k);

/// One fold: the part of the work that occupies the array at once.
struct Fold {
  int group = 0;            ///< GEMM group (a channel for per-channel depthwise)
  int row0 = 0;             ///< OS: first M index; WS: first K index; 1-D: first convolution
  int rows = 0;             ///< array rows used by this fold
  int col0 = 0;             ///< OS/WS: first N index; 1-D: first output position
  int cols = 0;             ///< array columns used by this fold
  bool wait_drain = false;  ///< issue only once every earlier fold has drained (layer boundary)
};

/// Operands, folds and results of one simulated job.
///
/// GEMM: for each group g, O_g (M×N, int32) = A_g (M×K, int8) · B_g (K×N, int8).
/// 1-D:  for each convolution i, y_i[j] = Σ_p Σ_k w_i,p[k] · x_i,p[j + k], j = 0 … length − taps,
///       p = 0 … passes − 1, and only positions with j % keep_stride == 0 are written to the
///       bottom buffer.
struct Program {
  ProgramKind kind = ProgramKind::kGemmOs;
  std::string label;  ///< e.g. "os", "ws", "is", "conv1d"

  // GEMM operands (row-major, group-major). A convolution's ifmap operand is not stored: the left
  // feeders' address generator reads it from the input tensor (`ifmap`), as A (OS/WS) or, in IS,
  // as B transposed (B_g[k][n] = A_g[n][k] of the layer's im2col).
  int groups = 1;
  int M = 0;
  int K = 0;
  int N = 0;
  std::vector<int8_t> a;  ///< groups × M × K (empty when ifmap_role is kA)
  std::vector<int8_t> b;  ///< groups × K × N (empty when ifmap_role is kBTransposed)

  // 1-D operands.
  int convs = 0;
  int length = 0;  ///< input elements per convolution (padding included)
  int taps = 0;
  int keep_stride = 1;
  /// Accumulated passes per convolution: a K×K depthwise layer mapped by rows (--dw-mapping rows)
  /// runs each output row as K 1-D row convolutions, one per kernel row, summed in the same
  /// accumulators (first flag on the first tap of pass 0, last on the last tap of the last pass).
  int passes = 1;
  std::vector<int8_t> x;  ///< convs × passes × length (empty when ifmap_role is kX)
  std::vector<int8_t> w;  ///< convs × passes × taps

  /// Which operand the address generator supplies (kStored: every operand is in a, b, x).
  enum class IfmapRole : uint8_t { kStored, kA, kBTransposed, kX };
  IfmapRole ifmap_role = IfmapRole::kStored;
  IfmapAddressGen ifmap;

  std::vector<Fold> folds;

  /// The scratchpads and DRAM behind the feeders, begun with this program's fold traffic (not
  /// owned). Null: ideal memory, every operand in the scratchpads when the feeders need it.
  MemorySystem* memory = nullptr;

  /// Results: GEMM groups × M × N; 1-D convs × (length − taps + 1) (unkept positions stay 0).
  std::vector<int32_t> out;

  int conv_outputs() const { return length - taps + 1; }
  int8_t a_at(int g, int m, int k) const {
    return ifmap_role == IfmapRole::kA ? ifmap.gemm_at(g, m, k) : a[(size_t(g) * M + m) * K + k];
  }
  int8_t b_at(int g, int k, int n) const {
    return ifmap_role == IfmapRole::kBTransposed ? ifmap.gemm_at(g, n, k)
                                                 : b[(size_t(g) * K + k) * N + n];
  }
  int32_t& out_gemm(int g, int m, int n) { return out[(size_t(g) * M + m) * N + n]; }
  int32_t& out_conv(int i, int j) { return out[size_t(i) * conv_outputs() + j]; }
  int8_t x_at(int i, int j, int pass = 0) const {
    return ifmap_role == IfmapRole::kX ? ifmap.conv1d_at(i, j, pass)
                                       : x[(size_t(i) * passes + pass) * length + j];
  }
  int8_t w_at(int i, int k, int pass = 0) const {
    return w[(size_t(i) * passes + pass) * taps + k];
  }
  /// The array's input prefetch drives this 1-D program (ArrayConfig::input_prefetch; set by
  /// map_layer() and by the ArrayController): the next pass's window is loaded into the hp chain
  /// under the current pass's taps (docs/timing.md §5d).
  bool input_prefetch = false;
  /// Edges from one pass's swap to the next with input prefetch: T = max(P, taps).
  int64_t conv1d_pass_period(int P) const { return P > taps ? P : taps; }
  /// Edges from a 1-D fold's issue to its capture (every PE captures at issue + this). Without
  /// prefetch each pass loads P + taps − 1 inputs one after another: passes · (P + taps − 1).
  /// With it: P + (passes − 1) · T + taps − 1 (the first window's P loads, a period per further
  /// pass, the last pass's taps after its swap).
  int64_t conv1d_feed_edges(int P) const {
    if (input_prefetch) return int64_t(P) + int64_t(passes - 1) * conv1d_pass_period(P) + taps - 1;
    return int64_t(passes) * (P + taps - 1);
  }
  PeMode pe_mode() const {
    return kind == ProgramKind::kGemmWs ? PeMode::kWeightStationary : PeMode::kOutputStationary;
  }
  /// Allocates `out` (zeros) for the program's shape.
  void reset_output();
  /// Every problem with the program's shapes, one message each; empty when valid.
  std::vector<std::string> validate(int array_rows, int array_cols) const;
};

}  // namespace fusesim
