#pragma once
/// Memory energy: the scratchpads priced per access by their size and the DRAM per byte by its
/// technology, every figure from the energy table (docs/energy-area.md, "Memory energy").
///
/// Per operand (ifmap, filter, ofmap) the scratchpad accesses split into those the array makes
/// (feeder reads, drain writes and partial-sum reads; price() already charges them under
/// left_buffer, top_buffer and bottom_buffer when its EnergyParams::buffers are the memory's
/// sizes) and those the DRAM side makes (fills, reads for the write-back), which only this model
/// charges. One access moves one word: 8 bits for ifmap and filter, 32 bits for the ofmap (the
/// bottom buffer holds int32 sums); it costs sram_access_64b_pj(buffer bytes) / 64 per bit. The
/// 1-D dataflow's bus taps are filter reads served by the left buffer, priced at its size. DRAM:
/// bytes read × dram_<technology>.read_byte + bytes written × dram_<technology>.write_byte.
///
///   const MemoryEnergy m = price_memory(traffic, table);
///   add_memory_energy(&report, m);   // energy_pj += m.added_pj(), m.actions appended,
///                                    // derived figures recomputed

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "workloads/energy_model.h"

namespace fusesim {

/// What one run moved through the memory, per operand (ifmap, filter, ofmap).
struct MemoryTraffic {
  std::array<uint64_t, 3> array_accesses{};      ///< feeders and drain (taps excluded)
  std::array<uint64_t, 3> dram_side_accesses{};  ///< fills, write-back reads
  uint64_t bus_taps = 0;                         ///< filter reads served by the left buffer
  std::array<int64_t, 3> dram_read_bytes{};
  std::array<int64_t, 3> dram_write_bytes{};
  std::array<int64_t, 3> sram_bytes{};  ///< scratchpad sizes: ifmap (left), filter (top), ofmap
  std::string dram_technology = "ddr4";
};

/// Bits one access of each operand's scratchpad moves.
constexpr std::array<int, 3> kMemoryWordBits = {kBufferOperandBits, kBufferOperandBits,
                                                kBufferResultBits};

/// The priced memory of one run.
struct MemoryEnergy {
  std::array<double, 3> sram_pj{};    ///< every access of the operand's scratchpad
  std::array<double, 3> dram_pj{};    ///< the operand's DRAM traffic
  std::array<double, 3> access_pj{};  ///< one access of each scratchpad
  double dram_side_sram_pj = 0;       ///< the fills and write-back reads (not in price())
  double dram_read_pj_per_byte = 0;
  double dram_write_pj_per_byte = 0;
  std::string dram_component;  ///< e.g. "dram_ddr4"
  /// The energy added_pj() holds, as priced actions (Accelergy's action counts): the DRAM side's
  /// scratchpad accesses (ifmap_spad.write and filter_spad.write per filled word,
  /// ofmap_spad.read per word read for the write-back; the scratchpad names of
  /// architecture.yaml) and the DRAM bytes (dram_<technology>.read_byte / write_byte, the table's
  /// rows). Σ count × energy each = added_pj() up to rounding.
  std::vector<PricedAction> actions;

  double dram_total_pj() const { return dram_pj[0] + dram_pj[1] + dram_pj[2]; }
  /// The energy price() does not already hold: DRAM-side SRAM accesses plus the DRAM.
  double added_pj() const { return dram_side_sram_pj + dram_total_pj(); }
  /// Sums the energies of another run of the same memory (prices kept from the first).
  MemoryEnergy& operator+=(const MemoryEnergy& o);
  nlohmann::json to_json() const;
};

/// Prices `t`. Throws InputError (table path, line 0, field "component") when the table lacks
/// the dram_<technology> rows or any SRAM row.
MemoryEnergy price_memory(const MemoryTraffic& t, const EnergyTable& table);

/// One report of runs priced separately (e.g. a network's layers in groups with different
/// buffer sizes): energies, breakdown, cycles and MACs summed, actions merged where component,
/// action, category and energy per action agree, derived figures recomputed. The clock, table,
/// array kind and buffers are the first part's. `parts` must not be empty.
EnergyReport combine_reports(const std::vector<EnergyReport>& parts);

/// Adds m.added_pj() to the report's energy, recomputes power, pJ/MAC and EDP, and stores
/// m.to_json() as the report's `memory`.
void add_memory_energy(EnergyReport* r, const MemoryEnergy& m);

}  // namespace fusesim
