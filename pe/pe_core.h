#pragma once
/// PeCore: one processing element's registers and datapath, in plain C++ (no SystemC).
///
/// Both engines call pe_step(): the pin-level PeModule once per PE per rising edge, the fast
/// engine for every PE of the array in one loop. pe_step() reads only the current registers and
/// the current inputs and writes the next registers, so the caller decides when to commit
/// (two-phase update; the result never depends on the order in which PEs are stepped).
///
/// Latency: every register is one cycle (an operand entering at edge e is forwarded to the
/// neighbour at edge e + 1). Initiation interval: one MAC per cycle. Reset: all registers zero
/// and invalid.
///
/// Arithmetic: operands are int8, products int16 (exact), accumulators and partial sums int32.
/// An accumulate whose exact sum does not fit in int32 wraps (two's complement) or saturates
/// (PeStatic::saturate) and counts Event::kAccOverflow (acc_add()).
///
/// Usage:
///   PeRegs cur, nxt; PeInputs in; EventCounters ev; bool conflict = false;
///   in.h_in = Operand::make(3); in.v_in = Operand::make(4, kOpFirst | kOpLast);
///   pe_step(PeStatic{0, 0, false, true}, PeMode::kOutputStationary, cur, in, &nxt, &ev,
///   &conflict);
///   // nxt.out == {12, valid}

#include <cstdint>
#include <limits>

#include "pe/events.h"

namespace fusesim {

/// Flag bits carried with every int8 operand (like AXI-stream valid/last side bands).
enum : uint8_t {
  kOpValid = 1,  ///< the operand holds data
  kOpFirst = 2,  ///< first term of a dot product: the accumulator restarts from zero
  kOpLast = 4,   ///< last term: the finished sum is captured for draining
};

/// An int8 operand with its side-band flags.
struct Operand {
  int8_t val = 0;
  uint8_t flags = 0;

