#pragma once
/// Accelergy-style YAML export of the energy and area tables and of a run's action counts, so a
/// run can be re-priced with Accelergy (or any tool reading its formats). A small hand-written
/// emitter; no YAML library.
///
/// Formats (Accelergy v0.3, as read from Accelergy-Project/accelergy examples/*/output/reference):
///   ERT:  {version: 0.3, tables: [{name: <design>.<component>,
///                                  actions: [{name: <action>, arguments: null, energy: <pJ>}]}]}
///   ART:  {version: 0.3, tables: [{name: <design>.<component>, area: <um2>}]}
///   action counts: {action_counts: {version: 0.3,
///                   local: [{name: <design>.<component>,
///                            action_counts: [{name: <action>, counts: <n>}]}]}}
/// Every component.action of the action counts has an ERT entry of the same name, so
/// Σ counts × energy over the two files equals EnergyReport::energy_pj.
///
/// Usage:
///   write_text_file("ERT.yaml", to_ert_yaml(table, &report.actions));
///   write_text_file("action_counts.yaml", to_action_counts_yaml(report.actions));

#include <string>
#include <vector>

#include "workloads/area_model.h"
#include "workloads/energy_model.h"

namespace fusesim {

/// ERT YAML of every table row (grouped by component; the row's source and node as comments),
/// plus — when `derived` is given — the run-specific actions not in the table (the scratchpads,
/// whose per-access energy is interpolated by size).
std::string to_ert_yaml(const EnergyTable& table,
                        const std::vector<PricedAction>* derived = nullptr,
                        const std::string& design = "fusesim");

/// ART YAML of every area table row (area of one instance in the row's unit).
std::string to_art_yaml(const AreaTable& table, const std::string& design = "fusesim");

/// Action counts YAML of a run (counts of the same component.action summed).
std::string to_action_counts_yaml(const std::vector<PricedAction>& actions,
                                  const std::string& design = "fusesim");

/// A YAML scalar: numbers in shortest round-trip form, strings quoted when needed.
std::string yaml_number(double v);
std::string yaml_string(const std::string& s);

/// Writes `text` to `path`; throws std::runtime_error when the file cannot be written.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace fusesim
