#pragma once
/// Area model: area = Σ instances × area per instance, the areas read from a table
/// (configs/area/45nm.csv by default). No µm² figure lives in this code; the code counts instances
/// from the structure of pe/pe_core.h and hw/array_config.h.
///
/// Usage:
///   const AreaReport a = area(cfg, load_area_table(default_area_table()), BufferSizes{});
///   std::cout << a.fuse_overhead_pct << " % (" << a.to_json().dump(2) << ")\n";
///
/// What is counted (docs/energy-area.md):
///   baseline PE  = multiplier_8b + adder_32b + register_bit × pe_flops(cfg)
///                  + mux2_bit × control multiplexer bits (adder operand select 32, accumulator
///                  hold
///                    33, stationary-register hold 11, output register capture/drain/hold 2×33)
///   FuSe extra   = per PE: mux2_bit × 11 (DataEn mux on v; its second input is the bus tap)
///                          + bus_track × 12 bits × PE pitch (11 bus bits + the DataEn select line)
///                  per row: driver_bit × 12 (bus driver, DataEn driver) + register_bit (DataEn)
///   scratchpads  = sram_kib × (left + top + bottom KiB), the same on both arrays
///   input prefetch (cfg.input_prefetch; a third design, the FuSe array with the option):
///                  per PE: register_bit × 11 (hp) + mux2_bit × 11 (swap mux on h's input)
///                          + bus_track × 1 bit × PE pitch (the swap select line)
///                  per row: register_bit × 11 (prefetch feeder) + driver_bit × 1 (swap line)
///                  per array: register_bit × 1 (swap strobe)
/// PE pitch = sqrt(baseline PE area) (a square PE).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "hw/array_config.h"
#include "workloads/energy_model.h"
#include "workloads/input_error.h"

namespace fusesim {

/// One component of the area table.
struct AreaEntry {
  std::string component;  ///< e.g. "multiplier_8b", "register_bit"
  double area_um2 = 0;    ///< area of one instance, in unit
  std::string unit;
  std::string tech_node;
  std::string source;
  int line = 0;
};

/// An area-per-instance table.
struct AreaTable {
  std::string path;
  std::vector<AreaEntry> rows;
  const AreaEntry* find(const std::string& component) const;
  /// Throws InputError (path, line 0, field "component") naming the missing component.
  double area(const std::string& component) const;
};

/// Components an area table may contain (every one of them is required except the reference rows
/// adder_8b and multiplier_32b).
const std::vector<std::string>& known_area_components();

/// Smallest area (µm²) of the components a baseline PE is built from (multiplier_8b, adder_32b,
/// register_bit, mux2_bit): every overhead is relative to the PE's area, so a zero-area PE would
/// make them 0/0. Any real standard cell is a hundred times larger.
constexpr double kMinPeComponentArea = 1e-3;

/// Reads an area table CSV with columns component, area_um2, unit, tech_node, source (the lexical
/// rules of read_table_csv). Throws InputError (file, line, field) for a missing file, a folder, a
/// missing column, a wrong field count, an unknown component, a non-numeric, non-finite, negative
/// or absurd (> kMaxTableValue) area, a PE component below kMinPeComponentArea, an empty
/// unit/tech_node/source, a duplicate component, or a missing required component (line 0).
AreaTable load_area_table(const std::string& path);
/// The same reader over the file's text; `name` stands for the file in messages and in
/// AreaTable::path.
AreaTable load_area_table_text(const std::string& text, const std::string& name);

/// FUSESIM_SOURCE_DIR "/configs/area/45nm.csv".
std::string default_area_table();

/// Multiplexer bits of the baseline PE's own control (see the header comment).
int pe_control_mux_bits(const ArrayConfig& cfg);

/// Area of the baseline and the FuSe array of the same size.
struct AreaReport {
  int rows = 0;
  int cols = 0;
  BufferSizes buffers;
  double pe_pitch_um = 0;         ///< sqrt(baseline PE area)
  double baseline_pe_um2 = 0;     ///< one baseline PE
  double fuse_pe_extra_um2 = 0;   ///< per PE: DataEn mux + bus and select-line tracks
  double fuse_row_extra_um2 = 0;  ///< per row: drivers + DataEn flop
  double buffers_um2 = 0;         ///< the three scratchpads (same on both arrays)

  // Whole design: PE array + scratchpads (buffers_included = true).
  double baseline_um2 = 0;
  double fuse_um2 = 0;
  double fuse_overhead_pct = 0;
  // PE array only (no scratchpads): the most likely basis of the paper's +4.35 %.
  double baseline_array_um2 = 0;
  double fuse_array_um2 = 0;
  double fuse_overhead_array_pct = 0;
  // PE array only, bus tracks not charged (bus routed over the cells).
  double fuse_overhead_array_cells_only_pct = 0;

  std::vector<std::pair<std::string, double>> baseline_breakdown;  ///< component → µm²
  std::vector<std::pair<std::string, double>> fuse_breakdown;

  // Input prefetch (only with cfg.input_prefetch; absent from to_json() otherwise).
  bool input_prefetch = false;
  double prefetch_pe_extra_um2 = 0;   ///< per PE: hp register, swap mux, swap select track
  double prefetch_row_extra_um2 = 0;  ///< per row: prefetch feeder register, swap line driver
  double prefetch_um2 = 0;            ///< the whole option (PEs, rows, the swap flop)
  double fuse_prefetch_um2 = 0;       ///< the FuSe array with the option (scratchpads included)
  double prefetch_overhead_vs_fuse_array_pct = 0;  ///< PE arrays only
  double fuse_prefetch_overhead_array_pct = 0;     ///< against the baseline PE array
  std::vector<std::pair<std::string, double>> fuse_prefetch_breakdown;

  /// {baseline_um2, fuse_um2, fuse_overhead_pct, buffers_included, pe_array_only{...},
  ///  breakdown{baseline{...}, fuse{...}}, pe_pitch_um, per_pe{...}, config{...}}.
  nlohmann::json to_json() const;
};

/// Areas of the baseline and FuSe arrays with cfg.rows × cfg.cols PEs (cfg.fuse is ignored: both
/// are computed; cfg.overlap_drain decides the output register). Throws std::invalid_argument for
/// an invalid config or buffer sizes, InputError for a table lacking a needed component.
AreaReport area(const ArrayConfig& cfg, const AreaTable& table,
                const BufferSizes& buffers = BufferSizes{});

}  // namespace fusesim
