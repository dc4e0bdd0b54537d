#include "workloads/accelergy_export.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fusesim {
namespace {

/// Comment text on one line (YAML comments end at the line break).
std::string one_line(const std::string& s) {
  std::string o;
  for (char c : s) o += (c == '\n' || c == '\r') ? ' ' : c;
  return o;
}

}  // namespace

std::string yaml_number(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? ".nan" : (v > 0 ? ".inf" : "-.inf");
  char buf[40];
  for (int prec = 6; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string yaml_string(const std::string& s) {
  bool plain = !s.empty();
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ||
          c == '[' || c == ']'))
      plain = false;
  if (plain && (s[0] == '-' || s[0] == '[' || s[0] == '.')) plain = false;
  if (plain) {
    // Words YAML would read as something other than a string.
    static const char* const kReserved[] = {"null", "true", "false", "yes", "no", "on", "off", "~"};
    for (const char* w : kReserved)
      if (s == w) plain = false;
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    if (end == s.c_str() + s.size()) plain = false;
  }
  if (plain) return s;
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (c == '\n') {
      o += "\\n";
      continue;
    }
    o += c;
  }
  return o + "\"";
}

std::string to_ert_yaml(const EnergyTable& table, const std::vector<PricedAction>* derived,
                        const std::string& design) {
  std::ostringstream y;
  y << "# Energy reference table (Accelergy ERT v0.3 layout), written by fusesim from "
    << one_line(table.path) << "\n# energy in pJ per action\n";
  y << "ERT:\n  version: 0.3\n  tables:\n";
  std::vector<std::string> done;
  auto emit_component = [&](const std::string& comp) {
    y << "  - name: " << yaml_string(design + "." + comp) << "\n    actions:\n";
    for (const EnergyEntry& e : table.rows) {
      if (e.component != comp) continue;
      y << "    # "
        << one_line(e.component + "." + e.action + " [" + e.unit + ", " + e.tech_node +
                    "]: " + e.source)
        << "\n";
      y << "    - name: " << yaml_string(e.action)
        << "\n      arguments: null\n      energy: " << yaml_number(e.energy_pj) << "\n";
    }
  };
  for (const EnergyEntry& e : table.rows) {
    bool seen = false;
    for (const std::string& d : done) seen = seen || d == e.component;
    if (seen) continue;
    done.push_back(e.component);
    emit_component(e.component);
  }
  if (derived) {
    std::vector<std::string> dcomp;
    for (const PricedAction& p : *derived) {
      if (table.find(p.component, p.action)) continue;
      bool seen = false;
      for (const std::string& d : dcomp) seen = seen || d == p.component;
      if (!seen) dcomp.push_back(p.component);
    }
    for (const std::string& comp : dcomp) {
      y << "  - name: " << yaml_string(design + "." + comp) << "\n    actions:\n";
      std::vector<std::string> acts;
      for (const PricedAction& p : *derived) {
        if (p.component != comp) continue;
        bool seen = false;
        for (const std::string& a : acts) seen = seen || a == p.action;
        if (seen) continue;
        acts.push_back(p.action);
        y << "    # derived for this run (SRAM energy interpolated by size, per word)\n";
        y << "    - name: " << yaml_string(p.action)
          << "\n      arguments: null\n      energy: " << yaml_number(p.energy_each_pj) << "\n";
      }
    }
  }
  return y.str();
}

std::string to_art_yaml(const AreaTable& table, const std::string& design) {
  std::ostringstream y;
  y << "# Area reference table (Accelergy ART v0.3 layout), written by fusesim from "
    << one_line(table.path) << "\n# area in um^2 per instance (per the row's unit)\n";
  y << "ART:\n  version: 0.3\n  tables:\n";
  for (const AreaEntry& e : table.rows) {
    y << "  # " << one_line(e.component + " [" + e.unit + ", " + e.tech_node + "]: " + e.source)
      << "\n";
    y << "  - name: " << yaml_string(design + "." + e.component)
      << "\n    area: " << yaml_number(e.area_um2) << "\n";
  }
  return y.str();
}

std::string to_action_counts_yaml(const std::vector<PricedAction>& actions,
                                  const std::string& design) {
  struct Acc {
    std::string component;
    std::vector<std::pair<std::string, uint64_t>> counts;
  };
  std::vector<Acc> comps;
  for (const PricedAction& p : actions) {
    Acc* c = nullptr;
    for (Acc& a : comps)
      if (a.component == p.component) c = &a;
    if (!c) {
      comps.push_back(Acc{p.component, {}});
      c = &comps.back();
    }
    bool merged = false;
    for (auto& a : c->counts)
      if (a.first == p.action) {
        a.second += p.count;
        merged = true;
      }
    if (!merged) c->counts.emplace_back(p.action, p.count);
  }
  std::ostringstream y;
  y << "# Action counts of one fusesim run (Accelergy v0.3 layout); energy = counts x ERT energy\n";
  y << "action_counts:\n  version: 0.3\n  local:\n";
  for (const Acc& c : comps) {
    y << "  - name: " << yaml_string(design + "." + c.component) << "\n    action_counts:\n";
    for (const auto& a : c.counts)
      y << "    - name: " << yaml_string(a.first) << "\n      counts: " << a.second << "\n";
  }
  return y.str();
}

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << text;
  if (!out) throw std::runtime_error("error writing " + path);
}

}  // namespace fusesim
