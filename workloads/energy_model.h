#pragma once
/// Energy model: energy = Σ action count × energy per action, the energies read from a table
/// (Timeloop/Accelergy style). No pJ figure lives in this code: every energy comes from the CSV
/// table (configs/energy/45nm.csv by default); the code only knows the structure of the array
/// (word widths, register bits, which event moves which word) and turns event counts into action
/// counts.
///
/// Usage:
///   const EnergyTable t = load_energy_table(default_energy_table());
///   const EnergyReport r = price(stats.events, t, cfg, 1000.0);  // 1 GHz
///   std::cout << r.to_json().dump(2) << '\n';
///
/// Event → action mapping (docs/energy-area.md explains every choice):
///   mac              → multiplier_8b.multiply + adder_32b.add (zero-operand MACs are charged in
///                      full unless EnergyParams::gate_zero_operand_multiplies)
///   mac_zero_operand → nothing by default (only reduces the multiplier count when gating)
///   h/v/s_reg_write  → register.write_bit × 11 (int8 + valid/first/last flags)      [registers]
///   acc_update, out_reg_write, psum_reg_write → register.write_bit × 33 (int32 + valid)
///   [accumulator] link_transfer    → link.transfer_bit × 11 (operand links) or × 33 (psum/drain
///   links); the split
///                      is derived from the other counters (see operand_link_transfers)   [links]
///   bus_drive        → bus.drive_bit × 11;  bus_fanout → bus.wire_bit_pitch × 11          [bus]
///   data_en_switch   → data_en.switch_pe × columns; FuSe only: v_reg_write → mux2.pass_bit × 11
///                                                                                       [mux]
///   left/top_read    → <side>_buffer.read (8-bit word; SRAM energy interpolated by size)
///   bottom_read/write→ bottom_buffer.read / .write (32-bit word)
///   cycles           → clock.flop_cycle × flip-flops in the array (no clock gating)      [clock]
///   idle_pe_cycles   → nothing (an idle PE costs only its clock; leakage is not modelled)
///   input prefetch (only with ArrayConfig::input_prefetch; category "prefetch"):
///   prefetch_reg_write → register.write_bit × 11; prefetch_link_transfer → link.transfer_bit
///   × 11; h_reg_write → mux2.pass_bit × 11 (the swap mux); prefetch_feeder_read →
///   left_buffer.prefetch_read (category left_buffer); the hp, feeder and swap flops → clock

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "hw/array_config.h"
#include "pe/events.h"
#include "workloads/input_error.h"

namespace fusesim {

/// Word widths of the datapath in pe/pe_core.h (structure, not energy).
constexpr int kOperandBits = 8 + 3;    ///< int8 operand + valid/first/last flags
constexpr int kWideBits = 32 + 1;      ///< int32 accumulator/psum/out word + valid bit
constexpr int kBufferOperandBits = 8;  ///< a left/top scratchpad word (flags come from the feeder)
constexpr int kBufferResultBits = 32;  ///< a bottom scratchpad word

/// Flip-flops of one PE: h, v, s (11 each), acc + valid, psum + valid, out + valid (if shadow).
int pe_flops(const ArrayConfig& cfg);
/// Flip-flops of the input prefetch option (0 without it): hp per PE and the prefetch feeder per
/// row (11 each), and the swap strobe.
int64_t prefetch_flops(const ArrayConfig& cfg);
/// Flip-flops of the whole array: PEs, plus one DataEn flop per row on the FuSe array, plus
/// prefetch_flops().
int64_t array_flops(const ArrayConfig& cfg);

/// One row of a table CSV, with its 1-based line number and fields by column name.
struct TableCsvRow {
  int line = 0;
  std::vector<std::pair<std::string, std::string>> fields;
  const std::string& at(const std::string& column) const;
};

/// Reads a CSV table with a header line. A leading UTF-8 byte order mark, '\r' line ends, '#'
/// comment lines and blank lines are skipped; fields may be double-quoted (a quoted field may
/// contain commas, "" is a literal quote). Throws InputError for a missing file (line 0, field
/// "file"), a folder ("<path>: is a folder, not a file"), an empty file, a header lacking one of
/// `required` (line of the header, field = the missing column), a duplicate column, or a row whose
/// field count differs from the header's (field "row"). Other columns are kept.
std::vector<TableCsvRow> read_table_csv(const std::string& path,
                                        const std::vector<std::string>& required);
/// The same reader over the file's text; `name` stands for the file in messages.
std::vector<TableCsvRow> read_table_csv_text(const std::string& text, const std::string& name,
                                             const std::vector<std::string>& required);

/// Largest energy (pJ) or area (µm²) a table row may hold: anything larger is a typo, and would
/// overflow to inf once multiplied by the action or instance counts.
constexpr double kMaxTableValue = 1e15;

/// Checks a table row's amount column (a plain decimal number in [0, kMaxTableValue], stored in
/// *value; no inf, nan or hex) and its provenance columns (unit, tech_node, source: non-empty);
/// appends one InputIssue per problem. Returns false when any check failed. The row must have the
/// columns (read_table_csv's `required`); a missing one is a std::out_of_range (a program error).
bool check_table_row(const std::string& path, const TableCsvRow& r,
                     const std::string& amount_column, const char* what, double* value,
                     std::vector<InputIssue>* errors);

/// One action of the energy table.
struct EnergyEntry {
  std::string component;  ///< e.g. "multiplier_8b", "sram_32KiB"
  std::string action;     ///< e.g. "multiply", "access_64b"
  double energy_pj = 0;   ///< energy of one action, in unit
  std::string unit;       ///< "pJ/op", "pJ/bit", ...
  std::string tech_node;  ///< e.g. "45nm"
  std::string source;     ///< publication or derivation
  int line = 0;           ///< line in the CSV (0 when built in code)
};

/// An energy-per-action table.
struct EnergyTable {
  std::string path;
  std::vector<EnergyEntry> rows;

