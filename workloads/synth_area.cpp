#include "workloads/synth_area.h"

#include <algorithm>
#include <cctype>

#include "workloads/energy_model.h"

namespace fusesim {
namespace {

constexpr double kMinCellArea = 1e-3;
constexpr const char* kFlop = "$_DFF_P_";

/// The value at key `k` of object `o`, which must have type `want`; else an InputError naming
/// `where.k`.
const nlohmann::json& member(const nlohmann::json& o, const char* k, nlohmann::json::value_t want,
                             const std::string& path, const std::string& where) {
  const std::string field = where.empty() ? k : where + "." + k;
  if (!o.is_object() || !o.contains(k)) throw InputError(path, 0, field, "missing");
  const nlohmann::json& v = o.at(k);
  const bool ok = want == nlohmann::json::value_t::number_integer
                      ? (v.is_number_integer() || v.is_number_unsigned())
                      : v.type() == want;
  if (!ok)
    throw InputError(path, 0, field, std::string("expected ") + nlohmann::json(want).type_name());
  return v;
}

int64_t count(const nlohmann::json& v, const std::string& path, const std::string& field) {
  if (!(v.is_number_integer() || v.is_number_unsigned()))
    throw InputError(path, 0, field, "expected a whole number");
  if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX))
    throw InputError(path, 0, field, "out of range");
  const int64_t n = v.get<int64_t>();
  if (n < 0) throw InputError(path, 0, field, "negative count " + std::to_string(n));
  return n;
}

double pct(double base, double other) { return base > 0 ? (other / base - 1.0) * 100.0 : 0.0; }

}  // namespace

const CellAreaEntry* CellAreaTable::find(const std::string& cell) const {
  for (const CellAreaEntry& e : rows)
    if (e.cell == cell) return &e;
  return nullptr;
}

CellAreaTable load_cell_area_table(const std::string& path) {
  return load_cell_area_table_text(read_input_file(path), path);
}

CellAreaTable load_cell_area_table_text(const std::string& text, const std::string& path) {
  const auto csv = read_table_csv_text(
      text, path, {"cell", "library_cell", "area_um2", "unit", "tech_node", "source"});
  std::vector<InputIssue> errors;
  CellAreaTable t;
  t.path = path;
  std::map<std::string, int> seen;
  for (const TableCsvRow& r : csv) {
    CellAreaEntry e;
    e.line = r.line;
    e.cell = r.at("cell");
    e.library_cell = r.at("library_cell");
    e.unit = r.at("unit");
    e.tech_node = r.at("tech_node");
    e.source = r.at("source");
    bool ok = check_table_row(path, r, "area_um2", "area", &e.area_um2, &errors);
    if (ok && e.area_um2 < kMinCellArea) {
      errors.push_back(InputIssue{path, r.line, "area_um2",
                                  "area " + r.at("area_um2") + " of " + e.cell +
                                      " is below 0.001 (no standard cell is that small)"});
      ok = false;
    }
    for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"cell", &e.cell},
                                       {"library_cell", &e.library_cell}}) {
      if (value->empty()) {
        errors.push_back(InputIssue{path, r.line, field, "empty"});
        ok = false;
      }
    }
    const auto it = seen.find(e.cell);
    if (it != seen.end()) {
      errors.push_back(InputIssue{
          path, r.line, "cell",
          "duplicate row " + e.cell + " (first at line " + std::to_string(it->second) + ")"});
      ok = false;
    } else {
      seen[e.cell] = r.line;
    }
    if (ok) t.rows.push_back(e);
  }
  if (!errors.empty()) throw InputError(errors);
  if (t.rows.empty()) throw InputError(path, 0, "cell", "the table has no rows");
  return t;
}

std::string default_cell_area_table() {
  return std::string(FUSESIM_SOURCE_DIR) + "/configs/area/nangate45_cells.csv";
}

