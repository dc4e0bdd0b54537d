// fusesim scalesim: SCALE-Sim v2/v3 config and topology files in, SCALE-Sim's reports out, and
// COMPARE_SCALESIM.csv beside them (simulated cycles against SCALE-Sim's formula, by named term).
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "testbench/cmd_common.h"
#include "testbench/option_warnings.h"
#include "testbench/scalesim_reports.h"
#include "workloads/scalesim_io.h"

namespace fusesim {

namespace {

/// The line of `key` in the .cfg file (keys case-insensitive, as SCALE-Sim's configparser reads
/// them; `key: value` or `key = value`); 0 when the file does not hold it.
int cfg_line(const std::string& path, const std::string& key) {
  std::ifstream is(path, std::ios::binary);
  std::string line;
  for (int n = 1; std::getline(is, line); ++n) {
    if (n == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    const size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos || line.size() - b < key.size()) continue;
    bool same = true;
    for (size_t i = 0; i < key.size(); ++i)
      same =
          same && std::tolower((unsigned char)line[b + i]) == std::tolower((unsigned char)key[i]);
    const size_t sep = line.find_first_not_of(" \t", b + key.size());
    if (same && sep != std::string::npos && (line[sep] == ':' || line[sep] == '=')) return n;
  }
  return 0;
}

}  // namespace

namespace {

/// The .cfg's memory keys. InterfaceBandwidth USER without --memory: SCALE-Sim's model with the
/// file's SRAM sizes and its Bandwidth (words of 1 byte per cycle, summed over the memory
/// banks). CALC without --memory: ideal memory, as SCALE-Sim's CALC mode, which sizes the
/// bandwidth so that nothing stalls. With --memory: that memory, with the file's SRAM sizes
/// unless --sram-kb gives others.
void apply_scalesim_memory(const ScaleSimConfig& cfg, const std::string& cfg_path,
                           const po::variables_map& vm, RunOptions* o) {
  const bool user_memory =
      !vm["memory"].defaulted() || vm.count("dram") || vm.count("dram-bw") || vm.count("sram-kb");
  if (!user_memory && !cfg.use_user_bandwidth) return;
  MemoryConfig m = user_memory ? *o->memory : load_memory_file(memory_preset_path("scalesim"));
  if (!user_memory) {
    int64_t words = 0;
    for (int64_t b : cfg.bandwidths) words += b;
    m.dram.mode = DramMode::kSimple;
    m.dram.bandwidth_bytes_per_cycle = double(words);
    m.dram.array_clock_mhz = o->clock_mhz;
  }
  if (!vm.count("sram-kb")) {
    m.sram.ifmap_kb = cfg.ifmap_sram_kb;
    m.sram.filter_kb = cfg.filter_sram_kb;
    m.sram.ofmap_kb = cfg.ofmap_sram_kb;
  }
  const auto errs = m.validate();
  if (!errs.empty()) throw InputError(cfg_path, 0, "IfmapSramSzkB/Bandwidth", errs.front());
  o->memory = std::make_shared<const MemoryConfig>(m);
  o->memory_source =
      user_memory ? o->memory_source + " with the SRAM sizes of " + cfg_path : cfg_path;
}

}  // namespace

int cmd_scalesim(int argc, char** argv) {
  po::options_description od = common_options();
  od.add_options()("config", po::value<std::string>(), "SCALE-Sim .cfg")(
      "topology", po::value<std::string>(), "SCALE-Sim topology .csv")(
      "gemm", "topology is in the GEMM (M, N, K) format")(
      "scalesim-version", po::value<int>(),
      "COMPUTE_REPORT.csv layout: 2 or 3 (default: 3 for a v3 .cfg, else 2)");
  od.add(dram_trace_options());
  po::variables_map vm = parse(od, argc, argv, "scalesim");
  if (vm.count("help")) {
    std::cout << "fusesim scalesim --config F.cfg --topology F.csv [--gemm] [--scalesim-version "
                 "2|3] --out DIR\n"
              << od;
    return 0;
  }
  if (!vm.count("config") || !vm.count("topology"))
    throw UsageError("--config F.cfg and --topology F.csv are required");
  for (const char* o : {"array", "dataflow"})
    if (!vm[o].defaulted())
      throw UsageError(std::string("--") + o + ": scalesim takes it from the .cfg file");
  const std::string cfg_path = vm["config"].as<std::string>();
  std::vector<std::string> warnings;
  const ScaleSimConfig cfg = read_scalesim_config(cfg_path, &warnings);
  int version = cfg.version;
  if (vm.count("scalesim-version")) {
    version = vm["scalesim-version"].as<int>();
    if (version != 2 && version != 3)
      throw UsageError("--scalesim-version: expected 2 or 3, got " + std::to_string(version));
  }
  const auto layers =
      read_scalesim_topology(vm["topology"].as<std::string>(), vm.count("gemm") > 0);
  RunOptions o = run_options(vm, false);
  apply_scalesim_memory(cfg, cfg_path, vm, &o);
  warn_unused_options(layers, o,
                      {false, !vm["dw-convention"].defaulted(), !vm["dw-mapping"].defaulted()});
  dram_trace_setup(vm, layers, &o);
  o.array.rows = cfg.array_height;
  o.array.cols = cfg.array_width;
  const auto errs = o.array.validate();
  if (!errs.empty()) {
    // Too large for the simulator: named by the key (and line) that made it so.
    const bool width =
        o.array.cols > ArrayConfig::kMaxSide && o.array.rows <= ArrayConfig::kMaxSide;
    const std::string key = width ? "ArrayWidth" : "ArrayHeight";
    throw InputError(cfg_path, cfg_line(cfg_path, key), key, errs.front());
  }
  o.mapping.dataflow = cfg.dataflow == ScaleSimDataflow::kOs   ? Dataflow::kOs
                       : cfg.dataflow == ScaleSimDataflow::kWs ? Dataflow::kWs
                                                               : Dataflow::kIs;
  OutputDir out(require_out(vm));  // before --vcd, which may name a file inside it
  const TraceOptions tr = trace_options(vm, o.array);
  if (!tr.layer.empty()) {
    bool found = false;
    for (const auto& l : layers) found = found || l.name == tr.layer;
    if (!found)
      throw UsageError("--trace-layer: no layer named '" + printable(tr.layer) + "' in " +
                       printable(vm["topology"].as<std::string>()));
  }
  for (const auto& w : warnings) std::fprintf(stderr, "warning: %s\n", printable(w).c_str());
  Engines engines(o, tr);
  const NetworkResult r =
      run_network(layers, o, engines.threads(), engines.factory(), make_progress(vm, "scalesim"));
  std::vector<ComputeReportRow> rep;
  std::vector<CompareRow> cmp;
  for (size_t i = 0; i < r.layers.size(); ++i) {
    rep.push_back(compute_report_row(int(i), r.layers[i], o, version));
    cmp.push_back(compare_row(int(i), r.layers[i], o));
  }
  out.add("COMPUTE_REPORT.csv", format_compute_report(rep, version));
  out.add("COMPARE_SCALESIM.csv", format_compare_scalesim(cmp));
  if (o.memory) {
    // SCALE-Sim's other two reports, from the simulated memory (docs/memory.md §4). Ideal
    // memory (InterfaceBandwidth CALC without --memory) has no DRAM to report.
    std::vector<ScaleSimAccessRow> acc;
    for (size_t i = 0; i < r.layers.size(); ++i)
      acc.push_back(scalesim_access_row(int(i), r.layers[i], o.ofmap_word_bytes));
    out.add("BANDWIDTH_REPORT.csv", format_bandwidth_report(acc));
    out.add("DETAILED_ACCESS_REPORT.csv", format_detailed_access_report(acc));
  }
  nlohmann::json j = network_summary_json(r, o);
  j["scalesim_config"] = cfg_path;
  j["topology"] = vm["topology"].as<std::string>();
  require_finite(j, "summary.json");
  out.add("summary.json", j.dump(2) + "\n");
  out.add("layers.csv", layers_csv(r, o));
  stage_dram_traces(vm, r.layers, &out);
  engines.finish(&out);
  commit(&out);
  print_network_line("scalesim topology", r, o);
  int64_t formula = 0;
  for (const CompareRow& c : cmp) formula += c.scalesim_cycles;
  std::printf(
      "COMPUTE_REPORT.csv (SCALE-Sim v%d layout): Total Cycles are fusesim's simulated cycles "
      "(%lld in all%s); SCALE-Sim v2's formula gives %lld; per layer with the terms of the "
      "difference in COMPARE_SCALESIM.csv\n",
      version, (long long)(version >= 3 ? r.cycles - r.memory.stall_cycles() : r.cycles),
      version >= 3 ? ", stall cycles excluded as in v3" : "", (long long)formula);
  return r.verified ? 0 : 1;
}

}  // namespace fusesim
