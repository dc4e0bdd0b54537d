#include "sweep/sweep_spec.h"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <set>

#include "workloads/input_error.h"

namespace fusesim {

namespace {

const std::vector<std::string>& common_sweepable() {
  static const std::vector<std::string> k = {
      "array",         "dataflow", "hw",      "acc-overflow", "drain",
      "dw-convention", "engine",   "seed",    "threads",      "energy-table",
      "clock-mhz",     "memory",   "sram-kb", "dram-bw",      "dram"};
  return k;
}

/// Options that are files: a relative value is taken relative to the spec's folder.
bool is_file_option(const std::string& name, const std::string& value) {
  if (name == "energy-table" || name == "onnx") return true;
  if (name == "memory")
    return value.find('/') != std::string::npos ||
           (value.size() > 5 && value.compare(value.size() - 5, 5, ".toml") == 0);
  return false;
}

class SpecReader {
 public:
  SpecReader(const std::string& text, const std::string& path) : text_(text), path_(path) {}

  SweepSpec read() {
    toml::table root;
    try {
      root = toml::parse(text_, path_);
    } catch (const toml::parse_error& err) {
      throw InputError(path_, int(err.source().begin.line), "",
                       "TOML syntax error: " + std::string(err.description()));
    }
    SweepSpec s;
    s.path = path_;
    for (const auto& [key, node] : root) {
      const std::string k(key.str());
      if (k != "command" && k != "fixed" && k != "axes" && k != "zip" && k != "exclude")
        add(&node, k, "unknown key (expected command, zip, [fixed], [axes], [[exclude]])");
    }
    const toml::node* cmd = root.get("command");
    if (!cmd) {
      add(nullptr, "command", "missing (\"network\" or \"layer\")");
    } else if (!cmd->is_string() ||
               (**cmd->as_string() != "network" && **cmd->as_string() != "layer")) {
      add(cmd, "command", "expected \"network\" or \"layer\"");
    } else {
      s.command = **cmd->as_string();
      s.command_line = int(cmd->source().begin.line);
    }
    if (!issues_.empty()) throw InputError(issues_);
    const auto& known = sweepable_options(s.command);
    auto check_name = [&](const toml::node* n, const std::string& where, const std::string& k) {
      if (std::find(known.begin(), known.end(), k) != known.end()) return true;
      add(n, where + "." + k,
          "unknown option for fusesim " + s.command + " (sweepable: " + join(known) + ")");
      return false;
    };
    if (const toml::node* f = root.get("fixed")) {
      if (!f->is_table()) {
        add(f, "fixed", "expected a table [fixed]");
      } else {
        for (const auto& [key, node] : *f->as_table()) {
          const std::string k(key.str());
          if (!check_name(&node, "fixed", k)) continue;
          std::string v;
          if (scalar(&node, "fixed." + k, &v)) s.fixed.emplace_back(k, resolve(k, v));
        }
      }
    }
    const toml::node* ax = root.get("axes");
    if (!ax || !ax->is_table()) {
      add(ax, "axes", ax ? "expected a table [axes]" : "missing table [axes]");
      throw InputError(issues_);
    }
    struct Dup {
      const toml::node* node;
      std::string axis, value;
    };
    std::vector<Dup> dups;
    for (const auto& [key, node] : *ax->as_table()) {
      const std::string k(key.str());
      if (!check_name(&node, "axes", k)) continue;
      for (const auto& fx : s.fixed)
        if (fx.first == k) add(&node, "axes." + k, "is also in [fixed]");
      SweepAxis a;
      a.name = k;
      a.line = int(node.source().begin.line);
      if (const toml::array* arr = node.as_array()) {
        if (arr->empty()) add(&node, "axes." + k, "no values: the product would be empty");
        std::set<std::string> seen;
        for (const toml::node& el : *arr) {
          std::string v;
          if (!scalar(&el, "axes." + k, &v)) continue;
          v = resolve(k, v);
          if (!seen.insert(v).second) dups.push_back({&el, k, v});
          a.values.push_back(v);
        }
      } else {
        std::string v;
        if (scalar(&node, "axes." + k, &v)) a.values.push_back(resolve(k, v));
      }
      s.axes.push_back(std::move(a));
    }
    // toml++ keeps keys sorted; the product follows the file's order.
    std::stable_sort(s.axes.begin(), s.axes.end(),
                     [](const SweepAxis& x, const SweepAxis& y) { return x.line < y.line; });
    if (s.axes.empty() && issues_.empty()) add(ax, "axes", "no axes: give at least one");
    read_zips(root, &s);
    for (const auto& d : dups) {  // a zipped axis may repeat a value: its tuples must differ
      bool zipped = false;
      for (const auto& z : s.zips) zipped |= std::find(z.begin(), z.end(), d.axis) != z.end();
      if (!zipped) add(d.node, "axes." + d.axis, "value '" + d.value + "' is listed twice");
    }
    read_excludes(root, &s);
    if (!issues_.empty()) throw InputError(issues_);
    return s;
  }