const SynthDesign* SynthResult::find(const std::string& name) const {
  for (const SynthDesign& d : designs)
    if (d.name == name) return &d;
  return nullptr;
}

SynthResult load_synth_result(const std::string& path) {
  return load_synth_result_text(read_input_file(path), path);
}

SynthResult load_synth_result_text(const std::string& text, const std::string& path) {
  using vt = nlohmann::json::value_t;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(path, 0, "", std::string("not valid JSON (") + e.what() + ")");
  }
  SynthResult s;
  s.path = path;
  s.tool = member(j, "tool", vt::string, path, "").get<std::string>();
  s.flow = member(j, "flow", vt::string, path, "").get<std::string>();
  const nlohmann::json& ds = member(j, "designs", vt::array, path, "");
  for (size_t i = 0; i < ds.size(); ++i) {
    const std::string where = "designs[" + std::to_string(i) + "]";
    const nlohmann::json& d = ds[i];
    SynthDesign sd;
    sd.name = member(d, "name", vt::string, path, where).get<std::string>();
    sd.top = member(d, "top", vt::string, path, where).get<std::string>();
    if (!is_clean_utf8_text(sd.name) || !is_clean_utf8_text(sd.top))
      throw InputError(path, 0, where + ".name", "not printable text");
    for (const auto& [k, v] : member(d, "params", vt::object, path, where).items())
      sd.params[k] = int64_t(count(v, path, where + ".params." + k));
    sd.cells = count(member(d, "cells", vt::number_integer, path, where), path, where + ".cells");
    int64_t sum = 0;
    for (const auto& [k, v] : member(d, "cells_by_type", vt::object, path, where).items()) {
      const int64_t n = count(v, path, where + ".cells_by_type." + k);
      sd.cells_by_type[k] = n;
      if (n > INT64_MAX - sum) throw InputError(path, 0, where + ".cells_by_type", "out of range");
      sum += n;
    }
    if (sum != sd.cells)
      throw InputError(
          path, 0, where + ".cells",
          std::to_string(sd.cells) + " cells but cells_by_type sums to " + std::to_string(sum));
    if (s.find(sd.name))
      throw InputError(path, 0, where + ".name", "duplicate design '" + sd.name + "'");
    s.designs.push_back(sd);
  }
  for (const char* need : {"pe_plain", "pe_fuse"})
    if (!s.find(need))
      throw InputError(path, 0, "designs",
                       std::string("no design '") + need + "' (written by scripts/synth.sh)");
  return s;
}

nlohmann::json SynthAreaReport::to_json() const {
  nlohmann::json j;
  j["tool"] = tool;
  j["flow"] = flow;
  j["synth_file"] = synth_path;
  j["cell_table"] = table_path;
  nlohmann::json ds = nlohmann::json::array();
  for (const SynthDesignArea& d : designs) {
    nlohmann::json by = nlohmann::json::object();
    for (const auto& [c, a] : d.area_by_cell) by[c] = a;
    ds.push_back({{"name", d.name},
                  {"top", d.top},
                  {"params", d.params},
                  {"cells", d.cells},
                  {"flip_flops", d.flops},
                  {"area_um2", d.area_um2},
                  {"area_by_cell_um2", by}});
  }
  j["designs"] = ds;
  j["pe"] = {{"plain_um2", pe_plain_um2},
             {"fuse_um2", pe_fuse_um2},
             {"fuse_extra_um2", pe_fuse_extra_um2},
             {"fuse_overhead_pct", pe_fuse_overhead_pct}};
  nlohmann::json as = nlohmann::json::array();
  for (const SynthArrayPair& a : arrays)
    as.push_back({{"rows", a.rows},
                  {"cols", a.cols},
                  {"plain_um2", a.plain_um2},
                  {"fuse_um2", a.fuse_um2},
                  {"fuse_overhead_pct", a.fuse_overhead_pct},
                  {"plain_per_pe_um2", a.plain_per_pe_um2},
                  {"fuse_extra_per_pe_um2", a.fuse_extra_per_pe_um2}});
  j["arrays"] = as;
  j["basis"] =
      "standard cells only (generic gates priced as NanGate 45 nm X1 cells): no wires, no "
      "placement, no scratchpads; the broadcast bus is the PEs' mux inputs, its wire and driver "
      "are not in the netlist";
  return j;
}

