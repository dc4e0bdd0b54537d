#include "mem/dram.h"

#include <gtest/gtest.h>

#include <random>

#include "workloads/input_error.h"

namespace fusesim {
namespace {

/// A tiny DRAM for hand-computed timings: one channel, two banks, 256-byte rows of four 64-byte
/// bursts (bus 8 B × BL8, 4 DRAM cycles on the bus), tRCD 3, tCL 5, tRP 2, tRAS 10, both clocks
/// 1 GHz. Mapping row:rank:bank:channel:column puts the column in bits 6-7, the bank in bit 8
/// and the row from bit 9 on: 0x000 bank 0 row 0, 0x040 its next burst, 0x100 bank 1 row 0,
/// 0x200 bank 0 row 1.
DramConfig tiny() {
  DramConfig c;
  c.name = "tiny";
  c.channels = 1;
  c.banks = 2;
  c.rows = 16;
  c.row_bytes = 256;
  c.bus_bytes = 8;
  c.burst_length = 8;
  c.t_rcd = 3;
  c.t_cl = 5;
  c.t_rp = 2;
  c.t_ras = 10;
  c.dram_clock_mhz = 1000;
  c.array_clock_mhz = 1000;
  return c;
}

DramRequest rd(uint64_t addr, uint32_t bytes, int64_t issue) {
  return DramRequest{addr, bytes, false, issue};
}

TEST(Dram, DecodeFollowsTheMapping) {
  Dram d(tiny());
  EXPECT_EQ(d.decode(0x040).column, 1);
  EXPECT_EQ(d.decode(0x100).bank, 1);
  EXPECT_EQ(d.decode(0x200).row, 1);
  EXPECT_EQ(d.decode(0x200).bank, 0);
  DramConfig c = tiny();
  c.address_mapping = "row:rank:column:bank:channel";  // bank in bit 6
  Dram e(c);
  EXPECT_EQ(e.decode(0x040).bank, 1);
  EXPECT_EQ(e.decode(0x080).column, 1);
  EXPECT_EQ(e.decode(0x200).row, 1);
}

// Closed bank: ACT at 0, READ at tRCD = 3, data beats 8..11, complete at 12.
TEST(Dram, MissOnAClosedBank) {
  Dram d(tiny());
  EXPECT_EQ(d.access(rd(0x0, 64, 0)), 12);
  EXPECT_EQ(d.stats().row_misses, 1u);
  Dram e(tiny());
  EXPECT_EQ(e.access(rd(0x0, 64, 7)), 19);  // 7 + 3 + 5 + 4
}

// Open row: READ at the issue cycle, data after tCL, 4 cycles of bus.
TEST(Dram, RowHit) {
  Dram d(tiny());
  d.access(rd(0x0, 64, 0));
  EXPECT_EQ(d.access(rd(0x40, 64, 20)), 29);  // 20 + 5 + 4
  EXPECT_EQ(d.stats().row_hits, 1u);
}

// Other row open: PRE at 20 (tRAS since the ACT at 0 has passed), ACT at 22, READ at 25,
// data 30..33, complete at 34.
TEST(Dram, RowConflict) {
  Dram d(tiny());
  d.access(rd(0x0, 64, 0));
  EXPECT_EQ(d.access(rd(0x200, 64, 20)), 34);  // 20 + 2 + 3 + 5 + 4
  EXPECT_EQ(d.stats().row_conflicts, 1u);
}

// A conflict right after the activation waits for tRAS: the precharge is at 10 whether the
// request comes at 1 or at 10, and only a request at 11 moves it.
TEST(Dram, ConflictRespectsTras) {
  auto conflict_at = [](int64_t issue, int t_ras) {
    DramConfig c = tiny();
    c.t_ras = t_ras;
    Dram d(c);
    d.access(rd(0x0, 64, 0));  // ACT at 0
    return d.access(rd(0x200, 64, issue));
  };
  EXPECT_EQ(conflict_at(1, 10), 24);  // PRE 10, ACT 12, READ 15, data 20..23
  EXPECT_EQ(conflict_at(9, 10), 24);
  EXPECT_EQ(conflict_at(10, 10), 24);  // ready at T = 10 ...
  EXPECT_EQ(conflict_at(11, 10), 25);  // ... and only then does the issue cycle matter
  // Without tRAS the precharge waits only for the previous column command (READ at 3).
  EXPECT_EQ(conflict_at(1, 0), 17);  // PRE 3, ACT 5, READ 8, data 13..16
}

// Four bursts to one open row follow each other on the bus, 4 cycles apart.
TEST(Dram, BusOccupancyBackToBack) {
  Dram d(tiny());
  EXPECT_EQ(d.access(rd(0x0, 64, 0)), 12);
  EXPECT_EQ(d.access(rd(0x40, 64, 0)), 16);
  EXPECT_EQ(d.access(rd(0x80, 64, 0)), 20);
  EXPECT_EQ(d.access(rd(0xC0, 64, 0)), 24);
  EXPECT_EQ(d.stats().channel_busy_cycles, std::vector<int64_t>{16});
  Dram e(tiny());
  EXPECT_EQ(e.access(rd(0x0, 256, 0)), 24);  // the same as one request
  EXPECT_EQ(e.stats().bursts, 4u);
  EXPECT_EQ(e.stats().row_hits, 3u);
}

// Eight bursts: on one channel they take 40 cycles (the second bank's data waits for the bus);
// on two channels each channel moves four and both finish at 24.
TEST(Dram, TwoChannelsInParallel) {
  Dram one(tiny());
  EXPECT_EQ(one.access(rd(0x0, 512, 0)), 40);
  DramConfig c = tiny();
  c.channels = 2;
  c.banks = 1;  // 0x100 is now channel 1
  Dram two(c);
  EXPECT_EQ(two.decode(0x100).channel, 1);
  EXPECT_EQ(two.access(rd(0x0, 512, 0)), 24);
  EXPECT_EQ(two.stats().channel_busy_cycles, (std::vector<int64_t>{16, 16}));
}

// Bank parallelism within a channel: the second bank activates while the first one's data is on
// the bus, so its data follows directly.
TEST(Dram, BanksOverlapOnOneChannel) {
  Dram d(tiny());
  EXPECT_EQ(d.access(rd(0x0, 64, 0)), 12);
  EXPECT_EQ(d.access(rd(0x100, 64, 0)), 16);  // ACT 0, READ 3, data waits for the bus at 12
}

// FCFS: a later request never starts before an earlier one on its channel, even to another bank.
TEST(Dram, FirstComeFirstServedPerChannel) {
  Dram d(tiny());
  d.access(rd(0x0, 64, 0));
  EXPECT_EQ(d.access(rd(0x200, 64, 5)), 24);  // conflict: PRE 10, ACT 12, READ 15, data 20
  // Bank 1 is closed: ACT 6, READ 9, its data could come at 14, but the bus serves the channel
  // in order, after the conflict's data: 24..27, complete at 28.
  EXPECT_EQ(d.access(rd(0x100, 64, 6)), 28);
  // Issued "earlier" than the request before it, a request still starts after it (at 6).
  EXPECT_EQ(d.access(rd(0x140, 64, 0)), 32);
}

// DRAM at 1600 MHz, array at 1000 MHz: issue rounds up to a DRAM edge, completion up to an array
// edge.
TEST(Dram, ClockRatioRoundsUp) {
  DramConfig c = tiny();
  c.dram_clock_mhz = 1600;
  Dram d(c);
  EXPECT_EQ(d.to_dram_cycle(0), 0);
  EXPECT_EQ(d.to_dram_cycle(1), 2);        // 1.6
  EXPECT_EQ(d.to_dram_cycle(5), 8);        // exact
  EXPECT_EQ(d.to_array_cycle(16), 10);     // exact
  EXPECT_EQ(d.to_array_cycle(17), 11);     // 10.625
  EXPECT_EQ(d.to_array_cycle(15), 10);     // 9.375
  EXPECT_EQ(d.access(rd(0x0, 64, 0)), 8);  // DRAM 12 = 7.5 array cycles
  Dram e(c);
  EXPECT_EQ(e.access(rd(0x0, 64, 1)), 9);  // DRAM 2 + 12 = 14 = 8.75
  Dram f(c);
  EXPECT_EQ(f.access(rd(0x0, 64, 5)), 13);  // DRAM 8 + 12 = 20 = 12.5
  DramConfig slow = tiny();
  slow.dram_clock_mhz = 2133.333;  // exact in kHz
  Dram g(slow);
  EXPECT_EQ(g.to_dram_cycle(3), 7);  // 6.399999
  EXPECT_EQ(g.to_array_cycle(2133333), 1000000);
}

TEST(Dram, SplitsUnalignedRequests) {
  Dram d(tiny());
  EXPECT_EQ(d.access(rd(0x30, 32, 0)), 16);  // bursts 0x00 and 0x40
  EXPECT_EQ(d.stats().bursts, 2u);
  EXPECT_EQ(d.stats().bytes_read, 32u);
  EXPECT_EQ(d.access(DramRequest{0x40, 0, true, 50}), 50);
  EXPECT_EQ(d.stats().writes, 1u);
}

TEST(Dram, WritesUseTheSameTimings) {
  Dram d(tiny());
  EXPECT_EQ(d.access(DramRequest{0x0, 64, true, 0}), 12);
  EXPECT_EQ(d.stats().bytes_written, 64u);
}

// Simple mode: each request holds the interface ceil(bytes / bandwidth) cycles after the
// previous one, then the latency.
TEST(Dram, SimpleMode) {
  DramConfig c;
  c.mode = DramMode::kSimple;
  c.bandwidth_bytes_per_cycle = 10;
  c.latency_cycles = 1;
  Dram d(c);
  EXPECT_EQ(d.access(rd(0, 100, 0)), 11);  // busy 0..9, +1
  EXPECT_EQ(d.access(rd(0, 101, 0)), 22);  // busy 10..20 (11 cycles), +1
  EXPECT_EQ(d.access(rd(0, 5, 50)), 52);   // idle interface: busy 50, +1
  EXPECT_EQ(d.access(rd(0, 10, 50)), 53);  // waits for 51, busy 51, +1
  EXPECT_EQ(d.stats().channel_busy_cycles, std::vector<int64_t>{23});
  EXPECT_EQ(d.stats().busy_cycle_unit, "array");
  c.bandwidth_bytes_per_cycle = 25.6;
  Dram e(c);
  EXPECT_EQ(e.access(rd(0, 64, 0)), 4);  // 2.5 -> 3, +1
  c.bandwidth_bytes_per_cycle = 0.1;     // not exact in binary, exact in 1e-6 bytes
  c.latency_cycles = 0;
  Dram f(c);
  EXPECT_EQ(f.access(rd(0, 1, 0)), 10);
  EXPECT_EQ(f.access(rd(0, 3, 10)), 40);
}

TEST(Dram, StatsToJson) {
  Dram d(tiny());
  d.access(rd(0x0, 128, 0));
  d.access(rd(0x200, 64, 0));
  const nlohmann::json j = d.stats().to_json();
  EXPECT_EQ(j["reads"], 2);
  EXPECT_EQ(j["bursts"], 3);
  EXPECT_EQ(j["row_hits"], 1);
  EXPECT_EQ(j["row_misses"], 1);
  EXPECT_EQ(j["row_conflicts"], 1);
  EXPECT_DOUBLE_EQ(j["row_hit_rate"].get<double>(), 1.0 / 3.0);
  EXPECT_EQ(j["busy_cycle_unit"], "dram");
  EXPECT_EQ(j["last_completion"], d.stats().last_completion);
  for (const DramStats::Counter& c : DramStats::kCounters) EXPECT_TRUE(j.contains(c.name));
}

TEST(Dram, ResetClosesRowsAndClearsStats) {
  Dram d(tiny());
  d.access(rd(0x0, 64, 0));
  d.reset();
  EXPECT_EQ(d.stats().reads, 0u);
  EXPECT_EQ(d.access(rd(0x0, 64, 0)), 12);  // a miss again
  EXPECT_EQ(d.stats().row_misses, 1u);
}

TEST(Dram, RefusesAnInvalidConfig) {
  DramConfig c = tiny();
  c.banks = 3;
  EXPECT_THROW(Dram{c}, std::invalid_argument);
}

// Replay: burst k completes latency k DRAM cycles after its issue.
TEST(Dram, ReplayMode) {
  DramConfig c = tiny();
  c.mode = DramMode::kReplay;
  c.latency_file = "lat.txt";
  Dram d(c, DramLatencies{"lat.txt", {5, 7, 100}, 3});
  EXPECT_EQ(d.access(rd(0x0, 128, 0)), 7);  // two bursts: max(5, 7)
  EXPECT_EQ(d.access(rd(0x0, 64, 10)), 110);
  try {
    d.access(rd(0x0, 64, 20));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "lat.txt");
    EXPECT_EQ(e.line(), 4);
    EXPECT_EQ(e.field(), "latency");
  }
  d.reset();
  EXPECT_EQ(d.access(rd(0x0, 64, 0)), 5);  // rewound
}

/// Random single-burst requests with non-decreasing issue cycles.
std::vector<DramRequest> random_stream(uint32_t seed, int n, uint32_t max_bytes) {
  std::mt19937 rng(seed);
  std::vector<DramRequest> s;
  int64_t t = 0;
  for (int i = 0; i < n; ++i) {
    t += std::uniform_int_distribution<int>(0, 6)(rng);
    const uint64_t addr = std::uniform_int_distribution<uint64_t>(0, 1 << 14)(rng);
    const uint32_t bytes = std::uniform_int_distribution<uint32_t>(1, max_bytes)(rng);
    s.push_back(DramRequest{max_bytes <= 64 ? addr & ~uint64_t(63) : addr, bytes,
                            std::uniform_int_distribution<int>(0, 3)(rng) == 0, t});
  }
  return s;
}

DramConfig four_channels() {
  DramConfig c = tiny();
  c.channels = 4;
  c.banks = 4;
  c.address_mapping = "row:bank:column:channel";
  return c;
}

TEST(DramProperty, CompletionsMonotonePerChannel) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    Dram d(four_channels());
    std::vector<int64_t> last(4, 0);
    for (const DramRequest& r : random_stream(seed, 400, 64)) {
      const int ch = d.decode(r.addr).channel;
      const int64_t done = d.access(r);
      ASSERT_GE(done, last[size_t(ch)]) << "seed " << seed;
      ASSERT_GT(done, r.issue_cycle);
      last[size_t(ch)] = done;
    }
  }
}

