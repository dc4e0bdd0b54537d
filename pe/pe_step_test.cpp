// PeCore step semantics, one rule at a time.
#include <gtest/gtest.h>

#include <limits>

#include "pe/pe_core.h"

namespace fusesim {
namespace {

struct Stepper {
  PeStatic st{1, 1, false, true};
  PeMode mode = PeMode::kOutputStationary;
  PeRegs cur;
  EventCounters ev;
  bool conflict = false;
  PeRegs step(const PeInputs& in) {
    PeRegs nxt;
    pe_step(st, mode, cur, in, &nxt, &ev, &conflict);
    cur = nxt;
    return nxt;
  }
};

TEST(PeStep, OperandsAreForwardedOneEdgeLater) {
  Stepper s;
  PeInputs in;
  in.h_in = Operand::make(5);
  in.v_in = Operand::make(-3, kOpFirst);
  const PeRegs r = s.step(in);
  EXPECT_EQ(r.h, in.h_in);
  EXPECT_EQ(r.v, in.v_in);
  EXPECT_EQ(r.acc, -15);
  EXPECT_EQ(s.ev.get(Event::kMac), 1u);
  EXPECT_EQ(s.ev.get(Event::kHRegWrite), 1u);
  EXPECT_EQ(s.ev.get(Event::kLinkTransfer), 2u);  // from the left PE and from the PE above
}

TEST(PeStep, FirstRestartsAndLastCapturesIntoShadow) {
  Stepper s;
  PeInputs in;
  in.h_in = Operand::make(2);
  in.v_in = Operand::make(3, kOpFirst);
  s.step(in);  // acc = 6
  in.h_in = Operand::make(4);
  in.v_in = Operand::make(5);
  s.step(in);  // acc = 26
  in.h_in = Operand::make(-1);
  in.v_in = Operand::make(7, kOpLast);
  const PeRegs r = s.step(in);
  EXPECT_TRUE(r.out.valid);
  EXPECT_EQ(r.out.val, 26 - 7);
  in.h_in = Operand::make(1);
  in.v_in = Operand::make(1, kOpFirst);
  EXPECT_EQ(s.step(in).acc, 1);  // a new dot product ignores the old accumulator
  EXPECT_EQ(s.cur.out.val, 19);  // and the finished sum waits in the shadow register
}

TEST(PeStep, NoShadowKeepsTheSumInTheAccumulator) {
  Stepper s;
  s.st.shadow = false;
  PeInputs in;
  in.h_in = Operand::make(3);
  in.v_in = Operand::make(3, kOpFirst | kOpLast);
  const PeRegs r = s.step(in);
  EXPECT_EQ(r.acc, 9);
  EXPECT_TRUE(r.acc_valid);
  EXPECT_FALSE(r.out.valid);
}

TEST(PeStep, InvalidOperandMeansNoMac) {
  Stepper s;
  PeInputs in;
  in.h_in = Operand::make(3);
  s.step(in);
  EXPECT_EQ(s.ev.get(Event::kMac), 0u);
  EXPECT_EQ(s.ev.get(Event::kIdlePeCycle), 1u);
  EXPECT_EQ(s.cur.acc, 0);
}

TEST(PeStep, ZeroOperandMacsAreCountedSeparately) {
  Stepper s;
  PeInputs in;
  in.h_in = Operand::make(0);
  in.v_in = Operand::make(9, kOpFirst);
  s.step(in);
  EXPECT_EQ(s.ev.get(Event::kMac), 1u);
  EXPECT_EQ(s.ev.get(Event::kMacZeroOperand), 1u);
}

TEST(PeStep, DataEnSelectsTheBusOnlyWithTheMux) {
  for (bool mux : {false, true}) {
    Stepper s;
    s.st.has_mux = mux;
    PeInputs in;
    in.h_in = Operand::make(2);
    in.v_in = Operand::make(10, kOpFirst);
    in.bus = Operand::make(-4, kOpFirst);
    in.data_en = true;
    const PeRegs r = s.step(in);
    EXPECT_EQ(r.acc, mux ? -8 : 20);
    EXPECT_EQ(r.v.val, mux ? -4 : 10);
    // A bus operand is not a PE-to-PE link transfer.
    EXPECT_EQ(s.ev.get(Event::kLinkTransfer), mux ? 1u : 2u);
  }
}

TEST(PeStep, ColumnEnableGatesTheMac) {
  Stepper s;
  PeInputs in;
  in.h_in = Operand::make(2);
  in.v_in = Operand::make(3, kOpFirst);
  in.col_en = false;
  s.step(in);
  EXPECT_EQ(s.ev.get(Event::kMac), 0u);
}

TEST(PeStep, DrainShiftLoadsFromAboveAndInvalidatesTheRowThatMovedOut) {
  Stepper below;  // row 1
  PeInputs in;
  in.drain_in = Word32{42, true};
  in.drain_idx = 1;
  EXPECT_EQ(below.step(in).out, (Word32{42, true}));
  Stepper top;  // row 0: its word moved down at shift 1
  top.st.row = 0;
  top.cur.out = Word32{7, true};
  in.drain_idx = 1;
  EXPECT_FALSE(top.step(in).out.valid);
  Stepper above_wave;  // row 1 at shift 3: untouched
  above_wave.cur.out = Word32{5, true};
  in.drain_idx = 3;
  EXPECT_EQ(above_wave.step(in).out, (Word32{5, true}));
}

TEST(PeStep, CaptureAndShiftInOneEdgeIsFlaggedAsConflict) {
  Stepper s;
  PeInputs in;
  in.h_in = Operand::make(1);
  in.v_in = Operand::make(1, kOpFirst | kOpLast);
  in.drain_in = Word32{3, true};
  in.drain_idx = 1;
  s.step(in);
  EXPECT_TRUE(s.conflict);
}

TEST(PeStep, WeightStationaryLatchAndPartialSums) {
  Stepper s;
  s.mode = PeMode::kWeightStationary;
  PeInputs in;
  in.v_in = Operand::make(6);
  in.latch = true;
  s.step(in);
  EXPECT_EQ(s.cur.s, Operand::make(6));
  EXPECT_EQ(s.ev.get(Event::kSRegWrite), 1u);
  PeInputs in2;
  in2.h_in = Operand::make(-2);
  in2.psum_in = Word32{100, true};
  const PeRegs r = s.step(in2);
  EXPECT_EQ(r.psum, (Word32{88, true}));
  EXPECT_EQ(r.s, Operand::make(6));  // stationary
  PeInputs quiet;
  EXPECT_EQ(s.step(quiet).psum, Word32{});
}

TEST(PeStep, QuietEdgeOnlyMovesOperands) {
  // On a quiet edge (no vertical operand / activation, no drain, no latch) nothing but the
  // operand registers changes, in both modes.
  for (int mode = 0; mode < 2; ++mode)
    for (int hv = 0; hv < 2; ++hv) {
      if (mode == 1 && hv) continue;  // an activation in WS mode is not quiet
      PeStatic st{2, 3, true, true};
      PeRegs cur;
      cur.acc = 17;
      cur.out = Word32{4, true};
      cur.s = Operand::make(3);
      cur.h = Operand::make(1);
      PeInputs in;
      if (hv) in.h_in = Operand::make(9);
      PeRegs nxt;
      EventCounters ev;
      bool conflict = false;
      pe_step(st, PeMode(mode), cur, in, &nxt, &ev, &conflict);
      PeRegs want = cur;
      want.h = in.h_in;
      want.v = Operand{};
      EXPECT_EQ(nxt, want);
      EXPECT_EQ(ev.get(Event::kIdlePeCycle), 1u);
      EXPECT_EQ(ev.get(Event::kHRegWrite), uint64_t(hv));
      EXPECT_EQ(ev.get(Event::kLinkTransfer), uint64_t(hv));
    }
}

constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
constexpr int32_t kMin = std::numeric_limits<int32_t>::min();

TEST(PeStepOverflow, AccAddAtTheBoundaries) {
  bool ovf = true;
  EXPECT_EQ(acc_add(kMax - 1, 1, false, &ovf), kMax);
  EXPECT_FALSE(ovf);
  EXPECT_EQ(acc_add(kMax, 1, false, &ovf), kMin);  // INT32_MAX + 1 wraps
  EXPECT_TRUE(ovf);
  EXPECT_EQ(acc_add(kMax, 1, true, &ovf), kMax);  // and saturates
  EXPECT_TRUE(ovf);
  EXPECT_EQ(acc_add(kMin, -1, false, &ovf), kMax);  // INT32_MIN − 1
  EXPECT_TRUE(ovf);
  EXPECT_EQ(acc_add(kMin, -1, true, &ovf), kMin);
  EXPECT_TRUE(ovf);
  EXPECT_EQ(acc_add(kMin + 16384, -16384, true, &ovf), kMin);
  EXPECT_FALSE(ovf);
  EXPECT_EQ(acc_add(kMax, kMin, true, &ovf), -1);  // opposite signs never overflow
  EXPECT_FALSE(ovf);
}

// One accumulate with the accumulator at `acc` and the product h × v, in either rule.
PeRegs os_accumulate(bool saturate, int32_t acc, int8_t h, int8_t v, uint8_t flags,
                     EventCounters* ev) {
  Stepper s;
  s.st.saturate = saturate;
  s.cur.acc = acc;
  PeInputs in;
  in.h_in = Operand::make(h);
  in.v_in = Operand::make(v, flags);
  const PeRegs r = s.step(in);
  *ev = s.ev;
  return r;
}

TEST(PeStepOverflow, OutputStationaryWrapsOrSaturatesAndCounts) {
  EventCounters ev;
  // The largest product, (−128)·(−128) = 2^14, onto INT32_MAX − 2^14 + 1: exactly INT32_MAX + 1.
  EXPECT_EQ(os_accumulate(false, kMax - 16383, -128, -128, 0, &ev).acc, kMin);
  EXPECT_EQ(ev.get(Event::kAccOverflow), 1u);
  EXPECT_EQ(os_accumulate(true, kMax - 16383, -128, -128, 0, &ev).acc, kMax);
  EXPECT_EQ(ev.get(Event::kAccOverflow), 1u);
  // One less fits: no event.
  EXPECT_EQ(os_accumulate(true, kMax - 16384, -128, -128, 0, &ev).acc, kMax);
  EXPECT_EQ(ev.get(Event::kAccOverflow), 0u);
  // Downwards: INT32_MIN + (−128)·127.
  EXPECT_EQ(os_accumulate(false, kMin, -128, 127, 0, &ev).acc, kMax - 16255);
  EXPECT_EQ(ev.get(Event::kAccOverflow), 1u);
  EXPECT_EQ(os_accumulate(true, kMin, -128, 127, 0, &ev).acc, kMin);
  EXPECT_EQ(ev.get(Event::kAccOverflow), 1u);
  // The first term restarts from zero: the old accumulator cannot overflow.
  EXPECT_EQ(os_accumulate(false, kMax, 2, 3, kOpFirst, &ev).acc, 6);
  EXPECT_EQ(ev.get(Event::kAccOverflow), 0u);
  // The last term captures the wrapped / saturated sum into the shadow register.
  EXPECT_EQ(os_accumulate(false, kMax, 1, 1, kOpLast, &ev).out, (Word32{kMin, true}));
  EXPECT_EQ(os_accumulate(true, kMax, 1, 1, kOpLast, &ev).out, (Word32{kMax, true}));
  EXPECT_EQ(ev.get(Event::kAccOverflow), 1u);
}

TEST(PeStepOverflow, TransientOverflowWrapsBackButSaturationLosesIt) {
  // acc = INT32_MAX − 1, then + 2^14, − 16256, − 16256: the exact sum INT32_MAX − 16129 fits.
  // Wrap overflows on the way up and again on the way down and ends on the exact sum; saturate
  // clips once and ends 2^14 − 1 lower.
  for (bool sat : {false, true}) {
    Stepper s;
    s.st.saturate = sat;
    s.cur.acc = kMax - 1;
    PeInputs in;
    in.h_in = Operand::make(-128);
    in.v_in = Operand::make(-128);
    s.step(in);
    EXPECT_EQ(s.cur.acc, sat ? kMax : kMin + 16382);
    in.v_in = Operand::make(127);
    s.step(in);
    s.step(in);
    EXPECT_EQ(s.cur.acc, sat ? kMax - 2 * 16256 : kMax - 16129);
    EXPECT_EQ(s.ev.get(Event::kAccOverflow), sat ? 1u : 2u);
  }
}

TEST(PeStepOverflow, WeightStationaryPartialSumWrapsOrSaturatesAndCounts) {
  for (bool sat : {false, true}) {
    Stepper s;
    s.mode = PeMode::kWeightStationary;
    s.st.saturate = sat;
    s.cur.s = Operand::make(-128);
    PeInputs in;
    in.h_in = Operand::make(-128);
    in.psum_in = Word32{kMax, true};
    EXPECT_EQ(s.step(in).psum, (Word32{sat ? kMax : kMin + 16383, true}));
    EXPECT_EQ(s.ev.get(Event::kAccOverflow), 1u);
    in.h_in = Operand::make(127);
    in.psum_in = Word32{kMin + 100, true};
    EXPECT_EQ(s.step(in).psum, (Word32{sat ? kMin : kMax - 16256 + 101, true}));
    EXPECT_EQ(s.ev.get(Event::kAccOverflow), 2u);
    in.psum_in = Word32{kMax - 5, true};  // 127·(−128) pulls it down: no overflow
    EXPECT_EQ(s.step(in).psum, (Word32{kMax - 5 - 16256, true}));
    EXPECT_EQ(s.ev.get(Event::kAccOverflow), 2u);
  }
}

// Input prefetch: hp <- hp_in on every edge (quiet or not); on a swap edge the horizontal mux
// takes hp_in instead of h_in: the PE multiplies it and h keeps it. The swapped write is an h
// write without an h link (its wire is the hp link, counted with the hp write).
TEST(PeStep, PrefetchChainShiftsAndSwapSelectsIt) {
  Stepper s;
  s.st.has_mux = true;
  PeInputs in;
  in.h_in = Operand::make(2);
  in.hp_in = Operand::make(7);
  PeRegs r = s.step(in);  // quiet edge: no vertical operand
  EXPECT_EQ(r.h, Operand::make(2));
  EXPECT_EQ(r.hp, Operand::make(7));
  EXPECT_EQ(s.ev.get(Event::kPrefetchRegWrite), 1u);
  EXPECT_EQ(s.ev.get(Event::kPrefetchLinkTransfer), 1u);  // column 1: from the left PE's hp
  EXPECT_EQ(s.ev.get(Event::kLinkTransfer), 1u);          // the h operand
  in.hp_in = Operand::make(-4);
  in.swap = true;
  in.data_en = true;
  in.bus = Operand::make(3, kOpFirst);
  r = s.step(in);
  EXPECT_EQ(r.h, Operand::make(-4));
  EXPECT_EQ(r.hp, Operand::make(-4));
  EXPECT_EQ(r.acc, -12);  // hp_in × bus, not h_in × bus
  EXPECT_EQ(s.ev.get(Event::kPrefetchSwapWrite), 1u);
  EXPECT_EQ(s.ev.get(Event::kHRegWrite), 2u);
  EXPECT_EQ(s.ev.get(Event::kLinkTransfer), 1u);  // no h link on the swap edge
  EXPECT_EQ(s.ev.get(Event::kPrefetchLinkTransfer), 2u);
  in.bus = Operand{};  // a quiet swap edge still swaps and shifts
  in.hp_in = Operand{};
  r = s.step(in);
  EXPECT_FALSE(r.h.valid());
  EXPECT_FALSE(r.hp.valid());
  EXPECT_EQ(s.ev.get(Event::kHRegWrite), 2u);
  PeRegs a;
  a.hp = Operand::make(1);
  EXPECT_FALSE(a == PeRegs{});  // hp is part of the register state
}

}  // namespace
}  // namespace fusesim
