#pragma once
/// Fold generators of the GEMM dataflows and the 1-D broadcast dataflow. Each takes a Program
/// whose operands are already laid out and appends its folds in issue order.

#include "dataflows/program.h"

namespace fusesim {

/// OS: rows ↔ M, columns ↔ N, time ↔ K. Order: group, column fold, row fold.
void make_os_folds(Program* p, int R, int C);
/// WS: rows ↔ K, columns ↔ N, time ↔ M (B is preloaded). Order: group, column fold, K fold.
void make_ws_folds(Program* p, int R, int C);
/// IS is WS on the transposed problem: turns A (M×K), B (K×N) into A' = Bᵀ, B' = Aᵀ.
void transpose_for_is(Program* p);
/// 1-D broadcast: rows ↔ convolutions, columns ↔ output positions. Order: row fold, column fold.
void make_conv1d_folds(Program* p, int R, int C);
/// Marks the first fold of each group as a layer boundary (the array drains completely between
/// groups), as when each group is simulated as its own layer.
void mark_group_boundaries(Program* p);

}  // namespace fusesim