  static Operand make(int8_t v, uint8_t extra = 0) { return Operand{v, uint8_t(kOpValid | extra)}; }
  bool valid() const { return flags & kOpValid; }
  bool first() const { return flags & kOpFirst; }
  bool last() const { return flags & kOpLast; }
  bool operator==(const Operand& o) const { return val == o.val && flags == o.flags; }
};

/// An int32 word with a valid bit (partial sums and finished outputs).
struct Word32 {
  int32_t val = 0;
  bool valid = false;
  bool operator==(const Word32& o) const { return val == o.val && valid == o.valid; }
};

/// The array-wide operating mode (a configuration register set once per layer).
enum class PeMode : uint8_t {
  /// Output stationary: acc += h × (vertical operand). The vertical operand is the systolic input
  /// from above, or — on the FuSe array with DataEn = 1 — the row's broadcast bus (1-D dataflow).
  kOutputStationary,
  /// Weight/input stationary: psum_out = psum_in + h × stationary; the vertical path preloads the
  /// stationary register.
  kWeightStationary,
};

/// What a PE knows about itself at elaboration time.
struct PeStatic {
  int row = 0;
  int col = 0;
  bool has_mux = false;   ///< FuSe array: the DataEn 2:1 mux in front of the vertical register
  bool shadow = true;     ///< an output (shadow) register lets the drain overlap the next fold
  bool saturate = false;  ///< accumulate overflow saturates instead of wrapping (acc_add)
};

/// The int32 accumulate adder: a + b under the array's overflow rule. Sets *overflow when the
/// exact sum does not fit in int32; the result is then the exact sum modulo 2^32 (wrap, what a
/// plain 32-bit adder gives) or the nearest int32 limit (saturate). Defined for every input.
/// Used by pe_step() and by the bottom buffer's accumulate (ArrayController).
inline int32_t acc_add(int32_t a, int32_t b, bool saturate, bool* overflow) {
  const int64_t exact = int64_t(a) + int64_t(b);
  *overflow =
      exact > std::numeric_limits<int32_t>::max() || exact < std::numeric_limits<int32_t>::min();
  if (!*overflow) return int32_t(exact);
  if (saturate)
    return exact > 0 ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int32_t>::min();
  return int32_t(uint32_t(uint64_t(exact)));
}

/// acc_add() without branches, for the lane kernels: sat_mask is all ones to saturate, zero to
/// wrap; *ovf becomes 1 on overflow, else 0. The sum is taken in uint32 (defined wrap-around);
/// it overflowed when its sign differs from the signs of both addends, which then agree, and
/// the sign of `a` tells which limit to saturate to.
inline int32_t acc_add_lane(int32_t a, int32_t b, int32_t sat_mask, int32_t* ovf) {
  const uint32_t w = uint32_t(a) + uint32_t(b);
  const int32_t o = int32_t(((uint32_t(a) ^ w) & (uint32_t(b) ^ w)) >> 31);
  const uint32_t limit = (0u - (uint32_t(a) >> 31)) ^ 0x7fffffffu;  // a < 0: INT32_MIN, else MAX
  const uint32_t m = uint32_t(-o & sat_mask);
  *ovf = o;
  return int32_t((limit & m) | (w & ~m));
}

/// Largest magnitude of an int8 × int8 product, (−128)·(−128) = 2^14.
constexpr int64_t kMaxProductMagnitude = 128 * 128;
/// True when a sum of `terms` products can leave int32 (terms ≥ 131072).
inline bool sum_may_overflow(int64_t terms) {
  return terms * kMaxProductMagnitude > int64_t(std::numeric_limits<int32_t>::max());
}

/// How a lane form adds. kUnchecked is for callers that have proven that no sum can overflow
/// (sum_may_overflow() false for the longest sum of the program): it skips the detection and
/// still adds in uint32, so that the C++ stays defined. kWrap and kSaturate are acc_add().
enum class LaneAdd : uint8_t { kUnchecked, kWrap, kSaturate };

inline LaneAdd lane_add_rule(bool saturate, bool may_overflow) {
  if (!may_overflow) return LaneAdd::kUnchecked;
  return saturate ? LaneAdd::kSaturate : LaneAdd::kWrap;
}

/// a + b under `rule` (a compile-time constant in the row kernels, so the branches fold).
inline int32_t lane_add(int32_t a, int32_t b, LaneAdd rule, int32_t* ovf) {
  if (rule == LaneAdd::kUnchecked) {
    *ovf = 0;
    return int32_t(uint32_t(a) + uint32_t(b));
  }
  return acc_add_lane(a, b, rule == LaneAdd::kSaturate ? -1 : 0, ovf);
}

/// One PE's state. All registers are clocked on the rising edge.
struct PeRegs {
  Operand h;               ///< horizontal operand register (from the left, forwarded right)
  Operand v;               ///< vertical operand register (from above or the bus, forwarded down)
  Operand s;               ///< stationary operand register (WS/IS)
  int32_t acc = 0;         ///< accumulator (OS and 1-D)
  bool acc_valid = false;  ///< accumulator holds a finished sum (no-shadow drain only)
  Word32 psum;             ///< partial sum forwarded down (WS/IS)
  Word32 out;  ///< output (shadow) register; the links between them form the drain chain
  /// Prefetch register (ArrayConfig::input_prefetch): a second rightward shift chain along the
  /// row, hp <- hp_in on every edge; stays invalid when nothing feeds it.
  Operand hp;

