// The lane forms in pe_core.h against pe_step(), on every flag combination and random values.
#include "pe/pe_core.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

namespace fusesim {
namespace {

Operand rand_op(std::mt19937_64& rng) {
  Operand o;
  const int pick = int(rng() % 4);
  o.val = pick == 0 ? 0 : int8_t(rng());
  o.flags = uint8_t(rng() % 8);
  return o;
}

// An int32 within 2^15 of a limit, where one more product can overflow.
int32_t near_limit(std::mt19937_64& rng) {
  const int32_t off = int32_t(rng() % 32768);
  return rng() % 2 ? std::numeric_limits<int32_t>::max() - off
                   : std::numeric_limits<int32_t>::min() + off;
}

Word32 rand_word(std::mt19937_64& rng) {
  const int pick = int(rng() % 4);
  return Word32{pick == 0 ? 0 : pick == 1 ? near_limit(rng) : int32_t(rng()), rng() % 2 == 0};
}

PeRegs rand_regs(std::mt19937_64& rng) {
  PeRegs r;
  r.h = rand_op(rng);
  r.v = rand_op(rng);
  r.s = rand_op(rng);
  r.acc = rng() % 3 == 0 ? near_limit(rng) : int32_t(rng() % 1000) - 500;
  r.acc_valid = rng() % 2;
  r.psum = rand_word(rng);
  r.out = rand_word(rng);
  return r;
}

// The operand moves every lane form leaves to its caller.
void move_operands(const PeStatic& st, const Operand& h_in, const Operand& v, bool v_from_bus,
                   PeRegs* nxt, EventCounters* ev) {
  nxt->h = h_in;
  nxt->v = v;
  if (h_in.valid()) {
    ev->add(Event::kHRegWrite);
    if (st.col > 0) ev->add(Event::kLinkTransfer);
  }
  if (v.valid()) {
    ev->add(Event::kVRegWrite);
    if (!v_from_bus && st.row > 0) ev->add(Event::kLinkTransfer);
  }
}

void add_counts(const LaneCounts& n, EventCounters* ev) {
  ev->add(Event::kMac, uint64_t(n.mac));
  ev->add(Event::kMacZeroOperand, uint64_t(n.zero));
  ev->add(Event::kOutRegWrite, uint64_t(n.out_write));
  ev->add(Event::kAccUpdate, uint64_t(n.acc_update));
  ev->add(Event::kPsumRegWrite, uint64_t(n.psum_write));
  ev->add(Event::kLinkTransfer, uint64_t(n.link));
  ev->add(Event::kAccOverflow, uint64_t(n.overflow));
  ev->add(Event::kIdlePeCycle, uint64_t(1 - n.mac));
}

// Random static facts of a PE, with either overflow rule.
PeStatic rand_static(std::mt19937_64& rng, int rows) {
  PeStatic st{int(rng() % uint64_t(rows)), int(rng() % 3), rng() % 2 == 0, rng() % 2 == 0};
  st.saturate = rng() % 2 == 0;
  return st;
}

TEST(PeCoreLanes, AccAddLaneEqualsAccAdd) {
  std::mt19937_64 rng(11);
  const int32_t kMax = std::numeric_limits<int32_t>::max();
  const int32_t kMin = std::numeric_limits<int32_t>::min();
  const int32_t edge[] = {0, 1, -1, 16384, -16384, kMax, kMin, kMax - 1, kMin + 1};
  uint64_t overflows = 0;
  for (int it = 0; it < 400000; ++it) {
    const int32_t a = it < 81 ? edge[it / 9] : rng() % 2 ? near_limit(rng) : int32_t(rng());
    const int32_t b = it < 81 ? edge[it % 9] : int32_t(int8_t(rng())) * int32_t(int8_t(rng()));
    for (bool sat : {false, true}) {
      bool ovf_want = false;
      const int32_t want = acc_add(a, b, sat, &ovf_want);
      int32_t ovf = -1;
      ASSERT_EQ(acc_add_lane(a, b, -int32_t(sat), &ovf), want) << a << " + " << b;
      ASSERT_EQ(ovf, int32_t(ovf_want)) << a << " + " << b;
      overflows += ovf_want;
    }
  }
  EXPECT_GT(overflows, 1000u);  // the boundary is really exercised
}

TEST(PeCoreLanes, OsLanesEqualPeStep) {
  std::mt19937_64 rng(7);
  const int R = 4;
  uint64_t overflows = 0;
  for (int it = 0; it < 200000; ++it) {
    const PeStatic st = rand_static(rng, R);
    const PeRegs cur = rand_regs(rng);
    PeInputs in;
    in.h_in = rand_op(rng);
    in.v_in = rand_op(rng);
    in.bus = rand_op(rng);
    in.data_en = rng() % 2;
    in.col_en = rng() % 4 != 0;
    in.drain_idx = int16_t(rng() % 2 ? 0 : rng() % (R + 1));
    in.drain_in = rand_word(rng);
    PeRegs want;
    EventCounters ev_want;
    bool conflict_want = false;
    pe_step(st, PeMode::kOutputStationary, cur, in, &want, &ev_want, &conflict_want);

    PeRegs got = cur;
    EventCounters ev_got;
    bool conflict_got = false;
    const bool bus = st.has_mux && in.data_en;
    const Operand vsel = bus ? in.bus : in.v_in;
    move_operands(st, in.h_in, vsel, bus, &got, &ev_got);
    LaneCounts n;
    uint8_t acc_valid = got.acc_valid;
    uint8_t out_valid = got.out.valid;
    const int mac = pe_os_mac_lane(in.h_in.val, in.h_in.flags, vsel.val, vsel.flags,
                                   uint8_t(in.col_en), st.shadow, lane_add_rule(st.saturate, true),
                                   got.acc, acc_valid, got.out.val, out_valid, n);
    n.acc_update += n.mac - n.out_write;
    if (in.drain_idx > 0)
      pe_os_drain_lane(st.row, in.drain_idx, st.shadow, mac, vsel.last(), in.drain_in.val,
                       uint8_t(in.drain_in.valid), got.acc, acc_valid, got.out.val, out_valid, n,
                       &conflict_got);
    got.acc_valid = acc_valid;
    got.out.valid = out_valid;
    add_counts(n, &ev_got);
    ASSERT_EQ(got, want) << "iteration " << it;
    ASSERT_EQ(ev_got, ev_want) << "iteration " << it;
    ASSERT_EQ(conflict_got, conflict_want) << "iteration " << it;
    overflows += ev_want.get(Event::kAccOverflow);
  }
  EXPECT_GT(overflows, 100u);
}

TEST(PeCoreLanes, DrainRegLaneEqualsDrainLane) {
  std::mt19937_64 rng(9);
  const int R = 5;
  for (int it = 0; it < 200000; ++it) {
    const int row = int(rng() % R);
    const int j = int(rng() % (R + 1));
    const bool shadow = rng() % 2 == 0;
    const int mac = int(rng() % 2);
    const int last = int(rng() % 2);
    const Word32 din = rand_word(rng);
    const Word32 acc0 = rand_word(rng);
    const Word32 out0 = rand_word(rng);
    // Reference: pe_os_drain_lane (j > 0), or nothing at all (j == 0).
    int32_t acc = acc0.val, out = out0.val;
    uint8_t accv = acc0.valid, outv = out0.valid;
    LaneCounts n;
    bool conflict = false;
    if (j > 0)
      pe_os_drain_lane(row, j, shadow, mac, last != 0, din.val, uint8_t(din.valid), acc, accv, out,
                       outv, n, &conflict);
    Word32 reg = shadow ? out0 : acc0;
    uint8_t regv = reg.valid;
    int moved = 0;
    int conflict2 = 0;
    pe_os_drain_reg_lane(row, j, shadow, mac, last, din.val, uint8_t(din.valid), reg.val, regv,
                         moved, conflict2);
    ASSERT_EQ(reg.val, shadow ? out : acc) << it;
    ASSERT_EQ(regv, shadow ? outv : accv) << it;
    ASSERT_EQ(shadow ? acc0.val : out0.val, shadow ? acc : out) << it;  // the other register
    ASSERT_EQ(moved, n.link) << it;
    ASSERT_EQ(moved, shadow ? n.out_write : n.acc_update) << it;
    ASSERT_EQ(conflict2 != 0, conflict) << it;
  }
}

TEST(PeCoreLanes, WsLaneEqualsPeStep) {
  std::mt19937_64 rng(8);
  uint64_t overflows = 0;
  for (int it = 0; it < 200000; ++it) {
    const PeStatic st = rand_static(rng, 3);
    const PeRegs cur = rand_regs(rng);
    PeInputs in;
    in.h_in = rand_op(rng);
    in.v_in = rand_op(rng);
    in.latch = rng() % 4 == 0;
    if (st.row > 0) in.psum_in = rand_word(rng);
    // An invalid partial sum is always zero in the array (pe_step writes it so).
    if (!in.psum_in.valid) in.psum_in.val = 0;
    PeRegs want;
    EventCounters ev_want;
    bool conflict = false;
    pe_step(st, PeMode::kWeightStationary, cur, in, &want, &ev_want, &conflict);

    PeRegs got = cur;
    EventCounters ev_got;
    move_operands(st, in.h_in, in.v_in, false, &got, &ev_got);
    LaneCounts n;
    uint8_t pv = 0;
    pe_ws_lane(in.h_in.val, in.h_in.flags, cur.s.val, cur.s.flags, in.psum_in.val,
               uint8_t(in.psum_in.valid), lane_add_rule(st.saturate, true), got.psum.val, pv, n);
    got.psum.valid = pv;
    if (in.latch) {
      got.s = in.v_in;
      ev_got.add(Event::kSRegWrite);
    }
    add_counts(n, &ev_got);
    ASSERT_EQ(got, want) << "iteration " << it;
    ASSERT_EQ(ev_got, ev_want) << "iteration " << it;
    ASSERT_FALSE(conflict);
    overflows += ev_want.get(Event::kAccOverflow);
  }
  EXPECT_GT(overflows, 100u);
}

}  // namespace
}  // namespace fusesim
