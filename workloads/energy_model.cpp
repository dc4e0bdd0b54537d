#include "workloads/energy_model.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <stdexcept>

namespace fusesim {
namespace {

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

/// Splits one CSV line; returns false on an unterminated quote.
bool split_csv(const std::string& line, std::vector<std::string>* out) {
  out->clear();
  std::string cur;
  bool quoted = false;
  bool was_quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur += ch;
      }
    } else if (ch == '"' && trim(cur).empty()) {
      quoted = true;
      was_quoted = true;
      cur.clear();
    } else if (ch == ',') {
      out->push_back(was_quoted ? cur : trim(cur));
      cur.clear();
      was_quoted = false;
    } else {
      cur += ch;
    }
  }
  if (quoted) return false;
  out->push_back(was_quoted ? cur : trim(cur));
  return true;
}

/// Parses a whole-field decimal number (optional sign, digits, point, exponent) without the
/// locale; false for anything else: empty, trailing text, hex, inf, nan, or a magnitude a double
/// cannot hold.
bool parse_double(const std::string& s, double* v) {
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (first != last && *first == '+') {  // from_chars takes a '-' only
    ++first;
    if (first != last && *first == '-') return false;
  }
  double d = 0;
  const auto [ptr, ec] = std::from_chars(first, last, d, std::chars_format::general);
  if (first == last || ec != std::errc() || ptr != last || !std::isfinite(d)) return false;
  *v = d;
  return true;
}

/// sram_<n>KiB / sram_<n>MiB → bytes; 0 when the name does not match.
int64_t sram_bytes(const std::string& component) {
  const std::string pre = "sram_";
  if (component.compare(0, pre.size(), pre) != 0 || component.size() < pre.size() + 4) return 0;
  const std::string unit = component.substr(component.size() - 3);
  const std::string num = component.substr(pre.size(), component.size() - pre.size() - 3);
  if (num.empty() || num.size() > 9 ||
      !std::all_of(num.begin(), num.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return 0;
  const int64_t n = std::stoll(num);
  if (n <= 0) return 0;
  if (unit == "KiB") return n * 1024;
  if (unit == "MiB") return n * 1024 * 1024;
  return 0;
}

/// Actions price() needs from every table.
const std::vector<std::pair<std::string, std::string>>& required_actions() {
  static const std::vector<std::pair<std::string, std::string>> r = {
      {"multiplier_8b", "multiply"}, {"adder_32b", "add"},    {"register", "write_bit"},
      {"mux2", "pass_bit"},          {"clock", "flop_cycle"}, {"link", "transfer_bit"},
      {"bus", "wire_bit_pitch"},     {"bus", "drive_bit"},    {"data_en", "switch_pe"}};
  return r;
}

}  // namespace

int pe_flops(const ArrayConfig& cfg) {
  // h, v, s operand registers; acc + acc_valid; psum + valid; out + valid (shadow register).
  return 3 * kOperandBits + 2 * kWideBits + (cfg.overlap_drain ? kWideBits : 0);
}

int64_t prefetch_flops(const ArrayConfig& cfg) {
  if (!cfg.input_prefetch) return 0;
  // hp per PE, the prefetch feeder per row, the swap strobe.
  return (int64_t(cfg.rows) * cfg.cols + cfg.rows) * kOperandBits + 1;
}

int64_t array_flops(const ArrayConfig& cfg) {
  return int64_t(cfg.rows) * cfg.cols * pe_flops(cfg) + (cfg.fuse ? cfg.rows : 0) +
         prefetch_flops(cfg);
}

const std::string& TableCsvRow::at(const std::string& column) const {
  for (const auto& f : fields)
    if (f.first == column) return f.second;
  throw std::out_of_range("no column " + column);
}

std::vector<TableCsvRow> read_table_csv(const std::string& path,
                                        const std::vector<std::string>& required) {
  return read_table_csv_text(read_input_file(path), path, required);
}

std::vector<TableCsvRow> read_table_csv_text(const std::string& text, const std::string& path,
                                             const std::vector<std::string>& required) {
  std::vector<InputIssue> errors;
  std::vector<std::string> header;
  int header_line = 0;
  std::vector<TableCsvRow> rows;
  std::vector<std::string> cells;
  const std::vector<std::string> lines = split_input_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    const std::string t = trim(lines[i]);
    if (t.empty() || t[0] == '#') continue;
    if (!split_csv(t, &cells)) {
      errors.push_back(InputIssue{path, line, "row", "unterminated quoted field"});
      continue;
    }
    if (header.empty()) {
      header = cells;
      header_line = line;
      std::map<std::string, size_t> first;  // column name -> 1-based position
      for (size_t c = 0; c < header.size(); ++c) {
        const auto it = first.emplace(header[c], c + 1).first;
        if (it->second == c + 1) continue;
        const std::string name = header[c].empty() ? "column " + std::to_string(c + 1) : header[c];
        errors.push_back(
            InputIssue{path, line, name,
                       "duplicate column (first at column " + std::to_string(it->second) + ")"});
      }
      for (const std::string& r : required)
        if (std::find(header.begin(), header.end(), r) == header.end())
          errors.push_back(InputIssue{path, line, r, "missing column"});
      if (!errors.empty()) throw InputError(std::move(errors));
      continue;
    }
    if (cells.size() != header.size()) {
      errors.push_back(InputIssue{path, line, "row",
                                  "expected " + std::to_string(header.size()) + " fields, got " +
                                      std::to_string(cells.size())});
      continue;
    }
    TableCsvRow row;
    row.line = line;
    for (size_t c = 0; c < header.size(); ++c) row.fields.emplace_back(header[c], cells[c]);
    rows.push_back(std::move(row));
  }
  if (header_line == 0) errors.push_back(InputIssue{path, 0, "file", "empty file (no header)"});
  if (!errors.empty()) throw InputError(std::move(errors));
  return rows;
}

