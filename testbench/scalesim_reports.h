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
#include "workloads/scalesim_formula.h"
#include "workloads/scalesim_io.h"

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
extern const char* const kCompareScalesimHeader;
extern const char* const kBandwidthReportHeader;
extern const char* const kDetailedAccessReportHeader;

/// The row of one simulated layer (with a memory system). `ofmap_word_bytes`: RunOptions'.
ScaleSimAccessRow scalesim_access_row(int layer_id, const LayerResult& r, int ofmap_word_bytes);

/// Avg SRAM BW = SRAM count / total cycles; Avg DRAM BW = DRAM count / (stop − start + 1), as
/// SCALE-Sim computes them (single_layer_sim.py, calc_report_data()); 0 without accesses.
std::string format_bandwidth_report(const std::vector<ScaleSimAccessRow>& rows);
std::string format_detailed_access_report(const std::vector<ScaleSimAccessRow>& rows);

/// The simulated folds of a layer as SCALE-Sim's utilisation counts them: fold f performs its
/// rows × cols × (reduction, or operands streamed) MACs (dataflows/closed_form.h fold_plan(),
/// in issue order) and lasts from its issue edge to the next fold's (the last fold: to the end
/// of the layer, RunStats::cycles). Overlapped folds therefore count only the cycles until the
/// next issue, where SCALE-Sim's serial folds count their whole fill and drain. Throws
/// std::logic_error when the plan and the simulated issue edges disagree in number.
std::vector<FoldUse> simulated_folds(const LayerResult& r, const RunOptions& o);

/// One layer of COMPUTE_REPORT.csv from a simulated layer: Total Cycles the simulated cycles
/// (v3 layout: `Total Cycles` without the stall cycles and `Total Cycles (incl. prefetch)` from
/// the first DRAM read to the last DRAM write, as SCALE-Sim v3 computes them; without DRAM
/// activity the simulated cycles), Compute Util % by SCALE-Sim's definition on simulated_folds().
ComputeReportRow compute_report_row(int layer_id, const LayerResult& r, const RunOptions& o,
                                    int version);

/// One line of COMPARE_SCALESIM.csv: the simulated cycles against SCALE-Sim v2's formula on the
/// same layer and array, and the difference split into named terms that add up to it exactly:
///
///   sim − scalesim = ofmap_rounding + fold_cost + folds + skew + drain_interval + drain
///                    + partial + dataflow + memory
///
/// ofmap_rounding: SCALE-Sim's formula on the layer cropped to the rows and columns its windows
///   read, minus on the layer as given (≤ 0: SCALE-Sim's ⌈(H − K + S)/S⌉ counts a partial
///   window where the layer has none);
/// fold_cost (OS): the FuSeConv authors' per-fold cost T + r + c − 1 on fusesim's folds, minus
///   SCALE-Sim's T + R + C − 2 on every fold with the whole array and its −1 per layer;
/// folds, skew, drain_interval, drain, partial: dataflows/difference_terms.h (simulated closed
///   form against the authors' model), without its `rounding` term (the authors' public and
///   published versions);
/// dataflow (WS, IS): fusesim's closed form against SCALE-Sim's formula on the cropped layer as a
///   whole (SCALE-Sim's WS/IS folds are serial 2R + C + T − 2; docs/timing.md §6);
/// memory: simulated cycles minus the closed form (stall cycles and write-back tail; 0 with ideal
///   memory).
struct CompareRow {
  int layer_id = 0;
  std::string name;
  std::string dataflow;
  int64_t sim_cycles = 0;
  int64_t scalesim_cycles = 0;
  int64_t ofmap_rounding = 0;
  int64_t fold_cost = 0;
  DifferenceTerms terms;  ///< rounding unused (0); dataflow as above
  int64_t memory = 0;
  double sim_compute_util_pct = 0.0;
  double scalesim_compute_util_pct = 0.0;
  int64_t difference() const { return sim_cycles - scalesim_cycles; }
  int64_t terms_total() const {
    return ofmap_rounding + fold_cost + terms.total() - terms.rounding + memory;
  }
};

CompareRow compare_row(int layer_id, const LayerResult& r, const RunOptions& o);
std::string format_compare_scalesim(const std::vector<CompareRow>& rows);

}  // namespace fusesim
