#include "testbench/scalesim_reports.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "dataflows/analytical.h"
#include "dataflows/closed_form.h"
#include "testbench/memory_reports.h"
#include "workloads/scalesim_io.h"

namespace fusesim {

const char* const kCompareScalesimHeader =
    "layer_id,name,dataflow,sim_cycles,scalesim_cycles,difference,ofmap_rounding,fold_cost,folds,"
    "skew,drain_interval,drain,partial,dataflow_schedule,memory,sim_compute_util_pct,"
    "scalesim_compute_util_pct\n";

const char* const kBandwidthReportHeader =
    "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, "
    "Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,\n";

const char* const kDetailedAccessReportHeader =
    "LayerID, "
    "SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, "
    "SRAM Filter Start Cycle, SRAM Filter Stop Cycle, SRAM Filter Reads, "
    "SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, "
    "DRAM IFMAP Start Cycle, DRAM IFMAP Stop Cycle, DRAM IFMAP Reads, "
    "DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, "
    "DRAM OFMAP Start Cycle, DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,\n";

ScaleSimAccessRow scalesim_access_row(int layer_id, const LayerResult& r, int ofmap_word_bytes) {
  ScaleSimAccessRow row;
  row.layer_id = layer_id;
  row.total_cycles = r.stats.cycles;
  const MemoryStats& m = r.stats.memory;
  const auto t = operand_traffic(r.stats.events, m, r.stats.cycles, ofmap_word_bytes,
                                 input_stationary(r.program));
  for (size_t i = 0; i < 3; ++i) {
    row.sram_start[i] = m.activity[i].sram_start;
    row.sram_stop[i] = m.activity[i].sram_stop;
    row.dram_start[i] = m.activity[i].dram_start;
    row.dram_stop[i] = m.activity[i].dram_stop;
  }
  // The bottom buffer is written by the drain: its first and last output arrivals.
  row.sram_start[2] = r.stats.first_arrival_edge;
  row.sram_stop[2] = r.stats.last_arrival_edge;
  row.sram_count = {t[0].sram_reads, t[1].sram_reads, t[2].sram_writes};
  row.dram_count = {m.dram_ifmap_bytes, m.dram_filter_bytes,
                    ofmap_word_bytes > 0 ? m.dram_ofmap_bytes / ofmap_word_bytes : 0};
  return row;
}

std::string format_bandwidth_report(const std::vector<ScaleSimAccessRow>& rows) {
  std::ostringstream out;
  out << kBandwidthReportHeader;
  for (const ScaleSimAccessRow& r : rows) {
    out << r.layer_id;
    for (size_t i = 0; i < 3; ++i)
      out << ", "
          << python_float_repr(r.total_cycles > 0 ? double(r.sram_count[i]) / double(r.total_cycles)
                                                  : 0.0);
    for (size_t i = 0; i < 3; ++i) {
      const int64_t span = r.dram_start[i] < 0 ? 0 : r.dram_stop[i] - r.dram_start[i] + 1;
      out << ", " << python_float_repr(span > 0 ? double(r.dram_count[i]) / double(span) : 0.0);
    }
    out << ",\n";
  }
  return out.str();
}

std::string format_detailed_access_report(const std::vector<ScaleSimAccessRow>& rows) {
  std::ostringstream out;
  out << kDetailedAccessReportHeader;
  for (const ScaleSimAccessRow& r : rows) {
    out << r.layer_id;
    for (size_t i = 0; i < 3; ++i)
      out << ", " << python_float_repr(double(r.sram_start[i])) << ", "
          << python_float_repr(double(r.sram_stop[i])) << ", " << r.sram_count[i];
    for (size_t i = 0; i < 3; ++i)
      out << ", " << python_float_repr(double(r.dram_start[i])) << ", "
          << python_float_repr(double(r.dram_stop[i])) << ", " << r.dram_count[i];
    out << ",\n";
  }
  return out.str();
}

std::vector<FoldUse> simulated_folds(const LayerResult& r, const RunOptions& o) {
  const FoldPlan fp = fold_plan(r.layer, o.array, o.mapping);
  const std::vector<int64_t>& iss = r.stats.issue_edges;
  const size_t n = fp.shape.size() * size_t(fp.segments);
  if (n != iss.size())
    throw std::logic_error("simulated_folds: " + std::to_string(n) + " planned folds, " +
                           std::to_string(iss.size()) + " issued");
  const int64_t per = fp.kind == FoldPlan::Kind::kWs ? fp.stream : fp.reduction;
  const int64_t pes = int64_t(o.array.rows) * o.array.cols;
  std::vector<FoldUse> out;
  for (size_t i = 0; i < n; ++i) {
    const auto& s = fp.shape[i % fp.shape.size()];
    const int64_t end = i + 1 < n ? iss[i + 1] : r.stats.cycles;
    out.push_back({int64_t(s.rows) * s.cols * per, pes, end - iss[i]});
  }
  return out;
}

ComputeReportRow compute_report_row(int layer_id, const LayerResult& r, const RunOptions& o,
                                    int version) {
  ComputeReportRow row;
  row.layer_id = layer_id;
  const double pes = double(o.array.rows) * o.array.cols;
  row.stall_cycles = r.stats.memory.stall_cycles();
  // v2: total_cycles = the memory system's compute cycles, stalls included; v3:
  // total_cycles = compute cycles − stall cycles (single_layer_sim.calc_report_data()).
  row.total_cycles = version >= 3 ? r.stats.cycles - row.stall_cycles : r.stats.cycles;
  row.total_cycles_incl_prefetch = r.stats.cycles;
  const auto& a = r.stats.memory.activity;
  if (a[0].dram_start >= 0 && a[1].dram_start >= 0 && a[2].dram_stop >= 0)
    row.total_cycles_incl_prefetch = a[2].dram_stop - std::min(a[0].dram_start, a[1].dram_start);
  row.overall_util_pct =
      row.total_cycles > 0 ? 100.0 * double(r.macs) / (double(row.total_cycles) * pes) : 0.0;
  row.mapping_efficiency_pct = 100.0 * r.mapping_efficiency;
  row.compute_util_pct = scalesim_compute_util_pct(simulated_folds(r, o));
  return row;
}

CompareRow compare_row(int layer_id, const LayerResult& r, const RunOptions& o) {
  CompareRow c;
  c.layer_id = layer_id;
  c.name = r.layer.name;
  c.dataflow = r.program;
  c.sim_cycles = r.stats.cycles;
  c.scalesim_cycles = r.analytical.scalesim;
  const int R = o.array.rows, C = o.array.cols;
  const Dataflow df = o.mapping.dataflow;
  const int64_t exact = scalesim_layer_cycles(scalesim_cropped(r.layer), R, C, df);
  c.ofmap_rounding = exact - c.scalesim_cycles;
  c.terms = r.diff;
  c.terms.rounding = 0;
  if (r.diff.dataflow != 0 || df != Dataflow::kOs) {
    // WS/IS: the authors' model is output-stationary; compare with SCALE-Sim directly.
    c.terms = DifferenceTerms{};
    c.terms.dataflow = r.analytical.model - exact;
  } else {
    c.fold_cost = r.analytical.authors_public - exact;
  }
  c.memory = r.stats.cycles - r.analytical.model;
  c.sim_compute_util_pct = scalesim_compute_util_pct(simulated_folds(r, o));
  c.scalesim_compute_util_pct = scalesim_compute_util_pct(scalesim_layer_folds(r.layer, R, C, df));
  return c;
}

std::string format_compare_scalesim(const std::vector<CompareRow>& rows) {
  std::ostringstream out;
  out << kCompareScalesimHeader;
  for (const CompareRow& c : rows) {
    std::string name;  // CSV-quoted
    for (char ch : c.name) {
      if (ch == '"') name += '"';
      name += ch;
    }
    const DifferenceTerms& t = c.terms;
    out << c.layer_id << ",\"" << name << "\"," << c.dataflow << "," << c.sim_cycles << ","
        << c.scalesim_cycles << "," << c.difference() << "," << c.ofmap_rounding << ","
        << c.fold_cost << "," << t.folds << "," << t.skew << "," << t.drain_interval << ","
        << t.drain << "," << t.partial << "," << t.dataflow << "," << c.memory << ","
        << python_float_repr(c.sim_compute_util_pct) << ","
        << python_float_repr(c.scalesim_compute_util_pct) << "\n";
  }
  return out.str();
}

}  // namespace fusesim
