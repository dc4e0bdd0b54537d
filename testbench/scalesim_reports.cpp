#include "testbench/scalesim_reports.h"

#include <sstream>

#include "testbench/memory_reports.h"
#include "workloads/scalesim_io.h"

namespace fusesim {

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

}  // namespace fusesim
