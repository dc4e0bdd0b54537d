#include "testbench/memory_reports.h"

#include <algorithm>
#include <iomanip>
#include <sstream>
#include <utility>

namespace fusesim {

std::array<OperandTraffic, 3> operand_traffic(const EventCounters& ev, const MemoryStats& m,
                                              int64_t cycles, int ofmap_word_bytes,
                                              bool input_stationary) {
  std::array<OperandTraffic, 3> t;
  const uint64_t taps = ev.get(Event::kBusDrive);
  const uint64_t left = ev.get(Event::kLeftRead);
  t[0].sram_reads = left > taps ? left - taps : 0;
  t[1].sram_reads = ev.get(Event::kTopRead) + taps;
  if (input_stationary) std::swap(t[0].sram_reads, t[1].sram_reads);
  const uint64_t wb = ofmap_word_bytes > 0 ? uint64_t(m.dram_ofmap_bytes / ofmap_word_bytes) : 0;
  t[2].sram_reads = ev.get(Event::kBottomRead) + wb;
  t[0].sram_writes = uint64_t(m.dram_ifmap_bytes);
  t[1].sram_writes = uint64_t(m.dram_filter_bytes);
  t[2].sram_writes = ev.get(Event::kBottomWrite);
  t[0].dram_bytes = m.dram_ifmap_bytes;
  t[1].dram_bytes = m.dram_filter_bytes;
  t[2].dram_bytes = m.dram_ofmap_bytes;
  for (size_t i = 0; i < t.size(); ++i) {
    t[i].dram_bw_average = cycles > 0 ? double(t[i].dram_bytes) / double(cycles) : 0.0;
    t[i].dram_bw_peak = m.activity[i].dram_peak_bytes_per_cycle;
  }
  return t;
}

void accumulate(std::array<OperandTraffic, 3>* sum, const std::array<OperandTraffic, 3>& add) {
  for (size_t i = 0; i < add.size(); ++i) {
    OperandTraffic& s = (*sum)[i];
    s.sram_reads += add[i].sram_reads;
    s.sram_writes += add[i].sram_writes;
    s.dram_bytes += add[i].dram_bytes;
    s.dram_bw_peak = std::max(s.dram_bw_peak, add[i].dram_bw_peak);
  }
}

nlohmann::json memory_json(const MemoryStats& m, const std::array<OperandTraffic, 3>& t,
                           int64_t cycles) {
  nlohmann::json j = m.to_json();
  j["dram_bytes_per_cycle_average"] = cycles > 0 ? double(m.dram_bytes()) / double(cycles) : 0.0;
  nlohmann::json avg = nlohmann::json::object();
  nlohmann::json sram = nlohmann::json::object();
  nlohmann::json act = nlohmann::json::object();
  bool windows = false;
  for (size_t i = 0; i < t.size(); ++i) {
    avg[kOperandNames[i]] = cycles > 0 ? double(t[i].dram_bytes) / double(cycles) : 0.0;
    sram[kOperandNames[i]] = {{"reads", t[i].sram_reads}, {"writes", t[i].sram_writes}};
    const OperandActivity& a = m.activity[i];
    act[kOperandNames[i]] = {{"dram_start", a.dram_start},
                             {"dram_stop", a.dram_stop},
                             {"sram_start", a.sram_start},
                             {"sram_stop", a.sram_stop}};
    windows = windows || a.dram_start >= 0 || a.sram_start >= 0;
  }
  avg["total"] = j["dram_bytes_per_cycle_average"];
  j["dram_bytes_per_cycle_average_by_operand"] = avg;
  j["sram_accesses"] = sram;
  j["sram_access_unit"] = "values (int8 operands: bytes; outputs: one per value)";
  if (windows) j["activity"] = act;
  return j;
}

std::string memory_csv_header() {
  std::string h;
  for (const char* op : kOperandNames)
    h += std::string(",sram_") + op + "_reads,sram_" + op + "_writes";
  for (const char* kind : {"avg", "peak"}) {
    for (const char* op : kOperandNames) h += std::string(",dram_bw_") + kind + "_" + op;
    h += std::string(",dram_bw_") + kind + "_total";
  }
  for (const char* mem : {"sram", "dram"})
    for (const char* op : kOperandNames) h += std::string(",") + mem + "_energy_" + op + "_pj";
  return h;
}

MemoryTraffic memory_traffic(const EventCounters& ev, const MemoryStats& m, const MemoryConfig& cfg,
                             int ofmap_word_bytes, bool input_stationary) {
  MemoryTraffic t;
  const uint64_t taps = ev.get(Event::kBusDrive);
  const uint64_t left = ev.get(Event::kLeftRead);
  t.bus_taps = std::min(taps, left);
  t.array_accesses = {left - t.bus_taps, ev.get(Event::kTopRead),
                      ev.get(Event::kBottomRead) + ev.get(Event::kBottomWrite)};
  if (input_stationary) std::swap(t.array_accesses[0], t.array_accesses[1]);
  t.dram_side_accesses = {
      uint64_t(m.dram_ifmap_bytes), uint64_t(m.dram_filter_bytes),
      ofmap_word_bytes > 0 ? uint64_t(m.dram_ofmap_bytes / ofmap_word_bytes) : 0};
  t.dram_read_bytes = {m.dram_ifmap_bytes, m.dram_filter_bytes, 0};
  t.dram_write_bytes = {0, 0, m.dram_ofmap_bytes};
  t.sram_bytes = {cfg.sram.ifmap_kb * 1024, cfg.sram.filter_kb * 1024, cfg.sram.ofmap_kb * 1024};
  t.dram_technology = cfg.dram.technology;
  return t;
}

BufferSizes energy_buffers(const MemoryConfig& cfg, bool input_stationary) {
  BufferSizes b;
  b.left_bytes = cfg.sram.ifmap_kb * 1024;
  b.top_bytes = cfg.sram.filter_kb * 1024;
  if (input_stationary) std::swap(b.left_bytes, b.top_bytes);
  b.bottom_bytes = cfg.sram.ofmap_kb * 1024;
  return b;
}

std::string memory_csv_fields(const MemoryStats& m, const std::array<OperandTraffic, 3>& t,
                              int64_t cycles, const MemoryEnergy* energy) {
  std::ostringstream s;
  for (const OperandTraffic& o : t) s << "," << o.sram_reads << "," << o.sram_writes;
  s << std::setprecision(9);
  for (const OperandTraffic& o : t) s << "," << o.dram_bw_average;
  s << "," << (cycles > 0 ? double(m.dram_bytes()) / double(cycles) : 0.0);
  for (const OperandTraffic& o : t) s << "," << o.dram_bw_peak;
  s << "," << m.dram_peak_bytes_per_cycle;
  for (const auto* pj : {energy ? &energy->sram_pj : nullptr, energy ? &energy->dram_pj : nullptr})
    for (size_t i = 0; i < 3; ++i) {
      s << ",";
      if (pj) s << (*pj)[i];
    }
  return s.str();
}

}  // namespace fusesim
