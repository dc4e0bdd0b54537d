// Whole-network runs give identical results for any thread count.
#include "testbench/network_runner.h"

#include <gtest/gtest.h>

#include "hw/fast_engine.h"
#include "workloads/network_zoo.h"

namespace fusesim {
namespace {

NetworkResult run(const std::vector<LayerSpec>& layers, const RunOptions& o, int threads) {
  const ArrayConfig a = o.array;
  return run_network(layers, o, threads, [a](int) -> EngineFn {
    auto eng = std::make_shared<FastEngine>(a);
    return [eng](Program* p, const std::string&) { return eng->run(p); };
  });
}

TEST(NetworkRunner, IdenticalForAnyThreadCount) {
  RunOptions o;
  o.array.rows = o.array.cols = 16;
  o.array.fuse = true;
  const auto layers = build_network("mobilenet_v3_small", "full");
  const NetworkResult a = run(layers, o, 1);
  const NetworkResult b = run(layers, o, 2);
  const NetworkResult c = run(layers, o, 5);
  ASSERT_EQ(a.layers.size(), b.layers.size());
  EXPECT_TRUE(a.verified);
  EXPECT_EQ(a.cycles, b.cycles);
  EXPECT_EQ(a.cycles, c.cycles);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.events, c.events);
  for (size_t i = 0; i < a.layers.size(); ++i) {
    EXPECT_EQ(a.layers[i].output_digest, b.layers[i].output_digest) << a.layers[i].layer.name;
    EXPECT_EQ(a.layers[i].output_digest, c.layers[i].output_digest) << a.layers[i].layer.name;
    EXPECT_EQ(a.layers[i].stats.cycles, c.layers[i].stats.cycles);
  }
  EXPECT_EQ(layers_csv(a, o), layers_csv(c, o));
}

// Progress is reported by work: the closed-form cycles of the finished layers, summing to the
// whole network's closed form; the time left scales with the work left, not the layers left.
TEST(NetworkRunner, ProgressCountsWork) {
  RunOptions o;
  o.array.rows = o.array.cols = 8;
  const auto layers = build_network("mobilenet_v3_small", "baseline");
  std::vector<ProgressInfo> seen;
  const ArrayConfig a = o.array;
  const NetworkResult r = run_network(
      layers, o, 2,
      [a](int) -> EngineFn {
        auto eng = std::make_shared<FastEngine>(a);
        return [eng](Program* p, const std::string&) { return eng->run(p); };
      },
      [&](const ProgressInfo& p) { seen.push_back(p); });  // called under the runner's lock
  ASSERT_EQ(seen.size(), r.layers.size());
  double total = 0;
  for (const auto& l : r.layers) total += double(l.analytical.model);
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].done, int(i + 1));
    EXPECT_EQ(seen[i].work_total, total);
    if (i > 0) {
      EXPECT_GT(seen[i].work_done, seen[i - 1].work_done);
    }
  }
  EXPECT_EQ(seen.back().work_done, total);
  EXPECT_EQ(seen.back().cycles, r.cycles);
  // A quarter of the work in 10 s leaves 30 s, whatever the count of layers.
  ProgressInfo p{1, 50, 0, 25.0, 100.0};
  EXPECT_DOUBLE_EQ(p.seconds_left(10.0), 30.0);
  EXPECT_EQ(format_progress("net", p, 10.0),
            "net: 1/50 layers (25 % of the work), 0.0 M simulated cycles (0.0 M cycles/s), 10.0 "
            "s, ~30 s left");
  // One layer (the layer command's ticker): the share of its closed-form cycles, no count.
  EXPECT_EQ(format_progress("layer", ProgressInfo{0, 1, 3000000, 3e6, 4e6}, 6.0),
            "layer: 75 % of the work, 3.0 M simulated cycles (0.5 M cycles/s), 6.0 s, ~2 s left");
}

