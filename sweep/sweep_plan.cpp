#include "sweep/sweep_plan.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "workloads/input_error.h"

namespace fusesim {

namespace fs = std::filesystem;

namespace {

constexpr int kFormat = 1;

std::string read_required(const std::string& dir, const char* name) {
  const std::string p = dir + "/" + name;
  std::error_code ec;
  if (!fs::is_regular_file(p, ec))
    throw InputError(p, 0, "",
                     "missing: not a planned sweep folder (fusesim sweep plan SPEC --out DIR)");
  return read_input_file(p);
}

std::vector<SweepOption> options_from_json(const nlohmann::json& j) {
  std::vector<SweepOption> v;
  for (const auto& e : j) v.emplace_back(e.at(0).get<std::string>(), e.at(1).get<std::string>());
  return v;
}

}  // namespace

std::string fnv1a_hex(const std::string& bytes) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a 64 offset basis
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)h);
  return buf;
}

std::string config_id(const std::string& command, const std::vector<SweepOption>& fixed,
                      const std::vector<SweepOption>& axes) {
  std::map<std::string, std::string> all(fixed.begin(), fixed.end());
  for (const auto& a : axes) all[a.first] = a.second;
  std::string key = command + "\n";
  for (const auto& [k, v] : all) key += k + "=" + v + "\n";
  return fnv1a_hex(key);
}

std::vector<std::string> SweepPlan::args(const SweepConfig& c) const {
  std::vector<std::string> a = {command};
  for (const auto& o : fixed) {
    a.push_back("--" + o.first);
    a.push_back(o.second);
  }
  for (const auto& o : c.axes) {
    a.push_back("--" + o.first);
    a.push_back(o.second);
  }
  return a;
}

PlanFiles make_plan_files(const SweepSpec& spec, const std::string& spec_text,
                          const std::vector<std::vector<SweepOption>>& configs) {
  PlanFiles f;
  f.spec = spec_text;
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < configs.size(); ++i) {
    const std::string id = config_id(spec.command, spec.fixed, configs[i]);
    const auto [it, fresh] = seen.emplace(id, i);
    if (!fresh)
      throw InputError(spec.path, 0, "axes",
                       "configurations " + std::to_string(it->second) + " and " +
                           std::to_string(i) + " are the same (id " + id + ")");
    nlohmann::json axes = nlohmann::json::object();
    for (const auto& [k, v] : configs[i]) axes[k] = v;
    nlohmann::json line = {{"index", i}, {"id", id}, {"axes", axes}};
    f.manifest += line.dump() + "\n";
  }
  nlohmann::json p;
  p["format"] = kFormat;
  p["command"] = spec.command;
  p["spec"] = spec.path;
  p["count"] = configs.size();
  nlohmann::json names = nlohmann::json::array();
  for (const auto& a : spec.axes) names.push_back(a.name);
  p["axes"] = names;
  nlohmann::json fixed = nlohmann::json::array();
  std::vector<SweepOption> sorted = spec.fixed;
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [k, v] : sorted) fixed.push_back({k, v});
  p["fixed"] = fixed;
  p["spec_fnv"] = fnv1a_hex(f.spec);
  p["manifest_fnv"] = fnv1a_hex(f.manifest);
  p["plan_id"] = fnv1a_hex(f.spec + f.manifest);
  f.plan = p.dump(2) + "\n";
  return f;
}

void write_file_atomic(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    o.write(content.data(), std::streamsize(content.size()));
    o.flush();
    if (!o) {
      std::remove(tmp.c_str());
      throw std::runtime_error("cannot write " + tmp);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot rename " + tmp + " to " + path);
  }
}

