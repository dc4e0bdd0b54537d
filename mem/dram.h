#pragma once
/// Dram: a transaction-level DRAM timing model, simulated burst by burst (docs/memory.md,
/// "DRAM and scratchpad models"). Three modes (DramConfig::mode):
///  - kTimed: every request is split into bursts of bus_bytes × burst_length bytes; each burst
///    goes to the channel, rank, bank, row and column its address maps to. A bank is an open-row
///    state machine: a row hit costs tCL, a closed bank tRCD + tCL, a conflict tRP + tRCD + tCL
///    with the precharge no earlier than tRAS after the row's activation. Each channel's data bus
///    carries one burst at a time for burst_cycles() DRAM cycles. Bursts are served first come,
///    first served per channel: a burst starts no earlier than the previous burst of its channel
///    started, and its data follows the previous burst's data on the bus. Issue cycles are
///    converted to DRAM cycles rounding up (the first DRAM edge at or after the array edge),
///    completions back to array cycles rounding up (the first array edge at or after the last
///    data beat).
///  - kSimple: one interface, busy ceil(bytes / bandwidth) array cycles per request, starting
///    when both the request and the interface are ready, then latency_cycles more.
///  - kReplay: burst k completes `latency k` DRAM cycles after its issue, from a latency file
///    (mem/dram_trace.h); no bank or bus state.
/// The row state decisions depend only on the order of the addresses, never on time, so the
/// timed model is a max-plus system: earlier issues or shorter timings never delay a request.
///
/// Cost: O(bursts) per request, no allocation and no map lookup after construction.
///
///   Dram dram(cfg);                                    // cfg.validate() must be empty
///   int64_t ready = dram.access({0x1000, 256, false, 40});  // array cycle the data is in
///
/// Reset: a new Dram (or reset()) has every bank closed, every bus idle at cycle 0 and zero stats.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mem/dram_config.h"
#include "mem/dram_trace.h"

namespace fusesim {

/// One request to the DRAM: `bytes` bytes from `addr` on, issued at array cycle `issue_cycle`.
struct DramRequest {
  uint64_t addr = 0;
  uint32_t bytes = 0;
  bool write = false;
  int64_t issue_cycle = 0;
};

/// Data of one request moving on the DRAM interface: `bytes` spread over ticks [begin, end)
/// (Dram::ticks_per_array_cycle()). kSimple: the interface's busy interval; kTimed: one burst's
/// data beats on its channel's bus (the request's bytes within that burst); kReplay: one burst,
/// from its issue to its completion (there is no bus to observe).
struct DramTransfer {
  int64_t begin = 0;
  int64_t end = 0;
  uint32_t bytes = 0;
};

/// Where an address lives.
struct DramCoord {
  int channel = 0;
  int rank = 0;
  int bank = 0;
  int64_t row = 0;
  int64_t column = 0;  ///< burst index within the row
};

/// DRAM statistics; each counter is declared once in a table with its name, unit and meaning
/// (DramStats::kCounters), and derived metrics are computed in to_json().
struct DramStats {
  uint64_t reads = 0;           ///< read requests
  uint64_t writes = 0;          ///< write requests
  uint64_t bytes_read = 0;      ///< bytes requested by reads
  uint64_t bytes_written = 0;   ///< bytes requested by writes
  uint64_t bursts = 0;          ///< transactions (bursts) issued
  uint64_t row_hits = 0;        ///< kTimed: bursts to the open row
  uint64_t row_misses = 0;      ///< kTimed: bursts to a closed bank (activate)
  uint64_t row_conflicts = 0;   ///< kTimed: bursts to another row (precharge, activate)
  int64_t last_completion = 0;  ///< latest completion, array cycles
  /// Per channel: DRAM cycles its data bus carried data (kTimed), or array cycles the interface
  /// was busy (kSimple, channel 0 only); zero in kReplay.
  std::vector<int64_t> channel_busy_cycles;
  std::string busy_cycle_unit = "dram";  ///< "dram" or "array" (kSimple)

