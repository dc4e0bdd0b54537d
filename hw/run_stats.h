#pragma once
/// RunStats: what one simulated run of a Program reports, the same for both engines.

#include <cstdint>
#include <vector>

#include "pe/events.h"

namespace fusesim {

/// Result of simulating one Program on one array.
struct RunStats {
  int64_t cycles = 0;               ///< first feeder load .. last bottom-buffer arrival, inclusive
  int64_t first_arrival_edge = -1;  ///< edge of the first output arriving in the bottom buffer
  int64_t last_arrival_edge = -1;
  std::vector<int64_t> issue_edges;  ///< edge at which each fold was issued
  EventCounters events;
  bool conflict = false;  ///< a drain shift collided with a capture (schedule error)
};

}  // namespace fusesim