const EnergyEntry* EnergyTable::find(const std::string& component,
                                     const std::string& action) const {
  for (const EnergyEntry& e : rows)
    if (e.component == component && e.action == action) return &e;
  return nullptr;
}

double EnergyTable::energy(const std::string& component, const std::string& action) const {
  const EnergyEntry* e = find(component, action);
  if (!e) throw InputError(path, 0, "component", "missing row " + component + "." + action);
  return e->energy_pj;
}

std::vector<std::pair<int64_t, double>> EnergyTable::sram_points() const {
  std::vector<std::pair<int64_t, double>> pts;
  for (const EnergyEntry& e : rows) {
    const int64_t b = sram_bytes(e.component);
    if (b > 0 && e.action == "access_64b") pts.emplace_back(b, e.energy_pj);
  }
  std::sort(pts.begin(), pts.end());
  return pts;
}

double EnergyTable::sram_access_64b_pj(int64_t bytes) const {
  const auto pts = sram_points();
  if (pts.empty()) throw InputError(path, 0, "component", "no sram_<n>KiB,access_64b row");
  if (bytes <= pts.front().first) return pts.front().second;
  if (bytes >= pts.back().first) return pts.back().second;
  for (size_t i = 1; i < pts.size(); ++i) {
    if (bytes <= pts[i].first) {
      const double x0 = std::log2(double(pts[i - 1].first));
      const double x1 = std::log2(double(pts[i].first));
      const double t = (std::log2(double(bytes)) - x0) / (x1 - x0);
      return pts[i - 1].second + t * (pts[i].second - pts[i - 1].second);
    }
  }
  return pts.back().second;
}

const std::vector<std::pair<std::string, std::string>>& known_energy_actions() {
  static const std::vector<std::pair<std::string, std::string>> k = [] {
    auto v = required_actions();
    v.emplace_back("adder_8b", "add");
    v.emplace_back("multiplier_32b", "multiply");
    for (const char* dram : {"dram_ddr4", "dram_lpddr4", "dram_hbm2"})  // priced with a memory
      for (const char* action : {"read_byte", "write_byte"}) v.emplace_back(dram, action);
    return v;
  }();
  return k;
}

