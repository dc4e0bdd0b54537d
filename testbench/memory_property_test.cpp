// Properties of the memory system over random layers, on the fast engine: results stay
// bit-exact, memory never makes a run faster than ideal, and more bandwidth or more SRAM never
// makes it slower.
#include <gtest/gtest.h>

#include <random>

#include "hw/fast_engine.h"
#include "hw/random_jobs.h"
#include "testbench/layer_runner.h"
#include "workloads/input_error.h"

namespace fusesim {
namespace {

MemoryConfig simple_memory(double bw, int64_t kb) {
  MemoryConfig m;
  m.dram.mode = DramMode::kSimple;
  m.dram.bandwidth_bytes_per_cycle = bw;
  m.dram.latency_cycles = 20;
  m.sram.ifmap_kb = m.sram.filter_kb = m.sram.ofmap_kb = kb;
  return m;
}

/// Cycles of the layer, or -1 when the scratchpads are too small for one fold (bad input);
/// *compute gets cycles − stall_cycles.
int64_t cycles_with(const RandomJob& j, const ArrayConfig& a, const MemoryConfig* m,
                    uint64_t* digest, int64_t* compute) {
  RunOptions o;
  o.array = a;
  o.mapping = j.o;
  if (m) {
    o.memory = std::make_shared<const MemoryConfig>(*m);
    o.memory_source = "test";
  }
  FastEngine eng(a);
  try {
    const LayerResult r =
        run_layer(j.l, o, [&](Program* p, const std::string&) { return eng.run(p); });
    EXPECT_TRUE(r.verified) << shape_string(j.l);
    *digest = r.output_digest;
    *compute = r.stats.cycles - r.stats.memory.stall_cycles();
    return r.stats.cycles;
  } catch (const InputError&) {
    return -1;
  }
}

TEST(MemoryProperty, MoreBandwidthOrSramNeverCostsCycles) {
  std::mt19937_64 rng(20261130);
  const double bws[] = {0.25, 1.0, 4.0, 64.0};
  const int64_t kbs[] = {1, 2, 16};
  int compared = 0, stalled = 0;
  for (bool fuse : {false, true}) {
    for (const RandomJob& j : random_jobs(fuse, rng, 12)) {
      ArrayConfig a;
      a.rows = std::uniform_int_distribution<int>(2, 6)(rng);
      a.cols = std::uniform_int_distribution<int>(2, 6)(rng);
      a.fuse = fuse;
      set_drain_model(&a, kDrainModels[std::uniform_int_distribution<int>(0, 2)(rng)]);
      uint64_t ideal_digest = 0;
      int64_t compute = 0;
      const int64_t ideal = cycles_with(j, a, nullptr, &ideal_digest, &compute);
      EXPECT_EQ(compute, ideal);  // no stalls without a memory system
      std::vector<std::vector<int64_t>> c(4, std::vector<int64_t>(3));
      for (int b = 0; b < 4; ++b)
        for (int s = 0; s < 3; ++s) {
          const MemoryConfig m = simple_memory(bws[b], kbs[s]);
          uint64_t d = 0;
          c[b][s] = cycles_with(j, a, &m, &d, &compute);
          if (c[b][s] < 0) continue;
          // Stalls only delay fold issues (and the end, for the last write-back): every stall
          // edge is one edge the ideal schedule does not have.
          EXPECT_EQ(compute, ideal) << shape_string(j.l) << " bw " << bws[b] << " kb " << kbs[s];
          EXPECT_EQ(d, ideal_digest) << shape_string(j.l);
          EXPECT_GE(c[b][s], ideal) << shape_string(j.l);
          stalled += c[b][s] > ideal;
        }
      for (int b = 0; b < 4; ++b)
        for (int s = 0; s < 3; ++s) {
          if (c[b][s] < 0) continue;
          if (b + 1 < 4) {
            ASSERT_GE(c[b + 1][s], 0);
            EXPECT_LE(c[b + 1][s], c[b][s]) << shape_string(j.l) << " bw " << bws[b + 1];
            ++compared;
          }
          if (s + 1 < 3) {
            ASSERT_GE(c[b][s + 1], 0) << "a larger SRAM refused what a smaller one ran";
            EXPECT_LE(c[b][s + 1], c[b][s]) << shape_string(j.l) << " kb " << kbs[s + 1];
            ++compared;
          }
        }
    }
  }
  EXPECT_GT(compared, 200);
  EXPECT_GT(stalled, 50);  // the memory really stalls these runs
}

}  // namespace
}  // namespace fusesim
