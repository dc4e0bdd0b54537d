// BandwidthMeter against hand-computed windows and a brute-force sweep over every window start.
#include "mem/bandwidth_meter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>

namespace fusesim {
namespace {

TEST(BandwidthMeter, OneTransfer) {
  BandwidthMeter m;
  m.add(0, 10, 40);  // 4 bytes per cycle over cycles 0..9
  EXPECT_DOUBLE_EQ(m.total_bytes(), 40);
  EXPECT_DOUBLE_EQ(m.peak_bytes(5), 20);
  EXPECT_DOUBLE_EQ(m.peak_bytes(10), 40);
  EXPECT_DOUBLE_EQ(m.peak_bytes(25), 40);
}

// 8 B over [0, 4) (2 B/cycle) and 8 B over [10, 12) (4 B/cycle). A window of 8 starting at t in
// [0, 4] holds 2(4 − t) + 4 max(0, t − 2): 8 at t = 0 and t = 4, 4 at t = 2; 12 cycles hold both.
TEST(BandwidthMeter, TwoTransfersByHand) {
  BandwidthMeter m;
  m.add(0, 4, 8);
  m.add(10, 12, 8);
  EXPECT_DOUBLE_EQ(m.peak_bytes(2), 8);
  EXPECT_DOUBLE_EQ(m.peak_bytes(8), 8);
  EXPECT_DOUBLE_EQ(m.peak_bytes(12), 16);
  EXPECT_DOUBLE_EQ(m.peak_bytes(1), 4);
}

// Overlapping transfers (two channels): 1 B/cycle on [0, 10), 2 B/cycle on [5, 15); the window
// [5, 10) holds 5 + 10 bytes.
TEST(BandwidthMeter, OverlappingTransfers) {
  BandwidthMeter m;
  m.add(0, 10, 10);
  m.add(5, 15, 20);
  EXPECT_DOUBLE_EQ(m.peak_bytes(5), 15);
  EXPECT_DOUBLE_EQ(m.peak_bytes(15), 30);
}

// Ticks finer than a cycle: 2 ticks per cycle, 8 bytes over 4 ticks = 2 cycles.
TEST(BandwidthMeter, TicksPerCycle) {
  BandwidthMeter m(2);
  m.add(0, 4, 8);
  EXPECT_DOUBLE_EQ(m.peak_bytes(1), 4);
  EXPECT_DOUBLE_EQ(m.peak_bytes(2), 8);
}

TEST(BandwidthMeter, RejectsBadInput) {
  BandwidthMeter m;
  EXPECT_DOUBLE_EQ(m.peak_bytes(10), 0);
  EXPECT_THROW(m.add(5, 5, 1), std::invalid_argument);
  EXPECT_THROW(m.add(-1, 5, 1), std::invalid_argument);
  EXPECT_THROW(m.add(0, 5, -1), std::invalid_argument);
  EXPECT_THROW(m.peak_bytes(0), std::invalid_argument);
  EXPECT_THROW(BandwidthMeter(0), std::invalid_argument);
}

// With integer ends and an integer window, the maximum over real window starts is reached at an
// integer start: a brute-force scan of every integer start must give the same peak.
TEST(BandwidthMeter, EqualsBruteForceOnRandomTransfers) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    BandwidthMeter m;
    struct S {
      int64_t b, e;
      double bytes;
    };
    std::vector<S> spans;
    const int n = 1 + int(rng() % 8);
    for (int i = 0; i < n; ++i) {
      const int64_t b = rng() % 60;
      const int64_t e = b + 1 + rng() % 20;
      const double bytes = double(rng() % 100);
      spans.push_back({b, e, bytes});
      m.add(b, e, bytes);
    }
    const int64_t w = 1 + rng() % 30;
    double brute = 0;
    for (int64_t t = -w; t <= 90; ++t) {
      double s = 0;
      for (const S& p : spans) {
        const int64_t lo = std::max(t, p.b);
        const int64_t hi = std::min(t + w, p.e);
        if (hi > lo) s += p.bytes * double(hi - lo) / double(p.e - p.b);
      }
      brute = std::max(brute, s);
    }
    EXPECT_NEAR(m.peak_bytes(w), brute, 1e-9) << "trial " << trial;
  }
}

}  // namespace
}  // namespace fusesim