 private:
  void add(const toml::node* n, const std::string& field, const std::string& detail) {
    issues_.push_back(InputIssue{path_, n ? int(n->source().begin.line) : 0, field, detail});
  }

  static std::string join(const std::vector<std::string>& v) {
    std::string o;
    for (const auto& x : v) o += (o.empty() ? "" : ", ") + x;
    return o;
  }

  /// A string, an integer or a real, as the option's text.
  bool scalar(const toml::node* n, const std::string& field, std::string* out) {
    if (const auto* s = n->as_string()) {
      const std::string v = **s;
      if (v.empty() || !is_clean_utf8_text(v)) {
        add(n, field, "expected a non-empty value without control characters");
        return false;
      }
      if (v[0] == '-' && !(v.size() > 1 && (std::isdigit((unsigned char)v[1]) || v[1] == '.'))) {
        add(n, field, "a value may not start with '-': '" + v + "'");
        return false;
      }
      *out = v;
      return true;
    }
    if (const auto* i = n->as_integer()) {
      *out = std::to_string(**i);
      return true;
    }
    if (const auto* d = n->as_floating_point()) {
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof buf, **d);
      *out = std::string(buf, r.ptr);
      return true;
    }
    add(n, field, "expected a string, an integer, a number or an array of them");
    return false;
  }

  std::string resolve(const std::string& name, const std::string& v) const {
    if (!is_file_option(name, v)) return v;
    const std::filesystem::path p(v);
    if (p.is_absolute()) return v;
    const std::filesystem::path base =
        std::filesystem::absolute(std::filesystem::path(path_)).parent_path();
    return (base / p).lexically_normal().string();
  }

  void read_zips(const toml::table& root, SweepSpec* s) {
    const toml::node* z = root.get("zip");
    if (!z) return;
    const toml::array* outer = z->as_array();
    if (!outer) return add(z, "zip", "expected an array of arrays of axis names");
    std::set<std::string> used;
    for (const toml::node& g : *outer) {
      const toml::array* inner = g.as_array();
      if (!inner || inner->size() < 2) {
        add(&g, "zip", "each zip is an array of two or more axis names");
        continue;
      }
      std::vector<std::string> names;
      size_t len = 0;
      for (const toml::node& n : *inner) {
        const auto* str = n.as_string();
        const SweepAxis* a = str ? s->axis(**str) : nullptr;
        if (!a) {
          add(&n, "zip", str ? "'" + std::string(**str) + "' is not an axis" : "expected a name");
          continue;
        }
        if (!used.insert(a->name).second) add(&n, "zip", "axis '" + a->name + "' zipped twice");
        if (!names.empty() && a->values.size() != len)
          add(&n, "zip",
              "axis '" + a->name + "' has " + std::to_string(a->values.size()) + " values, axis '" +
                  names.front() + "' " + std::to_string(len) + ": zipped axes need as many values");
        len = a->values.size();
        names.push_back(a->name);
      }
      s->zips.push_back(names);
    }
  }