TEST(DramProperty, MoreBandwidthNeverFinishesLater) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    const std::vector<DramRequest> s = random_stream(seed, 300, 700);
    // Simple mode: 4, 8 and 12.5 bytes per cycle.
    DramConfig c;
    c.mode = DramMode::kSimple;
    c.latency_cycles = 3;
    c.bandwidth_bytes_per_cycle = 4;
    Dram slow(c);
    c.bandwidth_bytes_per_cycle = 8;
    Dram mid(c);
    c.bandwidth_bytes_per_cycle = 12.5;
    Dram fast(c);
    // Timed mode: single versus double data rate, and a shorter CAS latency.
    DramConfig t = four_channels();
    t.beats_per_clock = 1;
    Dram sdr(t);
    t.beats_per_clock = 2;
    Dram ddr(t);
    t.t_cl = 2;
    Dram ddr_cl2(t);
    for (const DramRequest& r : s) {
      const int64_t a = slow.access(r), b = mid.access(r), f = fast.access(r);
      ASSERT_LE(b, a) << "seed " << seed;
      ASSERT_LE(f, b) << "seed " << seed;
      const int64_t x = sdr.access(r), y = ddr.access(r), z = ddr_cl2.access(r);
      ASSERT_LE(y, x) << "seed " << seed;
      ASSERT_LE(z, y) << "seed " << seed;
    }
    EXPECT_LT(fast.stats().last_completion, slow.stats().last_completion);
    EXPECT_LT(ddr.stats().last_completion, sdr.stats().last_completion);
  }
}

}  // namespace
}  // namespace fusesim