bool check_table_row(const std::string& path, const TableCsvRow& r,
                     const std::string& amount_column, const char* what, double* value,
                     std::vector<InputIssue>* errors) {
  bool ok = true;
  const std::string& a = r.at(amount_column);
  if (!parse_double(a, value)) {
    errors->push_back(
        InputIssue{path, r.line, amount_column, "expected a finite number, got '" + a + "'"});
    ok = false;
  } else if (*value < 0) {
    errors->push_back(
        InputIssue{path, r.line, amount_column, std::string("negative ") + what + " " + a});
    ok = false;
  } else if (*value > kMaxTableValue) {
    errors->push_back(InputIssue{path, r.line, amount_column,
                                 std::string(what) + " " + a + " is out of range (max 1e15)"});
    ok = false;
  }
  for (const char* f : {"unit", "tech_node", "source"}) {
    if (r.at(f).empty()) {
      errors->push_back(InputIssue{
          path, r.line, f, "empty (every row carries its unit, technology node and source)"});
      ok = false;
    }
  }
  return ok;
}

EnergyTable load_energy_table(const std::string& path) {
  return load_energy_table_text(read_input_file(path), path);
}

EnergyTable load_energy_table_text(const std::string& text, const std::string& path) {
  const auto csv = read_table_csv_text(
      text, path, {"component", "action", "energy_pj", "unit", "tech_node", "source"});
  std::vector<InputIssue> errors;
  auto err = [&](int line, const std::string& field, const std::string& detail) {
    errors.push_back(InputIssue{path, line, field, detail});
  };
  EnergyTable t;
  t.path = path;
  std::map<std::pair<std::string, std::string>, int> seen;
  std::map<int64_t, std::pair<std::string, int>> sram_sizes;  // bytes -> (component, line)
  for (const TableCsvRow& r : csv) {
    EnergyEntry e;
    e.line = r.line;
    e.component = r.at("component");
    e.action = r.at("action");
    e.unit = r.at("unit");
    e.tech_node = r.at("tech_node");
    e.source = r.at("source");
    bool ok = true;
    const bool sram = sram_bytes(e.component) > 0;
    bool component_known = sram;
    bool action_known = sram && e.action == "access_64b";
    for (const auto& ka : known_energy_actions()) {
      if (ka.first == e.component) {
        component_known = true;
        if (ka.second == e.action) action_known = true;
      }
    }
    if (!component_known) {
      err(r.line, "component", "unknown component '" + e.component + "'");
      ok = false;
    } else if (!action_known) {
      err(r.line, "action", "unknown action '" + e.action + "' of component " + e.component);
      ok = false;
    }
    if (!check_table_row(path, r, "energy_pj", "energy", &e.energy_pj, &errors)) ok = false;
    const auto key = std::make_pair(e.component, e.action);
    const auto it = seen.find(key);
    if (it != seen.end()) {
      err(r.line, "action",
          "duplicate row " + e.component + "." + e.action + " (first at line " +
              std::to_string(it->second) + ")");
      ok = false;
    } else {
      seen[key] = r.line;
    }
    if (ok && sram && action_known) {
      const auto size =
          sram_sizes.emplace(sram_bytes(e.component), std::make_pair(e.component, r.line));
      if (!size.second) {
        err(r.line, "component",
            e.component + " is the same size as " + size.first->second.first + " (line " +
                std::to_string(size.first->second.second) + ")");
        ok = false;
      }
    }
    if (ok) t.rows.push_back(e);
  }
  if (errors.empty()) {
    for (const auto& ra : required_actions())
      if (!t.find(ra.first, ra.second))
        err(0, "component", "missing row " + ra.first + "." + ra.second);
    if (t.sram_points().empty()) err(0, "component", "no sram_<n>KiB,access_64b row");
  }
  if (!errors.empty()) throw InputError(std::move(errors));
  return t;
}

std::string default_energy_table() {
  return std::string(FUSESIM_SOURCE_DIR) + "/configs/energy/45nm.csv";
}

std::vector<std::string> BufferSizes::validate() const {
  std::vector<std::string> e;
  if (left_bytes <= 0) e.push_back("left buffer size must be positive");
  if (top_bytes <= 0) e.push_back("top buffer size must be positive");
  if (bottom_bytes <= 0) e.push_back("bottom buffer size must be positive");
  return e;
}

