#pragma once
/// What the CLI's commands share: the common options, their strict parsing into RunOptions and
/// TraceOptions (every option is checked before anything is simulated), the engines of a run,
/// the progress display, and the commit of a run's files (results, waveform) as one set.
/// One file per command (cmd_layer.cpp, cmd_network.cpp, ...); sc_cli.cpp dispatches.

#include <atomic>
#include <boost/program_options.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hw/sc_top.h"
#include "testbench/cli_parse.h"
#include "testbench/layer_runner.h"
#include "testbench/network_runner.h"
#include "testbench/output_dir.h"
#include "testbench/progress_ticker.h"
#include "workloads/layer_spec.h"
#include "workloads/onnx_import.h"

namespace fusesim {

namespace po = boost::program_options;

/// The commands (each `int cmd_X(argc, argv)` with argv[0] the command name).
int cmd_layer(int argc, char** argv);
int cmd_network(int argc, char** argv);
int cmd_paper(int argc, char** argv);
int cmd_demo(int argc, char** argv);
int cmd_scalesim(int argc, char** argv);
int cmd_area(int argc, char** argv);
int cmd_onnx_topology(int argc, char** argv);
int cmd_sweep(int argc, char** argv);  // cmd_sweep*.cpp

/// The options of `fusesim layer` and `fusesim network` (for sweeps, which check and run them).
po::options_description layer_options();
po::options_description network_options();
/// The layer `fusesim layer` describes with these options, validated (UsageError otherwise).
LayerSpec layer_from_options(const po::variables_map& vm);

/// Options every simulating command takes.
po::options_description common_options();
/// Parses the command line; any token that is not an option (a stray positional argument) or an
/// unknown option is a UsageError naming it.
po::variables_map parse(const po::options_description& od, int argc, char** argv, const char* cmd);
/// parse() for a command that takes one argument besides its options (`sweep plan SPEC`,
/// `onnx-topology MODEL`): it lands in *target; none or two are refused naming `what`.
po::variables_map parse_with_target(const po::options_description& od, int argc, char** argv,
                                    const std::string& cmd, const std::string& what,
                                    std::string* target);
/// The array options; `hw` is the --hw value, or the command's default when it was not given.
ArrayConfig parse_array(const po::variables_map& vm, const std::string& hw);
/// Every option of common_options() except the trace ones, checked.
RunOptions run_options(const po::variables_map& vm, bool default_fuse);
/// --memory and its overrides (cmd_memory.cpp); also sets the array clock of the DRAM model.
void memory_options(const po::variables_map& vm, RunOptions* o);
/// --onnx MODEL with --input-shape (cmd_onnx.cpp): the imported model; InputError (exit 2) when it
/// cannot be mapped, naming the file and node.
OnnxModel load_onnx(const po::variables_map& vm);
/// summary.json's "onnx" object: the model, its opset, and the nodes not on the array by type.
nlohmann::json onnx_json(const OnnxModel& m, const std::string& path);
/// "not on the array: N nodes (Add 10, ...)" on stdout.
void print_not_on_array(const OnnxModel& m);
/// --dram-trace DIR and --dram-latency FILE|DIR (cmd_memory.cpp): for layer, network, scalesim.
po::options_description dram_trace_options();
/// Checks them against the run's layers (before any simulation: every latency file is read) and
/// sets RunOptions. Needs a memory system.
void dram_trace_setup(const po::variables_map& vm, const std::vector<LayerSpec>& layers,
                      RunOptions* o);
/// Writes each layer's trace files into the --dram-trace folder and adds them to out's commit.
void stage_dram_traces(const po::variables_map& vm, const std::vector<LayerResult>& results,
                       OutputDir* out);
/// --vcd, --trace-pes, --trace-cycles, --trace-layer, checked against each other and the array.
TraceOptions trace_options(const po::variables_map& vm, const ArrayConfig& a);
/// --out, required.
std::string require_out(const po::variables_map& vm);
/// A comma-separated list whose items must all be in `known` (all of `known` when absent).
std::vector<std::string> pick_list(const po::variables_map& vm, const char* opt,
                                   const std::vector<std::string>& known);
/// A built-in network; an unknown name is a UsageError.
std::vector<LayerSpec> load_network(const std::string& net, const std::string& variant);

/// The engine(s) of a run: fast engines per thread, or one pin-level engine. With a waveform,
/// the pin-level engine writes it under a temporary name beside its final one; finish() hands
/// both files (VCD and GTKWave save file) to the OutputDir's commit.
class Engines {
 public:
  Engines(const RunOptions& o, const TraceOptions& t);
  EngineFactory factory();
  int threads() const { return opts_.engine == "pin" ? 1 : opts_.threads; }
  PinEngine* pin() { return pin_.get(); }
  /// The pin-level engine (made on first use) with this run's trace options.
  PinEngine& pin_engine();
  /// The run succeeded: finishes the waveform and queues it in `out`.
  void finish(OutputDir* out);
  /// Edges the engine has clocked in its current run (for ProgressTicker).
  const std::atomic<int64_t>* edges() const { return edges_.get(); }

 private:
  std::shared_ptr<std::atomic<int64_t>> edges_ = std::make_shared<std::atomic<int64_t>>(0);
  RunOptions opts_;
  TraceOptions trace_;     ///< as the engine sees it (vcd_path = the staging name)
  std::string final_vcd_;  ///< --vcd as given
  std::unique_ptr<PinEngine> pin_;
};

/// The progress line on stderr (none with --quiet or when stderr is not a terminal).
Progress make_progress(const po::variables_map& vm, const std::string& what);
/// Queues the Accelergy files: ERT.yaml, ART.yaml, action_counts.yaml and architecture.yaml (v0.4).
void add_accelergy(OutputDir* out, const RunOptions& o, const EnergyReport& e,
                   const std::string& prefix = "");
/// Commits `out` and says on stderr which files of an earlier run were replaced.
void commit(OutputDir* out);
/// One line per network run.
void print_network_line(const std::string& what, const NetworkResult& r, const RunOptions& o);
/// Throws std::logic_error (exit 3) when a summary holds a non-finite number (NaN or inf): a
/// result that cannot be written truthfully.
void require_finite(const nlohmann::json& j, const std::string& what);

}  // namespace fusesim
