// Lock-step equivalence of the two engines with a finite memory system: the same stalls, the
// same cycles and events, and every register of every PE equal after every edge.
#include <gtest/gtest.h>

#include <random>

#include "dataflows/fold_traffic.h"
#include "dataflows/layer_mapping.h"
#include "hw/fast_engine.h"
#include "hw/memory_system.h"
#include "hw/random_jobs.h"
#include "hw/sc_top.h"

namespace fusesim {
namespace {

std::string shape_of(const RandomJob& j);

void lockstep_with_memory(const ArrayConfig& a, const MemoryConfig& m, bool fuse_jobs, int n) {
  std::mt19937_64 rng(77 + uint64_t(a.rows) * 10 + uint64_t(a.cols));
  PinEngine pin(a);
  FastEngine fast(a);
  uint64_t seed = 99;
  int64_t stalls = 0;
  int64_t skipped = 0;
  for (const RandomJob& j : random_jobs(fuse_jobs, rng, n)) {
    SCOPED_TRACE(shape_of(j));
    const LayerData d = make_layer_data(j.l, ++seed);
    Program pf = map_layer(j.l, d, a, j.o);
    Program pp = pf;
    const auto traffic = fold_traffic(j.l, mapping_kind(j.l, a, j.o), pf, 1);
    MemorySystem mf(m, "test"), mp(m, "test");
    mf.begin(traffic);
    mp.begin(traffic);
    pf.memory = &mf;
    pp.memory = &mp;
    std::vector<std::vector<PeRegs>> trace_fast;
    int64_t mismatches = 0;
    const RunStats sf =
        fast.run(&pf, [&](int64_t, const std::vector<PeRegs>& r) { trace_fast.push_back(r); });
    const RunStats sp = pin.run(&pp, [&](int64_t e, const std::vector<PeRegs>& r) {
      if (size_t(e) >= trace_fast.size() || !(trace_fast[size_t(e)] == r)) ++mismatches;
    });
    EXPECT_EQ(sf.cycles, sp.cycles);
    EXPECT_EQ(sf.issue_edges, sp.issue_edges);
    EXPECT_TRUE(sf.memory == sp.memory);
    for (int e = 0; e < kNumEvents; ++e)
      EXPECT_EQ(sf.events.n[e], sp.events.n[e]) << event_name(Event(e));
    EXPECT_EQ(pf.out, pp.out);
    EXPECT_EQ(gather_output(j.l, a, j.o, pp), golden_output(j.l, d, a, j.o));
    EXPECT_EQ(mismatches, 0);
    EXPECT_EQ(trace_fast.size(), size_t(sf.cycles));
    stalls += sf.memory.stall_cycles();
    // Without an observer the fast engine jumps over idle edges: the same run, edge for edge.
    Program ps = map_layer(j.l, d, a, j.o);
    MemorySystem ms(m, "test");
    ms.begin(traffic);
    ps.memory = &ms;
    const RunStats ss = fast.run(&ps);
    EXPECT_EQ(ss.cycles, sp.cycles);
    EXPECT_EQ(ss.issue_edges, sp.issue_edges);
    EXPECT_TRUE(ss.memory == sp.memory);
    for (int e = 0; e < kNumEvents; ++e)
      EXPECT_EQ(ss.events.n[e], sp.events.n[e]) << "skipping: " << event_name(Event(e));
    EXPECT_EQ(ps.out, pp.out);
    skipped += ss.skipped_edges;
  }
  EXPECT_GT(stalls, 0);   // the memory did stall these runs
  EXPECT_GT(skipped, 0);  // and the fast engine did jump over idle spans
}

MemoryConfig slow_memory() {
  MemoryConfig m;
  m.dram.mode = DramMode::kSimple;
  m.dram.bandwidth_bytes_per_cycle = 0.5;
  m.dram.latency_cycles = 7;
  m.sram.ifmap_kb = m.sram.filter_kb = m.sram.ofmap_kb = 1;
  return m;
}

TEST(MemoryLockstep, PlainArray4x4SimpleDram) {
  ArrayConfig a;
  a.rows = a.cols = 4;
  lockstep_with_memory(a, slow_memory(), false, 10);
}

TEST(MemoryLockstep, FuseArray3x5TimedDram) {
  ArrayConfig a;
  a.rows = 3;
  a.cols = 5;
  a.fuse = true;
  MemoryConfig m;  // DDR4-3200 timing with a fast array clock: bank and bus timing dominate
  m.dram.array_clock_mhz = 4000;
  m.sram.ifmap_kb = m.sram.filter_kb = m.sram.ofmap_kb = 1;
  lockstep_with_memory(a, m, true, 10);
}

std::string shape_of(const RandomJob& j) {
  return std::string(to_string(j.l.op)) + " " + to_string(j.o.dataflow) + " " +
         std::to_string(j.l.in_h) + "x" + std::to_string(j.l.in_w) + "x" +
         std::to_string(j.l.in_c) + "->" + std::to_string(j.l.out_c) + " k" +
         std::to_string(j.l.k_h) + "x" + std::to_string(j.l.k_w) + " s" +
         std::to_string(j.l.stride_h);
}

}  // namespace
}  // namespace fusesim