const std::vector<std::string>& energy_categories() {
  static const std::vector<std::string> c = {
      "mac", "registers",   "accumulator", "links",         "bus",
      "mux", "left_buffer", "top_buffer",  "bottom_buffer", "clock"};
  return c;
}

uint64_t operand_link_transfers(const EventCounters& ev) {
  auto sub = [](uint64_t a, uint64_t b) { return a > b ? a - b : 0; };
  const uint64_t left_operands = sub(ev.get(Event::kLeftRead), ev.get(Event::kBusDrive));
  // h writes through the swap mux came over the hp link (priced as prefetch_link_transfer).
  const uint64_t h_links =
      sub(sub(ev.get(Event::kHRegWrite), ev.get(Event::kPrefetchSwapWrite)), left_operands);
  const uint64_t v_links =
      sub(ev.get(Event::kVRegWrite), ev.get(Event::kTopRead) + ev.get(Event::kBusFanout));
  return std::min(h_links + v_links, ev.get(Event::kLinkTransfer));
}

std::vector<PricedAction> priced_actions(const EventCounters& ev, const EnergyTable& table,
                                         const ArrayConfig& cfg, const EnergyParams& params) {
  const auto berr = params.buffers.validate();
  if (!berr.empty()) throw std::invalid_argument(berr.front());
  std::vector<PricedAction> a;
  auto add = [&](const std::string& comp, const std::string& act, uint64_t count,
                 const std::string& cat) {
    a.push_back(PricedAction{comp, act, count, table.energy(comp, act), cat});
  };
  auto add_derived = [&](const std::string& comp, const std::string& act, uint64_t count,
                         double each, const std::string& cat) {
    a.push_back(PricedAction{comp, act, count, each, cat});
  };
  const uint64_t macs = ev.get(Event::kMac);
  const uint64_t zero = std::min(macs, ev.get(Event::kMacZeroOperand));
  add("multiplier_8b", "multiply", params.gate_zero_operand_multiplies ? macs - zero : macs, "mac");
  add("adder_32b", "add", macs, "mac");
  const uint64_t op_writes =
      ev.get(Event::kHRegWrite) + ev.get(Event::kVRegWrite) + ev.get(Event::kSRegWrite);
  add("register", "write_bit", op_writes * kOperandBits, "registers");
  const uint64_t wide_writes =
      ev.get(Event::kAccUpdate) + ev.get(Event::kOutRegWrite) + ev.get(Event::kPsumRegWrite);
  // Same table row, reported under its own category: one PricedAction per category.
  add("register", "write_bit", wide_writes * kWideBits, "accumulator");
  const uint64_t op_links = operand_link_transfers(ev);
  const uint64_t wide_links = ev.get(Event::kLinkTransfer) - op_links;
  add("link", "transfer_bit", op_links * kOperandBits + wide_links * kWideBits, "links");
  add("bus", "drive_bit", ev.get(Event::kBusDrive) * kOperandBits, "bus");
  add("bus", "wire_bit_pitch", ev.get(Event::kBusFanout) * kOperandBits, "bus");
  add("data_en", "switch_pe", ev.get(Event::kDataEnSwitch) * uint64_t(cfg.cols), "mux");
  add("mux2", "pass_bit", cfg.fuse ? ev.get(Event::kVRegWrite) * kOperandBits : 0, "mux");
  const BufferSizes& b = params.buffers;
  const double per_bit_left = table.sram_access_64b_pj(b.left_bytes) / 64.0;
  const double per_bit_top = table.sram_access_64b_pj(b.top_bytes) / 64.0;
  const double per_bit_bottom = table.sram_access_64b_pj(b.bottom_bytes) / 64.0;
  add_derived("left_buffer", "read", ev.get(Event::kLeftRead), per_bit_left * kBufferOperandBits,
              "left_buffer");
  add_derived("top_buffer", "read", ev.get(Event::kTopRead), per_bit_top * kBufferOperandBits,
              "top_buffer");
  add_derived("bottom_buffer", "read", ev.get(Event::kBottomRead),
              per_bit_bottom * kBufferResultBits, "bottom_buffer");
  add_derived("bottom_buffer", "write", ev.get(Event::kBottomWrite),
              per_bit_bottom * kBufferResultBits, "bottom_buffer");
  add("clock", "flop_cycle", ev.get(Event::kCycle) * uint64_t(array_flops(cfg)), "clock");
  if (cfg.input_prefetch) {
    // Input prefetch: the hp registers and their links, the swap mux every h write passes, and
    // the prefetch feeder's left-scratchpad reads (its flops are in the clock's count).
    add("register", "write_bit", ev.get(Event::kPrefetchRegWrite) * kOperandBits, "prefetch");
    add("link", "transfer_bit", ev.get(Event::kPrefetchLinkTransfer) * kOperandBits, "prefetch");
    add("mux2", "pass_bit", ev.get(Event::kHRegWrite) * kOperandBits, "prefetch");
    add_derived("left_buffer", "prefetch_read", ev.get(Event::kPrefetchRead),
                per_bit_left * kBufferOperandBits, "left_buffer");
  }
  return a;
}

