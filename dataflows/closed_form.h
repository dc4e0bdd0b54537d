#pragma once
/// The project's own closed-form cycle model: what the simulated microarchitecture must take,
/// derived by hand from its timing (docs/timing.md). It never runs the simulator; tests compare
/// the two, so a change in either shows up as a failure.

#include <cstdint>
#include <vector>

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

/// The fold geometry of a mapped layer, as the closed forms see it: the array runs `segments`
/// identical segments one after another (a segment ends with a full drain), each a sequence of
/// folds of `shape[i].rows × shape[i].cols` PEs.
struct FoldPlan {
  enum class Kind { kOs, kWs, kConv1d } kind = Kind::kOs;
  struct Shape {
    int rows;
    int cols;
  };
  std::vector<Shape> shape;  ///< the folds of one segment, in issue order
  int64_t segments = 1;
  int64_t reduction = 0;  ///< OS: T = Kh·Kw·Cin (per group); 1-D: taps K
  int passes = 1;         ///< 1-D: accumulated passes per fold (Kh with the rows mapping)
  int64_t stream = 0;     ///< WS/IS: operands streamed per fold
};

/// Fold geometry of a layer, independent of the Program map_layer() builds.
FoldPlan fold_plan(const LayerSpec& l, const ArrayConfig& a, const MappingOptions& o);

/// Closed form for a layer, mapped as map_layer() maps it.
ClosedForm closed_form(const LayerSpec& l, const ArrayConfig& a, const MappingOptions& o);

}  // namespace fusesim
