#pragma once
/// Area from synthesis: the cell counts that scripts/synth.sh gets from Yosys for the RTL twin
/// (rtl/*.sv) priced with a cell-area table of a 45 nm library (configs/area/nangate45_cells.csv).
/// area = Σ cells of a type × area of its library cell, the same rule as the table model
/// (workloads/area_model.h), but the instances come from a synthesized netlist instead of a
/// count of the PE's structure. No µm² figure lives in this code.
///
/// Usage:
///   const SynthResult s = load_synth_result("build/synth/synth.json");
///   const SynthAreaReport r = synth_area(s, load_cell_area_table(default_cell_area_table()));
///   std::cout << r.pe_fuse_overhead_pct << " %\n" << r.to_json().dump(2);

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "workloads/input_error.h"

namespace fusesim {

/// One library cell that a generic Yosys gate is priced as.
struct CellAreaEntry {
  std::string cell;          ///< Yosys internal cell type, e.g. "$_NAND_"
  std::string library_cell;  ///< e.g. "NAND2_X1"
  double area_um2 = 0;
  std::string unit;
  std::string tech_node;
  std::string source;
  int line = 0;
};

/// The cell-area table (columns cell, library_cell, area_um2, unit, tech_node, source).
struct CellAreaTable {
  std::string path;
  std::vector<CellAreaEntry> rows;
  const CellAreaEntry* find(const std::string& cell) const;
};

/// Reads a cell-area CSV (the lexical rules of read_table_csv). Throws InputError (file, line,
/// field) for a missing file or column, a wrong field count, an empty cell or library_cell, a bad
/// area (check_table_row), an area below 0.001 µm², or a duplicate cell.
CellAreaTable load_cell_area_table(const std::string& path);
CellAreaTable load_cell_area_table_text(const std::string& text, const std::string& name);
/// FUSESIM_SOURCE_DIR "/configs/area/nangate45_cells.csv".
std::string default_cell_area_table();

/// One synthesized design of scripts/synth.sh.
struct SynthDesign {
  std::string name;  ///< pe_plain, pe_fuse, array_<R>x<C>_plain, array_<R>x<C>_fuse
  std::string top;   ///< fusesim_pe or fusesim_array
  std::map<std::string, int64_t> params;
  int64_t cells = 0;
  std::map<std::string, int64_t> cells_by_type;
};

/// The JSON that scripts/synth.sh writes: {tool, flow, sources, designs: [{name, top, params,
/// cells, cells_by_type}]}.
struct SynthResult {
  std::string path;
  std::string tool;
  std::string flow;
  std::vector<SynthDesign> designs;
  const SynthDesign* find(const std::string& name) const;
};

/// Reads a synth.sh result. Throws InputError (file, line 0, field) for a missing or unreadable
/// file, invalid JSON, a missing or mistyped key, a negative count, a design whose cells differ
/// from the sum of cells_by_type, a duplicate design name, or no pe_plain / pe_fuse design.
SynthResult load_synth_result(const std::string& path);
SynthResult load_synth_result_text(const std::string& text, const std::string& name);

/// A priced design.
struct SynthDesignArea {
  std::string name;
  std::string top;
  std::map<std::string, int64_t> params;
  int64_t cells = 0;
  int64_t flops = 0;  ///< $_DFF_P_ cells
  double area_um2 = 0;
  std::map<std::string, double> area_by_cell;  ///< library cell → µm²
};

/// A plain/FuSe pair of arrays of one size.
struct SynthArrayPair {
  int rows = 0;
  int cols = 0;
  double plain_um2 = 0;
  double fuse_um2 = 0;
  double fuse_overhead_pct = 0;
  double plain_per_pe_um2 = 0;
  double fuse_extra_per_pe_um2 = 0;
};

/// Areas of every design, the FuSe overhead of the PE and of each array size.
struct SynthAreaReport {
  std::string synth_path;
  std::string table_path;
  std::string tool;
  std::string flow;
  std::vector<SynthDesignArea> designs;
  double pe_plain_um2 = 0;
  double pe_fuse_um2 = 0;
  double pe_fuse_extra_um2 = 0;
  double pe_fuse_overhead_pct = 0;
  std::vector<SynthArrayPair> arrays;  ///< sizes with both a plain and a FuSe design

  /// {tool, flow, synth_file, cell_table, designs[...], pe{plain_um2, fuse_um2, fuse_extra_um2,
  ///  fuse_overhead_pct}, arrays[{rows, cols, plain_um2, fuse_um2, fuse_overhead_pct, ...}],
  ///  basis}.
  nlohmann::json to_json() const;
};

/// Prices every design. Throws InputError (the synth file, line 0, field "cells_by_type") for a
/// cell type the table lacks.
SynthAreaReport synth_area(const SynthResult& synth, const CellAreaTable& table);

}  // namespace fusesim
