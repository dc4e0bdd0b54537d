#pragma once
/// FastEngine: clocks every PE of the array in one plain C++ loop with two-phase update.
///
/// Each edge: every PE's next registers are computed from the current registers of its
/// neighbours and the controller's boundary registers (pe_step, the same datapath the pin-level
/// PeModule runs), the controller samples the bottom row, then everything commits at once.

#include <functional>
#include <vector>

#include "dataflows/program.h"
#include "hw/array_config.h"
#include "hw/run_stats.h"
#include "pe/pe_core.h"

namespace fusesim {

/// Whole-array cycle loop on PeCore.
class FastEngine {
 public:
  /// Called after every edge with the edge index and the committed registers (row-major).
  using Observer = std::function<void(int64_t edge, const std::vector<PeRegs>& regs)>;

  explicit FastEngine(const ArrayConfig& cfg);
  RunStats run(Program* prog, const Observer& observer = nullptr);

 private:
  ArrayConfig cfg_;
  std::vector<PeStatic> statics_;
  std::vector<PeRegs> cur_;
  std::vector<PeRegs> nxt_;
};

}  // namespace fusesim
