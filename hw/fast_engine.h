#pragma once
/// FastEngine: clocks every PE of the array in plain C++ with two-phase update.
///
/// Each edge: every PE's next registers are computed from the current registers of its
/// neighbours and the controller's boundary registers, the controller samples the bottom row,
/// then everything commits at once. run_reference() does this literally (pe_step on every PE);
/// run() computes the same registers and counts the same events, faster:
///  - the h registers of a row are a delay line of its left feeder (h(r, c) after edge e is the
///    feeder value of edge e − c), kept in one sliding window per row; with input prefetch the hp
///    registers are the same of the prefetch feeder, and a swap edge copies the hp window's
///    slots into the h window (after it h(r, c) is the prefetch value of edge e − c); the v
///    registers are a delay line of the top feeders (v(r, c) = top feeder c of edge e − r), or the
///    row's bus when DataEn selects it. Operand moves and their h/v/link events cost O(rows + cols)
///    per edge;
///  - multiplies run only on rows reached by a valid top operand in the last R edges (or with a
///    valid bus tap), over the columns that can hold both a valid h and a valid v, with the
///    branchless lane forms of pe_step (pe_core.h) in loops the compiler vectorises;
///  - the drain chain shifts only columns whose drain registers may be non-zero (a column
///    becomes dirty at its first multiply), from a snapshot taken before the edge's multiplies:
///    column by column when few columns drain, row by row (vectorised) when many do;
///  - WS partial sums are double-buffered; rows with no valid h and no valid partial sum from
///    above cost O(1), columns no stationary operand ever reached are skipped;
///  - the accumulate follows ArrayConfig::acc_overflow (wrap or saturate, overflows counted);
///    a program whose longest PE sum has fewer than 2^17 products cannot overflow and runs the
///    row loops without the detection (LaneAdd::kUnchecked).
/// Every step reads only values from before the edge (or the PE's own registers), so the result
/// does not depend on loop order. Events are tallied in local integers and added once per edge.
/// PeRegs are materialised only when an observer is given. DataEn must select the bus in all
/// rows or in none, and never return from the bus (as ArrayController drives it); run() throws
/// std::logic_error otherwise.
///
/// Latency, initiation interval and reset: those of PeCore (pe_core.h) and of the
/// ArrayController's timing contract (array_controller.h).

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "dataflows/program.h"
#include "hw/array_config.h"
#include "hw/run_stats.h"
#include "pe/pe_core.h"

namespace fusesim {

class ArrayController;
struct Boundary;

/// Whole-array cycle loop on PeCore.
class FastEngine {
 public:
  /// Called after every edge with the edge index and the committed registers (row-major).
  using Observer = std::function<void(int64_t edge, const std::vector<PeRegs>& regs)>;

  explicit FastEngine(const ArrayConfig& cfg);
  /// The optimised loop.
  RunStats run(Program* prog, const Observer& observer = nullptr);
  /// The straightforward loop: pe_step() on every PE on every edge (the equivalence reference).
  RunStats run_reference(Program* prog, const Observer& observer = nullptr);
  /// run() stores the number of edges clocked so far into `*edges` after every edge (relaxed),
  /// so another thread can show progress; null: none.
  void set_progress(std::atomic<int64_t>* edges) { progress_ = edges; }

 private:
  void reset_state(bool ws);
  void push_operands(const Boundary& b, int64_t e, bool ws);
  void push_prefetch(const Boundary& b, int64_t e, int np, bool wrap);
  void edge_os(const Boundary& b, int64_t e, RunStats* st);
  void edge_ws(const Boundary& b, int64_t e, RunStats* st);
  void global_select_shift(RunStats* st, LaneCounts* n);
  void materialise(bool ws);

  ArrayConfig cfg_;
  std::atomic<int64_t>* progress_ = nullptr;
  LaneAdd rule_ = LaneAdd::kWrap;  ///< this run's adder in the lane forms (overflow rule)
  int R_ = 0;
  int C_ = 0;
  std::vector<PeStatic> statics_;
  std::vector<PeRegs> cur_;
  std::vector<PeRegs> nxt_;