SynthAreaReport synth_area(const SynthResult& synth, const CellAreaTable& table) {
  SynthAreaReport r;
  r.synth_path = synth.path;
  r.table_path = table.path;
  r.tool = synth.tool;
  r.flow = synth.flow;
  for (const SynthDesign& d : synth.designs) {
    SynthDesignArea a;
    a.name = d.name;
    a.top = d.top;
    a.params = d.params;
    a.cells = d.cells;
    for (const auto& [type, n] : d.cells_by_type) {
      const CellAreaEntry* e = table.find(type);
      if (!e)
        throw InputError(
            synth.path, 0, "cells_by_type",
            "design " + d.name + ": cell type " + type + " has no row in " + table.path);
      a.area_by_cell[e->library_cell] += double(n) * e->area_um2;
      a.area_um2 += double(n) * e->area_um2;
      if (type == kFlop) a.flops += n;
    }
    r.designs.push_back(a);
  }
  auto area_of = [&](const std::string& name) -> const SynthDesignArea* {
    for (const SynthDesignArea& a : r.designs)
      if (a.name == name) return &a;
    return nullptr;
  };
  r.pe_plain_um2 = area_of("pe_plain")->area_um2;
  r.pe_fuse_um2 = area_of("pe_fuse")->area_um2;
  r.pe_fuse_extra_um2 = r.pe_fuse_um2 - r.pe_plain_um2;
  r.pe_fuse_overhead_pct = pct(r.pe_plain_um2, r.pe_fuse_um2);
  // "array_<R>x<C>_plain" with R and C of 1 to 5 digits (no std::regex: GCC 12 warns inside it
  // under the sanitizer build).
  auto digits = [](const std::string& t) {
    return !t.empty() && t.size() <= 5 &&
           std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(uint8_t(c)) != 0; });
  };
  const std::string pre = "array_", post = "_plain";
  for (const SynthDesignArea& a : r.designs) {
    const std::string& n = a.name;
    if (n.size() <= pre.size() + post.size() || n.compare(0, pre.size(), pre) != 0 ||
        n.compare(n.size() - post.size(), post.size(), post) != 0)
      continue;
    const std::string dims = n.substr(pre.size(), n.size() - pre.size() - post.size());
    const size_t x = dims.find('x');
    if (x == std::string::npos || !digits(dims.substr(0, x)) || !digits(dims.substr(x + 1)))
      continue;
    const std::string rs = dims.substr(0, x), cs = dims.substr(x + 1);
    const SynthDesignArea* f = area_of("array_" + rs + "x" + cs + "_fuse");
    if (!f) continue;
    SynthArrayPair p;
    p.rows = std::stoi(rs);
    p.cols = std::stoi(cs);
    p.plain_um2 = a.area_um2;
    p.fuse_um2 = f->area_um2;
    p.fuse_overhead_pct = pct(p.plain_um2, p.fuse_um2);
    const double pes = double(p.rows) * p.cols;
    p.plain_per_pe_um2 = p.plain_um2 / pes;
    p.fuse_extra_per_pe_um2 = (p.fuse_um2 - p.plain_um2) / pes;
    r.arrays.push_back(p);
  }
  std::sort(r.arrays.begin(), r.arrays.end(), [](const SynthArrayPair& x, const SynthArrayPair& y) {
    return int64_t(x.rows) * x.cols < int64_t(y.rows) * y.cols;
  });
  return r;
}

}  // namespace fusesim