  bool operator==(const PeRegs& o) const {
    return h == o.h && v == o.v && s == o.s && acc == o.acc && acc_valid == o.acc_valid &&
           psum == o.psum && out == o.out && hp == o.hp;
  }
};

/// The values on a PE's input ports during one rising edge.
struct PeInputs {
  Operand h_in;           ///< left neighbour's h register (or the row's left feeder)
  Operand v_in;           ///< upper neighbour's v register (or the column's top feeder)
  Operand bus;            ///< the row's broadcast bus (FuSe array only)
  Word32 psum_in;         ///< upper neighbour's psum register (invalid zero at the top)
  Word32 drain_in;        ///< upper neighbour's drain-chain register (invalid at the top)
  bool data_en = false;   ///< the row's DataEn: 1 selects the bus into the vertical register
  bool col_en = true;     ///< the column's compute enable (unused columns of a 1-D fold)
  bool latch = false;     ///< load the stationary register from the vertical input
  int16_t drain_idx = 0;  ///< the column's drain shift index j (0: no shift this edge)
  /// The array-wide output select of the global-select drain (OS/1-D mode, no shadow register):
  /// psum <- drain_in (the accumulator word of the PE above), acc <- psum.
  bool out_sel = false;
  /// Input prefetch: the left neighbour's hp register (or the row's prefetch feeder), and the
  /// array-wide swap strobe. On a swap edge the horizontal 2:1 mux selects hp_in instead of h_in:
  /// the PE multiplies it and its h register takes it.
  Operand hp_in;
  bool swap = false;
};

/// The value a PE drives onto the drain chain (towards the PE below or the bottom buffer).
inline Word32 drain_value(const PeStatic& st, const PeRegs& r) {
  return st.shadow ? r.out : Word32{r.acc, r.acc_valid};
}

/// The h register's write of an edge and its events: `h` is the horizontal mux's output (hp_in
/// on a swap edge, else h_in). A swapped operand came over the hp link, which the prefetch
/// register's own write already counts (the same wire feeds hp and the mux).
inline void pe_count_h_write(const PeStatic& st, const Operand& h, bool swapped,
                             EventCounters* ev) {
  if (!h.valid()) return;
  ev->add(Event::kHRegWrite);
  if (swapped) {
    ev->add(Event::kPrefetchSwapWrite);
  } else if (st.col > 0) {
    ev->add(Event::kLinkTransfer);
  }
}

/// The prefetch chain's shift (every edge, whatever else the PE does): hp <- hp_in.
inline void pe_prefetch_shift(const PeStatic& st, const Operand& hp_in, PeRegs* nxt,
                              EventCounters* ev) {
  nxt->hp = hp_in;
  if (hp_in.valid()) {
    ev->add(Event::kPrefetchRegWrite);
    if (st.col > 0) ev->add(Event::kPrefetchLinkTransfer);
  }
}

/// The edge of a PE that neither multiplies, drains nor latches: the operands move on, nothing
/// else changes. `h_in` is the horizontal mux's output (`swapped`: it is hp_in), `v` the value
/// the vertical register takes (the mux output in OS mode, the systolic input in WS mode).
/// pe_step() takes this path itself whenever it applies (see pe_is_quiet), then shifts the
/// prefetch chain.
inline void pe_step_quiet(const PeStatic& st, const PeRegs& cur, const Operand& h_in,
                          const Operand& v, bool v_from_bus, PeRegs* nxt, EventCounters* ev,
                          bool swapped = false) {
  *nxt = cur;
  nxt->h = h_in;
  nxt->v = v;
  pe_count_h_write(st, h_in, swapped, ev);
  if (v.valid()) {
    ev->add(Event::kVRegWrite);
    if (!v_from_bus && st.row > 0) ev->add(Event::kLinkTransfer);
  }
  ev->add(Event::kIdlePeCycle);
}

/// OS/1-D mode: true when the edge is quiet (no vertical operand, hence no MAC, and no drain).
inline bool pe_is_quiet_os(const Operand& vsel, int16_t drain_idx) {
  return !vsel.valid() && drain_idx == 0;
}
/// WS mode: true when the edge is quiet (no activation, no latch, no partial sum arriving).
/// In WS mode a quiet edge also clears the psum register to an invalid zero.
inline bool pe_is_quiet_ws(const Operand& h_in, bool latch, const Word32& psum_in) {
  return !h_in.valid() && !latch && !psum_in.valid;
}

/// The global-select drain's edge (OS/1-D mode, out_sel on): the psum register captures the word
/// the PE above drives (its accumulator; invalid at the top), and the accumulator takes the
/// psum register's word, so a finished sum moves down one row every two edges. A multiply in
/// the same edge would fight the shift for the accumulator: a schedule error (*conflict).
inline void pe_global_select_shift(bool mac, const PeRegs& cur, const Word32& drain_in, PeRegs* nxt,
                                   EventCounters* ev, bool* conflict) {
  if (mac) *conflict = true;
  nxt->psum = drain_in.valid ? drain_in : Word32{};
  if (drain_in.valid) {
    ev->add(Event::kPsumRegWrite);
    ev->add(Event::kLinkTransfer);
  }
  nxt->acc = cur.psum.val;
  nxt->acc_valid = cur.psum.valid;
  if (cur.psum.valid) ev->add(Event::kAccUpdate);
}

/// One rising edge of one PE: computes *nxt from cur and in, counts events into *ev.
/// Sets *conflict when a finished sum and a drain shift target the same register in the same
/// edge (a schedule error; never happens with the project's controllers).
inline void pe_step(const PeStatic& st, PeMode mode, const PeRegs& cur, const PeInputs& in,
                    PeRegs* nxt, EventCounters* ev, bool* conflict) {
  // The horizontal 2:1 mux (input prefetch): hp_in on a swap edge, else h_in.
  const Operand& hsel = in.swap ? in.hp_in : in.h_in;
  if (mode == PeMode::kWeightStationary) {
    if (pe_is_quiet_ws(hsel, in.latch, in.psum_in)) {
      pe_step_quiet(st, cur, hsel, in.v_in, false, nxt, ev, in.swap);
      nxt->psum = Word32{};
      pe_prefetch_shift(st, in.hp_in, nxt, ev);
      return;
    }
  } else {
    const bool bus = st.has_mux && in.data_en;
    const Operand& vsel = bus ? in.bus : in.v_in;
    if (pe_is_quiet_os(vsel, in.drain_idx) && !in.out_sel) {
      pe_step_quiet(st, cur, hsel, vsel, bus, nxt, ev, in.swap);
      pe_prefetch_shift(st, in.hp_in, nxt, ev);
      return;
    }
  }
  *nxt = cur;
  nxt->h = hsel;
  pe_count_h_write(st, hsel, in.swap, ev);
  pe_prefetch_shift(st, in.hp_in, nxt, ev);
  bool mac = false;
  if (mode == PeMode::kWeightStationary) {
    nxt->v = in.v_in;
    if (in.v_in.valid()) {
      ev->add(Event::kVRegWrite);
      if (st.row > 0) ev->add(Event::kLinkTransfer);
    }
    if (in.latch) {
      nxt->s = in.v_in;
      ev->add(Event::kSRegWrite);
    }
    mac = hsel.valid() && cur.s.valid();
    const int32_t prod = mac ? int32_t(hsel.val) * int32_t(cur.s.val) : 0;
    bool overflow = false;
    nxt->psum.val = acc_add(in.psum_in.valid ? in.psum_in.val : 0, prod, st.saturate, &overflow);
    if (overflow) ev->add(Event::kAccOverflow);
    nxt->psum.valid = in.psum_in.valid || mac;
    if (nxt->psum.valid) ev->add(Event::kPsumRegWrite);
    if (in.psum_in.valid && st.row > 0) ev->add(Event::kLinkTransfer);
    if (mac && (hsel.val == 0 || cur.s.val == 0)) ev->add(Event::kMacZeroOperand);
  } else {
    const bool use_bus = st.has_mux && in.data_en;
    const Operand vsel = use_bus ? in.bus : in.v_in;
    nxt->v = vsel;
    if (vsel.valid()) {
      ev->add(Event::kVRegWrite);
      if (!use_bus && st.row > 0) ev->add(Event::kLinkTransfer);
    }
    mac = hsel.valid() && vsel.valid() && in.col_en;
    bool captured = false;
    if (mac) {
      bool overflow = false;
      const int32_t sum = acc_add(vsel.first() ? 0 : cur.acc, int32_t(hsel.val) * int32_t(vsel.val),
                                  st.saturate, &overflow);
      if (overflow) ev->add(Event::kAccOverflow);
      if (hsel.val == 0 || vsel.val == 0) ev->add(Event::kMacZeroOperand);
      if (vsel.last() && st.shadow) {
        nxt->out = Word32{sum, true};
        ev->add(Event::kOutRegWrite);
        captured = true;
      } else {
        nxt->acc = sum;
        nxt->acc_valid = vsel.last();
        ev->add(Event::kAccUpdate);
        captured = vsel.last();
      }
    }
    if (in.drain_idx > 0) {
      if (st.row >= in.drain_idx) {
        // Shift: take the word of the PE above.
        if (mac && (captured || !st.shadow)) *conflict = true;
        if (st.shadow) {
          nxt->out = in.drain_in;
          if (in.drain_in.valid) ev->add(Event::kOutRegWrite);
        } else {
          nxt->acc = in.drain_in.val;
          nxt->acc_valid = in.drain_in.valid;
          if (in.drain_in.valid) ev->add(Event::kAccUpdate);
        }
        if (in.drain_in.valid) ev->add(Event::kLinkTransfer);
      } else if (st.row == in.drain_idx - 1 && !captured) {
        // This register's word moved down this edge and nothing replaces it.
        if (st.shadow) {
          nxt->out.valid = false;
        } else {
          nxt->acc_valid = false;
        }
      }
    }
    if (in.out_sel) pe_global_select_shift(mac, cur, in.drain_in, nxt, ev, conflict);
  }
  if (mac) {
    ev->add(Event::kMac);
  } else {
    ev->add(Event::kIdlePeCycle);
  }
}

/// Branchless lane forms of pe_step(), for the fast engine's whole-row loops. Together with the
/// operand moves (h <- h_in, v <- vsel; counted by the caller) they compute exactly what pe_step()
/// computes; pe/pe_core_test.cpp checks that on every flag combination and random values.
/// Operands are split into value and flag arrays so that a row loop vectorises.

/// Per-row tallies of the lane forms (plain ints so that the loops reduce them in registers).
struct LaneCounts {
  int mac = 0;
  int zero = 0;        ///< kMacZeroOperand
  int out_write = 0;   ///< kOutRegWrite
  int acc_update = 0;  ///< kAccUpdate (pe_os_mac_lane: the multiplies that do not capture, i.e.
                       ///< mac − out_write, left to the caller)
  int psum_write = 0;  ///< kPsumRegWrite
  int link = 0;        ///< kLinkTransfer (psum or drain words)
  int overflow = 0;    ///< kAccOverflow
};

/// OS/1-D mode, the multiply-accumulate part of pe_step(): h/hf is the operand entering from the
/// left, v/vf the selected vertical operand (systolic or bus), col_en the column enable (0/1),
/// rule the overflow rule (lane_add_rule()). Returns 1 when the PE multiplies this edge.
/// Counts mac, zero, overflow and out_write (captures); every other multiply updates the
/// accumulator, so the caller adds mac − out_write to acc_update. The drain part follows in
/// pe_os_drain_lane().
inline int pe_os_mac_lane(int8_t h, uint8_t hf, int8_t v, uint8_t vf, uint8_t col_en, bool shadow,
                          LaneAdd rule, int32_t& acc, uint8_t& acc_valid, int32_t& out,
                          uint8_t& out_valid, LaneCounts& n) {
  // Written with 0/1 integers and masks instead of branches so that row loops vectorise.
  const int32_t mac = hf & vf & col_en & kOpValid;
  const int32_t last = (vf >> 2) & 1;
  const int32_t restart = -int32_t((vf >> 1) & 1);  // all ones on the first term
  const int32_t a = acc;
  int32_t ovf;
  const int32_t sum = lane_add(a & ~restart, int32_t(h) * int32_t(v), rule, &ovf);
  const int32_t cap = mac & last & int32_t(shadow);
  const int32_t upd = mac & (cap ^ 1);
  const int32_t cap_mask = -cap;
  const int32_t upd_mask = -upd;
  out = (sum & cap_mask) | (out & ~cap_mask);
  out_valid = uint8_t(out_valid | cap);
  acc = (sum & upd_mask) | (a & ~upd_mask);
  acc_valid = uint8_t((last & upd) | (acc_valid & (upd ^ 1)));
  n.mac += mac;
  n.zero += mac & (int32_t(h == 0) | int32_t(v == 0));
  n.overflow += mac & ovf;
  n.out_write += cap;
  return mac;
}

/// OS/1-D mode, the drain part of pe_step() for a PE in a column with drain index j > 0, applied
/// after pe_os_mac_lane(). `mac` and `last` describe this edge's multiply (vsel.last());
/// din/din_valid is the upper neighbour's drain value before the edge (used when row >= j).
/// The fast engine applies its three parts to whole columns: pe_os_drain_shift() on rows >= j,
/// pe_os_drain_conflict() on the rows of those that multiply, pe_os_drain_clear() on row j − 1.
inline void pe_os_drain_shift(bool shadow, int32_t din, uint8_t din_valid, int32_t& acc,
                              uint8_t& acc_valid, int32_t& out, uint8_t& out_valid, LaneCounts& n) {
  if (shadow) {
    out = din;
    out_valid = din_valid;
    n.out_write += din_valid;
  } else {
    acc = din;
    acc_valid = din_valid;
    n.acc_update += din_valid;
  }
  n.link += din_valid;
}
/// A multiply in a PE whose register the drain overwrites in the same edge (rows >= j).
inline bool pe_os_drain_conflict(bool shadow, int mac, bool last) {
  return mac && (last || !shadow);
}
/// Row j − 1: its word moved down; unless a multiply just captured a finished sum, it is gone.
inline void pe_os_drain_clear(bool shadow, int mac, bool last, uint8_t& acc_valid,
                              uint8_t& out_valid) {
  if (mac && last) return;
  if (shadow) {
    out_valid = 0;
  } else {
    acc_valid = 0;
  }
}
inline void pe_os_drain_lane(int row, int j, bool shadow, int mac, bool last, int32_t din,
                             uint8_t din_valid, int32_t& acc, uint8_t& acc_valid, int32_t& out,
                             uint8_t& out_valid, LaneCounts& n, bool* conflict) {
  if (row >= j) {
    if (pe_os_drain_conflict(shadow, mac, last)) *conflict = true;
    pe_os_drain_shift(shadow, din, din_valid, acc, acc_valid, out, out_valid, n);
  } else if (row == j - 1) {
    pe_os_drain_clear(shadow, mac, last, acc_valid, out_valid);
  }
}

/// pe_os_drain_lane() on the drain register alone (out with shadow registers, else acc), written
/// without branches for whole rows: j is the column's drain index (0: no shift). Adds the valid
/// words moved (each one register write and one link transfer) to *moved and sets *conflict.
inline void pe_os_drain_reg_lane(int row, int j, bool shadow, int mac, int last, int32_t din,
                                 uint8_t din_valid, int32_t& reg, uint8_t& reg_valid, int& moved,
                                 int& conflict) {
  const int32_t on = int32_t(j > 0);
  const int32_t shift = on & int32_t(row >= j);
  const int32_t clear = on & int32_t(row == j - 1) & ((mac & last) ^ 1);
  conflict |= shift & mac & (last | int32_t(!shadow));
  const int32_t shift_mask = -shift;
  reg = (din & shift_mask) | (reg & ~shift_mask);
  reg_valid = uint8_t(shift ? din_valid : (clear ? 0 : reg_valid));
  moved += shift & din_valid;
}

/// WS mode, pe_step() minus the operand moves and the stationary latch (which the caller applies
/// after the edge's multiplies): psum_out = psum_in + h × s under the overflow rule `rule`.
/// pin_valid must be 0 at row 0.
inline void pe_ws_lane(int8_t h, uint8_t hf, int8_t s, uint8_t sf, int32_t pin, uint8_t pin_valid,
                       LaneAdd rule, int32_t& pout, uint8_t& pout_valid, LaneCounts& n) {
  const int32_t mac = hf & sf & kOpValid;
  const int32_t pv = pin_valid & 1;
  int32_t ovf;  // only when both addends are non-zero, i.e. pv & mac
  pout = lane_add(pin & -pv, (int32_t(h) * int32_t(s)) & -mac, rule, &ovf);
  pout_valid = uint8_t(pv | mac);
  n.mac += mac;
  n.overflow += ovf;
  n.zero += mac & (int32_t(h == 0) | int32_t(s == 0));
  n.psum_write += pv | mac;
  n.link += pv;
}

}  // namespace fusesim
