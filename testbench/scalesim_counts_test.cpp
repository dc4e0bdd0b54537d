// fusesim's simulated SRAM and DRAM counts against SCALE-Sim v2's, where the two tools' fold
// structures coincide (docs/memory.md §5). `scalesim_counts()` below is an independent
// implementation of how SCALE-Sim v2 counts, derived from its source (scalesim-project/
// scale-sim-v2: compute/systolic_compute_os.py and systolic_compute_ws.py for the SRAM request
// counts and the prefetch matrices, memory/read_buffer.py and write_buffer.py for the DRAM
// counts), not from fusesim's code.
#include <gtest/gtest.h>

#include <optional>
#include <random>

#include "hw/fast_engine.h"
#include "testbench/layer_runner.h"
#include "testbench/memory_reports.h"

namespace fusesim {
namespace {

/// SCALE-Sim v2's counts of one layer (words of 1 byte).
struct SsCounts {
  int64_t sram_ifmap_reads = 0;
  int64_t sram_filter_reads = 0;
  int64_t sram_ofmap_writes = 0;
  std::optional<int64_t> dram_ifmap_reads;  ///< nullopt: outside the regime modelled here
  std::optional<int64_t> dram_filter_reads;
  std::optional<int64_t> dram_ofmap_writes;
};

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The layer as SCALE-Sim's operand matrices: ifmap M × K (ofmap pixels × window), filter K × N,
/// ofmap M × N; an R × C array; `bw` words per cycle (InterfaceBandwidth USER, Bandwidth); the
/// scratchpads in KiB with SCALE-Sim's active fraction 0.5 and 1-byte words.
///
/// SRAM (the compute model's request counters):
///  - OS (Sr = M, Sc = N, T = K; a fold per row fold × column fold): ifmap_reads += T × rows of
///    the fold, filter_reads += T × columns, ofmap_writes += rows × columns and then, once more
///    per fold, += (R + C) (`self.ofmap_writes += this_fold_demand.shape[0] +
///    this_fold_demand.shape[1]` after padding the fold to R × C, create_ofmap_demand_mat()).
///  - WS (Sr = K, Sc = N, T = M): per fold ifmap_reads += M × rows, filter_reads += rows ×
///    columns, ofmap_writes += M × columns (every row fold writes its partial sums).
///  - IS (compute/systolic_compute_is.py; Sr = K, Sc = M, T = N): per fold ifmap_reads += rows ×
///    columns (the stationary inputs), filter_reads += rows × N, ofmap_writes += columns × N.
/// DRAM reads (read_buffer.py): the prefetch matrix is the operand of every row fold (ifmap) or
/// column fold (filter) once, padded with −1 to whole R (C) wide folds: OS ifmap row_folds × R × K,
/// filter col_folds × C × K; WS ifmap row_folds × R × M, filter col_folds × C × K; IS ifmap
/// col_folds × C × K, filter row_folds × R × N. It is laid in
/// lines of `bw` words; when it fits in the active half (ceil(size × 0.5) words), the first
/// prefetch requests all its lines and every later demand hits, so num_access = lines × bw.
/// Larger operands go through new_prefetch()'s wrap-around refills: not modelled here (nullopt).
/// DRAM writes (write_buffer.py): every valid ofmap demand element is drained once; each drain
/// counts its lines × bw minus the −1 entries of its last line, which is exact when bw = 1 or when
/// everything is drained at the end (no more valid elements than the drain half holds).
SsCounts scalesim_counts(Dataflow df, int64_t M, int64_t N, int64_t K, int R, int C, int64_t bw,
                         int64_t kb) {
  SsCounts s;
  const int64_t words = kb * 1024;
  const int64_t active = ceil_div(words, 2);  // int(math.ceil(total × 0.5))
  const int64_t drain = words - active;
  auto dram_read = [&](int64_t elems) -> std::optional<int64_t> {
    if (elems > active) return std::nullopt;
    return ceil_div(elems, bw) * bw;
  };
  int64_t ofmap_valid = 0;
  if (df == Dataflow::kOs) {
    const int64_t rf = ceil_div(M, R);
    const int64_t cf = ceil_div(N, C);
    s.sram_ifmap_reads = cf * M * K;
    s.sram_filter_reads = rf * N * K;
    s.sram_ofmap_writes = M * N + rf * cf * (R + C);
    s.dram_ifmap_reads = dram_read(rf * R * K);
    s.dram_filter_reads = dram_read(cf * C * K);
    ofmap_valid = M * N;
  } else if (df == Dataflow::kIs) {
    const int64_t rf = ceil_div(K, R);
    const int64_t cf = ceil_div(M, C);
    s.sram_ifmap_reads = K * M;
    s.sram_filter_reads = cf * K * N;
    s.sram_ofmap_writes = rf * M * N;
    s.dram_ifmap_reads = dram_read(cf * C * K);
    s.dram_filter_reads = dram_read(rf * R * N);
    ofmap_valid = rf * M * N;
  } else {
    const int64_t rf = ceil_div(K, R);
    const int64_t cf = ceil_div(N, C);
    s.sram_ifmap_reads = cf * M * K;
    s.sram_filter_reads = K * N;
    s.sram_ofmap_writes = rf * M * N;
    s.dram_ifmap_reads = dram_read(rf * R * M);
    s.dram_filter_reads = dram_read(cf * C * K);
    ofmap_valid = rf * M * N;
  }
  if (bw == 1 || ofmap_valid <= drain) s.dram_ofmap_writes = ofmap_valid;
  return s;
}

/// fusesim's counts of one simulated layer, in the same units.
struct FsCounts {
  int64_t sram_ifmap_reads, sram_filter_reads, sram_ofmap_writes;
  int64_t dram_ifmap, dram_filter, dram_ofmap;
};

FsCounts simulate(const LayerSpec& l, Dataflow df, int R, int C, double bw, int64_t kb) {
  ArrayConfig a;
  a.rows = R;
  a.cols = C;
  MemoryConfig m;
  m.dram.mode = DramMode::kSimple;
  m.dram.bandwidth_bytes_per_cycle = bw;
  m.dram.latency_cycles = 1;
  m.sram.ifmap_kb = m.sram.filter_kb = m.sram.ofmap_kb = kb;
  RunOptions o;
  o.array = a;
  o.mapping.dataflow = df;
  o.memory = std::make_shared<const MemoryConfig>(m);
  o.memory_source = "test";
  FastEngine eng(a);
  const LayerResult r = run_layer(l, o, [&](Program* p, const std::string&) { return eng.run(p); });
  EXPECT_TRUE(r.verified) << shape_string(l);
  const auto t = operand_traffic(r.stats.events, r.stats.memory, r.stats.cycles, 1,
                                 input_stationary(r.program));
  return {int64_t(t[0].sram_reads), int64_t(t[1].sram_reads), int64_t(t[2].sram_writes),
          t[0].dram_bytes,          t[1].dram_bytes,          t[2].dram_bytes};
}

LayerSpec gemm(int M, int K, int N) {
  LayerSpec l;
  l.op = OpKind::kGemm;
  l.in_h = M;
  l.in_c = K;
  l.out_c = N;
  return l;
}

// (4×3)·(3×2) on a 2×2 OS array, 1 word per cycle, 1 KiB scratchpads, by hand from SCALE-Sim's
// code: row folds 2, column folds 1.
//   SRAM ifmap reads  = 1 column fold × 4 rows × T 3         = 12
//   SRAM filter reads = 2 row folds × 2 columns × 3           = 12
//   SRAM ofmap writes = 4 × 2 outputs + 2 folds × (2 + 2)     = 16  (fusesim: the 8 outputs)
//   DRAM ifmap reads  = prefetch 2 row folds × 2 × 3 = 12 words (fits the 512-word active half)
//   DRAM filter reads = 1 column fold × 2 × 3                 = 6
//   DRAM ofmap writes = the 8 outputs
TEST(ScaleSimCounts, Gemm2x2ByHand) {
  const SsCounts ss = scalesim_counts(Dataflow::kOs, 4, 2, 3, 2, 2, 1, 1);
  EXPECT_EQ(ss.sram_ifmap_reads, 12);
  EXPECT_EQ(ss.sram_filter_reads, 12);
  EXPECT_EQ(ss.sram_ofmap_writes, 16);
  EXPECT_EQ(ss.dram_ifmap_reads, 12);
  EXPECT_EQ(ss.dram_filter_reads, 6);
  EXPECT_EQ(ss.dram_ofmap_writes, 8);
  const FsCounts fs = simulate(gemm(4, 3, 2), Dataflow::kOs, 2, 2, 1.0, 1);
  EXPECT_EQ(fs.sram_ifmap_reads, 12);
  EXPECT_EQ(fs.sram_filter_reads, 12);
  EXPECT_EQ(fs.sram_ofmap_writes, 8);  // SCALE-Sim's 16 − 2 folds × (R + C)
  EXPECT_EQ(fs.dram_ifmap, 12);
  EXPECT_EQ(fs.dram_filter, 6);
  EXPECT_EQ(fs.dram_ofmap, 8);
}

// (6×8)·(8×4) on a 4×4 WS array, 2 words per cycle, 1 KiB, by hand: Sr = K = 8 (row folds 2),
// Sc = N = 4 (column folds 1), T = M = 6.
//   SRAM ifmap reads  = 1 column fold × 6 × 8                 = 48
//   SRAM filter reads = 8 × 4                                 = 32
//   SRAM ofmap writes = 2 row folds × 6 × 4 (partial sums)    = 48
//   DRAM ifmap reads  = prefetch 2 row folds × 4 × 6 = 48 words = 24 lines of 2
//   DRAM filter reads = 1 column fold × 4 × 8                 = 32
//   DRAM ofmap writes = every partial sum drained: 48 (fusesim writes back the 24 final sums)
TEST(ScaleSimCounts, Ws4x4ByHand) {
  const SsCounts ss = scalesim_counts(Dataflow::kWs, 6, 4, 8, 4, 4, 2, 1);
  EXPECT_EQ(ss.sram_ifmap_reads, 48);
  EXPECT_EQ(ss.sram_filter_reads, 32);
  EXPECT_EQ(ss.sram_ofmap_writes, 48);
  EXPECT_EQ(ss.dram_ifmap_reads, 48);
  EXPECT_EQ(ss.dram_filter_reads, 32);
  EXPECT_EQ(ss.dram_ofmap_writes, 48);
  const FsCounts fs = simulate(gemm(6, 8, 4), Dataflow::kWs, 4, 4, 2.0, 1);
  EXPECT_EQ(fs.sram_ifmap_reads, 48);
  EXPECT_EQ(fs.sram_filter_reads, 32);
  EXPECT_EQ(fs.sram_ofmap_writes, 48);
  EXPECT_EQ(fs.dram_ifmap, 48);
  EXPECT_EQ(fs.dram_filter, 32);
  EXPECT_EQ(fs.dram_ofmap, 24);
}

// (8×4)·(4×3) on a 4×4 IS array, 1 word per cycle, 1 KiB, by hand: Sr = K = 4 (row folds 1),
// Sc = M = 8 (column folds 2), T = N = 3; the top feeders preload the inputs, the left feeders
// stream the filters.
//   SRAM ifmap reads  = the 8 × 4 stationary inputs, once       = 32
//   SRAM filter reads = 2 column folds × 4 × 3                  = 24
//   SRAM ofmap writes = 1 row fold × 8 × 3                      = 24
//   DRAM ifmap reads  = prefetch 2 column folds × 4 × 4         = 32
//   DRAM filter reads = 1 row fold × 4 × 3                      = 12
//   DRAM ofmap writes                                           = 24
TEST(ScaleSimCounts, Is4x4ByHand) {
  const SsCounts ss = scalesim_counts(Dataflow::kIs, 8, 3, 4, 4, 4, 1, 1);
  EXPECT_EQ(ss.sram_ifmap_reads, 32);
  EXPECT_EQ(ss.sram_filter_reads, 24);
  EXPECT_EQ(ss.sram_ofmap_writes, 24);
  EXPECT_EQ(ss.dram_ifmap_reads, 32);
  EXPECT_EQ(ss.dram_filter_reads, 12);
  EXPECT_EQ(ss.dram_ofmap_writes, 24);
  const FsCounts fs = simulate(gemm(8, 4, 3), Dataflow::kIs, 4, 4, 1.0, 1);
  EXPECT_EQ(fs.sram_ifmap_reads, 32);
  EXPECT_EQ(fs.sram_filter_reads, 24);
  EXPECT_EQ(fs.sram_ofmap_writes, 24);
  EXPECT_EQ(fs.dram_ifmap, 32);
  EXPECT_EQ(fs.dram_filter, 12);
  EXPECT_EQ(fs.dram_ofmap, 24);
}

// Random GEMMs and 1×1 convolutions whose fold structures coincide in the two tools: whole
// folds along the folded dimensions (OS: M a multiple of R, N of C; WS: K of R, N of C; IS: K of
// R, M of C; so that SCALE-Sim's prefetch matrices hold no −1 padding) and operands that fit
// SCALE-Sim's active half (so that both fetch every operand once). Then every count is equal, up to
// the two documented differences: SCALE-Sim's OS ofmap count adds R + C per fold, and its WS and IS
// ofmap DRAM writes are every row fold's partial sums; its DRAM reads are whole lines of `bw`
// words.
TEST(ScaleSimCounts, EqualWhereFoldStructuresCoincide) {
  std::mt19937_64 rng(20261130);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int compared = 0;
  for (int trial = 0; trial < 90; ++trial) {
    const Dataflow df = trial % 3 == 0   ? Dataflow::kOs
                        : trial % 3 == 1 ? Dataflow::kWs
                                         : Dataflow::kIs;
    const int R = pick(2, 6);
    const int C = pick(2, 6);
    int M = 0, K = 0, N = 0;
    if (df == Dataflow::kOs) {
      M = R * pick(1, 4);
      K = pick(1, 12);
      N = C * pick(1, 3);
    } else if (df == Dataflow::kWs) {
      M = pick(1, 10);
      K = R * pick(1, 3);
      N = C * pick(1, 3);
    } else {
      M = C * pick(1, 3);
      K = R * pick(1, 3);
      N = pick(1, 10);
    }
    LayerSpec l = gemm(M, K, N);
    if (trial % 2 == 0) {
      // The same GEMM as a 1×1 convolution over an (M / W) × W image: im2col has no copies.
      const int W = df == Dataflow::kOs ? R : df == Dataflow::kIs ? C : 1;
      l = LayerSpec{};
      l.in_h = M / W;
      l.in_w = W;
      l.in_c = K;
      l.out_c = N;
    }
    const int64_t bw = pick(1, 4);
    const int64_t kb = 1;
    const SsCounts ss = scalesim_counts(df, M, N, K, R, C, bw, kb);
    const FsCounts fs = simulate(l, df, R, C, double(bw), kb);
    const std::string what = shape_string(l) + " " + to_string(df) + " " + std::to_string(R) + "x" +
                             std::to_string(C) + " bw " + std::to_string(bw);
    EXPECT_EQ(fs.sram_ifmap_reads, ss.sram_ifmap_reads) << what;
    EXPECT_EQ(fs.sram_filter_reads, ss.sram_filter_reads) << what;
    const int64_t folds = df == Dataflow::kOs ? int64_t(M / R) * (N / C) : 0;
    EXPECT_EQ(fs.sram_ofmap_writes + folds * (R + C), ss.sram_ofmap_writes) << what;
    ASSERT_TRUE(ss.dram_ifmap_reads && ss.dram_filter_reads) << what;
    EXPECT_EQ(ceil_div(fs.dram_ifmap, bw) * bw, *ss.dram_ifmap_reads) << what;
    EXPECT_EQ(ceil_div(fs.dram_filter, bw) * bw, *ss.dram_filter_reads) << what;
    if (ss.dram_ofmap_writes) {
      const int64_t rf = df == Dataflow::kOs ? 1 : K / R;
      EXPECT_EQ(fs.dram_ofmap * rf, *ss.dram_ofmap_writes) << what;
    }
    ++compared;
  }
  EXPECT_EQ(compared, 90);
}

}  // namespace
}  // namespace fusesim
