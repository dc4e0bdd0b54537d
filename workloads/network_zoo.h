#pragma once
/// The FuSeConv paper's five networks in five variants each, as lists of conv and linear layers.
///
/// Usage:
///   for (const LayerSpec& l : fusesim::build_network("mobilenet_v2", "half50")) { ... }
///
/// Variants (DATE 2021, FuSeConv):
///   baseline - the network as published (K×K depthwise layers);
///   full     - every depthwise layer replaced by FuSe D=1: a 1×K and a K×1 depthwise conv, each
///              on all C channels, concatenated to 2C channels, then the block's projection
///              pointwise conv reads 2C channels (1×K half first);
///   half     - FuSe D=2: the 1×K conv on the first C/2 channels, the K×1 conv on the rest,
///              concatenated back to C channels;
///   full50, half50 - the same replacements in the paper's hybrid block subset only
///              (V1: B1–B5; V2: MB2–MB10; MnasNet-B1: MB1–MB9; V3-Large: MB2–MB8;
///              V3-Small: MB3, MB5–MB8); the other blocks stay baseline.
/// Every conv and linear layer is listed in execution order, batch 1, 224×224×3 input, including
/// squeeze-excite FCs (as linear layers at 1×1) and modules that exist but never run
/// (executed = false; they count for parameters only).

#include <string>
#include <vector>

#include "workloads/layer_spec.h"

namespace fusesim {

/// mobilenet_v1, mobilenet_v2, mnasnet_b1, mobilenet_v3_small, mobilenet_v3_large.
const std::vector<std::string>& network_names();

/// baseline, full, half, full50, half50.
const std::vector<std::string>& variant_names();

/// The layers of one network variant. Throws std::invalid_argument naming the known networks
/// (or variants) when `net` (or `variant`) is unknown.
std::vector<LayerSpec> build_network(const std::string& net, const std::string& variant);

}  // namespace fusesim
