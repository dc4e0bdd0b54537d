// --memory ideal|PRESET|FILE and the overrides --sram-kb, --dram-bw, --dram.
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "testbench/cmd_common.h"
#include "workloads/input_error.h"

namespace fusesim {

namespace {

bool is_preset(const std::string& name) {
  for (const auto& p : memory_preset_names())
    if (p == name) return true;
  return false;
}

std::string known_presets() {
  std::string k;
  for (const auto& p : memory_preset_names()) k += (k.empty() ? "" : ", ") + p;
  return k;
}

}  // namespace

void memory_options(const po::variables_map& vm, RunOptions* o) {
  const std::string m = vm["memory"].as<std::string>();
  const bool overrides = vm.count("sram-kb") || vm.count("dram-bw") || vm.count("dram");
  if (m == "ideal") {
    if (!overrides) return;
    if (!vm["memory"].defaulted())
      throw UsageError("--sram-kb/--dram-bw/--dram: --memory ideal has no scratchpads or DRAM");
  }
  // Overrides alone start from SCALE-Sim's memory (configs/memory/scalesim.toml).
  const std::string base = m == "ideal" ? "scalesim" : m;
  std::string path = base;
  if (is_preset(base)) {
    path = memory_preset_path(base);
  } else if (base.find('/') == std::string::npos && base.find('.') == std::string::npos) {
    throw UsageError("--memory: expected ideal, a preset (" + known_presets() +
                     ") or a memory file, got '" + printable(base) + "'");
  }
  MemoryConfig cfg = load_memory_file(path);  // InputError names the file, line and field
  if (vm.count("dram")) {
    const std::string d = vm["dram"].as<std::string>();
    if (!is_preset(d))
      throw UsageError("--dram: unknown preset '" + printable(d) + "' (known: " + known_presets() +
                       ")");
    cfg.dram = load_memory_file(memory_preset_path(d)).dram;
  }
  if (vm.count("dram-bw")) {
    cfg.dram.mode = DramMode::kSimple;
    cfg.dram.bandwidth_bytes_per_cycle =
        parse_real_in("--dram-bw", vm["dram-bw"].as<std::string>(), 1e-3, 1e9);
  }
  if (vm.count("sram-kb")) {
    const std::string s = vm["sram-kb"].as<std::string>();
    std::vector<int64_t> kb;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) {
      int64_t v = 0;
      if (!parse_int_strict(item, 1, int64_t(1) << 30, &v)) {
        kb.clear();
        break;
      }
      kb.push_back(v);
    }
    if (kb.size() != 3 || s.back() == ',')
      throw UsageError("--sram-kb: expected IFMAP,FILTER,OFMAP in KiB (each 1 .. 2^30), got '" +
                       printable(s) + "'");
    cfg.sram.ifmap_kb = kb[0];
    cfg.sram.filter_kb = kb[1];
    cfg.sram.ofmap_kb = kb[2];
  }
  // One array clock: --clock-mhz, when given, is the array clock of the DRAM model too;
  // otherwise the memory file's array clock prices power as well.
  if (!vm["clock-mhz"].defaulted())
    cfg.dram.array_clock_mhz = o->clock_mhz;
  else
    o->clock_mhz = cfg.dram.array_clock_mhz;
  const auto errs = cfg.validate();
  if (!errs.empty()) {
    std::string msg = "--memory " + printable(base) + " with the overrides:";
    for (const auto& e : errs) msg += "\n  " + e;
    throw UsageError(msg);
  }
  o->memory = std::make_shared<const MemoryConfig>(cfg);
  o->memory_source = is_preset(base) ? base + " (" + path + ")" : path;
  for (const char* opt : {"sram-kb", "dram-bw", "dram"})
    if (vm.count(opt))
      o->memory_source += std::string(" with --") + opt + " " + vm[opt].as<std::string>();
}

}  // namespace fusesim
