// fusesim paper / demo: the paper's speed-up table by simulation of all network variants.
#include <array>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "testbench/cmd_common.h"
#include "workloads/network_zoo.h"

namespace fusesim {

namespace {

/// Published speed-ups on 64×64 (the values behind the paper's table; see
/// workloads/testdata/reference/paper-numbers.md).
double paper_speedup(const std::string& net, const std::string& v) {
  static const std::map<std::string, std::array<double, 4>> t = {
      {"mobilenet_v1", {4.083, 6.760, 2.204, 2.366}},
      {"mobilenet_v2", {5.165, 7.233, 2.049, 2.167}},
      {"mnasnet_b1", {5.064, 7.154, 1.885, 1.971}},
      {"mobilenet_v3_small", {3.021, 4.169, 1.600, 1.688}},
      {"mobilenet_v3_large", {3.613, 5.453, 1.763, 1.831}}};
  if (v == "baseline") return 1.0;
  const int i = v == "full" ? 0 : v == "half" ? 1 : v == "full50" ? 2 : 3;
  return t.at(net)[size_t(i)];
}

struct Row {
  std::string net, variant;
  int64_t sim, authors, model;
  bool verified;
};

/// The speed-up table under every drain model of `drains`: the main run's drain is taken from
/// `rows`, the others are simulated here (every layer verified). Writes drain_speedups.csv and
/// appends the table to *tab. Returns false when a layer failed verification.
bool drain_comparison(const RunOptions& base, const std::vector<std::string>& nets,
                      const std::vector<std::string>& vars, const std::vector<DrainModel>& drains,
                      const std::vector<Row>& rows, const po::variables_map& vm, OutputDir* out,
                      std::ostringstream* tab) {
  const DrainModel main = drain_model(base.array);
  // cycles[drain][(net, variant)]
  std::map<DrainModel, std::map<std::pair<std::string, std::string>, std::pair<int64_t, bool>>>
      cycles;
  for (const Row& r : rows) cycles[main][{r.net, r.variant}] = {r.sim, r.verified};
  bool ok = true;
  for (DrainModel d : drains) {
    if (d == main) continue;
    for (const std::string& net : nets)
      for (const std::string& var : vars) {
        RunOptions o = base;
        o.array.fuse = var != "baseline";
        set_drain_model(&o.array, d);
        Engines engines(o, TraceOptions{});
        const NetworkResult r =
            run_network(load_network(net, var), o, engines.threads(), engines.factory(),
                        make_progress(vm, net + "/" + var + " (" + to_string(d) + ")"));
        cycles[d][{net, var}] = {r.cycles, r.verified};
        ok = ok && r.verified;
      }
  }
  if (drains.size() < 2 && drains.front() == main) return ok;
  std::ostringstream csv;
  csv << "network,variant,drain,sim_cycles,sim_speedup,verified\n";
  *tab << "\nSimulated speed-up under each drain model (docs/validation.md: how much of the "
          "speed-up "
          "the drain decides)\n"
       << std::left << std::setw(20) << "network" << std::setw(10) << "variant" << std::right;
  for (DrainModel d : drains) *tab << std::setw(15) << to_string(d);
  *tab << "\n";
  for (const std::string& net : nets)
    for (const std::string& var : vars) {
      *tab << std::left << std::setw(20) << net << std::setw(10) << var << std::right;
      for (DrainModel d : drains) {
        const auto& c = cycles[d][{net, var}];
        const double s = double(cycles[d][{net, "baseline"}].first) / double(c.first);
        csv << net << "," << var << "," << to_string(d) << "," << c.first << "," << std::fixed
            << std::setprecision(3) << s << std::defaultfloat << ","
            << (c.second ? "true" : "false") << "\n";
        *tab << std::fixed << std::setprecision(2) << std::setw(15) << s << std::defaultfloat;
      }
      *tab << "\n";
    }
  out->add("drain_speedups.csv", csv.str());
  return ok;
}

}  // namespace

int cmd_paper(int argc, char** argv) {
  po::options_description od = common_options();
  od.add_options()("nets", po::value<std::string>(),
                   "comma-separated networks (default: all five)")(
      "variants", po::value<std::string>(), "comma-separated variants (baseline is always run)")(
      "drains", po::value<std::string>(),
      "also compare the speed-ups under these drain models, e.g. overlap,serial,global-select "
      "(default: none; the main table and files use --drain)");
  po::variables_map vm = parse(od, argc, argv, "paper");
  if (vm.count("help")) {
    if (std::string(argv[0]) == "demo")
      std::cout << "fusesim demo [--array RxC] --out DIR: the paper table, on a 64x64 array unless "
                   "--array says otherwise (the options are paper's)\n"
                << od;
    else
      std::cout << "fusesim paper --array 64x64 --out DIR\n" << od;
    return 0;
  }
  if (vm.count("vcd") || vm.count("trace-pes") || vm.count("trace-cycles") ||
      vm.count("trace-layer"))
    throw UsageError(
        "--vcd/--trace-*: trace one layer with `fusesim network ... --trace-layer NAME`");
  if (!vm["engine"].defaulted() && vm["engine"].as<std::string>() == "pin")
    throw UsageError(
        "--engine pin: paper runs the plain and the FuSe array in one process, and "
        "SystemC elaborates one design per process; use the fast engine (lock-step "
        "equal to the pin-level model)");
  if (vm.count("hw"))
    throw UsageError(
        "--hw: paper runs baselines on the plain array and FuSe variants on the FuSe array");
  if (!vm["dw-mapping"].defaulted())
    throw UsageError(
        "--dw-mapping: paper runs each baseline both ways itself (the per-channel GEMMs on the "
        "plain array, and unmodified on the FuSe array by rows: the unmodified_* columns)");
  // The FuSe array by default only so that `--input-prefetch on` passes the array check: every
  // run below sets its own array (baselines plain), and prefetch only on the twin runs.
  RunOptions base = run_options(vm, true);
  const bool prefetch = base.array.input_prefetch;
  base.array.input_prefetch = false;
  const auto nets = pick_list(vm, "nets", network_names());
  auto vars = pick_list(vm, "variants", variant_names());
  if (std::find(vars.begin(), vars.end(), "baseline") == vars.end())
    vars.insert(vars.begin(), "baseline");
  std::vector<std::string> drain_names;
  for (DrainModel d : kDrainModels) drain_names.push_back(to_string(d));
  std::vector<DrainModel> drains;
  // Without --drains only the main table is simulated (the comparison costs one run per drain).
  const std::vector<std::string> picked =
      vm.count("drains") ? pick_list(vm, "drains", drain_names)
                         : std::vector<std::string>{vm["drain"].as<std::string>()};
  for (const std::string& d : picked) {
    DrainModel m = DrainModel::kOverlap;
    parse_drain_model(d, &m);
    drains.push_back(m);
  }
  OutputDir out(require_out(vm));
  std::vector<Row> rows;
  bool all_ok = true;
  // Per network: the baseline unmodified on the FuSe array (K×K depthwise by rows). With
  // --input-prefetch on, the FuSe runs again with prefetch: (net, variant or "unmodified").
  std::map<std::string, int64_t> unmodified;
  std::map<std::pair<std::string, std::string>, int64_t> with_prefetch;
  auto run_one = [&](const std::string& net, const std::string& var, const std::string& name,
                     const RunOptions& o) {
    Engines engines(o, TraceOptions{});
    const auto layers = load_network(net, var);
    const NetworkResult r = run_network(layers, o, engines.threads(), engines.factory(),
                                        make_progress(vm, net + "/" + name));
    print_network_line(net + "/" + name, r, o);
    all_ok = all_ok && r.verified;
    nlohmann::json j = network_summary_json(r, o);
    j["network"] = net;
    j["variant"] = name;
    require_finite(j, net + "_" + name + "_summary.json");
    out.add(net + "_" + name + "_summary.json", j.dump(2) + "\n");
    out.add(net + "_" + name + "_layers.csv", layers_csv(r, o));
    if (vm.count("accelergy") && r.priced) add_accelergy(&out, o, r.energy, net + "_" + name + "_");
    return r;
  };
  for (const std::string& net : nets) {
    for (const std::string& var : vars) {
      RunOptions o = base;
      o.array.fuse = var != "baseline";
      const NetworkResult r = run_one(net, var, var, o);
      rows.push_back(
          {net, var, r.cycles, r.analytical.authors_published, r.analytical.model, r.verified});
      if (prefetch && o.array.fuse) {
        o.array.input_prefetch = true;
        with_prefetch[{net, var}] = run_one(net, var, var + "_prefetch", o).cycles;
      }
    }
    RunOptions o = base;
    o.array.fuse = true;
    o.mapping.dw_mapping = DwMapping::kRows;
    unmodified[net] = run_one(net, "baseline", "unmodified", o).cycles;
    if (prefetch) {
      o.array.input_prefetch = true;
      with_prefetch[{net, "unmodified"}] =
          run_one(net, "baseline", "unmodified_prefetch", o).cycles;
    }
  }
  std::ostringstream csv;
  csv << "network,variant,sim_cycles,authors_cycles,sim_speedup,authors_speedup,paper_speedup,"
         "model_cycles,verified,unmodified_cycles,unmodified_speedup,sim_prefetch_cycles,"
         "sim_prefetch_speedup,unmodified_prefetch_cycles,unmodified_prefetch_speedup\n";
  std::ostringstream tab;
  tab << "\nFuSeConv speed-up over baseline on a " << base.array.rows << "x" << base.array.cols
      << " array (simulated, cycle-accurate and bit-exact; authors = their published model;\n"
         "unmodified = the baseline network, not retrained, on the FuSe array: K×K depthwise "
         "layers by rows"
      << (prefetch ? "; + prefetch x = the same FuSe run with --input-prefetch on" : "") << ")\n";
  tab << std::left << std::setw(20) << "network" << std::setw(10) << "variant" << std::right
      << std::setw(12) << "sim cycles" << std::setw(12) << "authors" << std::setw(10) << "sim x"
      << std::setw(10) << "authors x" << std::setw(10) << "paper x";
  if (prefetch) tab << std::setw(14) << "+ prefetch x";
  tab << "\n";
  // Speed-up over the network's baseline of a prefetch twin run ("" and -1 when there is none).
  auto twin = [&](const std::string& net, const std::string& name, int64_t base_cycles) {
    const auto it = with_prefetch.find({net, name});
    if (it == with_prefetch.end()) return std::make_pair(std::string(), -1.0);
    return std::make_pair(std::to_string(it->second), double(base_cycles) / double(it->second));
  };
  auto csv_twin = [&](const std::pair<std::string, double>& t) {
    csv << "," << t.first << ",";
    if (t.second > 0) csv << std::fixed << std::setprecision(3) << t.second << std::defaultfloat;
  };
  auto tab_twin = [&](const std::pair<std::string, double>& t) {
    if (!prefetch) return;
    tab << std::setw(14);
    if (t.second > 0)
      tab << std::fixed << std::setprecision(2) << t.second << std::defaultfloat;
    else
      tab << "-";
  };
  const bool at_64 = base.array.rows == 64 && base.array.cols == 64;
  for (const Row& r : rows) {
    const Row* b = nullptr;
    for (const Row& x : rows)
      if (x.net == r.net && x.variant == "baseline") b = &x;
    const double ss = double(b->sim) / double(r.sim);
    const double as = double(b->authors) / double(r.authors);
    const double ps = at_64 ? paper_speedup(r.net, r.variant) : 0.0;
    csv << r.net << "," << r.variant << "," << r.sim << "," << r.authors << "," << std::fixed
        << std::setprecision(3) << ss << "," << as << ",";
    if (ps > 0) csv << ps;
    // The baseline network, unmodified, on the FuSe array: the same for every row of a network.
    const int64_t um = unmodified.at(r.net);
    const double us = double(b->sim) / double(um);
    csv << std::defaultfloat << "," << r.model << "," << (r.verified ? "true" : "false") << ","
        << um << "," << std::fixed << std::setprecision(3) << us << std::defaultfloat;
    const auto vt = twin(r.net, r.variant, b->sim);
    const auto ut = twin(r.net, "unmodified", b->sim);
    csv_twin(vt);
    csv_twin(ut);
    csv << "\n";
    tab << std::left << std::setw(20) << r.net << std::setw(10) << r.variant << std::right
        << std::setw(12) << r.sim << std::setw(12) << r.authors << std::fixed
        << std::setprecision(2) << std::setw(10) << ss << std::setw(10) << as << std::setw(10);
    if (ps > 0)
      tab << ps;
    else
      tab << "-";
    tab << std::defaultfloat;
    tab_twin(vt);
    tab << "\n";
    if (r.variant == "baseline") {
      tab << std::left << std::setw(20) << r.net << std::setw(10) << "unmodified" << std::right
          << std::setw(12) << um << std::setw(12) << "-" << std::fixed << std::setprecision(2)
          << std::setw(10) << us << std::setw(10) << "-" << std::setw(10) << "-"
          << std::defaultfloat;
      tab_twin(ut);
      tab << "\n";
    }
  }
  out.add("speedups.csv", csv.str());
  all_ok = drain_comparison(base, nets, vars, drains, rows, vm, &out, &tab) && all_ok;
  commit(&out);
  std::cout << tab.str();
  return all_ok ? 0 : 1;
}

int cmd_demo(int argc, char** argv) {
  std::vector<char*> args(argv, argv + argc);
  std::string arr = "--array";
  std::string size = "64x64";
  bool has_array = false;
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--array" || std::string(argv[i]).rfind("--array=", 0) == 0)
      has_array = true;
  if (!has_array) {
    args.push_back(arr.data());
    args.push_back(size.data());
  }
  return cmd_paper(int(args.size()), args.data());
}

}  // namespace fusesim
