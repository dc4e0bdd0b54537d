#pragma once
/// SCALE-Sim v2 file compatibility: its .cfg config, its conv and M,N,K topology CSVs, and its
/// COMPUTE_REPORT.csv. Plain C++17; every reader error is an InputError naming file, line and
/// field.
///
/// Formats, as read from scalesim-project/scale-sim-v2 (scalesim/scale_config.py,
/// scalesim/topology_utils.py, scalesim/simulator.py, configs/scale.cfg, topologies/):
/// - config: Python configparser INI, `key: value` or `key = value`, keys case-insensitive;
/// - conv topology: `Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width,
///   Channels, Num Filter, Strides,` — header skipped, every row ends with a comma, no padding;
/// - GEMM topology (`-i gemm`): `Layer Name, M, N, K,` — SCALE-Sim turns a row into a conv with
///   IFMAP M×K, filter 1×K, 1 channel, N filters, stride 1: an M×N output whose every element is
///   a K-long dot product. So K is the reduction, M the rows of the left operand, N the columns of
///   the result: (M×K)·(K×N).

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/input_error.h"
#include "workloads/layer_spec.h"

namespace fusesim {

/// SCALE-Sim's three dataflows (its `Dataflow` key).
enum class ScaleSimDataflow { kOs, kWs, kIs };

/// "os", "ws" or "is".
const char* to_string(ScaleSimDataflow df);

/// The part of a SCALE-Sim v2 config that fusesim uses. Defaults are SCALE-Sim's own
/// (scale_config.__init__); ArrayHeight, ArrayWidth and Dataflow must be given in the file.
struct ScaleSimConfig {
  std::string run_name = "scale_run";                 ///< [general] run_name
  int array_height = 4;                               ///< [architecture_presets] ArrayHeight (rows)
  int array_width = 4;                                ///< ArrayWidth (columns)
  int64_t ifmap_sram_kb = 256;                        ///< IfmapSramSzkB
  int64_t filter_sram_kb = 256;                       ///< FilterSramSzkB
  int64_t ofmap_sram_kb = 128;                        ///< OfmapSramSzkB
  int64_t ifmap_offset = 0;                           ///< IfmapOffset (DRAM address)
  int64_t filter_offset = 10000000;                   ///< FilterOffset
  int64_t ofmap_offset = 20000000;                    ///< OfmapOffset
  ScaleSimDataflow dataflow = ScaleSimDataflow::kWs;  ///< Dataflow: os | ws | is
  std::vector<int64_t> bandwidths;  ///< Bandwidth: words/cycle, one per memory bank
  int memory_banks = 1;             ///< MemoryBanks
  bool use_user_bandwidth = false;  ///< [run_presets] InterfaceBandwidth: USER (true) | CALC
  std::string topology_path;        ///< [network_presets] TopologyCsvLoc, quotes removed
  /// 3 when the file holds a key only SCALE-Sim v3 reads (ReadRequestBuffer,
  /// WriteRequestBuffer, UseRamulatorTrace: scale-sim-v3 scalesim/scale_config.py,
  /// read_conf_file(), commit 1c508b8, requires them), else 2. `version_key`: the first such key.
  int version = 2;
  std::string version_key;

