#pragma once
/// GTKWave save files (.gtkw) for fusesim's waveforms, so `gtkwave run.vcd run.gtkw` opens a
/// ready view. Plain C++.
///
/// Signals are grouped as the array is laid out:
///   "Markers"                   — marker.layer, marker.fold_issue, marker.run_edge (first, so the
///                                 fold issues and run edges sit above the array);
///   "Row r"                     — every traced PE of row r, by column, each PE's registers in
///                                 the order given (h_reg, v_reg, psum_reg, drain_reg, acc, …);
///   "Broadcast buses and DataEn" — bus_r and data_en_r, by row (FuSe array only);
///   "Feeders and drain control"  — left_feeder_r, top_feeder_c, col_en_c, drain_idx_c, latch,
///                                 out_sel;
///   "Memory"                     — memory.* (scratchpads, stall, DRAM), in the order given;
///   "Other"                      — anything else (e.g. a clock), in the order given.
/// Empty groups are left out. Rows and indices sort numerically (pe_10_0 after pe_9_0). A PE may
/// sit under a row scope (`array.row_3.pe_3_0.acc`, as the pin-level trace writes it) or not.
///
/// GTKWave finds a vector only by its name with the bit range (`val[31:0]`) and SystemC's VCD
/// writer puts everything under a `SystemC` scope, so each name is completed: `scope_prefix` is
/// prepended unless already there, and the range comes from GtkwSignal::width. The name-only
/// overload takes the widths of what SystemArray::trace() records (docs/user-guide.md §7):
/// `*.val`, `*.acc`, `*.stat_reg`, `drain_idx_*` 32 bits; `*.flags`, `*_flags` 3 bits; `*.valid`,
/// `data_en_*`, `col_en_*`, `latch` 1 bit; a name that already ends in `[..]` is kept as is.
/// gtkw_text_from_vcd() reads the widths from a finished VCD instead and is the safer choice.
///
/// Display: 1-bit signals binary, flag fields (`*.flags`, `*_flags`) hexadecimal — or, with
/// GtkwOptions::flags_filter, as named flags (valid+first, …) through a GTKWave translate filter
/// file (gtkw_flags_filter_text()) — other vectors signed decimal.
///
/// Usage:
///   std::ofstream("run.gtkw") << gtkw_text("run.vcd", {"array.pe_0_0.h_reg.val", …});
///   std::ofstream("run.gtkw") << gtkw_text_from_vcd("run.vcd");   // after the VCD is closed

#include <cstdint>
#include <string>
#include <vector>

namespace fusesim {

/// One signal: hierarchical name as traced (without the VCD's top scope) and width in bits.
struct GtkwSignal {
  std::string name;
  int width = 1;
};

/// View settings of the save file.
struct GtkwOptions {
  int64_t time_start = 0;                 ///< [timestart]: left edge of the wave window
  int64_t time_end = -1;                  ///< zoom so [time_start, time_end] fits (-1: GTKWave's)
  std::string dumpfile;                   ///< [dumpfile] path (empty: the VCD path given)
  std::string scope_prefix = "SystemC.";  ///< VCD top scope prepended to every name
  int width_px = 1400;                    ///< [size] of the main window
  int height_px = 900;
  bool aliases = true;  ///< show short names (pe_0_1/h_reg/val) instead of the last level only
  /// Path of a translate filter file (gtkw_flags_filter_text()) GTKWave applies to every flag
  /// field; written into the save file as is (give an absolute path). Empty: plain hexadecimal.
  std::string flags_filter;
  /// PE registers left out of the view (e.g. stat_reg, psum_reg, psum_valid in runs that never
  /// load them); they stay in the VCD and can be added from GTKWave's signal tree.
  std::vector<std::string> hidden_registers;
};

/// One group of the view: title and completed signal names, in display order.
struct GtkwGroup {
  std::string title;
  std::vector<GtkwSignal> signals;
};

/// The grouping described above (names not yet completed).
std::vector<GtkwGroup> gtkw_groups(const std::vector<GtkwSignal>& signals);

/// True for a flag field: a name ending in `.flags` or `_flags` (range suffix ignored).
bool gtkw_is_flag_field(const std::string& name);

/// The text of a GTKWave translate filter file that names the operand flags (1 valid, 2 first,
/// 4 last): one line per value, "5 valid+last", in the hexadecimal GTKWave prints (one digit,
/// and two for flags traced 8 bits wide). Format:
/// https://gtkwave.github.io/gtkwave/quickstart/filters.html
std::string gtkw_flags_filter_text();

/// The files beside a waveform: "run.vcd" → "run.gtkw" (save file) and "run.flag" (the
/// translate filter the save file names; its suffix is no longer than ".gtkw", so every VCD
/// name whose save file fits the file system's name limit has a filter name that fits too); a
/// name without ".vcd" gets the suffix appended.
std::string gtkw_save_name(const std::string& vcd_path);
std::string gtkw_filter_name(const std::string& vcd_path);

/// The width the name-only overload assumes for one of fusesim's traced signals.
int gtkw_default_width(const std::string& name);

/// Save-file text for `vcd_path` showing `signals`.
std::string gtkw_text(const std::string& vcd_path, const std::vector<GtkwSignal>& signals,
                      const GtkwOptions& opt = {});
/// Same, widths from gtkw_default_width().
std::string gtkw_text(const std::string& vcd_path, const std::vector<std::string>& signals,
                      const GtkwOptions& opt = {});
/// Same, every variable of the VCD file with its declared width (reads the file; throws
/// std::runtime_error if it cannot). `opt.scope_prefix` is stripped from the VCD's names.
std::string gtkw_text_from_vcd(const std::string& vcd_path, const GtkwOptions& opt = {});

}  // namespace fusesim
