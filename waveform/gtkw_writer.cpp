#include "waveform/gtkw_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "waveform/vcd_reader.h"

namespace fusesim {

namespace {

// GTKWave trace flags (a save file writes them in hexadecimal after '@').
constexpr unsigned kHex = 1u << 1;
constexpr unsigned kBin = 1u << 3;
constexpr unsigned kRightJustify = 1u << 5;
constexpr unsigned kBlank = 1u << 9;
constexpr unsigned kSigned = 1u << 10;
constexpr unsigned kFileTranslated = 1u << 13;  // TR_FTRANSLATED: a translate filter file applies
constexpr unsigned kGroupBegin = 1u << 23;
constexpr unsigned kGroupEnd = 1u << 24;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "prefix<digits>" → the number.
bool indexed(const std::string& comp, const std::string& prefix, int* idx) {
  if (comp.size() <= prefix.size() || comp.compare(0, prefix.size(), prefix) != 0) return false;
  const std::string d = comp.substr(prefix.size());
  if (!all_digits(d) || d.size() > 9) return false;
  *idx = std::stoi(d);
  return true;
}

// "pe_<r>_<c>" → row and column.
bool pe_index(const std::string& comp, int* r, int* c) {
  if (comp.compare(0, 3, "pe_") != 0) return false;
  const auto p = split(comp.substr(3), '_');
  if (p.size() != 2 || !all_digits(p[0]) || !all_digits(p[1]) || p[0].size() > 9 || p[1].size() > 9)
    return false;
  *r = std::stoi(p[0]);
  *c = std::stoi(p[1]);
  return true;
}

enum class Kind { kMarker, kPe, kBus, kControl, kMemory, kOther };

struct Classified {
  Kind kind = Kind::kOther;
  int group = 0;           // row for kPe
  int key0 = 0, key1 = 0;  // sort keys inside the group (then the order given)
  size_t short_from = 0;   // first path component of the short (alias) name
};

Classified classify(const std::string& name) {
  const auto comps = split(name, '.');
  Classified k;
  for (size_t i = 0; i < comps.size(); ++i) {
    const std::string& s = comps[i];
    int a = 0, b = 0;
    if (s == "marker" && i + 1 < comps.size()) {
      static const char* const kMarks[] = {"layer", "fold_issue", "run_edge"};
      int rank = 3;
      for (int j = 0; j < 3; ++j)
        if (comps[i + 1] == kMarks[j]) rank = j;
      return {Kind::kMarker, 0, 0, rank, i + 1};
    }
    if (pe_index(s, &a, &b)) {
      // Registers in datapath order whatever order they come in (a VCD sorts them by name).
      static const char* const kRegs[] = {"h_reg",    "h_flags",    "v_reg",    "v_flags",
                                          "stat_reg", "acc",        "out_reg",  "out_valid",
                                          "psum_reg", "psum_valid", "drain_reg"};
      constexpr int kN = int(sizeof kRegs / sizeof kRegs[0]);
      int rank = kN;
      if (i + 1 < comps.size())
        for (int j = 0; j < kN; ++j)
          if (comps[i + 1] == kRegs[j]) rank = j;
      return {Kind::kPe, a, b, rank, i};
    }
    if (indexed(s, "bus_", &a)) return {Kind::kBus, 0, a, 0, i};
    if (indexed(s, "data_en_", &a)) return {Kind::kBus, 0, a, 1, i};
    if (indexed(s, "left_feeder_", &a)) return {Kind::kControl, 0, 0, a, i};
    if (indexed(s, "top_feeder_", &a)) return {Kind::kControl, 0, 1, a, i};
    if (indexed(s, "col_en_", &a)) return {Kind::kControl, 0, 2, a, i};
    if (indexed(s, "drain_idx_", &a)) return {Kind::kControl, 0, 3, a, i};
    if (s == "latch" && i + 1 == comps.size()) return {Kind::kControl, 0, 4, 0, i};
    if (s == "out_sel" && i + 1 == comps.size()) return {Kind::kControl, 0, 5, 0, i};
    if (s == "memory" && i + 1 < comps.size()) return {Kind::kMemory, 0, 0, 0, i + 1};
  }
  k.short_from = comps.size() - 1;
  return k;
}

bool has_range(const std::string& n) {
  return !n.empty() && n.back() == ']' && n.find('[') != std::string::npos;
}

bool ends_with(const std::string& s, const std::string& t) {
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

std::string hex_flags(unsigned f) {
  char b[16];
  std::snprintf(b, sizeof b, "@%x", f);
  return b;
}

}  // namespace

bool gtkw_is_flag_field(const std::string& name) {
  std::string n = name;
  if (has_range(n)) n.resize(n.rfind('['));
  return ends_with(n, ".flags") || ends_with(n, "_flags");
}

namespace {

unsigned display_flags(const GtkwSignal& s, bool filter) {
  if (s.width <= 1) return kBin | kRightJustify;
  if (gtkw_is_flag_field(s.name)) return kHex | kRightJustify | (filter ? kFileTranslated : 0u);
  return kSigned | kRightJustify;
}

// The register a PE signal names ("pe_0_1.psum_reg" → "psum_reg"); empty for other signals.
std::string pe_register(const std::string& name) {
  const auto comps = split(name, '.');
  int r = 0, c = 0;
  for (size_t i = 0; i + 1 < comps.size(); ++i)
    if (pe_index(comps[i], &r, &c)) return comps[i + 1];
  return "";
}

std::string full_name(const GtkwSignal& s, const std::string& prefix) {
  std::string n = s.name;
  if (!prefix.empty() && n.compare(0, prefix.size(), prefix) != 0) n = prefix + n;
  if (s.width > 1 && !has_range(n)) n += "[" + std::to_string(s.width - 1) + ":0]";
  return n;
}

std::string short_name(const std::string& name) {
  const auto comps = split(name, '.');
  const Classified k = classify(name);
  // GTKWave shows only the text after the last '.' of a name, aliases included: join with '/'.
  std::string out;
  for (size_t i = k.short_from; i < comps.size(); ++i) out += (out.empty() ? "" : "/") + comps[i];
  return out;
}

}  // namespace

int gtkw_default_width(const std::string& name) {
  if (has_range(name)) {  // "[msb:lsb]" or "[bit]", kept as written
    const std::string r = name.substr(name.rfind('[') + 1, name.size() - name.rfind('[') - 2);
    const auto p = split(r, ':');
    if (p.size() == 2 && all_digits(p[0]) && all_digits(p[1]) && p[0].size() < 9 && p[1].size() < 9)
      return std::abs(std::stoi(p[0]) - std::stoi(p[1])) + 1;
    return 1;
  }
  const auto comps = split(name, '.');
  const std::string& last = comps.back();
  int idx = 0;
  if (last == "flags" || ends_with(last, "_flags")) return 3;
  if (last == "valid" || last == "latch" || indexed(last, "data_en_", &idx) ||
      indexed(last, "col_en_", &idx))
    return 1;
  return 32;  // *.val, acc, stat_reg, drain_idx_c
}

std::vector<GtkwGroup> gtkw_groups(const std::vector<GtkwSignal>& signals) {
  struct Item {
    Classified k;
    size_t order;
    const GtkwSignal* s;
  };
  std::vector<Item> items;
  for (size_t i = 0; i < signals.size(); ++i)
    items.push_back({classify(signals[i].name), i, &signals[i]});
  auto by_keys = [](const Item& a, const Item& b) {
    if (a.k.key0 != b.k.key0) return a.k.key0 < b.k.key0;
    if (a.k.key1 != b.k.key1) return a.k.key1 < b.k.key1;
    return a.order < b.order;
  };
  std::vector<GtkwGroup> out;
  std::vector<int> rows;
  for (const Item& it : items)
    if (it.k.kind == Kind::kPe) rows.push_back(it.k.group);
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  auto collect = [&](Kind kind, int group, const std::string& title, bool sort) {
    std::vector<Item> sel;
    for (const Item& it : items)
      if (it.k.kind == kind && (kind != Kind::kPe || it.k.group == group)) sel.push_back(it);
    if (sel.empty()) return;
    if (sort) std::sort(sel.begin(), sel.end(), by_keys);
    GtkwGroup g{title, {}};
    for (const Item& it : sel) g.signals.push_back(*it.s);
    out.push_back(std::move(g));
  };
  collect(Kind::kMarker, 0, "Markers", true);
  for (int r : rows) collect(Kind::kPe, r, "Row " + std::to_string(r), true);
  collect(Kind::kBus, 0, "Broadcast buses and DataEn", true);
  collect(Kind::kControl, 0, "Feeders and drain control", true);
  collect(Kind::kMemory, 0, "Memory", false);
  collect(Kind::kOther, 0, "Other", false);
  return out;
}

std::string gtkw_text(const std::string& vcd_path, const std::vector<GtkwSignal>& signals,
                      const GtkwOptions& opt) {
  std::ostringstream s;
  s << "[*] GTKWave save file written by fusesim (waveform/gtkw_writer.cpp)\n";
  s << "[dumpfile] \"" << (opt.dumpfile.empty() ? vcd_path : opt.dumpfile) << "\"\n";
  s << "[timestart] " << opt.time_start << "\n";
  s << "[size] " << opt.width_px << " " << opt.height_px << "\n";
  s << "[pos] -1 -1\n";
  if (opt.time_end > opt.time_start) {
    // GTKWave draws 200 * 2^z pixels per time unit at zoom z (measured with 3.3.118; z > 0
    // is clamped to 0 for a 1-unit VCD); fit the window into the wave pane beside the two
    // name panes.
    const double pane = std::max(200, opt.width_px - 520);
    const double z = std::min(
        0.0, std::floor(std::log2(pane / (200.0 * double(opt.time_end - opt.time_start)))));
    char b[64];
    std::snprintf(b, sizeof b, "*%.6f -1", z);
    s << b;
    for (int i = 0; i < 26; ++i) s << " -1";
    s << "\n";
  }
  std::string scope = opt.scope_prefix;
  if (!scope.empty() && scope.back() == '.') {
    // Open the tree down to the array in the signal search tree.
    s << "[treeopen] " << scope << "\n";
  }
  s << "[sst_width] 220\n[signals_width] 260\n[sst_expanded] 1\n[sst_vpaned_height] 220\n";
  std::vector<GtkwSignal> shown;
  for (const GtkwSignal& sig : signals) {
    const std::string reg = pe_register(sig.name);
    if (reg.empty() || std::find(opt.hidden_registers.begin(), opt.hidden_registers.end(), reg) ==
                           opt.hidden_registers.end())
      shown.push_back(sig);
  }
  const bool filter = !opt.flags_filter.empty();
  for (const GtkwGroup& g : gtkw_groups(shown)) {
    s << hex_flags(kGroupBegin | kBlank) << "\n-" << g.title << "\n";
    unsigned last = 0;
    for (const GtkwSignal& sig : g.signals) {
      const unsigned f = display_flags(sig, filter);
      if (f != last) s << hex_flags(f) << "\n";
      // "^1 FILE" loads FILE as translate filter 1 and applies it to the traces that follow
      // with the translated flag set (GTKWave's savefile reader; docs/user-guide.md §6).
      if ((f & kFileTranslated) && !(last & kFileTranslated))
        s << "^1 " << opt.flags_filter << "\n";
      last = f;
      const std::string full = full_name(sig, opt.scope_prefix);
      if (opt.aliases) s << "+{" << short_name(sig.name) << "} ";
      s << full << "\n";
    }
    s << hex_flags(kGroupEnd | kBlank) << "\n-" << g.title << "\n";
  }
  s << "[pattern_trace] 1\n[pattern_trace] 0\n";
  return s.str();
}

std::string gtkw_text(const std::string& vcd_path, const std::vector<std::string>& signals,
                      const GtkwOptions& opt) {
  std::vector<GtkwSignal> v;
  v.reserve(signals.size());
  for (const std::string& n : signals) v.push_back({n, gtkw_default_width(n)});
  return gtkw_text(vcd_path, v, opt);
}

namespace {
std::string vcd_stem(std::string v) {
  if (ends_with(v, ".vcd") && v.size() > 4) v.resize(v.size() - 4);
  return v;
}
}  // namespace

std::string gtkw_save_name(const std::string& vcd_path) { return vcd_stem(vcd_path) + ".gtkw"; }
std::string gtkw_filter_name(const std::string& vcd_path) { return vcd_stem(vcd_path) + ".flag"; }

std::string gtkw_flags_filter_text() {
  std::ostringstream s;
  s << "# GTKWave translate filter for fusesim's operand flags (bit 0 valid, 1 first, 2 last),\n"
       "# written by fusesim (waveform/gtkw_writer.cpp). Each line: the value as GTKWave shows it\n"
       "# in hexadecimal, then the text shown instead.\n";
  for (unsigned v = 0; v < 8; ++v) {
    std::string t;
    if (v & 1u) t += "valid";
    if (v & 2u) t += t.empty() ? "first" : "+first";
    if (v & 4u) t += t.empty() ? "last" : "+last";
    if (t.empty()) t = "-";
    char b[8];
    std::snprintf(b, sizeof b, "%x", v);
    s << b << " " << t << "\n";
    std::snprintf(b, sizeof b, "%02x", v);  // the same flags traced 8 bits wide
    s << b << " " << t << "\n";
  }
  return s.str();
}

std::string gtkw_text_from_vcd(const std::string& vcd_path, const GtkwOptions& opt) {
  const VcdReader vcd = VcdReader::load(vcd_path);
  std::vector<GtkwSignal> v;
  for (const VcdVar& var : vcd.vars()) {
    std::string n = var.name;
    if (!opt.scope_prefix.empty() && n.compare(0, opt.scope_prefix.size(), opt.scope_prefix) == 0)
      n = n.substr(opt.scope_prefix.size());
    v.push_back({n, var.width});
  }
  GtkwOptions o = opt;
  if (o.time_end < 0) o.time_end = vcd.end_time();
  return gtkw_text(vcd_path, v, o);
}

}  // namespace fusesim
