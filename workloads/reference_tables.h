#pragma once
/// The reference layer tables of workloads/testdata/reference/networks (test utility,
/// header-only; sources in workloads/testdata/reference/SOURCES.md): where they are, and their
/// rows as LayerSpecs, read with the project's own CSV reader (read_table_csv) and op names
/// (parse_op_kind).

#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/energy_model.h"
#include "workloads/layer_spec.h"

namespace fusesim {

/// The checked-in reference data: networks/*.csv and paper-numbers.md.
inline std::string reference_dir() {
  return std::string(FUSESIM_SOURCE_DIR) + "/workloads/testdata/reference";
}

/// The layer table of one network in one variant, e.g. ("MobileNetV2", "HalfFuSe").
inline std::string reference_table_path(const std::string& net, const std::string& variant) {
  return reference_dir() + "/networks/" + net + "_" + variant + ".csv";
}

/// Rows of a reference table (throws InputError for a missing or malformed file).
inline std::vector<TableCsvRow> read_reference_table(const std::string& path) {
  return read_table_csv(path, {"name", "type", "op",   "H",        "W",        "pad_h",    "pad_w",
                               "Cin",  "Cout", "kh",   "kw",       "stride_h", "stride_w", "groups",
                               "bias", "Hout", "Wout", "executed", "macs",     "params"});
}

/// One reference row as a layer.
inline LayerSpec reference_layer(const TableCsvRow& r) {
  auto num = [&](const char* c) { return std::stoi(r.at(c)); };
  LayerSpec l;
  l.name = r.at("name");
  if (!parse_op_kind(r.at("op"), &l.op)) throw std::runtime_error("unknown op " + r.at("op"));
  l.in_h = num("H");
  l.in_w = num("W");
  l.pad_h = num("pad_h");
  l.pad_w = num("pad_w");
  l.in_c = num("Cin");
  l.out_c = num("Cout");
  l.k_h = num("kh");
  l.k_w = num("kw");
  l.stride_h = num("stride_h");
  l.stride_w = num("stride_w");
  l.bias = num("bias") != 0;
  l.executed = num("executed") != 0;
  return l;
}

}  // namespace fusesim
