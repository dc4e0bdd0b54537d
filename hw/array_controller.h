#pragma once
/// ArrayController: the array's control unit, feeders and bottom-buffer address generators in
/// plain C++. It owns the registers at the array's edges: one left feeder register and one bus
/// register per row, one top feeder register per column, the per-row DataEn, the per-column
/// drain-shift index and compute enable, and the array-wide stationary latch strobe; with input
/// prefetch also one prefetch feeder register per row and the array-wide swap strobe.
///
/// Timing contract (both engines): during edge e the PEs see boundary(); clock_edge() is then
/// called with the bottom row's registers as they were before edge e; it writes arriving
/// outputs to the bottom buffer, issues folds, and loads the boundary registers for edge e + 1.
/// A fold is issued at edge S when its resources are free: a fixed number of edges after the
/// previous issue (the feeders and the drain chain are then free, and in WS/IS no earlier
/// activation can meet a stationary operand the fold latches), and without overlap_drain (or for
/// a wait_drain fold) also once every earlier output has arrived in the bottom buffer. Cycles of
/// a run = the edge of the
/// last bottom-buffer arrival + 1 (edge 0 is the first feeder load).

#include <algorithm>
#include <cstdint>
#include <vector>

#include "dataflows/program.h"
#include "hw/array_config.h"
#include "hw/memory_system.h"
#include "hw/run_stats.h"
#include "pe/events.h"
#include "pe/pe_core.h"

namespace fusesim {

/// The register values the controller drives into the array during one edge.
struct Boundary {
  std::vector<Operand> left;       ///< per row: left feeder register
  std::vector<Operand> top;        ///< per column: top feeder register
  std::vector<Operand> bus;        ///< per row: broadcast bus register (FuSe array)
  std::vector<uint8_t> data_en;    ///< per row: DataEn
  std::vector<uint8_t> col_en;     ///< per column: compute enable
  std::vector<int16_t> drain_idx;  ///< per column: drain shift index (0 = none)
  bool latch = false;              ///< stationary-register load strobe (WS/IS)
  bool out_sel = false;            ///< global output select (global-select drain, OS/1-D)
  std::vector<Operand> prefetch;   ///< per row: prefetch feeder register (input prefetch)
  bool swap = false;               ///< array-wide swap strobe: h <- hp_in (input prefetch)

  /// Index range [lo, hi) of a vector that may hold non-default values (so a reload clears
  /// only what was written).
  struct Span {
    int lo = 0;
    int hi = 0;
    void add(int a, int b) {
      if (a >= b) return;
      if (lo >= hi) {
        lo = a;
        hi = b;
      } else {
        lo = a < lo ? a : lo;
        hi = b > hi ? b : hi;
      }
    }
  };
  Span left_span, top_span, bus_span, drain_span, col_en_span, prefetch_span;

  void resize(int rows, int cols);
};

/// Control unit of one run of a Program on an array.
class ArrayController {
 public:
  ArrayController(const ArrayConfig& cfg, Program* prog);

  /// Values visible to the PEs during the coming edge.
  const Boundary& boundary() const { return cur_; }
  /// One rising edge. `bottom[c]` is the word PE(R−1, c) offers the bottom buffer before the
  /// edge: its drain value (OS, 1-D) or its psum register (WS/IS).
  void clock_edge(const Word32* bottom, EventCounters* ev);
  /// True once every fold has been issued and every output has arrived.
  bool done() const {
    return next_fold_ == folds_ && undrained_ == 0 && (!mem_ || mem_->writeback_done() <= edge_);
  }
  /// Simulated cycles (valid once done()).
  int64_t cycles() const {
    return mem_ ? std::max(last_arrival_edge_ + 1, mem_->writeback_done()) : last_arrival_edge_ + 1;
  }
  /// Index of the next edge.
  int64_t edge() const { return edge_; }
  /// With a memory system, while the whole array has been idle long enough for every register to
  /// hold still (nothing issued or in flight for R + C + 4 edges) and the next fold waits for
  /// memory or the run for its last write-back: the edge at which something happens again.
  /// Otherwise edge(). Edges before it change no register.
  int64_t idle_until() const;
  /// Jumps to edge t (edge() < t <= idle_until()), counting the skipped edges exactly as
  /// clock_edge() would (stalls by cause); an engine may call it instead of clocking idle edges.
  void skip_to(int64_t t);
  /// Edge at which each fold was issued (-1 if not yet).
  const std::vector<int64_t>& issue_edges() const { return issue_edge_; }
  /// Edge of the first and of the last bottom-buffer arrival (-1 if none yet).
  int64_t first_arrival_edge() const { return first_arrival_edge_; }
  int64_t last_arrival_edge() const { return last_arrival_edge_; }
  /// Copies the run's timing into *st and counts its cycles (call once, when done()).
  void report(RunStats* st) const;

 private:
  bool may_issue();
  /// With the array idle (no fold in flight): the first edge >= edge() at which it is free to
  /// issue the next fold, as may_issue() decides it.
  int64_t idle_free_from() const;
  int64_t interval_after(int f) const;
  void arrivals(const Word32* bottom, EventCounters* ev);
  void load_next(EventCounters* ev);
  void drive_fold(int f, int64_t start, EventCounters* ev);
  /// The feeders and the bus of a 1-D fold without prefetch, d edges after its issue.
  void drive_conv1d(const Fold& fd, int64_t d, EventCounters* ev);
  /// Every used row's left feeder loads element `pos` of its convolution's pass `pass`.
  void conv1d_left(const Fold& fd, int pos, int pass, EventCounters* ev);
  /// Tap K − 1 − q of pass `pass` on every used row's bus, the fold's columns enabled.
  void conv1d_tap(const Fold& fd, int pass, int q, EventCounters* ev);
  /// The feeders and the bus of a 1-D fold with input prefetch, d edges after its issue.
  void drive_conv1d_prefetch(const Fold& fd, int64_t d, EventCounters* ev);
  /// Global-select drain: out_sel on for the 2R - 1 edges from edge `first`.
  void global_drain(int64_t first);

  ArrayConfig cfg_;
  Program* prog_;
  MemorySystem* mem_;  ///< null: ideal memory
  int R_;
  int C_;
  int folds_;
  Boundary cur_;
  Boundary nxt_;
  int64_t edge_ = 0;
  int next_fold_ = 0;
  int undrained_ = 0;
  int64_t earliest_issue_ = 0;
  int64_t first_arrival_edge_ = -1;
  int64_t last_arrival_edge_ = -1;
  int64_t last_progress_edge_ = 0;
  int64_t last_busy_edge_ = 0;  ///< last edge with a fold issued or in flight
  int64_t watchdog_ = 0;
  int data_en_loads_ =
      0;  ///< DataEn is constant per program: both buffers set after two loads  ///< edges without
          ///< an issue or an arrival before the run is declared hung
  std::vector<int64_t> issue_edge_;
  std::vector<int64_t> pending_;  ///< outputs still to arrive, per fold
  std::vector<int> active_;       ///< issued folds not yet drained
  /// Per column: folds (in issue order) whose outputs arrive in this column, a head index and
  /// the number of arrivals of the head fold so far.
  std::vector<std::vector<int>> col_queue_;
  std::vector<size_t> col_head_;
  std::vector<int> col_count_;
};

}  // namespace fusesim