// Inter-layer reuse: the second layer reads the first one's 8x8x8 output (512 bytes) on chip when
// it fits the ifmap scratchpad — no ifmap bytes from DRAM, never more cycles — and from DRAM when
// reuse is off, when the scratchpad is too small, or when the shapes do not chain.
TEST(NetworkRunner, ThePreviousLayersOutputStaysOnChip) {
  LayerSpec a;
  a.name = "a";
  a.in_h = a.in_w = 8;
  a.in_c = 4;
  a.out_c = 8;
  a.k_h = a.k_w = 3;
  a.pad_h = a.pad_w = 1;
  LayerSpec b = a;
  b.name = "b";
  b.op = OpKind::kPointwise;
  b.in_c = 8;
  b.out_c = 8;
  b.k_h = b.k_w = 1;
  b.pad_h = b.pad_w = 0;
  RunOptions o;
  o.array.rows = o.array.cols = 4;
  MemoryConfig m;
  m.dram.mode = DramMode::kSimple;
  m.dram.bandwidth_bytes_per_cycle = 2;
  m.sram.ifmap_kb = m.sram.filter_kb = m.sram.ofmap_kb = 4;
  o.memory = std::make_shared<const MemoryConfig>(m);
  EXPECT_TRUE(ifmap_on_chip_from_previous(a, b, o));
  const NetworkResult on = run(std::vector<LayerSpec>{a, b}, o, 1);
  RunOptions off_o = o;
  off_o.ofmap_reuse = false;
  EXPECT_FALSE(ifmap_on_chip_from_previous(a, b, off_o));
  const NetworkResult off = run(std::vector<LayerSpec>{a, b}, off_o, 1);
  ASSERT_TRUE(on.verified && off.verified);
  EXPECT_EQ(on.layers[0].stats.memory, off.layers[0].stats.memory);  // the first is unchanged
  EXPECT_EQ(on.layers[1].stats.memory.dram_ifmap_bytes, 0);
  EXPECT_EQ(on.layers[1].stats.memory.ifmap_on_chip_bytes, 512);
  EXPECT_GT(on.layers[1].stats.memory.ifmap_reuses, 0);
  EXPECT_EQ(off.layers[1].stats.memory.dram_ifmap_bytes, 512);
  EXPECT_EQ(off.layers[1].stats.memory.ifmap_on_chip_bytes, 0);
  EXPECT_LE(on.layers[1].stats.cycles, off.layers[1].stats.cycles);
  // Too small a scratchpad for the whole tensor, or shapes that do not chain: no reuse.
  MemoryConfig small = m;
  small.sram.ifmap_kb = 1;
  b.in_c = a.out_c = 8;
  LayerSpec big = a;
  big.out_c = 32;  // 8x8x32 = 2 KiB > 1 KiB
  LayerSpec next = b;
  next.in_c = 32;
  RunOptions so = o;
  so.memory = std::make_shared<const MemoryConfig>(small);
  EXPECT_FALSE(ifmap_on_chip_from_previous(big, next, so));
  EXPECT_TRUE(ifmap_on_chip_from_previous(big, next, o));
  EXPECT_FALSE(ifmap_on_chip_from_previous(a, next, o));  // 8 channels out, 32 in
  RunOptions ideal;
  EXPECT_FALSE(ifmap_on_chip_from_previous(a, b, ideal));
}

TEST(NetworkRunner, SkipsModulesThatNeverRun) {
  RunOptions o;
  o.array.rows = o.array.cols = 8;
  o.array.fuse = true;
  const auto layers = build_network("mobilenet_v2", "full");
  size_t executed = 0;
  for (const auto& l : layers) executed += l.executed;
  ASSERT_LT(executed, layers.size());  // MobileNet-V2 Full has a module that never runs
  std::vector<LayerSpec> head(layers.begin(), layers.begin() + 4);
  const NetworkResult r = run(head, o, 2);
  size_t head_exec = 0;
  for (const auto& l : head) head_exec += l.executed;
  EXPECT_EQ(r.layers.size(), head_exec);
}

// Issue 15, defect 3: an error inside a worker thread once became a plain runtime_error (exit 2);
// it must keep its type (bad_alloc and internal errors exit 3).
TEST(NetworkRunner, AWorkersExceptionKeepsItsType) {
  RunOptions o;
  o.array.rows = o.array.cols = 4;
  const auto layers = build_network("mobilenet_v3_small", "baseline");
  for (int threads : {1, 2}) {
    auto throwing = [](auto make) {
      return [make](int) -> EngineFn {
        return [make](Program*, const std::string&) -> RunStats { throw make(); };
      };
    };
    EXPECT_THROW(run_network(layers, o, threads, throwing([] { return std::bad_alloc(); })),
                 std::bad_alloc);
    EXPECT_THROW(
        run_network(layers, o, threads, throwing([] { return std::logic_error("invariant"); })),
        std::logic_error);
  }
}

}  // namespace
}  // namespace fusesim
