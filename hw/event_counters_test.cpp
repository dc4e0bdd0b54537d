// Event counters against counts derived by hand on one 2×2 OS fold and one 1-D fold.
#include <gtest/gtest.h>

#include "dataflows/gemm_dataflows.h"
#include "hw/fast_engine.h"

namespace fusesim {
namespace {

TEST(EventCounters, OneOutputStationaryFoldOn2x2) {
  // C (2×2) = A (2×3) · B (3×2): one fold, T = 3.
  Program p;
  p.M = 2;
  p.K = 3;
  p.N = 2;
  p.a = {1, 2, 3, 4, 5, 6};
  p.b = {1, 0, 2, 1, -1, 3};
  make_os_folds(&p, 2, 2);
  ArrayConfig a;
  a.rows = 2;
  a.cols = 2;
  const RunStats st = FastEngine(a).run(&p);
  const EventCounters& e = st.events;
  EXPECT_EQ(st.cycles, 3 + 2 * 2 + 2 - 1);       // T + 2R + c - 1
  EXPECT_EQ(e.get(Event::kMac), 12u);            // M·N·K
  EXPECT_EQ(e.get(Event::kMacZeroOperand), 2u);  // the two zeros of B, each met by 2 rows
  EXPECT_EQ(e.get(Event::kLeftRead), 6u);        // every A element once
  EXPECT_EQ(e.get(Event::kTopRead), 6u);         // every B element once
  EXPECT_EQ(e.get(Event::kHRegWrite), 12u);      // each A element through 2 columns
  EXPECT_EQ(e.get(Event::kVRegWrite), 12u);      // each B element through 2 rows
  EXPECT_EQ(e.get(Event::kAccUpdate), 8u);       // K-1 per PE; the last sum goes to the shadow
  EXPECT_EQ(e.get(Event::kOutRegWrite), 6u);     // 4 captures + row 0 → row 1 in both columns
  // h: 6 moves into column 1; v: 6 moves into row 1; drain: 2 moves row 0 → row 1.
  EXPECT_EQ(e.get(Event::kLinkTransfer), 14u);
  EXPECT_EQ(e.get(Event::kBottomWrite), 4u);
  EXPECT_EQ(e.get(Event::kBottomRead), 0u);
  EXPECT_EQ(e.get(Event::kIdlePeCycle), uint64_t(st.cycles) * 4 - 12);
  EXPECT_EQ(e.get(Event::kCycle), uint64_t(st.cycles));
  EXPECT_EQ(e.get(Event::kBusDrive), 0u);
  EXPECT_EQ(p.out, (std::vector<int32_t>{2, 11, 8, 23}));  // [1 2 3; 4 5 6]·B
}

TEST(EventCounters, OneBroadcastFoldOnOneRowOfFour) {
  // One 1-D convolution, P = 4 outputs, K = 3 taps, on a 1×4 FuSe array.
  Program p;
  p.convs = 1;
  p.length = 6;
  p.taps = 3;
  p.x = {1, 2, 3, 4, 5, 6};
  p.w = {1, 0, -1};
  make_conv1d_folds(&p, 1, 4);
  ArrayConfig a;
  a.rows = 1;
  a.cols = 4;
  a.fuse = true;
  const RunStats st = FastEngine(a).run(&p);
  const EventCounters& e = st.events;
  EXPECT_EQ(st.cycles, 4 + 3 + 1);               // P + K + R
  EXPECT_EQ(e.get(Event::kMac), 12u);            // P·K
  EXPECT_EQ(e.get(Event::kMacZeroOperand), 4u);  // the zero tap, once per PE
  EXPECT_EQ(e.get(Event::kLeftRead), 6u + 3u);   // P+K-1 inputs and K taps for the bus
  EXPECT_EQ(e.get(Event::kBusDrive), 3u);
  EXPECT_EQ(e.get(Event::kBusFanout), 12u);  // 3 drives × 4 PEs
  EXPECT_EQ(e.get(Event::kDataEnSwitch), 1u);
  EXPECT_EQ(e.get(Event::kVRegWrite), 12u);  // each PE takes each tap from the bus
  // Input i is loaded at edge i and reaches column c at edge i+1+c; the run ends at edge 7,
  // so it is written into min(4, 7-i) h registers: 4+4+4+4+3+2.
  EXPECT_EQ(e.get(Event::kHRegWrite), 21u);
  EXPECT_EQ(e.get(Event::kLinkTransfer), 21u - 6u);  // all but the writes into column 0
  EXPECT_EQ(e.get(Event::kAccUpdate), 8u);
  EXPECT_EQ(e.get(Event::kOutRegWrite), 4u);
  EXPECT_EQ(e.get(Event::kBottomWrite), 4u);
  EXPECT_EQ(p.out, (std::vector<int32_t>{-2, -2, -2, -2}));
}

}  // namespace
}  // namespace fusesim