  /// Every problem with the values, one message each; empty when valid. Cross-field rule from
  /// SCALE-Sim: in USER bandwidth mode there is one Bandwidth entry per memory bank.
  std::vector<std::string> validate() const;
};

/// Reads a SCALE-Sim v2 .cfg file. Accepts `key: value` and `key = value`, full-line comments
/// (# or ;), inline comments after whitespace, blank lines and surrounding whitespace; keys are
/// case-insensitive (as in configparser), section names too. Keys and sections fusesim does not
/// use (e.g. [sparsity], [layout], OnChipMemoryBanks, v3's ReadRequestBuffer) add a warning
/// "file:line: key: ..." to `warnings` (may be null) and are otherwise ignored; so do
/// TopologyCsvLoc (the topology comes from the command line) and address offsets other than
/// SCALE-Sim's defaults (fusesim's DRAM traces use their own address map).
/// Throws InputError listing every problem: a missing or unreadable file or a folder, a line
/// outside any section or without a separator, a duplicate key or section, a malformed value, a
/// run_name or TopologyCsvLoc that is not UTF-8 text without control characters, a missing
/// ArrayHeight / ArrayWidth / Dataflow, and anything ScaleSimConfig::validate() rejects. A leading
/// UTF-8 byte order mark and '\r' line ends are accepted; messages show control bytes escaped.
ScaleSimConfig read_scalesim_config(const std::string& path, std::vector<std::string>* warnings);
/// The same reader over the file's text; `name` stands for the file in messages. The path version
/// reads the file (read_input_file: a folder or a missing file is an InputError) and calls this.
ScaleSimConfig read_scalesim_config_text(const std::string& text, const std::string& name,
                                         std::vector<std::string>* warnings);

/// Reads a SCALE-Sim topology CSV: the conv format (gemm = false) or the M,N,K format (gemm =
/// true).
///
/// Conv rows: name, IFMAP H, IFMAP W, filter H, filter W, channels, filters, stride[, stride W].
/// They become OpKind::kConv (kPointwise for a 1×1 filter), no padding, stride_w = the optional
/// ninth column (SCALE-Sim v2.0's stride-width column) or else Strides. Later SCALE-Sim versions
/// use the ninth column for an N:M sparsity ratio; a ratio of 1:1 is accepted and ignored, any
/// other is an error (fusesim simulates dense arrays). SCALE-Sim also splits a row whose name
/// contains "DP" into one 1-channel layer per channel (its depthwise hack); fusesim does not: such
/// a row is read as the plain conv it spells out. GEMM rows: name, M, N, K → OpKind::kGemm with
/// in_h = M, in_w = 1, in_c = K (reduction), out_c = N, 1×1 kernel, stride 1 — the same (M×K)·(K×N)
/// product SCALE-Sim simulates.
///
/// Lexical rules: the first non-blank line is the header; '#' starts a comment; fields are trimmed;
/// trailing empty fields (the customary trailing comma) are dropped; lines with no content are
/// skipped. (SCALE-Sim itself drops whatever follows the last comma, so a row without the trailing
/// comma loses its last column there; fusesim keeps it.)
/// Throws InputError (file:line: field: detail) on a missing file or a folder, an empty file, a
/// header-only file, a data row where the header should be, a wrong column count, a layer name
/// that is not UTF-8 text without control characters (names reach layers.csv and the logs), a
/// non-integer or non-positive value, a filter larger than the IFMAP, or a layer
/// LayerSpec::validate() refuses (e.g. too large to simulate). Every layer returned is valid.
std::vector<LayerSpec> read_scalesim_topology(const std::string& path, bool gemm);
/// The same reader over the file's text; `name` stands for the file in messages.
std::vector<LayerSpec> read_scalesim_topology_text(const std::string& text, const std::string& name,
                                                   bool gemm);

/// One row of SCALE-Sim's COMPUTE_REPORT.csv.
struct ComputeReportRow {
  int layer_id = 0;
  int64_t total_cycles = 0;
  int64_t stall_cycles = 0;
  double overall_util_pct = 0.0;
  double mapping_efficiency_pct = 0.0;
  double compute_util_pct = 0.0;
  int64_t total_cycles_incl_prefetch = 0;  ///< v3 layout only (its first column)
};

/// SCALE-Sim v2's COMPUTE_REPORT.csv header line, newline included.
extern const char* const kComputeReportHeader;
/// SCALE-Sim v3's (scalesim-project/scale-sim-v3, test/general/golden_trace_calc/
/// COMPUTE_REPORT.csv, commit 263e95b): `Total Cycles (incl. prefetch)` before `Total Cycles`.
extern const char* const kComputeReportHeaderV3;

/// Formats a double as Python's str()/repr() does (shortest round-trip digits, "100.0",
/// "33.333333333333336", "1e+16", "1.5e-05", "nan", "inf"): SCALE-Sim writes its floats that way.
std::string python_float_repr(double v);

/// Writes `rows` in SCALE-Sim's layout: the header, then `id, cycles, stalls, util, mapping,
/// compute,` per layer — ", " between fields, a trailing comma, '\n' line ends, floats as Python
/// prints them. Throws std::runtime_error when the file cannot be written.
void write_compute_report(const std::string& path, const std::vector<ComputeReportRow>& rows);
/// The same report as a string; `version` 3 gives v3's layout (kComputeReportHeaderV3, the
/// prefetch-inclusive cycles first), anything else v2's.
std::string format_compute_report(const std::vector<ComputeReportRow>& rows, int version = 2);

}  // namespace fusesim
