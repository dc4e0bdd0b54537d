// PeCore step semantics, one rule at a time.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fusesim
