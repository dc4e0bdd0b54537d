#include "hw/array_config.h"

#include <cctype>

namespace fusesim {

const char* to_string(AccOverflow m) {
  switch (m) {
    case AccOverflow::kWrap:
      return "wrap";
    case AccOverflow::kSaturate:
      return "saturate";
  }
  return "?";
}

bool parse_acc_overflow(const std::string& s, AccOverflow* out) {
  std::string l;
  for (char c : s) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (l == "wrap") {
    *out = AccOverflow::kWrap;
  } else if (l == "saturate") {
    *out = AccOverflow::kSaturate;
  } else {
    return false;
  }
  return true;
}

const char* to_string(DrainModel d) {
  switch (d) {
    case DrainModel::kOverlap:
      return "overlap";
    case DrainModel::kSerial:
      return "serial";
    case DrainModel::kGlobalSelect:
      return "global-select";
  }
  return "?";
}

bool parse_drain_model(const std::string& s, DrainModel* out) {
  for (DrainModel d : kDrainModels)
    if (s == to_string(d)) {
      *out = d;
      return true;
    }
  return false;
}

DrainModel drain_model(const ArrayConfig& a) {
  if (a.overlap_drain) return DrainModel::kOverlap;
  return a.global_select ? DrainModel::kGlobalSelect : DrainModel::kSerial;
}

void set_drain_model(ArrayConfig* a, DrainModel d) {
  a->overlap_drain = d == DrainModel::kOverlap;
  a->global_select = d == DrainModel::kGlobalSelect;
}

const char* drain_name(const ArrayConfig& a) { return to_string(drain_model(a)); }

std::vector<std::string> ArrayConfig::validate() const {
  std::vector<std::string> e;
  if (rows < 1) e.push_back("array rows must be >= 1 (got " + std::to_string(rows) + ")");
  if (cols < 1) e.push_back("array columns must be >= 1 (got " + std::to_string(cols) + ")");
  if (rows > kMaxSide || cols > kMaxSide)
    e.push_back("array " + std::to_string(rows) + "x" + std::to_string(cols) +
                " has a side longer than " + std::to_string(kMaxSide) + " PEs");
  else if (rows >= 1 && cols >= 1 && int64_t(rows) * cols > kMaxPes)
    e.push_back("array " + std::to_string(rows) + "x" + std::to_string(cols) + " has more than " +
                std::to_string(kMaxPes) + " PEs");
  if (acc_overflow != AccOverflow::kWrap && acc_overflow != AccOverflow::kSaturate)
    e.push_back("unknown accumulator overflow rule " + std::to_string(int(acc_overflow)));
  if (global_select && overlap_drain)
    e.push_back("the global-select drain has no shadow register: it cannot overlap the drain");
  if (input_prefetch && !fuse)
    e.push_back("input prefetch feeds the FuSe array's 1-D dataflow: it needs the FuSe array");
  return e;
}

}  // namespace fusesim
