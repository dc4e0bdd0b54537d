// Stalls and traffic of whole layers with a finite memory, against counts derived by hand
// (docs/memory.md §2 draws the first case as a cycle diagram).
#include <gtest/gtest.h>

#include "hw/fast_engine.h"
#include "testbench/layer_runner.h"

namespace fusesim {
namespace {

LayerResult run_with(const LayerSpec& l, const ArrayConfig& a, double bw, int64_t latency,
                     int64_t kb) {
  MemoryConfig m;
  m.dram.mode = DramMode::kSimple;
  m.dram.bandwidth_bytes_per_cycle = bw;
  m.dram.latency_cycles = latency;
  m.sram.ifmap_kb = m.sram.filter_kb = m.sram.ofmap_kb = kb;
  RunOptions o;
  o.array = a;
  o.memory = std::make_shared<const MemoryConfig>(m);
  o.memory_source = "test";
  FastEngine eng(a);
  return run_layer(l, o, [&](Program* p, const std::string&) { return eng.run(p); });
}

// GEMM (4×3)·(3×2) on a 2×2 OS array, DRAM 1 B/cycle with a latency of 2 cycles:
//   fold 0 (rows 0-1): ifmap 6 B on edges 0..6 (+2 -> 8), filter 6 B on 6..12 (-> 14): the array
//     waits 14 edges for the filter, fold 0 issues at 14;
//   fold 1 (rows 2-3): its ifmap (6 B) is requested at 14, edges 14..20 (-> 22); the filter is
//     resident. The array could issue at 14 + max(K, R) = 17: 5 edges waiting for the ifmap.
//   Outputs: 4 B per fold written back after each fold drains.
TEST(MemoryTiming, Gemm2x2ByHand) {
  LayerSpec l;
  l.op = OpKind::kGemm;
  l.in_h = 4;
  l.in_c = 3;
  l.out_c = 2;
  ArrayConfig a;
  a.rows = a.cols = 2;
  const LayerResult r = run_with(l, a, 1.0, 2, 1);
  EXPECT_TRUE(r.verified);
  ASSERT_EQ(r.stats.issue_edges.size(), 2u);
  EXPECT_EQ(r.stats.issue_edges[0], 14);
  EXPECT_EQ(r.stats.issue_edges[1], 22);
  const MemoryStats& s = r.stats.memory;
  EXPECT_EQ(s.stall_filter, 14);
  EXPECT_EQ(s.stall_ifmap, 5);
  EXPECT_EQ(s.stall_ofmap, 0);
  EXPECT_EQ(s.dram_ifmap_bytes, 12);
  EXPECT_EQ(s.dram_filter_bytes, 6);
  EXPECT_EQ(s.dram_ofmap_bytes, 8);
  EXPECT_EQ(s.ifmap_fetches, 2);
  EXPECT_EQ(s.filter_fetches, 1);
  EXPECT_EQ(s.filter_reuses, 1);
  // Ideal memory: the same folds 19 edges earlier in total.
  RunOptions ideal;
  ideal.array = a;
  FastEngine eng(a);
  const LayerResult ri =
      run_layer(l, ideal, [&](Program* p, const std::string&) { return eng.run(p); });
  EXPECT_EQ(r.stats.cycles - s.stall_cycles(), ri.stats.cycles);
  EXPECT_EQ(r.output_digest, ri.output_digest);
}

// 4×4 OS conv (4×4×2 input, 3×3 kernel, pad 1, 4 filters; FoldTraffic's hand-derived tiles):
// ifmap bands of 16, 24, 24, 16 B, one 72 B filter tile, 16 B of outputs per fold. With 1 KiB
// scratchpads nothing is fetched twice; DRAM traffic is exactly the tiles.
TEST(MemoryTiming, Conv4x4TrafficEqualsTheTiles) {
  LayerSpec l;
  l.in_h = l.in_w = 4;
  l.in_c = 2;
  l.out_c = 4;
  l.k_h = l.k_w = 3;
  l.pad_h = l.pad_w = 1;
  ArrayConfig a;
  a.rows = a.cols = 4;
  const LayerResult r = run_with(l, a, 64.0, 1, 1);
  EXPECT_TRUE(r.verified);
  EXPECT_EQ(r.stats.memory.dram_ifmap_bytes, 16 + 24 + 24 + 16);
  EXPECT_EQ(r.stats.memory.dram_filter_bytes, 72);
  EXPECT_EQ(r.stats.memory.dram_ofmap_bytes, 4 * 16);
  EXPECT_EQ(r.dram.bytes_read, uint64_t(80 + 72));
  EXPECT_EQ(r.dram.bytes_written, uint64_t(64));
  EXPECT_EQ(r.dram.reads, 5u);  // 4 ifmap bands + 1 filter tile
  EXPECT_EQ(r.dram.writes, 4u);
}

}  // namespace
}  // namespace fusesim
