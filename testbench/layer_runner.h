#pragma once
/// Layer and network runners: seeded data → mapping → an engine → bit-exact check against the
/// reference → one result record with the analytical models beside the simulated cycles.
/// The engine is passed in, so this file stays plain C++ (the CLI supplies fast or pin-level).

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dataflows/difference_terms.h"
#include "dataflows/layer_mapping.h"
#include "hw/array_config.h"
#include "hw/memory_system.h"
#include "hw/run_stats.h"
#include "mem/dram.h"
#include "mem/dram_config.h"
#include "testbench/memory_reports.h"
#include "workloads/energy_model.h"
#include "workloads/layer_data.h"
#include "workloads/layer_spec.h"

namespace spdlog {
class logger;
class formatter;
}  // namespace spdlog

namespace fusesim {

/// Everything that decides how a layer is simulated.
struct RunOptions {
  ArrayConfig array;
  MappingOptions mapping;
  uint64_t seed = 1;
  std::string engine = "fast";                      ///< "fast" or "pin" (echoed in reports)
  int threads = 0;                                  ///< 0: all cores
  std::shared_ptr<const EnergyTable> energy_table;  ///< null: no energy pricing
  double clock_mhz = 1000.0;
  /// Test-only fault injection (environment variable FUSESIM_FAULT): "sram-bitflip" flips one
  /// bit of one operand in the scratchpad after the reference has read it, so the array
  /// computes on corrupted data and verification must fail (exit 1); "internal-error" makes the
  /// engine throw std::logic_error after edge 2 (Engines::factory(), testbench/cmd_common.cpp),
  /// so that every command must exit 3. Empty: none.
  std::string fault;
  /// The memory system behind the array (null: ideal memory, the paper's compute-only model).
  std::shared_ptr<const MemoryConfig> memory;
  std::string memory_source;  ///< what --memory named (a preset or a file), for messages
  int ofmap_word_bytes = 1;   ///< bytes per output value written back to DRAM
  /// --dram-trace: keep each layer's DRAM transactions (LayerResult::dram_trace_*).
  bool dram_trace = false;
  /// --dram-latency: replay DRAM latencies from this file (a single-layer run) or, when
  /// dram_latency_dir, from the folder's file dram_file_stem(layer_index, name) + ".latency".
  std::string dram_latency;
  bool dram_latency_dir = false;
  int layer_index = 0;  ///< position among the run's simulated layers (set by run_network)
  /// With a memory: the previous layer's output is this layer's input and is still on chip
  /// (run_network decides, see ifmap_on_chip_from_previous()); its ifmap is not read from DRAM.
  bool ifmap_from_previous = false;
  /// --ofmap-reuse off: never keep a layer's output on chip for the next layer.
  bool ofmap_reuse = true;
};

/// The name stem of a layer's DRAM trace and latency files: "007-conv3" (1-based index, and the
/// layer name with every character outside [A-Za-z0-9._-] replaced by '_').
std::string dram_file_stem(int layer_index, const std::string& layer_name);

/// Analytical cycle counts of one layer (or the totals of a network).
struct AnalyticalCycles {
  int64_t model = 0;              ///< the project's closed form (must equal the simulation)
  int64_t authors_public = 0;     ///< FuSeConv authors' model, public code
  int64_t authors_published = 0;  ///< the version behind the published numbers
  int64_t scalesim = 0;           ///< SCALE-Sim v2's per-fold formula
  AnalyticalCycles& operator+=(const AnalyticalCycles& o);
};

/// The result of one simulated layer.
struct LayerResult {
  LayerSpec layer;
  MappingKind mapping = MappingKind::kDenseGemm;
  std::string program;  ///< os / ws / is / fuse-row / fuse-col
  RunStats stats;
  int64_t folds = 0;
  int64_t macs = 0;
  /// Every output equals the golden model under the array's overflow rule (wrap: the exact sum
  /// modulo 2^32; saturate: the int32 saturating sums in the array's reduction order), bit for
  /// bit, and no schedule conflict occurred.
  bool verified = false;
  /// Outputs whose value is not the exact sum (the golden model sums in 64 bits): non-zero only
  /// when an accumulator overflowed and the overflow did not cancel (wrap) or clipped (saturate).
  int64_t outputs_differ_from_exact = 0;
  /// int32 additions whose exact result did not fit (Event::kAccOverflow, both engines).
  uint64_t accumulator_overflows() const { return stats.events.get(Event::kAccOverflow); }
  uint64_t output_digest = 0;
  AnalyticalCycles analytical;
  double utilization() const;  ///< MACs / (cycles × PEs)
  int64_t pes = 0;
  double mapping_efficiency = 0.0;  ///< mean share of the PEs a fold occupies
  bool priced = false;
  EnergyReport energy;         ///< valid when priced (with a memory: its energy included)
  MemoryEnergy memory_energy;  ///< valid when priced with a memory system
  double sim_seconds = 0.0;    ///< wall time of the engine run alone
  DifferenceTerms diff;        ///< simulated − authors' published cycles, by named term
  DramStats dram;              ///< the DRAM's counters (with a memory system)
  /// With RunOptions::dram_trace: the DRAM transactions, in Ramulator 2's load/store trace
  /// format and in DRAMsim3's trace format (mem/dram_trace.h).
  std::string dram_trace_ramulator2;
  std::string dram_trace_dramsim3;
};

/// Runs a Program on some engine and returns its statistics.
using EngineFn = std::function<RunStats(Program*, const std::string& label)>;

/// Analytical models of a layer under the run's options.
AnalyticalCycles analytical_cycles(const LayerSpec& l, const RunOptions& o);

/// Simulates one layer with seeded random int8 data and checks it bit-exactly against the golden
/// model; warns on the runner logger when an accumulator overflowed.
LayerResult run_layer(const LayerSpec& l, const RunOptions& o, const EngineFn& engine);
/// run_layer() on given data (e.g. the all −128 worst case of the overflow tests).
LayerResult run_layer_with_data(const LayerSpec& l, const LayerData& d, const RunOptions& o,
                                const EngineFn& engine);

/// The order in which the array adds one output's products under a mapping (what a saturating
/// result depends on): OS and 1-D one running sum (1-D from the last tap), WS/IS partial sums of
/// `rows` products added in the bottom buffer; the rows mapping one running sum, kernel row by
/// kernel row, each row from its last tap.
/// `l` (optional) gives the kernel width that the rows mapping's blocks need.
ReductionOrder reduction_order(MappingKind mapping, const RunOptions& o,
                               const LayerSpec* l = nullptr);

/// The runners' named logger ("runner", stderr); its level follows spdlog's global level.
/// Every line names the layer its thread simulates (LayerLogTag), so the interleaved lines of a
/// network's worker threads stay attributable:
///   [2026-11-30 20:31:09.512] [runner] [debug] [MB2.conv2_h(1x3)] layer 7 of 66 done: 1234 cycles
std::shared_ptr<spdlog::logger> runner_log();
/// The runner's line format: spdlog's default with the thread's layer tag (`[-]` outside one).
std::unique_ptr<spdlog::formatter> runner_log_formatter();

/// While alive, names `layer` in every runner log line of this thread (run_layer() sets it;
/// the previous tag comes back on destruction).
class LayerLogTag {
 public:
  explicit LayerLogTag(const std::string& layer);
  ~LayerLogTag();
  LayerLogTag(const LayerLogTag&) = delete;
  LayerLogTag& operator=(const LayerLogTag&) = delete;

 private:
  std::string prev_;
};

/// The summary.json of a single layer (also used for each network layer's record).
nlohmann::json layer_summary_json(const LayerResult& r, const RunOptions& o);
/// The resolved configuration echoed into every report.
nlohmann::json config_json(const RunOptions& o);
/// Adds the `analytical` object, the `difference_terms` object and, when priced, the energy keys
/// to a summary.
void add_model_json(nlohmann::json* j, const AnalyticalCycles& a, const DifferenceTerms& d,
                    const EnergyReport* energy);
/// The memory configuration echoed into every report.
nlohmann::json memory_config_json(const MemoryConfig& m, const std::string& source);
/// Raw event counters as a JSON object.
nlohmann::json events_json(const EventCounters& ev);

/// Shape text of a layer, e.g. "56x56x32->64 k1x1 s1 p0".
std::string shape_string(const LayerSpec& l);

}  // namespace fusesim
