#include "workloads/scalesim_io.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <tuple>

#include "workloads/scalesim_text.h"

namespace fusesim {

using namespace scalesim_text;  // NOLINT: the readers' own helpers

namespace {

// ---------------------------------------------------------------------------------------------
// Config

enum class Section { kNone, kGeneral, kArch, kRun, kNetwork, kIgnored };

/// A key fusesim reads: the section it lives in and its spelling in SCALE-Sim's sample config.
struct KeyInfo {
  Section section;
  const char* name;
};

const std::map<std::string, KeyInfo>& known_keys() {
  static const std::map<std::string, KeyInfo> keys = {
      {"run_name", {Section::kGeneral, "run_name"}},
      {"arrayheight", {Section::kArch, "ArrayHeight"}},
      {"arraywidth", {Section::kArch, "ArrayWidth"}},
      {"ifmapsramszkb", {Section::kArch, "IfmapSramSzkB"}},
      {"filtersramszkb", {Section::kArch, "FilterSramSzkB"}},
      {"ofmapsramszkb", {Section::kArch, "OfmapSramSzkB"}},
      {"ifmapoffset", {Section::kArch, "IfmapOffset"}},
      {"filteroffset", {Section::kArch, "FilterOffset"}},
      {"ofmapoffset", {Section::kArch, "OfmapOffset"}},
      {"dataflow", {Section::kArch, "Dataflow"}},
      {"bandwidth", {Section::kArch, "Bandwidth"}},
      {"memorybanks", {Section::kArch, "MemoryBanks"}},
      {"interfacebandwidth", {Section::kRun, "InterfaceBandwidth"}},
      {"topologycsvloc", {Section::kNetwork, "TopologyCsvLoc"}},
      // SCALE-Sim v3 only: recognised (they make the file a v3 config), not modelled.
      {"readrequestbuffer", {Section::kArch, "ReadRequestBuffer"}},
      {"writerequestbuffer", {Section::kArch, "WriteRequestBuffer"}},
      {"useramulatortrace", {Section::kRun, "UseRamulatorTrace"}},
  };
  return keys;
}

const char* section_name(Section s) {
  switch (s) {
    case Section::kGeneral:
      return "general";
    case Section::kArch:
      return "architecture_presets";
    case Section::kRun:
      return "run_presets";
    case Section::kNetwork:
      return "network_presets";
    default:
      return "";
  }
}

/// Removes an inline comment: '#' or ';' preceded by whitespace.
std::string strip_inline_comment(const std::string& v) {
  for (size_t i = 1; i < v.size(); ++i) {
    if ((v[i] == '#' || v[i] == ';') && std::isspace(static_cast<unsigned char>(v[i - 1])))
      return v.substr(0, i);
  }
  return v;
}

/// Cross-field and range checks shared by validate() and the reader: (field, detail) pairs.
std::vector<std::pair<std::string, std::string>> config_problems(const ScaleSimConfig& c) {
  std::vector<std::pair<std::string, std::string>> p;
  auto positive = [&](const char* f, int64_t v) {
    if (v <= 0) p.emplace_back(f, "must be >= 1 (got " + std::to_string(v) + ")");
  };
  auto non_negative = [&](const char* f, int64_t v) {
    if (v < 0) p.emplace_back(f, "must be >= 0 (got " + std::to_string(v) + ")");
  };
  positive("ArrayHeight", c.array_height);
  positive("ArrayWidth", c.array_width);
  positive("IfmapSramSzkB", c.ifmap_sram_kb);
  positive("FilterSramSzkB", c.filter_sram_kb);
  positive("OfmapSramSzkB", c.ofmap_sram_kb);
  non_negative("IfmapOffset", c.ifmap_offset);
  non_negative("FilterOffset", c.filter_offset);
  non_negative("OfmapOffset", c.ofmap_offset);
  positive("MemoryBanks", c.memory_banks);
  for (int64_t bw : c.bandwidths) positive("Bandwidth", bw);
  if (c.use_user_bandwidth) {
    if (c.bandwidths.empty()) {
      p.emplace_back("Bandwidth", "required when InterfaceBandwidth is USER");
    } else if (c.memory_banks > 0 && c.bandwidths.size() != static_cast<size_t>(c.memory_banks)) {
      p.emplace_back("Bandwidth",
                     "InterfaceBandwidth USER needs one bandwidth per memory bank: got " +
                         std::to_string(c.bandwidths.size()) + " for MemoryBanks " +
                         std::to_string(c.memory_banks));
    }
  }
  return p;
}

}  // namespace

const char* to_string(ScaleSimDataflow df) {
  switch (df) {
    case ScaleSimDataflow::kOs:
      return "os";
    case ScaleSimDataflow::kWs:
      return "ws";
    case ScaleSimDataflow::kIs:
      return "is";
  }
  return "?";
}

std::vector<std::string> ScaleSimConfig::validate() const {
  std::vector<std::string> out;
  for (const auto& [field, detail] : config_problems(*this)) out.push_back(field + ": " + detail);
  return out;
}

ScaleSimConfig read_scalesim_config(const std::string& path, std::vector<std::string>* warnings) {
  return read_scalesim_config_text(read_input_file(path), path, warnings);
}

ScaleSimConfig read_scalesim_config_text(const std::string& text, const std::string& path,
                                         std::vector<std::string>* warnings) {
  const std::vector<std::string> lines = split_input_lines(text);

  ScaleSimConfig cfg;
  std::vector<InputIssue> errors;
  auto error = [&](int line, const std::string& field, const std::string& detail) {
    errors.push_back(InputIssue{path, line, field, detail});
  };
  auto warn = [&](int line, const std::string& field, const std::string& detail) {
    if (warnings) warnings->push_back(InputIssue{path, line, field, detail}.message());
  };

  Section section = Section::kNone;
  std::string section_label;
  std::map<std::string, int> seen_sections;  // lower-case name -> line
  std::map<std::string, int> seen_keys;      // "section/key" -> line
  std::map<std::string, int> key_line;       // lower-case key -> line (known keys)

  for (size_t i = 0; i < lines.size(); ++i) {
    const int ln = static_cast<int>(i) + 1;
    const std::string t = trim(lines[i]);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;

    if (t[0] == '[') {
      if (t.back() != ']') {
        error(ln, "section", "malformed section header " + quoted(t));
        section = Section::kIgnored;
        continue;
      }
      section_label = trim(t.substr(1, t.size() - 2));
      const std::string name = lower(section_label);
      auto [it, fresh] = seen_sections.emplace(name, ln);
      if (!fresh) {
        error(ln, "[" + section_label + "]",
              "duplicate section (first at line " + std::to_string(it->second) + ")");
      }
      if (name == "general")
        section = Section::kGeneral;
      else if (name == "architecture_presets")
        section = Section::kArch;
      else if (name == "run_presets")
        section = Section::kRun;
      else if (name == "network_presets")
        section = Section::kNetwork;
      else {
        section = Section::kIgnored;
        const bool scalesim_section =
            name == "sparsity" || name == "layout" || name == "memory_map_files";
        warn(ln, "[" + section_label + "]",
             scalesim_section ? "SCALE-Sim section not modelled by fusesim; its keys are ignored"
                              : "unknown section; its keys are ignored");
      }
      continue;
    }

    const size_t sep = t.find_first_of(":=");
    if (sep == std::string::npos) {
      error(ln, t, "expected 'key: value' or 'key = value'");
      continue;
    }
    const std::string key = trim(t.substr(0, sep));
    const std::string value = trim(strip_inline_comment(t.substr(sep + 1)));
    if (key.empty()) {
      error(ln, "key", "empty key before " + quoted(std::string(1, t[sep])));
      continue;
    }
    if (section == Section::kNone) {
      error(ln, key, "key outside any [section]");
      continue;
    }
    const std::string lkey = lower(key);
    auto [dup, fresh] = seen_keys.emplace(lower(section_label) + "/" + lkey, ln);
    if (!fresh) {
      error(ln, key, "duplicate key (first at line " + std::to_string(dup->second) + ")");
      continue;
    }
    if (section == Section::kIgnored) continue;

    auto known = known_keys().find(lkey);
    if (known == known_keys().end() || known->second.section != section) {
      warn(ln, key, std::string("unknown key in [") + section_label + "], ignored");
      continue;
    }
    key_line[lkey] = ln;

    auto positive_int = [&](int64_t* out, int64_t max) {
      int64_t v = 0;
      if (!parse_int64(value, &v) || v <= 0) {
        error(ln, key, "expected a positive integer, got " + quoted(value));
      } else if (v > max) {
        error(ln, key, "value " + value + " is out of range (max " + std::to_string(max) + ")");
      } else {
        *out = v;
      }
    };
    auto positive_int32 = [&](int* out) {
      int64_t v = *out;
      positive_int(&v, INT_MAX);
      *out = static_cast<int>(v);
    };
    auto non_negative_int = [&](int64_t* out) {
      int64_t v = 0;
      if (!parse_int64(value, &v) || v < 0) {
        error(ln, key, "expected a non-negative integer, got " + quoted(value));
      } else {
        *out = v;
      }
    };

    if (lkey == "readrequestbuffer" || lkey == "writerequestbuffer" ||
        lkey == "useramulatortrace") {
      if (cfg.version < 3) cfg.version_key = key;
      cfg.version = 3;
      warn(ln, key,
           "SCALE-Sim v3 key, not modelled by fusesim; ignored (it selects v3's report "
           "layout)");
    } else if ((lkey == "run_name" || lkey == "topologycsvloc") && !is_clean_utf8_text(value)) {
      error(ln, key, quoted(value) + " is not UTF-8 text without control characters");
    } else if (lkey == "run_name") {
      cfg.run_name = value;
    } else if (lkey == "arrayheight") {
      positive_int32(&cfg.array_height);
    } else if (lkey == "arraywidth") {
      positive_int32(&cfg.array_width);
    } else if (lkey == "ifmapsramszkb") {
      positive_int(&cfg.ifmap_sram_kb, INT64_MAX / 1024);
    } else if (lkey == "filtersramszkb") {
      positive_int(&cfg.filter_sram_kb, INT64_MAX / 1024);
    } else if (lkey == "ofmapsramszkb") {
      positive_int(&cfg.ofmap_sram_kb, INT64_MAX / 1024);
    } else if (lkey == "ifmapoffset") {
      non_negative_int(&cfg.ifmap_offset);
    } else if (lkey == "filteroffset") {
      non_negative_int(&cfg.filter_offset);
    } else if (lkey == "ofmapoffset") {
      non_negative_int(&cfg.ofmap_offset);
    } else if (lkey == "memorybanks") {
      positive_int32(&cfg.memory_banks);
    } else if (lkey == "dataflow") {
      const std::string df = lower(value);
      if (df == "os")
        cfg.dataflow = ScaleSimDataflow::kOs;
      else if (df == "ws")
        cfg.dataflow = ScaleSimDataflow::kWs;
      else if (df == "is")
        cfg.dataflow = ScaleSimDataflow::kIs;
      else
        error(ln, key, "expected os, ws or is, got " + quoted(value));
    } else if (lkey == "bandwidth") {
      std::vector<int64_t> bws;
      bool ok = !value.empty();
      size_t start = 0;
      while (ok) {
        const size_t comma = value.find(',', start);
        int64_t v = 0;
        const std::string item =
            value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!parse_int64(item, &v) || v <= 0)
          ok = false;
        else
          bws.push_back(v);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (ok)
        cfg.bandwidths = bws;
      else
        error(ln, key,
              "expected a comma-separated list of positive integers, got " + quoted(value));
    } else if (lkey == "interfacebandwidth") {
      const std::string mode = lower(value);
      if (mode == "user")
        cfg.use_user_bandwidth = true;
      else if (mode == "calc")
        cfg.use_user_bandwidth = false;
      else
        error(ln, key, "expected USER or CALC, got " + quoted(value));
    } else if (lkey == "topologycsvloc") {
      std::string p = value;
      if (p.size() >= 2 && (p.front() == '"' || p.front() == '\'') && p.back() == p.front())
        p = p.substr(1, p.size() - 2);
      cfg.topology_path = p;
      warn(ln, key, "not used: fusesim reads the topology named by --topology");
    }
  }
  // Offsets only place SCALE-Sim's trace addresses; fusesim's DRAM traces have their own map.
  const ScaleSimConfig defaults;
  for (const auto& [k, v, d] : {std::tuple<const char*, int64_t, int64_t>{
                                    "ifmapoffset", cfg.ifmap_offset, defaults.ifmap_offset},
                                {"filteroffset", cfg.filter_offset, defaults.filter_offset},
                                {"ofmapoffset", cfg.ofmap_offset, defaults.ofmap_offset}}) {
    auto it = key_line.find(k);
    if (it != key_line.end() && v != d)
      warn(it->second, known_keys().at(k).name,
           "not modelled: fusesim's DRAM traces use their own address map; ignored");
  }

  for (const char* required : {"arrayheight", "arraywidth", "dataflow"}) {
    if (key_line.count(required)) continue;
    error(0, known_keys().at(required).name,
          std::string("required key missing from [") + section_name(Section::kArch) + "]");
  }
  // Malformed values were not stored, so what validate() finds now is a cross-field problem;
  // it is skipped only for a key that already has an error.
  for (const auto& [field, detail] : config_problems(cfg)) {
    bool already = false;
    for (const InputIssue& e : errors) already = already || lower(e.field) == lower(field);
    if (already) continue;
    auto it = key_line.find(lower(field));
    error(it == key_line.end() ? 0 : it->second, field, detail);
  }
  if (!errors.empty()) throw InputError(std::move(errors));
  return cfg;
}

}  // namespace fusesim
