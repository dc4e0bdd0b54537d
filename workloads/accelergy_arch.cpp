#include "workloads/accelergy_arch.h"

#include <sstream>

namespace fusesim {

namespace {

const char* kCompoundClasses = R"(compound_components:
  version: 0.4
  classes:
  - name: systolic_pe
    attributes: {technology: must_specify, datawidth: 8, accwidth: 32, fuse: false, shadow: true}
    subcomponents:
    - {name: multiplier, class: intmultiplier, attributes: {technology: technology, datawidth: datawidth}}
    - {name: accumulator, class: intadder, attributes: {technology: technology, datawidth: accwidth}}
    - {name: operand_regs, class: reg, attributes: {technology: technology, datawidth: datawidth}}
    - {name: output_reg, class: reg, attributes: {technology: technology, datawidth: accwidth}}
    - {name: operand_mux, class: mux, attributes: {technology: technology, datawidth: datawidth, n_inputs: 2}}
    actions:
    - name: mac_random
      subcomponents:
      - {name: multiplier, actions: [{name: multiply}]}
      - {name: accumulator, actions: [{name: add}]}
      - {name: operand_regs, actions: [{name: access, arguments: {n: 2}}]}
    - name: mac_gated
      subcomponents:
      - {name: operand_regs, actions: [{name: access, arguments: {n: 2}}]}
    - name: select_bus
      subcomponents:
      - {name: operand_mux, actions: [{name: access}]}
    - name: drain_shift
      subcomponents:
      - {name: output_reg, actions: [{name: access}]}
    - name: idle
      subcomponents:
      - {name: multiplier, actions: [{name: idle}]}
      - {name: accumulator, actions: [{name: idle}]}
  - name: fuse_bus
    attributes: {technology: must_specify, datawidth: 8, n_taps: must_specify}
    subcomponents:
    - {name: driver, class: reg, attributes: {technology: technology, datawidth: datawidth}}
    - {name: track, class: wire, attributes: {technology: technology, datawidth: datawidth, length: n_taps}}
    actions:
    - name: broadcast
      subcomponents:
      - {name: driver, actions: [{name: access}]}
      - {name: track, actions: [{name: transfer}]}
    - name: idle
      subcomponents:
      - {name: track, actions: [{name: idle}]}
  - name: scratchpad
    attributes: {technology: must_specify, depth: must_specify, width: 64, datawidth: 8, n_banks: 1, n_rdwr_ports: 2}
    subcomponents:
    - {name: storage, class: SRAM, attributes: {technology: technology, depth: depth, width: width, datawidth: datawidth, n_banks: n_banks, n_rdwr_ports: n_rdwr_ports}}
    - {name: address_counter, class: counter, attributes: {technology: technology, width: 32}}
    actions:
    - name: read
      subcomponents:
      - {name: storage, actions: [{name: read}]}
      - {name: address_counter, actions: [{name: count}]}
    - name: write
      subcomponents:
      - {name: storage, actions: [{name: write}]}
      - {name: address_counter, actions: [{name: count}]}
    - name: idle
      subcomponents:
      - {name: storage, actions: [{name: idle}]}
)";

}  // namespace

std::string to_architecture_yaml(const ArrayConfig& a, const MemoryConfig* memory,
                                 const std::string& tech) {
  std::ostringstream s;
  s << "# The simulated design in Accelergy v0.4 input format, written by fusesim: a " << a.rows
    << "x" << a.cols << (a.fuse ? " FuSe" : " plain") << " systolic array"
    << (memory ? " with its scratchpads and DRAM" : " (ideal memory)") << ".\n"
    << "# Run: accelergy architecture.yaml <primitive libraries> (the compound classes are "
       "below).\n"
    << "architecture:\n"
    << "  version: 0.4\n"
    << "  subtree:\n"
    << "  - name: system\n"
    << "    attributes: {technology: " << tech << ", datawidth: 8}\n";
  if (memory) {
    const SramConfig& m = memory->sram;
    s << "    local:\n"
      << "    - name: DRAM\n"
      << "      class: DRAM\n"
      << "      attributes: {type: " << memory->dram.name
      << ", width: " << memory->dram.bus_bytes * 8 << ", datawidth: 8}\n";
    for (const auto& [name, kb] : {std::pair<const char*, int64_t>{"ifmap_spad", m.ifmap_kb},
                                   {"filter_spad", m.filter_kb},
                                   {"ofmap_spad", m.ofmap_kb}})
      s << "    - name: " << name << "\n"
        << "      class: scratchpad\n"
        << "      attributes: {depth: " << kb * 1024 / 8
        << ", width: 64, datawidth: " << m.word_bytes * 8 << ", n_banks: " << m.banks
        << ", n_rdwr_ports: " << m.ports_per_bank << "}\n";
  }
  s << "    subtree:\n"
    << "    - name: row[0.." << a.rows - 1 << "]\n";
  if (a.fuse)
    s << "      local:\n"
      << "      - name: fuse_bus\n"
      << "        class: fuse_bus\n"
      << "        attributes: {datawidth: 8, n_taps: " << a.cols << "}\n";
  s << "      subtree:\n"
    << "      - name: PE[0.." << a.cols - 1 << "]\n"
    << "        local:\n"
    << "        - name: pe\n"
    << "          class: systolic_pe\n"
    << "          attributes: {datawidth: 8, accwidth: 32, fuse: " << (a.fuse ? "true" : "false")
    << ", shadow: " << (a.overlap_drain ? "true" : "false") << "}\n"
    << kCompoundClasses;
  return s.str();
}

}  // namespace fusesim
