#pragma once
/// Memory reports: the per-operand SRAM and DRAM traffic of a run with a memory system, as the
/// `memory` section of summary.json and the memory columns of layers.csv (docs/user-guide.md §7).
///
/// Per operand (ifmap, filter, ofmap), in values (int8 operands: bytes; outputs: one value each):
///  - SRAM reads: ifmap = the left feeders' reads (Event::kLeftRead) without the bus taps
///    (Event::kBusDrive, which read filter taps from the left buffer), filter = the top feeders'
///    reads (Event::kTopRead) plus the bus taps (IS: ifmap = top, filter = left), ofmap = the
///    bottom buffer's read-modify-writes
///    of partial sums (Event::kBottomRead) plus the values read out for the write-back;
///  - SRAM writes: ifmap and filter = the values the DRAM filled in (MemoryStats::dram_*_bytes),
///    ofmap = the values the drain stored (Event::kBottomWrite);
///  - DRAM bytes, their average per array cycle of the run, and the peak (MemoryStats).
///
///   const auto t = operand_traffic(stats.events, stats.memory, stats.cycles, 1);
///   nlohmann::json j = memory_json(stats.memory, t, stats.cycles);

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "hw/memory_system.h"
#include "mem/dram_config.h"
#include "pe/events.h"
#include "workloads/memory_energy.h"

namespace fusesim {

/// One operand's traffic in one run (or a sum of runs).
struct OperandTraffic {
  uint64_t sram_reads = 0;
  uint64_t sram_writes = 0;
  int64_t dram_bytes = 0;
  double dram_bw_average = 0;  ///< DRAM bytes / cycles of the run
  double dram_bw_peak = 0;     ///< MemoryStats' peak (bytes per cycle in its window)
};

/// Operand names in report order (the StallCause order).
constexpr std::array<const char*, 3> kOperandNames = {"ifmap", "filter", "ofmap"};

/// ifmap, filter, ofmap. `ofmap_word_bytes`: bytes per value written back (RunOptions).
/// `input_stationary` (program "is"): the top feeders preload the ifmap and the left feeders
/// stream the filters, so the edge counters swap operands.
std::array<OperandTraffic, 3> operand_traffic(const EventCounters& ev, const MemoryStats& m,
                                              int64_t cycles, int ofmap_word_bytes,
                                              bool input_stationary = false);
/// Adds `add` to `sum` (counts and bytes summed, peaks the larger; averages left for the caller).
void accumulate(std::array<OperandTraffic, 3>* sum, const std::array<OperandTraffic, 3>& add);

/// Stalls by cause, DRAM traffic per operand, tile fetches and reuses, DRAM bandwidth (average
/// over `cycles` and peak, per operand and in total), SRAM reads and writes per operand, and
/// (one run) the operands' activity windows.
nlohmann::json memory_json(const MemoryStats& m, const std::array<OperandTraffic, 3>& t,
                           int64_t cycles);

/// The memory columns of layers.csv (appended only with a memory system), each field preceded
/// by a comma; the energy columns are empty when `energy` is null (not priced).
std::string memory_csv_header();
std::string memory_csv_fields(const MemoryStats& m, const std::array<OperandTraffic, 3>& t,
                              int64_t cycles, const MemoryEnergy* energy);

/// What the memory energy model prices (workloads/memory_energy.h): the array's scratchpad
/// accesses from the event counters (edges mapped to operands as in operand_traffic()), the DRAM
/// side's from the memory's traffic, the sizes and the DRAM technology from its configuration.
MemoryTraffic memory_traffic(const EventCounters& ev, const MemoryStats& m, const MemoryConfig& cfg,
                             int ofmap_word_bytes, bool input_stationary = false);
/// The scratchpad sizes of `cfg` as the array energy model's buffer sizes (left, top, bottom):
/// the ifmap scratchpad feeds the left edge, the filter scratchpad the top edge, and the other
/// way round with `input_stationary`.
BufferSizes energy_buffers(const MemoryConfig& cfg, bool input_stationary = false);

/// True for the program whose top edge holds the ifmap (IS).
inline bool input_stationary(const std::string& program) { return program == "is"; }

}  // namespace fusesim
