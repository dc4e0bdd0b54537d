// fusesim scalesim: SCALE-Sim v2 config and topology files in, SCALE-Sim's reports out.
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "testbench/cmd_common.h"
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

int cmd_scalesim(int argc, char** argv) {
  po::options_description od = common_options();
  od.add_options()("config", po::value<std::string>(), "SCALE-Sim .cfg")(
      "topology", po::value<std::string>(), "SCALE-Sim topology .csv")(
      "gemm", "topology is in the GEMM (M, N, K) format");
  po::variables_map vm = parse(od, argc, argv, "scalesim");
  if (vm.count("help")) {
    std::cout << "fusesim scalesim --config F.cfg --topology F.csv [--gemm] --out DIR\n" << od;
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
  const auto layers =
      read_scalesim_topology(vm["topology"].as<std::string>(), vm.count("gemm") > 0);
  RunOptions o = run_options(vm, false);
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
  const double pes = double(o.array.rows) * o.array.cols;
  for (size_t i = 0; i < r.layers.size(); ++i) {
    const LayerResult& l = r.layers[i];
    ComputeReportRow row;
    row.layer_id = int(i);
    row.total_cycles = l.stats.cycles;
    row.stall_cycles = 0;
    row.overall_util_pct = 100.0 * double(l.macs) / (double(l.stats.cycles) * pes);
    row.mapping_efficiency_pct = 100.0 * l.mapping_efficiency;
    row.compute_util_pct = row.overall_util_pct;  // no memory stalls are modelled
    rep.push_back(row);
  }
  out.add("COMPUTE_REPORT.csv", format_compute_report(rep));
  nlohmann::json j = network_summary_json(r, o);
  j["scalesim_config"] = cfg_path;
  j["topology"] = vm["topology"].as<std::string>();
  require_finite(j, "summary.json");
  out.add("summary.json", j.dump(2) + "\n");
  out.add("layers.csv", layers_csv(r, o));
  engines.finish(&out);
  commit(&out);
  print_network_line("scalesim topology", r, o);
  return r.verified ? 0 : 1;
}

}  // namespace fusesim
