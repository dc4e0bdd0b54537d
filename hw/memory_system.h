#pragma once
/// MemorySystem: the three double-buffered scratchpads and the DRAM behind the array's feeders
/// and drain (docs/memory.md). The ArrayController consults it before issuing each fold, so
/// that every stall is an edge on which the array could have started a fold and did not, for a
/// named reason; both engines share the controller and so agree on every stall.
///
/// Timing contract:
/// - begin(): the tiles of fold 0 are requested from DRAM at edge 0.
/// - issued(f, e): fold f starts reading its tiles from the active halves; the prefetcher now
///   requests the tiles of fold f + 1 that are not resident, at edge e, into the fill halves
///   (one fold ahead: the halves swap when fold f + 1 issues).
/// - ready(f): the edge from which fold f's ifmap and filter tiles are all in SRAM; the fold may
///   issue at that edge, not before (a tile that completes at edge T is usable at T).
/// - ofmap: a fold may issue only while the bottom buffer has room for its outputs beside those
///   of earlier folds not yet written back; drained(f, e) writes fold f's outputs to DRAM from
///   edge e; the run ends once the last write-back has completed.
/// - A tile larger than the half being filled is streamed in chunks of that half; the fold starts
///   once every chunk will be there when the feeders first read it (they never starve mid-fold).
/// - Reuse: a tile that is still resident (each scratchpad keeps its most recent tiles, oldest
///   evicted first, up to its whole size) is not fetched again.
///
///   MemorySystem mem(cfg, "ddr4.toml");
///   mem.begin(fold_traffic(layer, kind, program, 1));
///   // the controller: mem.ready(f), mem.ofmap_room(f, e), mem.issued(f, e), mem.drained(f, e)

#include <array>
#include <cstdint>
#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dataflows/fold_traffic.h"
#include "mem/bandwidth_meter.h"
#include "mem/dram.h"
#include "mem/dram_config.h"

namespace fusesim {

/// Why a fold could not issue although the array was free.
enum class StallCause : uint8_t { kIfmap, kFilter, kOfmap };
const char* to_string(StallCause c);

/// When one operand's streams were active in one run, in array cycles (edges); -1: never.
struct OperandActivity {
  int64_t dram_start = -1;  ///< issue edge of the operand's first DRAM request
  int64_t dram_stop = -1;   ///< completion edge of its last DRAM request
  int64_t sram_start = -1;  ///< ifmap/filter: first edge a fold's feeders read it (feed window)
  int64_t sram_stop = -1;   ///< ifmap/filter: last edge of the last fold's feed window
  double dram_peak_bytes_per_cycle = 0;  ///< peak_window_cycles window with the most bytes / W
  bool operator==(const OperandActivity& o) const;
};

/// The sliding window of the peak DRAM bandwidth, in array cycles (shorter runs: the run).
constexpr int64_t kPeakWindowCycles = 1000;

/// Counters of one run (or a sum of runs).
struct MemoryStats {
  int64_t stall_ifmap = 0;   ///< edges waiting for ifmap tiles
  int64_t stall_filter = 0;  ///< edges waiting for filter tiles
  int64_t stall_ofmap = 0;   ///< edges waiting for room in the bottom buffer
  int64_t dram_ifmap_bytes = 0;
  int64_t dram_filter_bytes = 0;
  int64_t dram_ofmap_bytes = 0;
  int64_t ifmap_fetches = 0;  ///< tiles fetched
  int64_t filter_fetches = 0;
  int64_t ifmap_reuses = 0;  ///< fold tiles found resident
  int64_t filter_reuses = 0;
  int64_t writeback_tail = 0;   ///< edges after the last output arrived until written back
  int64_t streamed_chunks = 0;  ///< requests of tiles larger than the half being filled
  /// Bytes of the input tensor that were already on chip when the run began: the previous
  /// layer's output, kept for this layer (set_ifmap_on_chip); its ifmap tiles are not fetched.
  int64_t ifmap_on_chip_bytes = 0;
  /// Per operand, indexed by StallCause (ifmap, filter, ofmap). In a sum of runs (a network)
  /// the windows are -1 and the peaks are the largest of any run.
  std::array<OperandActivity, 3> activity;
  double dram_peak_bytes_per_cycle = 0;  ///< all operands together
  int64_t peak_window_cycles = 0;        ///< the window W of the peaks (0: no run)
  /// Edges the memory added: the array was free and waited, or the run waited for its last
  /// write-back.
  int64_t stall_cycles() const { return stall_ifmap + stall_filter + stall_ofmap + writeback_tail; }
  int64_t dram_bytes() const { return dram_ifmap_bytes + dram_filter_bytes + dram_ofmap_bytes; }
  MemoryStats& operator+=(const MemoryStats& o);
  bool operator==(const MemoryStats& o) const;
  nlohmann::json to_json() const;
};

/// One DRAM request of a run, as the waveform shows it (array edges).
struct DramEvent {
  int64_t issue = 0;
  int64_t done = 0;
  int64_t bytes = 0;
  bool write = false;
};

/// The memory system of one run; see the file comment.
class MemorySystem {
 public:
  /// `source` names the memory file in messages. cfg must validate.
  MemorySystem(const MemoryConfig& cfg, std::string source);
  MemorySystem(const MemorySystem&) = delete;  // the DRAM holds a pointer to transfers_
  MemorySystem& operator=(const MemorySystem&) = delete;

