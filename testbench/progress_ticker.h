#pragma once
/// ProgressTicker: the progress of one long engine run (the layer command) on the same line as a
/// network's (make_progress(), format_progress()). A thread reads the engine's edge counter
/// (FastEngine / PinEngine::set_progress()) four times a second and reports it as work: the
/// layer's closed-form cycles are known before it runs, so the time left is elapsed × cycles
/// left / cycles done. With a memory system the stall cycles come on top of the closed form, so
/// the share is capped at 99 % until the run ends.
///
/// Usage:
///   ProgressTicker t(make_progress(vm, "layer"), engines.edges(), closed_form_cycles);
///   run_layer(...);
///   t.stop();   // the last call has done == total: the line is cleared before the result line

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

#include "testbench/network_runner.h"

namespace fusesim {

/// Reports an engine's edge counter through a Progress callback until stopped.
class ProgressTicker {
 public:
  /// No thread when `show` is null (--quiet, or stderr not a terminal). `edges` must outlive
  /// the ticker. `period_ms`: time between reports.
  ProgressTicker(Progress show, const std::atomic<int64_t>* edges, double work_total,
                 int period_ms = 250);
  ~ProgressTicker();
  ProgressTicker(const ProgressTicker&) = delete;
  ProgressTicker& operator=(const ProgressTicker&) = delete;
  /// Stops the thread after one last report with done == total (which clears the line).
  void stop();

 private:
  struct State;
  std::shared_ptr<State> st_;
  std::thread thread_;
};

}  // namespace fusesim