double EnergyReport::category_pj(const std::string& category) const {
  for (const auto& b : breakdown)
    if (b.first == category) return b.second;
  return 0;
}

nlohmann::json EnergyReport::to_json() const {
  nlohmann::json j;
  j["energy_pj"] = energy_pj;
  j["power_mw"] = power_mw;
  j["pj_per_mac"] = pj_per_mac;
  j["edp_pj_s"] = edp_pj_s;
  j["edp_pj_cycles"] = edp_pj_cycles;
  j["cycles"] = cycles;
  j["macs"] = macs;
  j["clock_mhz"] = clock_mhz;
  nlohmann::json br = nlohmann::json::object();
  for (const auto& b : breakdown) br[b.first] = b.second;
  j["breakdown"] = br;
  nlohmann::json acts = nlohmann::json::array();
  for (const PricedAction& p : actions)
    acts.push_back({{"component", p.component},
                    {"action", p.action},
                    {"count", p.count},
                    {"energy_each_pj", p.energy_each_pj},
                    {"energy_pj", p.energy_pj()},
                    {"category", p.category}});
  j["actions"] = acts;
  if (!memory.is_null()) j["memory"] = memory;
  j["config"] = {{"energy_table", table_path},
                 {"fuse", fuse},
                 {"left_buffer_bytes", buffers.left_bytes},
                 {"top_buffer_bytes", buffers.top_bytes},
                 {"bottom_buffer_bytes", buffers.bottom_bytes},
                 {"leakage_modelled", false}};
  return j;
}

EnergyReport price(const EventCounters& ev, const EnergyTable& table, const ArrayConfig& cfg,
                   double clock_mhz, const EnergyParams& params) {
  if (!(clock_mhz > 0) || !std::isfinite(clock_mhz))
    throw std::invalid_argument("clock_mhz must be positive");
  EnergyReport r;
  r.actions = priced_actions(ev, table, cfg, params);
  r.cycles = ev.get(Event::kCycle);
  r.macs = ev.get(Event::kMac);
  r.clock_mhz = clock_mhz;
  r.table_path = table.path;
  r.fuse = cfg.fuse;
  r.buffers = params.buffers;
  for (const std::string& c : energy_categories()) r.breakdown.emplace_back(c, 0.0);
  if (cfg.input_prefetch) r.breakdown.emplace_back("prefetch", 0.0);
  for (const PricedAction& p : r.actions) {
    for (auto& b : r.breakdown)
      if (b.first == p.category) b.second += p.energy_pj();
  }
  for (const auto& b : r.breakdown) r.energy_pj += b.second;
  const double seconds = double(r.cycles) / (clock_mhz * 1e6);
  r.power_mw = r.cycles > 0 ? r.energy_pj * 1e-12 / seconds * 1e3 : 0.0;
  r.pj_per_mac = r.macs > 0 ? r.energy_pj / double(r.macs) : 0.0;
  r.edp_pj_cycles = r.energy_pj * double(r.cycles);
  r.edp_pj_s = r.energy_pj * seconds;
  return r;
}

}  // namespace fusesim
