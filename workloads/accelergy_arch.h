#pragma once
/// The architecture a run simulated, as Accelergy v0.4 input (`architecture.yaml`): the
/// architecture tree and the compound component classes it uses, so that Accelergy's own
/// estimators and plug-ins can price the same design at another technology node.
///
/// Tree: system → (DRAM, three scratchpads when a memory system is given) → row[0..R-1] → (the
/// row's FuSe broadcast bus on the FuSe array) → PE[0..C-1] → one `systolic_pe`. Compound classes:
///  - systolic_pe: int8 multiplier, int32 accumulator adder, operand registers (h, v, stationary),
///    the shadow output register (overlapped drain), the DataEn 2:1 operand mux (FuSe);
///    actions mac_random, mac_gated (a zero operand), drain_shift, idle;
///  - fuse_bus: a wire across the row with one driver; actions broadcast, idle;
///  - scratchpad: an SRAM with a double-buffer address counter; actions read, write, idle.
/// Primitive classes and action names are Accelergy's usual ones (intmultiplier, intadder, reg,
/// mux, wire, counter, SRAM, DRAM; multiply/add/access/read/write/transfer/idle).
///
///   out.add("architecture.yaml", to_architecture_yaml(opts.array, opts.memory.get()));

#include <string>

#include "hw/array_config.h"
#include "mem/dram_config.h"

namespace fusesim {

/// `memory` null: ideal memory (no scratchpads or DRAM in the tree). `tech` names the node.
std::string to_architecture_yaml(const ArrayConfig& a, const MemoryConfig* memory,
                                 const std::string& tech = "45nm");

}  // namespace fusesim
