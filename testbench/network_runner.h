#pragma once
/// Network runner: simulates every executed layer of a network, in parallel on independent
/// engines, with results identical for any thread count (layer i always uses seed + i and its
/// result lands in slot i).

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testbench/layer_runner.h"

namespace fusesim {

/// Results of a list of layers (a network).
struct NetworkResult {
  std::vector<LayerResult> layers;  ///< executed layers, in execution order
  int64_t cycles = 0;               ///< Σ simulated cycles (layers run one after another)
  int64_t macs = 0;
  bool verified = true;
  int64_t outputs_differ_from_exact = 0;  ///< Σ over the layers (LayerResult)
  EventCounters events;
  AnalyticalCycles analytical;
  DifferenceTerms diff;                     ///< Σ over the layers
  MemoryStats memory;                       ///< Σ over the layers (zero with ideal memory)
  std::array<OperandTraffic, 3> operand{};  ///< Σ of the layers' per-operand traffic
  double wall_seconds = 0.0;
  bool priced = false;
  EnergyReport energy;         ///< the whole network's counters priced (valid when priced)
  MemoryEnergy memory_energy;  ///< with a memory: the summed traffic priced (valid when priced)
  uint64_t accumulator_overflows() const { return events.get(Event::kAccOverflow); }
  double utilization(int64_t pes) const {
    return cycles > 0 ? double(macs) / (double(cycles) * double(pes)) : 0.0;
  }
};

/// Makes the engine a worker thread uses (called once per thread).
using EngineFactory = std::function<EngineFn(int thread)>;
/// Where a network run stands after a finished layer. Work is the layers' closed-form cycles
/// (dataflows/closed_form.h), known before they run, so the time left is estimated from the work
/// left, not from the count of layers (one 56×56 layer can outweigh twenty 7×7 ones).
struct ProgressInfo {
  int done = 0;        ///< layers finished
  int total = 0;       ///< layers to simulate
  int64_t cycles = 0;  ///< simulated cycles of the finished layers
  double work_done = 0;
  double work_total = 0;
  /// Seconds left, at `elapsed` seconds so far: elapsed × work left / work done.
  double seconds_left(double elapsed) const {
    return work_done > 0 ? elapsed * (work_total - work_done) / work_done : 0.0;
  }
};
/// Called after each finished layer.
using Progress = std::function<void(const ProgressInfo&)>;
/// The progress line (without line control): "WHAT: 3/50 layers, ..., ~12 s left".
std::string format_progress(const std::string& what, const ProgressInfo& p, double elapsed);

/// Inter-layer reuse: layer `next` finds its input on chip when it is exactly `prev`'s output
/// (same batch and shape; the layers run one after the other) and that tensor, at
/// o.ofmap_word_bytes per value, fits in the ifmap scratchpad. False without a memory or with
/// RunOptions::ofmap_reuse off.
bool ifmap_on_chip_from_previous(const LayerSpec& prev, const LayerSpec& next, const RunOptions& o);

/// Simulates the executed layers of `layers`. threads <= 0: all cores.
NetworkResult run_network(const std::vector<LayerSpec>& layers, const RunOptions& o, int threads,
                          const EngineFactory& factory, const Progress& progress = nullptr);

/// layers.csv of a network run.
std::string layers_csv(const NetworkResult& r, const RunOptions& o);
/// summary.json of a network run.
nlohmann::json network_summary_json(const NetworkResult& r, const RunOptions& o);

}  // namespace fusesim