  /// Starts a run with the folds' traffic. Throws InputError (naming the source and the
  /// scratchpad's size field) when one fold's tile cannot fit in a half of its scratchpad.
  void begin(std::vector<FoldTraffic> traffic);
  /// Edge from which fold f's operands are in SRAM (f <= the last issued fold + 1).
  int64_t ready(int f) const { return std::max(ready_ifmap_[f], ready_filter_[f]); }
  /// The operand fold f waits for at edge e (ready(f) > e).
  StallCause waiting_for(int f) const {
    return ready_ifmap_[f] >= ready_filter_[f] ? StallCause::kIfmap : StallCause::kFilter;
  }
  /// True when fold f's outputs fit in the bottom buffer at edge e.
  bool ofmap_room(int f, int64_t e);
  /// The first edge >= e at which ofmap_room(f, ·) holds, given the write-backs in flight.
  int64_t ofmap_room_from(int f, int64_t e) const;
  /// Counts n stall edges of one cause.
  void stall(StallCause c, int64_t n);
  /// Fold f issued at edge e.
  void issued(int f, int64_t e);
  /// Every output of fold f is in the bottom buffer at edge e.
  void drained(int f, int64_t e);
  /// Counts a stall edge.
  void stall(StallCause c);
  /// Edge by which every write-back issued so far has completed.
  int64_t writeback_done() const { return writeback_done_; }
  /// Records the tail after the last arrival (called once, at the end of a run).
  void finish(int64_t last_arrival_edge);

  const MemoryStats& stats() const { return stats_; }
  const DramStats& dram_stats() const { return dram_.stats(); }
  /// Before begin(): the whole input tensor (`bytes`) is already in the ifmap scratchpad — the
  /// previous layer's output, reused (docs/memory.md §2) — so no ifmap tile is fetched from DRAM.
  void set_ifmap_on_chip(int64_t bytes) { ifmap_on_chip_ = bytes; }
  /// Every DRAM request of the run so far, in issue order (nondecreasing issue edges).
  const std::vector<DramEvent>& dram_events() const { return events_; }
  /// Bytes a scratchpad holds at edge e: the resident ifmap tiles (and an input tensor kept on
  /// chip), the resident filter tiles, or the outputs of issued folds not yet written back.
  int64_t occupancy(StallCause op, int64_t e) const;
  /// Every DRAM transaction from now on is written to `w` (not owned; nullptr: none).
  void set_dram_trace(DramTraceWriter* w) { dram_.set_trace(w); }

 private:
  /// One scratchpad's resident tiles, oldest first.
  struct Resident {
    std::deque<Tile> tiles;
    int64_t bytes = 0;
    int64_t capacity = 0;   ///< the whole scratchpad
    int64_t fill_half = 0;  ///< the part the prefetcher fills while the array works
    bool holds(const Tile& t) const;
    void insert(const Tile& t);
  };
  void fetch(int f, int64_t e);
  /// Simulates one DRAM request of operand `op` and records its transfers and activity.
  int64_t access(StallCause op, const DramRequest& r);
  /// Requests a tile that is not resident at edge e; returns the edge the fold may start.
  int64_t load(StallCause op, const Tile& t, int64_t span, Resident* res, int64_t e);

  MemoryConfig cfg_;
  std::string source_;
  Dram dram_;
  std::vector<FoldTraffic> traffic_;
  std::vector<int64_t> ready_ifmap_, ready_filter_;
  Resident ifmap_, filter_;
  int64_t ifmap_on_chip_ = 0;  ///< the input tensor's bytes already on chip (0: none)
  std::vector<DramEvent> events_;
  int64_t ofmap_capacity_ = 0;
  std::deque<std::pair<int64_t, int64_t>> writebacks_;  ///< (completion edge, bytes) in flight
  int64_t ofmap_held_ = 0;                              ///< bytes issued folds will write
  int64_t writeback_done_ = 0;
  MemoryStats stats_;
  std::vector<DramTransfer> transfers_;   ///< the last request's, moved into the meters
  std::array<BandwidthMeter, 3> meters_;  ///< per operand
  BandwidthMeter all_;                    ///< every operand
};

}  // namespace fusesim
