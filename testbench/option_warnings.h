#pragma once
/// Options a run accepts but does not use for some of its layers, said in one line each instead
/// of being dropped without a word (issue 16, "no silent ignoring").
///
///   for (const auto& w : unused_option_warnings(layers, o, !vm["dataflow"].defaulted()))
///     std::fprintf(stderr, "warning: %s\n", w.c_str());
///
/// Today: an explicit --dataflow on a FuSe array whose fuse-row / fuse-col layers run as 1-D
/// convolutions on the broadcast bus (dataflows/layer_mapping.h, MappingKind::kConv1dRow/Col),
/// which have no OS/WS/IS choice.

#include <string>
#include <vector>

#include "testbench/layer_runner.h"

namespace fusesim {

/// The warnings (without the "warning: " prefix) for `layers` run with `o`; `dataflow_given`:
/// the user named --dataflow (a default is never warned about). Empty when every option is used.
std::vector<std::string> unused_option_warnings(const std::vector<LayerSpec>& layers,
                                                const RunOptions& o, bool dataflow_given);

/// Prints each of unused_option_warnings() as "warning: ..." on stderr.
void warn_unused_options(const std::vector<LayerSpec>& layers, const RunOptions& o,
                         bool dataflow_given);

}  // namespace fusesim