namespace fusesim {
namespace {

// The transfer log: the simple interface's busy interval in array cycles; the timed model's
// bursts on the bus in ticks of 1 / dram_khz array cycles (here both clocks 1 GHz: a DRAM cycle
// is 1,000,000 ticks, an array cycle too), carrying the request's bytes within each burst.
TEST(Dram, TransferLog) {
  DramConfig s = tiny();
  s.mode = DramMode::kSimple;
  s.bandwidth_bytes_per_cycle = 4;
  s.latency_cycles = 10;
  Dram simple(s);
  std::vector<DramTransfer> log;
  simple.set_transfer_log(&log);
  EXPECT_EQ(simple.ticks_per_array_cycle(), 1);
  EXPECT_EQ(simple.access(rd(0x0, 16, 3)), 3 + 4 + 10);
  simple.access(rd(0x0, 6, 0));  // waits for the interface: busy 7..8
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].begin, 3);
  EXPECT_EQ(log[0].end, 7);
  EXPECT_EQ(log[0].bytes, 16u);
  EXPECT_EQ(log[1].begin, 7);
  EXPECT_EQ(log[1].end, 9);

  // Timed: 100 bytes from 0x20 cover bursts 0x00 (32 bytes of it), 0x40 (64) and 0x80 (4);
  // the first burst's data is on the bus on DRAM cycles 8..11 (MissOnAClosedBank), the next two
  // follow on the bus, 12..15 and 16..19.
  Dram timed(tiny());
  log.clear();
  timed.set_transfer_log(&log);
  const int64_t k = timed.ticks_per_array_cycle();
  EXPECT_EQ(k, 1000000);
  EXPECT_EQ(timed.access(rd(0x20, 100, 0)), 20);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].begin, 8 * k);
  EXPECT_EQ(log[0].end, 12 * k);
  EXPECT_EQ(log[0].bytes, 32u);
  EXPECT_EQ(log[1].bytes, 64u);
  EXPECT_EQ(log[2].begin, 16 * k);
  EXPECT_EQ(log[2].end, 20 * k);
  EXPECT_EQ(log[2].bytes, 4u);
}

}  // namespace
}  // namespace fusesim