  // h: per row a window of the left feeder's history, newest first: h(r, c) = hv_[r * wh_ + ph_ +
  // c].
  int wh_ = 0;
  int ph_ = 0;
  std::vector<int8_t> hv_;
  std::vector<uint8_t> hf_;
  std::vector<int> hcount_;         ///< per window slot: valid left operands that entered then
  std::vector<int64_t> last_left_;  ///< per row: last edge with a valid left operand
  int64_t h_valid_ = 0;             ///< valid h registers in the array
  // Input prefetch: the hp chain, a window like h's (same slots), of the prefetch feeder. On a
  // swap edge its C slots in the array are copied into the h window (h <- hp_in).
  bool prefetch_ = false;
  std::vector<int8_t> pv_;
  std::vector<uint8_t> pf_;
  std::vector<int> pcount_;
  std::vector<int64_t> last_pf_;
  int64_t p_valid_ = 0;
  // v (systolic): slots of top-feeder rows, newest first: v(r, c) = tv_[(pt_ + r) * C + c].
  int wt_ = 0;
  int pt_ = 0;
  std::vector<int8_t> tv_;
  std::vector<uint8_t> tf_;
  std::vector<int> tcount_;  ///< per slot: valid operands in it
  std::vector<int> tlo_;     ///< per slot: first and last column holding a valid operand
  std::vector<int> thi_;
  std::vector<int64_t> top_edges_;  ///< ring of the last R edges with a valid top operand
  size_t top_head_ = 0;             ///< oldest entry
  size_t top_size_ = 0;
  std::vector<int> cand_rows_;     ///< this edge: rows that may hold a valid vertical operand
  std::vector<uint8_t> cand_row_;  ///< the same as flags per row (cleared after the edge)
  int64_t v_valid_ = 0;            ///< valid v registers (systolic mode)
  bool bus_mode_ = false;          ///< every row's DataEn selects the bus (FuSe 1-D)
  std::vector<int8_t> busv_;
  std::vector<uint8_t> busf_;
  // Per-PE registers, row-major planes.
  std::vector<int8_t> sv_;
  std::vector<uint8_t> sf_;
  std::vector<int32_t> acc_;
  std::vector<uint8_t> accv_;
  std::vector<int32_t> out_;
  std::vector<uint8_t> outv_;
  std::vector<int32_t> gs_;  ///< global-select drain: the psum registers as drain stages (OS)
  std::vector<uint8_t> gsv_;
  std::vector<int32_t> ps_[2];
  std::vector<uint8_t> psv_[2];
  std::vector<uint8_t> ps_zero_[2];  ///< per row: the row's partial sums are all invalid zeros
  int pb_ = 0;                       ///< current partial-sum buffer
  int s_lo_ = 0, s_hi_ = -1;         ///< columns a valid stationary operand has ever occupied
  std::vector<uint8_t> dirty_;       ///< per column: drain registers may be non-zero
  std::vector<int> dirty_cols_;      ///< those columns, in the order they became dirty
  std::vector<int32_t> dtmp_;        ///< drain inputs, column-major (few draining columns)
  std::vector<uint8_t> dtmpv_;
  std::vector<int32_t> snap_;  ///< drain registers before the edge, row-major (many)
  std::vector<uint8_t> snapv_;
  std::vector<uint8_t> bus_row_;  ///< a row of the bus flags (row-wise drain in bus mode)
  std::vector<Word32> bottom_;
  std::vector<int32_t> zero_row_;  ///< partial sums entering row 0
  std::vector<uint8_t> zero_row_v_;
  // Events of PEs, accumulated over the run.
  uint64_t n_h_ = 0, n_v_ = 0, n_link_ = 0, n_mac_ = 0, n_zero_ = 0, n_out_ = 0, n_acc_ = 0,
           n_psum_ = 0, n_s_ = 0, n_ovf_ = 0, n_hp_ = 0, n_hp_link_ = 0, n_swap_ = 0;
};

}  // namespace fusesim
