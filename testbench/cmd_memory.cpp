// --memory ideal|PRESET|FILE and the overrides --sram-kb, --dram-bw, --dram; --dram-trace and
// --dram-latency (the two passes of a co-simulation with another DRAM simulator).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "testbench/cmd_common.h"
#include "workloads/input_error.h"

namespace fusesim {

namespace fs = std::filesystem;

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
  const std::string reuse = vm["ofmap-reuse"].as<std::string>();
  if (reuse != "on" && reuse != "off")
    throw UsageError("--ofmap-reuse: expected on or off, got '" + printable(reuse) + "'");
  o->ofmap_reuse = reuse == "on";
  const std::string m = vm["memory"].as<std::string>();
  const bool overrides = vm.count("sram-kb") || vm.count("dram-bw") || vm.count("dram");
  if (m == "ideal") {
    if (!overrides && !vm["ofmap-reuse"].defaulted())
      throw UsageError(
          "--ofmap-reuse: needs a memory system (--memory PRESET|FILE, --dram-bw, "
          "--sram-kb or --dram); ideal memory has no scratchpads");
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

po::options_description dram_trace_options() {
  po::options_description o("DRAM co-simulation");
  o.add_options()("dram-trace", po::value<std::string>(),
                  "write each layer's DRAM transactions into DIR as NNN-LAYER.ramulator2.trace "
                  "and NNN-LAYER.dramsim3.trace")(
      "dram-latency", po::value<std::string>(),
      "replay per-transaction DRAM latencies: a FILE (one layer) or a DIR of NNN-LAYER.latency");
  return o;
}

void dram_trace_setup(const po::variables_map& vm, const std::vector<LayerSpec>& layers,
                      RunOptions* o) {
  const bool trace = vm.count("dram-trace") > 0;
  const bool replay = vm.count("dram-latency") > 0;
  if (!trace && !replay) return;
  const char* opt = trace ? "--dram-trace" : "--dram-latency";
  if (!o->memory)
    throw UsageError(std::string(opt) +
                     ": needs a memory system (--memory PRESET|FILE, --dram-bw or --dram); the "
                     "ideal memory makes no DRAM transactions");
  std::vector<LayerSpec> run;
  for (const LayerSpec& l : layers)
    if (l.executed) run.push_back(l);
  std::error_code ec;
  if (trace) {
    const std::string dir = vm["dram-trace"].as<std::string>();
    if (dir.empty()) throw UsageError("--dram-trace: a folder name is required");
    if (fs::exists(dir, ec)) {
      if (!fs::is_directory(dir, ec))
        throw UsageError("--dram-trace " + printable(dir) + ": exists and is not a folder");
      check_output_file("--dram-trace", (fs::path(dir) / ".fusesim-probe").string());
    } else {
      check_output_file("--dram-trace", dir);  // the folder can be made where it is named
    }
    o->dram_trace = true;
  }
  if (replay) {
    const std::string p = vm["dram-latency"].as<std::string>();
    o->dram_latency = p;
    o->dram_latency_dir = fs::is_directory(p, ec);
    if (!o->dram_latency_dir) {
      if (!fs::exists(p, ec))
        throw UsageError("--dram-latency " + printable(p) + ": no such file or folder");
      if (run.size() != 1)
        throw UsageError("--dram-latency " + printable(p) + ": the run simulates " +
                         std::to_string(run.size()) +
                         " layers; give a folder of per-layer files NNN-LAYER.latency (the "
                         "names --dram-trace writes)");
    }
    // Every file is read before the simulation, so that a bad one stops the run before any
    // output (InputError names the file, line and field).
    for (size_t i = 0; i < run.size(); ++i)
      read_latency_file(
          o->dram_latency_dir
              ? (fs::path(p) / (dram_file_stem(int(i), run[i].name) + ".latency")).string()
              : p);
    o->memory_source += " with --dram-latency " + p;
  }
}

void stage_dram_traces(const po::variables_map& vm, const std::vector<LayerResult>& results,
                       OutputDir* out) {
  if (!vm.count("dram-trace")) return;
  const fs::path dir = vm["dram-trace"].as<std::string>();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw UsageError("--dram-trace " + printable(dir.string()) + ": cannot create the folder (" +
                     ec.message() + ")");
  const std::string tmp = ".fusesim-tmp-" + std::to_string(getpid()) + "-";
  for (size_t i = 0; i < results.size(); ++i) {
    const std::string stem = dram_file_stem(int(i), results[i].layer.name);
    for (const auto& [ext, text] : {std::pair<const char*, const std::string*>{
                                        ".ramulator2.trace", &results[i].dram_trace_ramulator2},
                                    {".dramsim3.trace", &results[i].dram_trace_dramsim3}}) {
      const fs::path staged = dir / (tmp + stem + ext);
      std::ofstream f(staged, std::ios::binary);
      f << *text;
      f.close();
      if (!f) {
        fs::remove(staged, ec);
        throw UsageError("--dram-trace " + printable(dir.string()) + ": cannot write " +
                         printable(stem + ext));
      }
      out->adopt(staged.string(), (dir / (stem + ext)).string());
    }
  }
}

}  // namespace fusesim
