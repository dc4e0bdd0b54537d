#include "workloads/area_model.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <stdexcept>

namespace fusesim {
namespace {

bool is_reference(const std::string& c) { return c == "adder_8b" || c == "multiplier_32b"; }

/// The components a baseline PE is built from (its area is the base of every overhead).
bool is_pe_component(const std::string& c) {
  return c == "multiplier_8b" || c == "adder_32b" || c == "register_bit" || c == "mux2_bit";
}

/// Bits carried by the broadcast bus (an operand with its flags) and routed per PE (+ DataEn).
constexpr int kBusBits = kOperandBits;
constexpr int kFuseTracks = kBusBits + 1;

double sum(const std::vector<std::pair<std::string, double>>& v) {
  double s = 0;
  for (const auto& p : v) s += p.second;
  return s;
}

}  // namespace

const AreaEntry* AreaTable::find(const std::string& component) const {
  for (const AreaEntry& e : rows)
    if (e.component == component) return &e;
  return nullptr;
}

double AreaTable::area(const std::string& component) const {
  const AreaEntry* e = find(component);
  if (!e) throw InputError(path, 0, "component", "missing row " + component);
  return e->area_um2;
}

const std::vector<std::string>& known_area_components() {
  static const std::vector<std::string> k = {"multiplier_8b", "adder_32b",  "register_bit",
                                             "mux2_bit",      "driver_bit", "bus_track",
                                             "sram_kib",      "adder_8b",   "multiplier_32b"};
  return k;
}

AreaTable load_area_table(const std::string& path) {
  return load_area_table_text(read_input_file(path), path);
}

AreaTable load_area_table_text(const std::string& text, const std::string& path) {
  const auto csv =
      read_table_csv_text(text, path, {"component", "area_um2", "unit", "tech_node", "source"});
  std::vector<InputIssue> errors;
  auto err = [&](int line, const std::string& field, const std::string& detail) {
    errors.push_back(InputIssue{path, line, field, detail});
  };
  AreaTable t;
  t.path = path;
  std::map<std::string, int> seen;
  for (const TableCsvRow& r : csv) {
    AreaEntry e;
    e.line = r.line;
    e.component = r.at("component");
    e.unit = r.at("unit");
    e.tech_node = r.at("tech_node");
    e.source = r.at("source");
    bool ok = true;
    const auto& k = known_area_components();
    if (std::find(k.begin(), k.end(), e.component) == k.end()) {
      err(r.line, "component", "unknown component '" + e.component + "'");
      ok = false;
    }
    if (!check_table_row(path, r, "area_um2", "area", &e.area_um2, &errors)) {
      ok = false;
    } else if (is_pe_component(e.component) && e.area_um2 < kMinPeComponentArea) {
      err(r.line, "area_um2",
          "area " + r.at("area_um2") + " of " + e.component +
              " is below 0.001 (the baseline PE is built from it; overheads are relative to it)");
      ok = false;
    }
    const auto it = seen.find(e.component);
    if (it != seen.end()) {
      err(r.line, "component",
          "duplicate row " + e.component + " (first at line " + std::to_string(it->second) + ")");
      ok = false;
    } else {
      seen[e.component] = r.line;
    }
    if (ok) t.rows.push_back(e);
  }
  if (errors.empty())
    for (const std::string& c : known_area_components())
      if (!is_reference(c) && !t.find(c)) err(0, "component", "missing row " + c);
  if (!errors.empty()) throw InputError(std::move(errors));
  return t;
}

std::string default_area_table() {
  return std::string(FUSESIM_SOURCE_DIR) + "/configs/area/45nm.csv";
}

int pe_control_mux_bits(const ArrayConfig& cfg) {
  // Adder operand: acc or psum_in (32); acc hold (33); s hold (11); out: capture/drain and hold.
  return 32 + kWideBits + kOperandBits + (cfg.overlap_drain ? 2 * kWideBits : 0);
}

nlohmann::json AreaReport::to_json() const {
  nlohmann::json j;
  j["baseline_um2"] = baseline_um2;
  j["fuse_um2"] = fuse_um2;
  j["fuse_overhead_pct"] = fuse_overhead_pct;
  j["buffers_included"] = true;
  j["buffers_um2"] = buffers_um2;
  j["pe_array_only"] = {{"baseline_um2", baseline_array_um2},
                        {"fuse_um2", fuse_array_um2},
                        {"fuse_overhead_pct", fuse_overhead_array_pct},
                        {"fuse_overhead_cells_only_pct", fuse_overhead_array_cells_only_pct},
                        {"buffers_included", false}};
  nlohmann::json b = nlohmann::json::object();
  for (const auto& p : baseline_breakdown) b[p.first] = p.second;
  nlohmann::json f = nlohmann::json::object();
  for (const auto& p : fuse_breakdown) f[p.first] = p.second;
  j["breakdown"] = {{"baseline", b}, {"fuse", f}};
  if (input_prefetch) {
    nlohmann::json pb = nlohmann::json::object();
    for (const auto& p : fuse_prefetch_breakdown) pb[p.first] = p.second;
    j["breakdown"]["fuse_prefetch"] = pb;
    j["input_prefetch"] = {{"per_pe_um2", prefetch_pe_extra_um2},
                           {"per_row_um2", prefetch_row_extra_um2},
                           {"total_um2", prefetch_um2},
                           {"fuse_prefetch_um2", fuse_prefetch_um2},
                           {"overhead_vs_fuse_array_pct", prefetch_overhead_vs_fuse_array_pct},
                           {"fuse_prefetch_overhead_array_pct", fuse_prefetch_overhead_array_pct}};
  }
  j["pe_pitch_um"] = pe_pitch_um;
  j["per_pe"] = {{"baseline_pe_um2", baseline_pe_um2},
                 {"fuse_pe_extra_um2", fuse_pe_extra_um2},
                 {"fuse_row_extra_um2", fuse_row_extra_um2}};
  j["config"] = {{"rows", rows},
                 {"cols", cols},
                 {"left_buffer_bytes", buffers.left_bytes},
                 {"top_buffer_bytes", buffers.top_bytes},
                 {"bottom_buffer_bytes", buffers.bottom_bytes}};
  return j;
}

AreaReport area(const ArrayConfig& cfg, const AreaTable& table, const BufferSizes& buffers) {
  const auto cerr = cfg.validate();
  if (!cerr.empty()) throw std::invalid_argument(cerr.front());
  const auto berr = buffers.validate();
  if (!berr.empty()) throw std::invalid_argument(berr.front());
  AreaReport r;
  r.rows = cfg.rows;
  r.cols = cfg.cols;
  r.buffers = buffers;
  const double pes = double(cfg.rows) * cfg.cols;
  const double reg = table.area("register_bit");
  const double mux = table.area("mux2_bit");

  const double pe_mult = table.area("multiplier_8b");
  const double pe_add = table.area("adder_32b");
  const double pe_regs = reg * pe_flops(cfg);
  const double pe_muxes = mux * pe_control_mux_bits(cfg);
  r.baseline_pe_um2 = pe_mult + pe_add + pe_regs + pe_muxes;
  r.pe_pitch_um = std::sqrt(r.baseline_pe_um2);

  const double kib = 1.0 / 1024.0;
  const double sram = table.area("sram_kib");
  const double left = sram * double(buffers.left_bytes) * kib;
  const double top = sram * double(buffers.top_bytes) * kib;
  const double bottom = sram * double(buffers.bottom_bytes) * kib;
  r.buffers_um2 = left + top + bottom;

  r.baseline_breakdown = {{"multipliers", pes * pe_mult}, {"adders", pes * pe_add},
                          {"registers", pes * pe_regs},   {"control_muxes", pes * pe_muxes},
                          {"left_buffer", left},          {"top_buffer", top},
                          {"bottom_buffer", bottom}};

  const double fuse_mux = mux * kBusBits;
  const double fuse_wire = table.area("bus_track") * kFuseTracks * r.pe_pitch_um;
  const double row_drivers = table.area("driver_bit") * kFuseTracks;
  const double row_flop = reg;
  r.fuse_pe_extra_um2 = fuse_mux + fuse_wire;
  r.fuse_row_extra_um2 = row_drivers + row_flop;
  r.fuse_breakdown = r.baseline_breakdown;
  r.fuse_breakdown.insert(r.fuse_breakdown.begin() + 4,
                          {{"fuse_data_en_muxes", pes * fuse_mux},
                           {"fuse_bus_wiring", pes * fuse_wire},
                           {"fuse_row_drivers", cfg.rows * (row_drivers + row_flop)}});

  r.baseline_um2 = sum(r.baseline_breakdown);
  r.fuse_um2 = sum(r.fuse_breakdown);
  r.baseline_array_um2 = r.baseline_um2 - r.buffers_um2;
  r.fuse_array_um2 = r.fuse_um2 - r.buffers_um2;
  r.fuse_overhead_pct = 100.0 * (r.fuse_um2 - r.baseline_um2) / r.baseline_um2;
  r.fuse_overhead_array_pct =
      100.0 * (r.fuse_array_um2 - r.baseline_array_um2) / r.baseline_array_um2;
  r.fuse_overhead_array_cells_only_pct =
      100.0 * (r.fuse_array_um2 - pes * fuse_wire - r.baseline_array_um2) / r.baseline_array_um2;
  if (cfg.input_prefetch) {
    r.input_prefetch = true;
    const double pf_regs = reg * kOperandBits;
    const double pf_mux = mux * kOperandBits;
    const double pf_wire = table.area("bus_track") * 1 * r.pe_pitch_um;
    const double pf_row = reg * kOperandBits + table.area("driver_bit");
    r.prefetch_pe_extra_um2 = pf_regs + pf_mux + pf_wire;
    r.prefetch_row_extra_um2 = pf_row;
    r.prefetch_um2 = pes * r.prefetch_pe_extra_um2 + cfg.rows * pf_row + reg;
    r.fuse_prefetch_breakdown = r.fuse_breakdown;
    r.fuse_prefetch_breakdown.insert(r.fuse_prefetch_breakdown.begin() + 7,
                                     {{"prefetch_registers", pes * pf_regs},
                                      {"prefetch_swap_muxes", pes * pf_mux},
                                      {"prefetch_swap_wiring", pes * pf_wire},
                                      {"prefetch_row_feeders", cfg.rows * pf_row + reg}});
    r.fuse_prefetch_um2 = sum(r.fuse_prefetch_breakdown);
    r.prefetch_overhead_vs_fuse_array_pct = 100.0 * r.prefetch_um2 / r.fuse_array_um2;
    r.fuse_prefetch_overhead_array_pct =
        100.0 * (r.fuse_array_um2 + r.prefetch_um2 - r.baseline_array_um2) / r.baseline_array_um2;
  }
  return r;
}

}  // namespace fusesim