  struct Counter {
    const char* name;
    const char* unit;
    const char* description;
    uint64_t DramStats::*member;
  };
  static const Counter kCounters[8];

  /// {counters by name, "last_completion", "channel_busy_cycles", "busy_cycle_unit",
  /// derived "row_hit_rate" = row_hits / bursts (0 without bursts)}.
  nlohmann::json to_json() const;
};

/// The DRAM model; see the file comment.
class Dram {
 public:
  /// For kReplay, reads cfg.latency_file (throws InputError). `cfg` must validate.
  explicit Dram(const DramConfig& cfg);
  /// kReplay with latencies already read (tests, or several runs of one file).
  Dram(const DramConfig& cfg, DramLatencies latencies);

  /// Simulates one request; returns the array cycle at which all its data has arrived (read) or
  /// has been written (write). A request of 0 bytes completes at its issue cycle. Throws
  /// InputError in kReplay when the latency file has no latency for a burst.
  int64_t access(const DramRequest& r);

  /// Channel, rank, bank, row and column of an address under the configured mapping (bits above
  /// the capacity are ignored).
  DramCoord decode(uint64_t addr) const;

  /// Every burst issued from now on is written to `w` (nullptr: none). Not owned.
  void set_trace(DramTraceWriter* w) { trace_ = w; }

  /// Every transfer of the requests simulated from now on is appended to `log` (nullptr: none).
  /// Not owned.
  void set_transfer_log(std::vector<DramTransfer>* log) { transfers_ = log; }
  /// Ticks of DramTransfer per array cycle: 1 in kSimple (ticks are array cycles); otherwise the
  /// DRAM clock in kHz, a DRAM cycle being the array clock in kHz ticks (both exact integers).
  int64_t ticks_per_array_cycle() const { return cfg_.mode == DramMode::kSimple ? 1 : dram_khz_; }

  /// First array cycle at or after DRAM cycle `d`, and first DRAM cycle at or after array cycle
  /// `a` (exact integer arithmetic on the clocks in kHz).
  int64_t to_array_cycle(int64_t d) const;
  int64_t to_dram_cycle(int64_t a) const;

  /// Closes every bank, idles every bus, rewinds the latency file and clears the stats.
  void reset();

  const DramStats& stats() const { return stats_; }
  const DramConfig& config() const { return cfg_; }

 private:
  struct Bank {
    int64_t open_row = -1;  ///< -1: closed (precharged)
    int64_t act_cycle = 0;  ///< DRAM cycle of the last activation
    int64_t cmd_cycle = 0;  ///< DRAM cycle of the last column command
  };
  struct Channel {
    int64_t start_cycle = 0;  ///< DRAM cycle the previous burst's first command was issued
    int64_t bus_free = 0;     ///< DRAM cycle the data bus is next free
  };

  int64_t burst_timed(uint64_t addr, int64_t issue_dram, uint32_t bytes);
  int64_t burst_replay(int64_t issue_dram);

  DramConfig cfg_;
  DramLatencies latencies_;
  size_t next_latency_ = 0;
  DramTraceWriter* trace_ = nullptr;
  std::vector<DramTransfer>* transfers_ = nullptr;
  DramStats stats_;

  // Address decode: shift and mask per field (AddrField order), burst offset bits.
  int shift_[kNumAddrFields] = {};
  uint64_t mask_[kNumAddrFields] = {};
  int burst_shift_ = 0;
  int64_t banks_per_channel_ = 1;

  int64_t dram_khz_ = 1;
  int64_t array_khz_ = 1;
  int64_t bw_micro_bytes_ = 1;  ///< kSimple: bandwidth in 1e-6 bytes per array cycle
  int64_t iface_free_ = 0;      ///< kSimple: array cycle the interface is next free

  std::vector<Bank>
      banks_;  ///< channel-major: [channel * banks_per_channel_ + rank * banks + bank]
  std::vector<Channel> channels_;
};

}  // namespace fusesim
