#include "testbench/option_warnings.h"

#include <cstdio>

#include "dataflows/layer_mapping.h"

namespace fusesim {

std::vector<std::string> unused_option_warnings(const std::vector<LayerSpec>& layers,
                                                const RunOptions& o, GivenOptions given) {
  std::vector<std::string> out;
  int row = 0, col = 0, rows = 0, dw = 0, depthwise = 0;
  for (const LayerSpec& l : layers) {
    if (!l.executed) continue;
    const MappingKind mk = mapping_kind(l, o.array, o.mapping);
    row += mk == MappingKind::kConv1dRow;
    col += mk == MappingKind::kConv1dCol;
    rows += mk == MappingKind::kConv1dRows;
    dw += mk == MappingKind::kPerChannelGemm || mk == MappingKind::kCollapsedGemm;
    depthwise += l.op == OpKind::kDepthwise;
  }
  if (given.dw_convention && dw == 0)
    out.push_back("--dw-convention " + std::string(to_string(o.mapping.dw)) +
                  " is not used: no channel-wise layer of this run is mapped as a GEMM");
  if (given.dw_mapping && depthwise == 0)
    out.push_back("--dw-mapping " + std::string(to_string(o.mapping.dw_mapping)) +
                  " is not used: this run has no depthwise layer");
  const int n = row + col + rows;
  if (o.array.input_prefetch && n == 0)  // off by default: on is always the user's
    out.push_back(
        "--input-prefetch on changes no cycle here: no layer of this run uses the 1-D dataflow "
        "(fuse-row, fuse-col, or depthwise with --dw-mapping rows); only the option's area and "
        "energy are added");
  if (!given.dataflow || n == 0) return out;
  std::string which;
  auto add = [&](int count, const char* what) {
    if (count == 0) return;
    if (!which.empty()) which += " and ";
    which += std::to_string(count) + " " + what;
  };
  add(row, "fuse-row");
  add(col, "fuse-col");
  add(rows, "depthwise (--dw-mapping rows)");
  out.push_back("--dataflow " + std::string(to_string(o.mapping.dataflow)) + " is not used for " +
                which + " layer" + (n > 1 ? "s" : "") +
                ": on the FuSe array they run as 1-D convolutions on the broadcast bus, which have "
                "no os/ws/is choice");
  return out;
}

void warn_unused_options(const std::vector<LayerSpec>& layers, const RunOptions& o,
                         GivenOptions given) {
  for (const std::string& w : unused_option_warnings(layers, o, given))
    std::fprintf(stderr, "warning: %s\n", w.c_str());
}

}  // namespace fusesim
