#pragma once
/// The project's own closed-form cycle model: what the simulated microarchitecture must take,
/// derived by hand from its timing (docs/timing.md). It never runs the simulator; tests compare
/// the two, so a change in either shows up as a failure.

#include <cstdint>

#include "dataflows/layer_mapping.h"
#include "hw/array_config.h"
#include "workloads/layer_spec.h"

namespace fusesim {

/// Predicted timing of one layer on one array.
struct ClosedForm {
  int64_t cycles = 0;             ///< first feeder load .. last bottom-buffer arrival
  int64_t first_output_edge = 0;  ///< edge of the first arrival in the bottom buffer
  int64_t folds = 0;
};

/// Closed form for a layer, mapped as map_layer() maps it.
ClosedForm closed_form(const LayerSpec& l, const ArrayConfig& a, const MappingOptions& o);

}  // namespace fusesim
