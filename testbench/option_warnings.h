#pragma once
/// Options a run accepts but does not use for some of its layers, said in one line each instead
/// of being dropped without a word (issue 16, "no silent ignoring").
///
///   warn_unused_options(layers, o, {!vm["dataflow"].defaulted(),
///   !vm["dw-convention"].defaulted()});
///
/// Today: an explicit --dataflow on a FuSe array whose fuse-row / fuse-col layers run as 1-D
/// convolutions on the broadcast bus (dataflows/layer_mapping.h, MappingKind::kConv1dRow/Col, and
/// depthwise layers under --dw-mapping rows, kConv1dRows), which have no OS/WS/IS choice; an
/// explicit --dw-convention on a run without a channel-wise layer mapped as a GEMM
/// (MappingKind::kPerChannelGemm / kCollapsedGemm); an explicit --dw-mapping on a run without a
/// depthwise layer; --input-prefetch on (never a default) on a run without a 1-D layer.

#include <string>
#include <vector>

#include "testbench/layer_runner.h"

namespace fusesim {

/// Which of the checked options the user named (a default is never warned about).
struct GivenOptions {
  bool dataflow = false;
  bool dw_convention = false;
  bool dw_mapping = false;
};

/// The warnings (without the "warning: " prefix) for the executed `layers` run with `o`. Empty
/// when every given option is used.
std::vector<std::string> unused_option_warnings(const std::vector<LayerSpec>& layers,
                                                const RunOptions& o, GivenOptions given);

/// Prints each of unused_option_warnings() as "warning: ..." on stderr.
void warn_unused_options(const std::vector<LayerSpec>& layers, const RunOptions& o,
                         GivenOptions given);

}  // namespace fusesim