  /// The row, or nullptr.
  const EnergyEntry* find(const std::string& component, const std::string& action) const;
  /// The row's energy; throws InputError (path, line 0, field "component") naming the missing
  /// component.action.
  double energy(const std::string& component, const std::string& action) const;
  /// SRAM rows (component sram_<n>KiB or sram_<n>MiB, action access_64b) as (bytes, pJ), sorted.
  std::vector<std::pair<int64_t, double>> sram_points() const;
  /// Energy of one 64-bit access to an SRAM of `bytes`: linear in log2(size) between the two
  /// nearest table sizes, clamped to the smallest/largest table size outside the table's range.
  /// Throws InputError (path, line 0, field "component") when the table has no SRAM row.
  double sram_access_64b_pj(int64_t bytes) const;
};

/// Components and actions an energy table may contain (the schema the loader checks).
/// sram_<n>KiB / sram_<n>MiB with action access_64b are accepted for any n > 0.
const std::vector<std::pair<std::string, std::string>>& known_energy_actions();

/// Reads an energy table CSV with columns component, action, energy_pj, unit, tech_node, source
/// (any order, extra columns ignored). Throws InputError listing every problem, each with file,
/// line and field: missing file or a folder, missing column, wrong field count, unknown component
/// (field "component"), unknown action of a known component ("action"), a non-numeric, non-finite,
/// negative or absurd (> kMaxTableValue) energy ("energy_pj"), empty unit/tech_node/source,
/// duplicate component.action ("action"), two SRAM rows of the same size (sram_1024KiB and
/// sram_1MiB, "component"), and a table lacking an action the pricing needs (line 0, field
/// "component").
EnergyTable load_energy_table(const std::string& path);
/// The same reader over the file's text; `name` stands for the file in messages and in
/// EnergyTable::path.
EnergyTable load_energy_table_text(const std::string& text, const std::string& name);

/// FUSESIM_SOURCE_DIR "/configs/energy/45nm.csv".
std::string default_energy_table();

/// Sizes of the three scratchpads (bytes).
struct BufferSizes {
  int64_t left_bytes = 64 * 1024;
  int64_t top_bytes = 64 * 1024;
  int64_t bottom_bytes = 64 * 1024;
  /// Every problem at once; empty when valid (sizes must be positive).
  std::vector<std::string> validate() const;
};

/// What the pricing needs besides the counters, the table and the array.
struct EnergyParams {
  BufferSizes buffers;
  /// Multiplier operand gating: a MAC with a zero operand costs no multiplier energy (the adder is
  /// still charged). Off by default: the PE of pe/pe_core.h has no zero detection.
  bool gate_zero_operand_multiplies = false;
};

/// One priced action: count × energy_each, reported under a breakdown category.
struct PricedAction {
  std::string component;
  std::string action;
  uint64_t count = 0;
  double energy_each_pj = 0;
  std::string category;  ///< mac, registers, accumulator, links, bus, mux, left_buffer, ...
  double energy_pj() const { return double(count) * energy_each_pj; }
};

/// The breakdown categories, in report order.
const std::vector<std::string>& energy_categories();

/// Link transfers that moved an 11-bit operand (h or v); the rest of link_transfer moved 33-bit
/// words (psum, drain). Derived from the counters: every left read that is not a bus tap enters an
/// h register of column 0, every top read a v register of row 0, every bus fan-out a v register
/// through the mux; all other h/v writes came over a link. Clamped to [0, link_transfer].
uint64_t operand_link_transfers(const EventCounters& ev);

/// The action counts of a run with their energies (the input of the sum and of the Accelergy
/// action-count export).
std::vector<PricedAction> priced_actions(const EventCounters& ev, const EnergyTable& table,
                                         const ArrayConfig& cfg, const EnergyParams& params);

/// Energy, power and energy-delay product of a run.
struct EnergyReport {
  double energy_pj = 0;
  double power_mw = 0;       ///< energy / (cycles / clock); 0 when cycles == 0
  double pj_per_mac = 0;     ///< 0 when no MAC
  double edp_pj_cycles = 0;  ///< energy × cycles
  double edp_pj_s = 0;       ///< energy × cycles / clock
  uint64_t cycles = 0;
  uint64_t macs = 0;
  double clock_mhz = 0;
  std::string table_path;
  bool fuse = false;
  BufferSizes buffers;
  std::vector<std::pair<std::string, double>> breakdown;  ///< category → pJ, energy_categories()
  std::vector<PricedAction> actions;
  /// With a memory system (workloads/memory_energy.h): the scratchpads' and the DRAM's energy
  /// per operand; null otherwise (and then absent from to_json()).
  nlohmann::json memory;

  double category_pj(const std::string& category) const;
  /// {energy_pj, power_mw, pj_per_mac, edp_pj_s, edp_pj_cycles, cycles, macs, clock_mhz,
  ///  breakdown{...}, actions[...], config{...}}.
  nlohmann::json to_json() const;
};

/// Prices a run: Σ count × energy over priced_actions(). Throws std::invalid_argument for
/// clock_mhz <= 0 or invalid buffer sizes, InputError for a table lacking a needed action.
EnergyReport price(const EventCounters& ev, const EnergyTable& table, const ArrayConfig& cfg,
                   double clock_mhz, const EnergyParams& params = EnergyParams{});

}  // namespace fusesim
