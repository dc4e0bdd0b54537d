#pragma once
/// SCALE-Sim v2's BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv, filled from fusesim's
/// simulated counts (docs/memory.md §4 says what each column holds here and how it differs in
/// meaning from SCALE-Sim's). Layout as SCALE-Sim v2 writes it (scalesim/simulator.py,
/// generate_reports(), commit 8cc5e2f of scalesim-project/scale-sim-v2): the header below, then
/// one line per layer, ", " between fields, a trailing comma, '\n' line ends; floats as Python's
/// str() prints them (SCALE-Sim's cycles are numpy float64, its counts Python ints).
///
///   rows.push_back(scalesim_access_row(i, layer_result, 1));
///   out.add("BANDWIDTH_REPORT.csv", format_bandwidth_report(rows));

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "testbench/layer_runner.h"

namespace fusesim {

/// One layer's SRAM and DRAM activity per operand (ifmap, filter, ofmap).
struct ScaleSimAccessRow {
  int layer_id = 0;
  int64_t total_cycles = 0;
  std::array<int64_t, 3> sram_start{{-1, -1, -1}};  ///< edges; -1: never
  std::array<int64_t, 3> sram_stop{{-1, -1, -1}};
  std::array<uint64_t, 3> sram_count{};  ///< ifmap/filter reads, ofmap writes (values)
  std::array<int64_t, 3> dram_start{{-1, -1, -1}};
  std::array<int64_t, 3> dram_stop{{-1, -1, -1}};
  std::array<int64_t, 3> dram_count{};  ///< ifmap/filter reads, ofmap writes (words of 1 byte)
};

/// The headers, newline included.
extern const char* const kBandwidthReportHeader;
extern const char* const kDetailedAccessReportHeader;

/// The row of one simulated layer (with a memory system). `ofmap_word_bytes`: RunOptions'.
ScaleSimAccessRow scalesim_access_row(int layer_id, const LayerResult& r, int ofmap_word_bytes);

/// Avg SRAM BW = SRAM count / total cycles; Avg DRAM BW = DRAM count / (stop − start + 1), as
/// SCALE-Sim computes them (single_layer_sim.py, calc_report_data()); 0 without accesses.
std::string format_bandwidth_report(const std::vector<ScaleSimAccessRow>& rows);
std::string format_detailed_access_report(const std::vector<ScaleSimAccessRow>& rows);

}  // namespace fusesim