bool write_plan(const std::string& dir, const PlanFiles& files) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) throw InputError(dir, 0, "--out", "is not a folder");
    const std::string plan = dir + "/plan.json";
    if (fs::is_regular_file(plan, ec)) {
      const nlohmann::json old = nlohmann::json::parse(read_input_file(plan), nullptr, false);
      const nlohmann::json now = nlohmann::json::parse(files.plan);
      if (!old.is_discarded() && old.value("plan_id", "") == now["plan_id"]) return false;
      throw InputError(dir, 0, "--out",
                       "holds the plan of another spec (" +
                           (old.is_discarded() ? std::string("unreadable plan.json")
                                               : old.value("spec", std::string("?"))) +
                           "): plan into a new folder; nothing was changed");
    }
    if (!fs::is_empty(dir, ec))
      throw InputError(dir, 0, "--out",
                       "is not empty and holds no sweep plan: choose a new folder; nothing was "
                       "changed");
  } else if (!fs::create_directories(dir, ec) || ec) {
    throw InputError(dir, 0, "--out", "cannot create the folder");
  }
  try {
    write_file_atomic(dir + "/spec.toml", files.spec);
    write_file_atomic(dir + "/manifest.jsonl", files.manifest);
    write_file_atomic(dir + "/plan.json", files.plan);  // last: its presence marks a whole plan
  } catch (const std::runtime_error& e) {
    throw InputError(dir, 0, "--out", e.what());
  }
  return true;
}

SweepPlan load_plan(const std::string& dir, int only) {
  const std::string plan_path = dir + "/plan.json";
  const std::string manifest_path = dir + "/manifest.jsonl";
  const std::string plan_text = read_required(dir, "plan.json");
  const std::string manifest = read_required(dir, "manifest.jsonl");
  const std::string spec = read_required(dir, "spec.toml");
  const nlohmann::json p = nlohmann::json::parse(plan_text, nullptr, false);
  if (p.is_discarded() || !p.is_object() || p.value("format", 0) != kFormat)
    throw InputError(plan_path, 0, "",
                     "not a plan.json of this fusesim (format " + std::to_string(kFormat) + ")");
  SweepPlan s;
  s.dir = dir;
  try {
    s.command = p.at("command").get<std::string>();
    s.spec_path = p.at("spec").get<std::string>();
    s.plan_id = p.at("plan_id").get<std::string>();
    for (const auto& a : p.at("axes")) s.axis_names.push_back(a.get<std::string>());
    s.fixed = options_from_json(p.at("fixed"));
    if (p.at("spec_fnv").get<std::string>() != fnv1a_hex(spec))
      throw InputError(dir + "/spec.toml", 0, "",
                       "edited after planning (hash differs from plan.json)");
    if (p.at("manifest_fnv").get<std::string>() != fnv1a_hex(manifest))
      throw InputError(manifest_path, 0, "",
                       "edited after planning (hash differs from plan.json): plan the sweep again");
    if (s.plan_id != fnv1a_hex(spec + manifest))
      throw InputError(plan_path, 0, "plan_id", "does not match spec.toml and manifest.jsonl");
  } catch (const nlohmann::json::exception& e) {
    throw InputError(plan_path, 0, "", std::string("malformed: ") + e.what());
  }
  const auto lines = split_input_lines(manifest);
  for (size_t i = 0; i < lines.size(); ++i) {
    SweepConfig c;
    if (only >= 0 && int(i) != only) {  // hash-checked above; a task reads its own line only
      c.index = int(i);
      s.configs.push_back(std::move(c));
      continue;
    }
    const nlohmann::json l = nlohmann::json::parse(lines[i], nullptr, false);
    try {
      if (l.is_discarded()) throw std::invalid_argument("not JSON");
      c.index = l.at("index").get<int>();
      c.id = l.at("id").get<std::string>();
      const auto& ax = l.at("axes");
      for (const auto& n : s.axis_names) c.axes.emplace_back(n, ax.at(n).get<std::string>());
      if (ax.size() != s.axis_names.size()) throw std::invalid_argument("extra axes");
    } catch (const std::exception& e) {
      throw InputError(manifest_path, int(i + 1), "", std::string("malformed line: ") + e.what());
    }
    if (c.index != int(i)) throw InputError(manifest_path, int(i + 1), "index", "out of order");
    if (c.id != config_id(s.command, s.fixed, c.axes))
      throw InputError(manifest_path, int(i + 1), "id", "does not match the configuration");
    s.configs.push_back(std::move(c));
  }
  if (s.configs.size() != p.value("count", size_t(0)))
    throw InputError(plan_path, 0, "count", "does not match manifest.jsonl");
  return s;
}

}  // namespace fusesim
