// The memory system against hand-derived timings, with the SCALE-Sim-like DRAM (one interface,
// busy ceil(bytes / bandwidth) cycles per request, then a fixed latency).
#include "hw/memory_system.h"

#include <gtest/gtest.h>

#include "workloads/input_error.h"

namespace fusesim {
namespace {

MemoryConfig simple(double bw, int64_t latency, int64_t kb) {
  MemoryConfig m;
  m.dram.mode = DramMode::kSimple;
  m.dram.bandwidth_bytes_per_cycle = bw;
  m.dram.latency_cycles = latency;
  m.sram.ifmap_kb = m.sram.filter_kb = m.sram.ofmap_kb = kb;
  EXPECT_TRUE(m.validate().empty());
  return m;
}

FoldTraffic fold(uint64_t in_addr, int64_t in_bytes, int64_t f_bytes, uint64_t o_addr,
                 int64_t o_bytes) {
  FoldTraffic t;
  t.ifmap = {kIfmapBase + in_addr, in_bytes};
  t.filter = {kFilterBase, f_bytes};
  t.ofmap = {kOfmapBase + o_addr, o_bytes};
  t.ifmap_span = t.filter_span = 16;  // streamed over 16 edges, as an OS fold with K = 16
  return t;
}

// bandwidth 4 B/cycle, latency 10:
//   fold 0 ifmap 16 B: edges 0..4, +10 -> 14; filter 72 B: 4..22, +10 -> 32; ready(0) = 32.
//   fold 1 (prefetched when fold 0 issues at 32): ifmap 24 B new: 32..38 -> 48; filter resident.
//   fold 2 (at 48): both tiles resident -> 48.
TEST(MemorySystem, PrefetchesOneFoldAheadAndReusesResidentTiles) {
  MemorySystem mem(simple(4.0, 10, 1), "test.toml");
  mem.begin({fold(0, 16, 72, 0, 16), fold(0, 24, 72, 16, 16), fold(0, 16, 72, 32, 16)});
  EXPECT_EQ(mem.ready(0), 32);
  EXPECT_EQ(mem.waiting_for(0), StallCause::kFilter);
  mem.issued(0, 32);
  EXPECT_EQ(mem.ready(1), 48);
  EXPECT_EQ(mem.waiting_for(1), StallCause::kIfmap);
  mem.issued(1, 48);
  EXPECT_EQ(mem.ready(2), 48);
  const MemoryStats& s = mem.stats();
  EXPECT_EQ(s.dram_ifmap_bytes, 40);
  EXPECT_EQ(s.dram_filter_bytes, 72);
  EXPECT_EQ(s.ifmap_fetches, 2);
  EXPECT_EQ(s.ifmap_reuses, 1);
  EXPECT_EQ(s.filter_fetches, 1);
  EXPECT_EQ(s.filter_reuses, 2);
}

// Residency is bounded by the scratchpad: 1 KiB holds two 400 B tiles, so the third evicts the
// first and the fourth fold (the first fold's tile again) fetches it anew; with 2 KiB it is reused.
TEST(MemorySystem, ASmallerScratchpadRefetches) {
  for (int64_t kb : {1, 2}) {
    MemorySystem mem(simple(4.0, 10, kb), "test.toml");
    mem.begin({fold(0, 400, 72, 0, 16), fold(1000, 400, 72, 16, 16), fold(2000, 400, 72, 32, 16),
               fold(0, 400, 72, 48, 16)});
    for (int f = 0; f < 3; ++f) mem.issued(f, mem.ready(f));
    EXPECT_EQ(mem.stats().ifmap_fetches, kb == 1 ? 4 : 3) << kb;
    EXPECT_EQ(mem.stats().ifmap_reuses, kb == 1 ? 0 : 1) << kb;
  }
}

// Ofmap: 600 B per fold in 1 KiB; fold 1 waits until fold 0's write-back (drained at 40:
// interface free at 38, busy 40..190, +10 -> 200) has completed.
TEST(MemorySystem, OutputsWaitForRoomInTheBottomBuffer) {
  MemorySystem mem(simple(4.0, 10, 1), "test.toml");
  mem.begin({fold(0, 16, 72, 0, 600), fold(0, 24, 72, 600, 600)});
  EXPECT_TRUE(mem.ofmap_room(0, 32));
  mem.issued(0, 32);
  mem.drained(0, 40);
  EXPECT_EQ(mem.writeback_done(), 200);
  EXPECT_FALSE(mem.ofmap_room(1, 199));
  EXPECT_TRUE(mem.ofmap_room(1, 200));
  EXPECT_EQ(mem.stats().dram_ofmap_bytes, 600);
}

// A 1500 B ifmap tile read over 100 edges, with 512 B halves: chunks of 512, 512 and 476 B at
// edges 0..128 (+10 -> 138), 128..256 (-> 266), 256..375 (-> 385), first read 0, 34 and 68
// edges after the issue: the fold may start at max(138, 266 - 34, 385 - 68) = 317.
TEST(MemorySystem, ATileLargerThanTheFillHalfIsStreamedJustInTime) {
  MemorySystem mem(simple(4.0, 10, 1), "test.toml");
  FoldTraffic t = fold(0, 1500, 0, 0, 16);
  t.ifmap_span = 100;
  mem.begin({t});
  EXPECT_EQ(mem.ready(0), 317);
  EXPECT_EQ(mem.stats().streamed_chunks, 3);
  EXPECT_EQ(mem.stats().dram_ifmap_bytes, 1500);
}

TEST(MemorySystem, AScratchpadTooSmallForOneFoldIsBadInput) {
  FoldTraffic streamed = fold(0, 1500, 72, 0, 16);
  streamed.ifmap_span = 2;  // 750 B per edge > the 512 B half being filled
  MemorySystem mem(simple(4.0, 10, 1), "small.toml");
  try {
    mem.begin({streamed});
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "small.toml");
    EXPECT_EQ(e.field(), "sram.ifmap_kb");
    EXPECT_NE(std::string(e.what()).find("750 bytes"), std::string::npos) << e.what();
  }
  FoldTraffic stationary = fold(0, 16, 2000, 0, 16);
  stationary.filter_span = 0;  // WS: 2000 B of weights must be whole before the fold starts
  MemorySystem mem2(simple(4.0, 10, 1), "small.toml");
  EXPECT_THROW(mem2.begin({stationary}), InputError);
  MemorySystem mem3(simple(4.0, 10, 1), "small.toml");
  EXPECT_THROW(mem3.begin({fold(0, 16, 72, 0, 2000)}), InputError);  // outputs > 1 KiB
}

TEST(MemorySystem, StallsAreCountedByCause) {
  MemorySystem mem(simple(4.0, 10, 1), "t");
  mem.begin({fold(0, 16, 72, 0, 16)});
  mem.stall(StallCause::kIfmap);
  mem.stall(StallCause::kFilter);
  mem.stall(StallCause::kFilter);
  mem.stall(StallCause::kOfmap);
  EXPECT_EQ(mem.stats().stall_ifmap, 1);
  EXPECT_EQ(mem.stats().stall_filter, 2);
  EXPECT_EQ(mem.stats().stall_ofmap, 1);
  EXPECT_EQ(mem.stats().stall_cycles(), 4);  // no write-back tail here
  EXPECT_EQ(mem.stats().to_json()["stall_cycles_by_cause"]["filter"], 2);
}

}  // namespace
}  // namespace fusesim
