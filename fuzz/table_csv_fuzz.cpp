/// Fuzz harness: the table readers — read_table_csv_text (any header), load_energy_table_text and
/// load_area_table_text — every input read by all three. Contract: each returns a result or throws
/// InputError whose every issue names the file and a line of it, with a one-line message. A
/// returned energy or area table has every value in [0, kMaxTableValue], every row the pricing
/// needs, and prices a fixed run (a FuSe and a plain 64x64 array, busy counters) to finite
/// numbers whose JSON holds no null.

#include <cmath>
#include <string>
#include <vector>

#include "fuzz/fuzz_contract.h"
#include "workloads/area_model.h"
#include "workloads/energy_model.h"

using namespace fusesim;

namespace {

void require_finite(double v, const std::string& what) {
  fuzz::require(std::isfinite(v), what + " is not finite: " + std::to_string(v));
}

void require_no_null(const nlohmann::json& j, const std::string& what) {
  fuzz::require(j.dump().find("null") == std::string::npos, what + " JSON holds null: " + j.dump());
}

ArrayConfig array_64(bool fuse) {
  ArrayConfig a;
  a.rows = 64;
  a.cols = 64;
  a.fuse = fuse;
  return a;
}

void check_generic(const std::string& text, size_t lines) {
  const std::string name = "fuzz_table.csv";
  std::vector<TableCsvRow> rows;
  if (!fuzz::returns_or_throws<InputError>(
          [&] { rows = read_table_csv_text(text, name, {}); },
          [&](const InputError& e) { fuzz::check_input_error(e, name, lines); }))
    return;
  int last = 0;
  for (const TableCsvRow& r : rows) {
    fuzz::require(r.line > last && size_t(r.line) <= lines, "row lines out of order or range");
    fuzz::require(rows.front().fields.size() == r.fields.size(), "rows of different widths");
    last = r.line;
  }
}

void check_energy(const std::string& text, size_t lines) {
  const std::string name = "fuzz_energy.csv";
  EnergyTable t;
  if (!fuzz::returns_or_throws<InputError>(
          [&] { t = load_energy_table_text(text, name); },
          [&](const InputError& e) { fuzz::check_input_error(e, name, lines); }))
    return;
  fuzz::require(t.path == name, "table path is not the name given");
  for (const EnergyEntry& e : t.rows)
    fuzz::require(e.energy_pj >= 0 && e.energy_pj <= kMaxTableValue,
                  e.component + "." + e.action + " out of [0, kMaxTableValue]");
  const auto pts = t.sram_points();
  for (size_t i = 1; i < pts.size(); ++i)
    fuzz::require(pts[i - 1].first < pts[i].first, "two SRAM rows of the same size");
  for (int64_t bytes : {int64_t(1), int64_t(3000), int64_t(64) << 10, int64_t(1) << 40})
    require_finite(t.sram_access_64b_pj(bytes), "sram_access_64b_pj");
  EventCounters ev;
  for (int i = 0; i < kNumEvents; ++i) ev.add(static_cast<Event>(i), uint64_t(1) << 40);
  for (bool fuse : {false, true}) {
    const EnergyReport r = price(ev, t, array_64(fuse), 1000.0);
    require_finite(r.energy_pj, "energy");
    require_finite(r.power_mw, "power");
    require_finite(r.edp_pj_s, "EDP");
    require_no_null(r.to_json(), "energy report");
  }
}

void check_area(const std::string& text, size_t lines) {
  const std::string name = "fuzz_area.csv";
  AreaTable t;
  if (!fuzz::returns_or_throws<InputError>(
          [&] { t = load_area_table_text(text, name); },
          [&](const InputError& e) { fuzz::check_input_error(e, name, lines); }))
    return;
  fuzz::require(t.path == name, "table path is not the name given");
  for (const AreaEntry& e : t.rows)
    fuzz::require(e.area_um2 >= 0 && e.area_um2 <= kMaxTableValue,
                  e.component + " out of [0, kMaxTableValue]");
  const AreaReport r = area(array_64(false), t);
  require_finite(r.baseline_um2, "baseline area");
  require_finite(r.fuse_um2, "FuSe area");
  require_no_null(r.to_json(), "area report");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::as_text(data, size);
  const size_t lines = split_input_lines(text).size();
  check_generic(text, lines);
  check_energy(text, lines);
  check_area(text, lines);
  return 0;
}
