#pragma once
/// The pin-level engine: a SystemC top with a clock, the ControllerModule (ArrayController in a
/// thin wrapper) and the SystolicArray. One elaboration per process (a SystemC limit), so the
/// top runs any number of Programs one after another on the same array, resetting the PEs
/// between them. Several PinEngines (arrays of different shapes) may be built in one process,
/// all before the first run: they share the kernel; while one runs, the others are clocked with
/// their last (idle) boundary and their observers stay silent; each run starts from reset.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dataflows/program.h"
#include "hw/array_config.h"
#include "hw/run_stats.h"
#include "hw/sc_systolic_array.h"
#include "pe/pe_core.h"

namespace fusesim {

/// Waveform options of a pin-level run.
struct TraceOptions {
  std::string vcd_path;  ///< empty: no waveform
  TraceScope scope;
  int64_t from_cycle = 0;  ///< first traced edge of each traced run (inclusive)
  int64_t to_cycle = -1;   ///< last traced edge (-1: to the end)
  std::string layer;       ///< trace only runs with this label (empty: every run)
  /// The name the VCD will have once the run's files are committed (the .gtkw save file refers
  /// to it); empty: vcd_path itself.
  std::string final_vcd_path;
  /// The runs have a memory system: the waveform also shows top.memory.* (scratchpad occupancy,
  /// the stall signal and its cause, DRAM requests and responses).
  bool memory = false;
};

/// Runs Programs on the pin-level model.
class PinEngine {
 public:
  /// Called after every edge with the edge index and all PE registers (row-major).
  using Observer = std::function<void(int64_t edge, const std::vector<PeRegs>& regs)>;

  explicit PinEngine(const ArrayConfig& cfg, const TraceOptions& trace = TraceOptions{});
  ~PinEngine();
  PinEngine(const PinEngine&) = delete;
  PinEngine& operator=(const PinEngine&) = delete;

  /// Runs one program from reset. `label` names the run in the waveform (layer marker).
  RunStats run(Program* prog, const Observer& observer = nullptr, const std::string& label = "");
  /// MACs of each PE in the last run (row-major): a per-PE utilisation map.
  std::vector<uint64_t> pe_macs() const;
  /// Names of the traced signals, in declaration order (empty without a VCD).
  std::vector<std::string> traced_signals() const;
  /// run() stores the edges clocked so far into `*edges` after every edge (relaxed), for a
  /// progress display in another thread; null: none.
  void set_progress(std::atomic<int64_t>* edges);
  /// Finishes the VCD file (also done by the destructor).
  void close_trace();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fusesim
