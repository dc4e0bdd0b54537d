#pragma once
/// RunStats: what one simulated run of a Program reports, the same for both engines.

#include <cstdint>
#include <vector>

#include "hw/memory_system.h"
#include "pe/events.h"

namespace fusesim {

/// Result of simulating one Program on one array.
struct RunStats {
  /// First feeder load .. last bottom-buffer arrival, inclusive; with a memory system, until the
  /// last write-back has completed if that is later.
  int64_t cycles = 0;
  int64_t first_arrival_edge = -1;  ///< edge of the first output arriving in the bottom buffer
  int64_t last_arrival_edge = -1;
  std::vector<int64_t> issue_edges;  ///< edge at which each fold was issued
  EventCounters events;
  bool conflict = false;      ///< a drain shift collided with a capture (schedule error)
  MemoryStats memory;         ///< stalls and traffic (all zero with ideal memory)
  int64_t skipped_edges = 0;  ///< idle edges the fast engine jumped over (engine bookkeeping)
};

}  // namespace fusesim