  void read_excludes(const toml::table& root, SweepSpec* s) {
    const toml::node* e = root.get("exclude");
    if (!e) return;
    const toml::array* arr = e->as_array();
    if (!arr) return add(e, "exclude", "expected [[exclude]] tables");
    for (const toml::node& t : *arr) {
      const toml::table* tbl = t.as_table();
      if (!tbl || tbl->empty()) {
        add(&t, "exclude", "expected a non-empty [[exclude]] table");
        continue;
      }
      SweepExclude ex;
      ex.line = int(t.source().begin.line);
      for (const auto& [key, node] : *tbl) {
        const std::string k(key.str());
        const SweepAxis* a = s->axis(k);
        if (!a) {
          add(&node, "exclude." + k, "not an axis");
          continue;
        }
        std::vector<std::string> vals;
        auto one = [&](const toml::node* n) {
          std::string v;
          if (!scalar(n, "exclude." + k, &v)) return;
          v = resolve(k, v);
          if (std::find(a->values.begin(), a->values.end(), v) == a->values.end())
            add(n, "exclude." + k, "'" + v + "' is not a value of axis " + k);
          vals.push_back(v);
        };
        if (const toml::array* va = node.as_array()) {
          for (const toml::node& n : *va) one(&n);
        } else {
          one(&node);
        }
        ex.match.emplace_back(k, vals);
      }
      s->excludes.push_back(std::move(ex));
    }
  }

  const std::string& text_;
  std::string path_;
  std::vector<InputIssue> issues_;
};

}  // namespace

const SweepAxis* SweepSpec::axis(const std::string& name) const {
  for (const auto& a : axes)
    if (a.name == name) return &a;
  return nullptr;
}

const std::vector<std::string>& sweepable_options(const std::string& command) {
  static const std::vector<std::string> network = [] {
    std::vector<std::string> v = {"net", "variant", "onnx", "input-shape"};
    v.insert(v.end(), common_sweepable().begin(), common_sweepable().end());
    return v;
  }();
  static const std::vector<std::string> layer = [] {
    std::vector<std::string> v = {"op",     "ifmap", "filters", "kernel",
                                  "stride", "pad",   "batch",   "gemm"};
    v.insert(v.end(), common_sweepable().begin(), common_sweepable().end());
    return v;
  }();
  static const std::vector<std::string> none;
  if (command == "network") return network;
  if (command == "layer") return layer;
  return none;
}

SweepSpec parse_sweep_spec(const std::string& text, const std::string& path) {
  return SpecReader(text, path).read();
}

SweepSpec read_sweep_spec(const std::string& path) {
  return parse_sweep_spec(read_input_file(path), path);
}

std::vector<std::vector<SweepOption>> expand_sweep(const SweepSpec& spec) {
  // Groups: a zip is one group (at the place of its first axis), every other axis its own.
  std::vector<std::vector<size_t>> groups;
  std::vector<bool> placed(spec.axes.size(), false);
  for (size_t i = 0; i < spec.axes.size(); ++i) {
    if (placed[i]) continue;
    std::vector<size_t> g = {i};
    placed[i] = true;
    for (const auto& z : spec.zips) {
      if (std::find(z.begin(), z.end(), spec.axes[i].name) == z.end()) continue;
      for (size_t j = i + 1; j < spec.axes.size(); ++j)
        if (std::find(z.begin(), z.end(), spec.axes[j].name) != z.end()) {
          g.push_back(j);
          placed[j] = true;
        }
    }
    groups.push_back(g);
  }
  size_t total = 1;
  for (const auto& g : groups) total *= spec.axes[g.front()].values.size();
  std::vector<std::vector<SweepOption>> out;
  std::vector<size_t> pos(groups.size(), 0);
  for (size_t n = 0; n < total && total > 0; ++n) {
    std::vector<SweepOption> c(spec.axes.size());
    for (size_t gi = 0; gi < groups.size(); ++gi)
      for (size_t ai : groups[gi]) c[ai] = {spec.axes[ai].name, spec.axes[ai].values[pos[gi]]};
    bool excluded = false;
    for (const auto& ex : spec.excludes) {
      bool all = true;
      for (const auto& [k, vals] : ex.match) {
        const auto it =
            std::find_if(c.begin(), c.end(), [&](const SweepOption& o) { return o.first == k; });
        if (std::find(vals.begin(), vals.end(), it->second) == vals.end()) all = false;
      }
      if (all) excluded = true;
    }
    if (!excluded) out.push_back(std::move(c));
    for (size_t gi = groups.size(); gi-- > 0;) {  // odometer: the last axis varies fastest
      if (++pos[gi] < spec.axes[groups[gi].front()].values.size()) break;
      pos[gi] = 0;
    }
  }
  if (out.empty())
    throw InputError(
        spec.path, 0, "exclude",
        "the product is empty: all " + std::to_string(total) + " configurations are excluded");
  return out;
}

}  // namespace fusesim
