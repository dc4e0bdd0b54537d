#include "testbench/sc_cli.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "dataflows/analytical.h"
#include "hw/fast_engine.h"
#include "hw/sc_top.h"
#include "testbench/layer_runner.h"
#include "testbench/network_runner.h"
#include "testbench/output_dir.h"
#include "workloads/accelergy_export.h"
#include "workloads/area_model.h"
#include "workloads/input_error.h"
#include "workloads/network_zoo.h"
#include "workloads/scalesim_io.h"

namespace po = boost::program_options;

namespace fusesim {

namespace {

/// A command-line error: message printed, exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool parse_int_strict(const std::string& s, long long* v) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  for (size_t k = i; k < s.size(); ++k)
    if (s[k] < '0' || s[k] > '9') return false;
  if (s.size() > 12) return false;
  *v = std::stoll(s);
  return true;
}

// "AxBxC" with exactly n integer fields.
std::vector<int> parse_dims(const std::string& opt, const std::string& s, size_t n,
                            const char* form) {
  std::vector<int> out;
  std::string cur;
  std::string t = s + "x";
  for (char ch : t) {
    if (ch == 'x' || ch == 'X') {
      long long v = 0;
      if (!parse_int_strict(cur, &v) || v < -1000000000LL || v > 1000000000LL)
        throw UsageError(opt + ": expected " + form + ", got '" + s + "'");
      out.push_back(int(v));
      cur.clear();
    } else {
      cur += ch;
    }
  }
  if (out.size() != n) throw UsageError(opt + ": expected " + form + ", got '" + s + "'");
  return out;
}

// "N" (both dimensions N) or "AxB".
std::vector<int> parse_pair(const std::string& opt, const std::string& s, const char* form) {
  if (s.find_first_of("xX") == std::string::npos)
    return std::vector<int>(2, parse_dims(opt, s, 1, form)[0]);
  return parse_dims(opt, s, 2, form);
}

void positive(const std::string& opt, const std::vector<int>& v) {
  for (int x : v)
    if (x < 1)
      throw UsageError(opt + ": every dimension must be >= 1 (got " + std::to_string(x) + ")");
}

/// The array options; `hw` is the --hw value, or the command's default when it was not given.
ArrayConfig parse_array(const po::variables_map& vm, const std::string& hw) {
  ArrayConfig a;
  const auto d = parse_dims("--array", vm["array"].as<std::string>(), 2, "RxC (e.g. 64x64)");
  positive("--array", d);
  a.rows = d[0];
  a.cols = d[1];
  const auto errs = a.validate();
  if (!errs.empty()) throw UsageError("--array: " + errs.front());
  if (hw == "fuse")
    a.fuse = true;
  else if (hw == "baseline")
    a.fuse = false;
  else
    throw UsageError("--hw: expected baseline or fuse, got '" + hw + "'");
  const std::string dr = vm["drain"].as<std::string>();
  if (dr == "overlap")
    a.overlap_drain = true;
  else if (dr == "serial")
    a.overlap_drain = false;
  else
    throw UsageError("--drain: expected overlap or serial, got '" + dr + "'");
  return a;
}

MappingOptions parse_mapping(const po::variables_map& vm) {
  MappingOptions m;
  const std::string df = vm["dataflow"].as<std::string>();
  if (!parse_dataflow(df, &m.dataflow))
    throw UsageError("--dataflow: expected os, ws or is, got '" + df + "'");
  const std::string dw = vm["dw-convention"].as<std::string>();
  if (!parse_dw_convention(dw, &m.dw))
    throw UsageError(
        "--dw-convention: expected per-channel, scalesim-split or "
        "scalesim-collapsed, got '" +
        dw + "'");
  return m;
}

po::options_description common_options() {
  po::options_description o("options");
  o.add_options()("help,h", "show this help")(
      "array", po::value<std::string>()->default_value("8x8"), "array size RxC")(
      "dataflow", po::value<std::string>()->default_value("os"), "os | ws | is")(
      "hw", po::value<std::string>(), "baseline | fuse (FuSe broadcast bus and DataEn mux)")(
      "drain", po::value<std::string>()->default_value("overlap"),
      "overlap (shadow output registers) | serial")(
      "dw-convention", po::value<std::string>()->default_value("per-channel"),
      "per-channel | scalesim-split | scalesim-collapsed")(
      "engine", po::value<std::string>()->default_value("fast"), "fast | pin")(
      "threads", po::value<int>()->default_value(0), "worker threads (0: all cores)")(
      "seed", po::value<long long>()->default_value(1), "seed of the random int8 data")(
      "vcd", po::value<std::string>(), "write a waveform (pin-level engine)")(
      "trace-pes", po::value<std::string>(), "rows and columns to trace: R0:R1,C0:C1 (exclusive)")(
      "trace-cycles", po::value<std::string>(), "edges of the traced run to trace: FROM:TO")(
      "trace-layer", po::value<std::string>(), "network runs: the layer to trace (by name)")(
      "quiet,q", "no progress display")(
      "log-level", po::value<std::string>()->default_value("warn"), "spdlog level")(
      "energy-table", po::value<std::string>(),
      "energy per action CSV (default configs/energy/45nm.csv)")(
      "clock-mhz", po::value<double>()->default_value(1000.0), "clock for power figures")(
      "accelergy", "also write Accelergy ERT/ART tables and action counts")(
      "out", po::value<std::string>(), "output folder");
  return o;
}

po::variables_map parse(const po::options_description& od, int argc, char** argv, const char* cmd) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(od).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see fusesim " + cmd + " --help)");
  }
  return vm;
}

RunOptions run_options(const po::variables_map& vm, bool default_fuse) {
  RunOptions o;
  // --hw defaults per command.
  o.array = parse_array(
      vm, vm.count("hw") ? vm["hw"].as<std::string>() : (default_fuse ? "fuse" : "baseline"));
  o.mapping = parse_mapping(vm);
  o.engine = vm["engine"].as<std::string>();
  if (o.engine != "fast" && o.engine != "pin")
    throw UsageError("--engine: expected fast or pin, got '" + o.engine + "'");
  if (vm.count("vcd") && o.engine == "fast") {
    if (!vm["engine"].defaulted())
      throw UsageError(
          "--vcd: waveforms come from the pin-level engine; drop --engine fast or use --engine "
          "pin");
    o.engine = "pin";  // waveforms need the pin model
  }
  if (vm["seed"].as<long long>() < 0) throw UsageError("--seed: must be >= 0");
  o.seed = uint64_t(vm["seed"].as<long long>());
  o.threads = vm["threads"].as<int>();
  if (o.threads < 0) throw UsageError("--threads: must be >= 0");
  const std::string level = vm["log-level"].as<std::string>();
  const spdlog::level::level_enum lvl = spdlog::level::from_str(level);
  if (lvl == spdlog::level::off && level != "off")
    throw UsageError("--log-level: expected trace, debug, info, warn, err, critical or off, got '" +
                     level + "'");
  spdlog::set_level(lvl);
  o.clock_mhz = vm["clock-mhz"].as<double>();
  if (!(o.clock_mhz > 0)) throw UsageError("--clock-mhz: must be > 0");
  const std::string et =
      vm.count("energy-table") ? vm["energy-table"].as<std::string>() : default_energy_table();
  o.energy_table = std::make_shared<const EnergyTable>(load_energy_table(et));
  return o;
}

TraceOptions trace_options(const po::variables_map& vm) {
  TraceOptions t;
  if (vm.count("vcd")) t.vcd_path = vm["vcd"].as<std::string>();
  if (vm.count("trace-pes")) {
    const std::string s = vm["trace-pes"].as<std::string>();
    int r0, r1, c0, c1, used = 0;
    char a, b;
    if (std::sscanf(s.c_str(), "%d%c%d%c%d:%d%n", &r0, &a, &r1, &b, &c0, &c1, &used) != 6 ||
        used != int(s.size()) || a != ':' || b != ',' || r0 < 0 || c0 < 0 || r1 <= r0 || c1 <= c0)
      throw UsageError("--trace-pes: expected R0:R1,C0:C1 (end exclusive), got '" + s + "'");
    t.scope = TraceScope{r0, r1, c0, c1};
  }
  if (vm.count("trace-cycles")) {
    const std::string s = vm["trace-cycles"].as<std::string>();
    long long a = 0, b = 0;
    char colon = 0;
    int used = 0;
    if (std::sscanf(s.c_str(), "%lld%c%lld%n", &a, &colon, &b, &used) != 3 ||
        used != int(s.size()) || colon != ':' || a < 0 || b < a)
      throw UsageError("--trace-cycles: expected FROM:TO with 0 <= FROM <= TO, got '" + s + "'");
    t.from_cycle = a;
    t.to_cycle = b;
  }
  if (vm.count("trace-layer")) t.layer = vm["trace-layer"].as<std::string>();
  if (!vm.count("vcd") &&
      (vm.count("trace-pes") || vm.count("trace-cycles") || vm.count("trace-layer")))
    throw UsageError("--trace-pes/--trace-cycles/--trace-layer need --vcd FILE");
  return t;
}

void check_trace_scope(const TraceOptions& t, const ArrayConfig& a) {
  if (t.vcd_path.empty()) return;
  if (t.scope.row0 >= a.rows || t.scope.col0 >= a.cols)
    throw UsageError("--trace-pes: rows " + std::to_string(t.scope.row0) + ".. / columns " +
                     std::to_string(t.scope.col0) + ".. lie outside the " + std::to_string(a.rows) +
                     "x" + std::to_string(a.cols) + " array");
}

std::string require_out(const po::variables_map& vm) {
  if (!vm.count("out")) throw UsageError("--out DIR is required");
  return vm["out"].as<std::string>();
}

/// The engine(s) of a run: fast engines per thread, or one pin-level engine.
struct Engines {
  explicit Engines(const RunOptions& o, const TraceOptions& t) : opts(o), trace(t) {}
  EngineFactory factory() {
    if (opts.engine == "pin") {
      if (!pin) pin = std::make_unique<PinEngine>(opts.array, trace);
      PinEngine* p = pin.get();
      return [p](int) -> EngineFn {
        return
            [p](Program* prog, const std::string& label) { return p->run(prog, nullptr, label); };
      };
    }
    const ArrayConfig a = opts.array;
    return [a](int) -> EngineFn {
      auto eng = std::make_shared<FastEngine>(a);
      return [eng](Program* prog, const std::string&) { return eng->run(prog); };
    };
  }
  int threads() const { return opts.engine == "pin" ? 1 : opts.threads; }
  /// The run succeeded: finish the waveform (it appears under its name only now).
  void finish() {
    if (pin) pin->close_trace();
    pin.reset();
  }
  RunOptions opts;
  TraceOptions trace;
  std::unique_ptr<PinEngine> pin;
};

Progress make_progress(const po::variables_map& vm, const std::string& what) {
  if (vm.count("quiet") || !isatty(2)) return nullptr;
  auto t0 =
      std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  return [t0, what](int done, int total, int64_t cycles) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - *t0).count();
    if (s < 2.0 && done < total) return;
    const double left = done > 0 ? s * (total - done) / done : 0.0;
    std::fprintf(stderr,
                 "\r%s: %d/%d layers, %.1f M simulated cycles (%.1f M cycles/s), %.1f s, ~%.0f s "
                 "left   %s",
                 what.c_str(), done, total, cycles / 1e6, s > 0 ? cycles / s / 1e6 : 0.0, s, left,
                 done == total ? "\n" : "");
    std::fflush(stderr);
  };
}

void add_accelergy(OutputDir* out, const EnergyTable& t, const EnergyReport& e) {
  out->add("ERT.yaml", to_ert_yaml(t, &e.actions));
  out->add("action_counts.yaml", to_action_counts_yaml(e.actions));
}

// ---------------------------------------------------------------- layer
int cmd_layer(int argc, char** argv) {
  po::options_description od = common_options();
  od.add_options()("op", po::value<std::string>()->default_value("conv"),
                   "conv | pointwise | dw | fuse-row | fuse-col | linear | gemm")(
      "ifmap", po::value<std::string>(), "input HxWxC")(
      "filters", po::value<int>(), "number of filters (default: C for dw/fuse)")(
      "kernel", po::value<std::string>()->default_value("1x1"), "KhxKw")(
      "stride", po::value<std::string>()->default_value("1"), "S or SHxSW")(
      "pad", po::value<std::string>()->default_value("0"),
      "P or PHxPW (fuse-*: along the convolution)")("batch", po::value<int>()->default_value(1),
                                                    "images")("gemm", po::value<std::string>(),
                                                              "with --op gemm: MxKxN")(
      "heatmap", "also write heatmap.csv (row,col,macs per PE; runs the pin-level engine)");
  po::variables_map vm = parse(od, argc, argv, "layer");
  if (vm.count("help")) {
    std::cout << "fusesim layer --op OP --ifmap HxWxC --filters M --kernel KhxKw --stride S "
                 "--pad P --array RxC --dataflow os|ws|is --out DIR\n"
              << od;
    return 0;
  }
  LayerSpec l;
  l.name = "layer";
  const std::string op = vm["op"].as<std::string>();
  if (!parse_op_kind(op, &l.op))
    throw UsageError(
        "--op: expected conv, pointwise, dw, fuse-row, fuse-col, linear or gemm, got '" + op + "'");
  if (l.op == OpKind::kGemm) {
    if (!vm.count("gemm")) throw UsageError("--op gemm needs --gemm MxKxN");
    const auto g = parse_dims("--gemm", vm["gemm"].as<std::string>(), 3, "MxKxN");
    positive("--gemm", g);
    l.in_h = g[0];
    l.in_w = 1;
    l.in_c = g[1];
    l.out_c = g[2];
  } else {
    if (!vm.count("ifmap")) throw UsageError("--ifmap HxWxC is required");
    const auto d = parse_dims("--ifmap", vm["ifmap"].as<std::string>(), 3, "HxWxC");
    l.in_h = d[0];
    l.in_w = d[1];
    l.in_c = d[2];
    const auto k = parse_pair("--kernel", vm["kernel"].as<std::string>(), "K or KhxKw");
    l.k_h = k[0];
    l.k_w = k[1];
    const auto s = parse_pair("--stride", vm["stride"].as<std::string>(), "S or SHxSW");
    l.stride_h = s[0];
    l.stride_w = s[1];
    const std::string pd = vm["pad"].as<std::string>();
    const auto p = parse_pair("--pad", pd, "P or PHxPW");
    l.pad_h = p[0];
    l.pad_w = p[1];
    // A single --pad on a FuSe layer pads only along its convolution.
    const bool one_pad = pd.find_first_of("xX") == std::string::npos;
    if (l.op == OpKind::kFuseRow && one_pad) l.pad_h = 0;
    if (l.op == OpKind::kFuseCol && one_pad) l.pad_w = 0;
    if (l.op == OpKind::kLinear && (l.in_h != 1 || l.in_w != 1 || l.k_h != 1 || l.k_w != 1))
      throw UsageError("--op linear takes --ifmap 1x1xC and a 1x1 kernel");
    l.out_c = vm.count("filters") ? vm["filters"].as<int>() : (l.is_channelwise() ? l.in_c : 0);
    if (!vm.count("filters") && !l.is_channelwise()) throw UsageError("--filters M is required");
  }
  l.batch = vm["batch"].as<int>();
  const auto errs = l.validate();
  if (!errs.empty()) {
    std::string m = "invalid layer:";
    for (const auto& e : errs) m += "\n  " + e;
    throw UsageError(m);
  }
  const bool want_fuse = l.op == OpKind::kFuseRow || l.op == OpKind::kFuseCol;
  RunOptions o = run_options(vm, want_fuse);
  if (vm.count("heatmap")) {
    if (o.engine == "fast" && !vm["engine"].defaulted())
      throw UsageError(
          "--heatmap: per-PE counts come from the pin-level engine; drop --engine fast");
    o.engine = "pin";
  }
  const TraceOptions tr = trace_options(vm);
  check_trace_scope(tr, o.array);
  OutputDir out(require_out(vm));
  Engines engines(o, tr);
  EngineFn eng = engines.factory()(0);
  const LayerResult r = run_layer(l, o, eng);
  nlohmann::json j = layer_summary_json(r, o);
  out.add("summary.json", j.dump(2) + "\n");
  if (vm.count("accelergy") && r.priced) add_accelergy(&out, *o.energy_table, r.energy);
  if (vm.count("heatmap")) {
    const std::vector<uint64_t> m = engines.pin->pe_macs();
    std::ostringstream hm;
    hm << "row,col,macs\n";
    for (int rr = 0; rr < o.array.rows; ++rr)
      for (int cc = 0; cc < o.array.cols; ++cc)
        hm << rr << "," << cc << "," << m[size_t(rr) * o.array.cols + cc] << "\n";
    out.add("heatmap.csv", hm.str());
  }
  engines.finish();
  out.commit();
  std::printf(
      "%s %s on %dx%d %s (%s): %lld cycles, %lld MACs, %lld folds, utilisation %.1f %%, %s\n",
      to_string(l.op), shape_string(l).c_str(), o.array.rows, o.array.cols,
      o.array.fuse ? "fuse" : "baseline", r.program.c_str(), (long long)r.stats.cycles,
      (long long)r.macs, (long long)r.folds, 100.0 * r.utilization(),
      r.verified ? "verified" : "NOT VERIFIED");
  std::printf(
      "analytical: model %lld, authors (published) %lld, authors (public) %lld, SCALE-Sim %lld\n",
      (long long)r.analytical.model, (long long)r.analytical.authors_published,
      (long long)r.analytical.authors_public, (long long)r.analytical.scalesim);
  if (r.priced)
    std::printf("energy %.1f pJ (%.3f pJ/MAC), %.2f mW at %.0f MHz\n", r.energy.energy_pj,
                r.energy.pj_per_mac, r.energy.power_mw, o.clock_mhz);
  return r.verified ? 0 : 1;
}

// ---------------------------------------------------------------- network
std::vector<LayerSpec> load_network(const std::string& net, const std::string& variant) {
  try {
    return build_network(net, variant);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--net/--variant: ") + e.what());
  }
}

void print_network_line(const std::string& what, const NetworkResult& r, const RunOptions& o) {
  std::printf("%-34s %dx%d %-8s %12lld cycles (model %lld, authors %lld), %d layers, %s, %.2f s\n",
              what.c_str(), o.array.rows, o.array.cols, o.array.fuse ? "fuse" : "baseline",
              (long long)r.cycles, (long long)r.analytical.model,
              (long long)r.analytical.authors_published, int(r.layers.size()),
              r.verified ? "verified" : "NOT VERIFIED", r.wall_seconds);
}

int cmd_network(int argc, char** argv) {
  po::options_description od = common_options();
  od.add_options()("net", po::value<std::string>(), "network name")(
      "variant", po::value<std::string>()->default_value("baseline"),
      "baseline|full|half|full50|half50");
  po::variables_map vm = parse(od, argc, argv, "network");
  if (vm.count("help")) {
    std::cout << "fusesim network --net NAME --variant V --array RxC --out DIR\n" << od;
    return 0;
  }
  if (!vm.count("net")) throw UsageError("--net NAME is required");
  const std::string net = vm["net"].as<std::string>();
  const std::string var = vm["variant"].as<std::string>();
  const auto layers = load_network(net, var);
  RunOptions o = run_options(vm, var != "baseline");
  const TraceOptions tr = trace_options(vm);
  check_trace_scope(tr, o.array);
  // A waveform of a whole network would be gigabytes: trace one layer on the pin-level engine
  // (the fast engine is lock-step equal to it) and run the network on the engine asked for.
  const LayerSpec* traced = nullptr;
  if (!tr.vcd_path.empty()) {
    if (tr.layer.empty())
      throw UsageError("--vcd with network needs --trace-layer NAME (one layer of the network)");
    for (const auto& l : layers)
      if (l.name == tr.layer && l.executed) traced = &l;
    if (!traced)
      throw UsageError("--trace-layer: no executed layer named '" + tr.layer + "' in " + net + "/" +
                       var);
    if (!vm["engine"].defaulted() && vm["engine"].as<std::string>() == "pin")
      throw UsageError(
          "--vcd with network: the network runs on the fast engine and the traced "
          "layer is re-run on the pin-level engine; drop --engine pin");
    o.engine = "fast";
  }
  OutputDir out(require_out(vm));
  Engines engines(o, tr);
  const NetworkResult r = run_network(layers, o, engines.threads(), engines.factory(),
                                      make_progress(vm, net + "/" + var));
  if (traced) {
    RunOptions ot = o;
    ot.engine = "pin";
    size_t idx = 0;
    for (const auto& l : layers) {
      if (&l == traced) break;
      if (l.executed) ++idx;
    }
    ot.seed = o.seed + idx;
    PinEngine pin(o.array, tr);
    const LayerResult lr = run_layer(*traced, ot, [&](Program* p, const std::string& label) {
      return pin.run(p, nullptr, label);
    });
    if (lr.stats.cycles != r.layers[idx].stats.cycles ||
        lr.output_digest != r.layers[idx].output_digest)
      throw std::logic_error("traced re-run of " + traced->name + " differs from the network run");
    pin.close_trace();
    std::printf("traced %s (%lld cycles) into %s\n", traced->name.c_str(),
                (long long)lr.stats.cycles, tr.vcd_path.c_str());
  }
  nlohmann::json j = network_summary_json(r, o);
  j["network"] = net;
  j["variant"] = var;
  out.add("summary.json", j.dump(2) + "\n");
  out.add("layers.csv", layers_csv(r, o));
  if (vm.count("accelergy") && r.priced) add_accelergy(&out, *o.energy_table, r.energy);
  engines.finish();
  out.commit();
  print_network_line(net + "/" + var, r, o);
  if (r.priced)
    std::printf("energy %.3f uJ, %.3f pJ/MAC, %.1f mW at %.0f MHz\n", r.energy.energy_pj / 1e6,
                r.energy.pj_per_mac, r.energy.power_mw, o.clock_mhz);
  return r.verified ? 0 : 1;
}

// ---------------------------------------------------------------- paper
std::vector<std::string> pick_list(const po::variables_map& vm, const char* opt,
                                   const std::vector<std::string>& known) {
  if (!vm.count(opt)) return known;
  std::vector<std::string> out;
  std::stringstream ss(vm[opt].as<std::string>());
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (std::find(known.begin(), known.end(), item) == known.end()) {
      std::string k;
      for (const auto& x : known) k += (k.empty() ? "" : ", ") + x;
      throw UsageError(std::string("--") + opt + ": unknown '" + item + "' (known: " + k + ")");
    }
    out.push_back(item);
  }
  return out;
}

int cmd_paper(int argc, char** argv) {
  po::options_description od = common_options();
  od.add_options()("nets", po::value<std::string>(),
                   "comma-separated networks (default: all five)")(
      "variants", po::value<std::string>(), "comma-separated variants (baseline is always run)");
  po::variables_map vm = parse(od, argc, argv, "paper");
  if (vm.count("help")) {
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
  RunOptions base = run_options(vm, false);
  if (vm.count("hw"))
    throw UsageError(
        "--hw: paper runs baselines on the plain array and FuSe variants on the FuSe array");
  OutputDir out(require_out(vm));
  struct Row {
    std::string net, variant;
    int64_t sim, authors, model;
    bool verified;
  };
  std::vector<Row> rows;
  bool all_ok = true;
  // Published speed-ups (paper-numbers.md, the values behind the table).
  auto paper_speedup = [](const std::string& net, const std::string& v) -> double {
    static const std::map<std::string, std::array<double, 4>> t = {
        {"mobilenet_v1", {4.083, 6.760, 2.204, 2.366}},
        {"mobilenet_v2", {5.165, 7.233, 2.049, 2.167}},
        {"mnasnet_b1", {5.064, 7.154, 1.885, 1.971}},
        {"mobilenet_v3_small", {3.021, 4.169, 1.600, 1.688}},
        {"mobilenet_v3_large", {3.613, 5.453, 1.763, 1.831}}};
    if (v == "baseline") return 1.0;
    const int i = v == "full" ? 0 : v == "half" ? 1 : v == "full50" ? 2 : 3;
    return t.at(net)[i];
  };
  const auto nets = pick_list(vm, "nets", network_names());
  auto vars = pick_list(vm, "variants", variant_names());
  if (std::find(vars.begin(), vars.end(), "baseline") == vars.end())
    vars.insert(vars.begin(), "baseline");
  for (const std::string& net : nets) {
    for (const std::string& var : vars) {
      RunOptions o = base;
      o.array.fuse = var != "baseline";
      Engines engines(o, TraceOptions{});
      const auto layers = load_network(net, var);
      const NetworkResult r = run_network(layers, o, engines.threads(), engines.factory(),
                                          make_progress(vm, net + "/" + var));
      print_network_line(net + "/" + var, r, o);
      rows.push_back(
          {net, var, r.cycles, r.analytical.authors_published, r.analytical.model, r.verified});
      all_ok = all_ok && r.verified;
      nlohmann::json j = network_summary_json(r, o);
      j["network"] = net;
      j["variant"] = var;
      out.add(net + "_" + var + "_summary.json", j.dump(2) + "\n");
      out.add(net + "_" + var + "_layers.csv", layers_csv(r, o));
    }
  }
  std::ostringstream csv;
  csv << "network,variant,sim_cycles,authors_cycles,sim_speedup,authors_speedup,paper_speedup,"
         "model_cycles,verified\n";
  std::ostringstream tab;
  tab << "\nFuSeConv speed-up over baseline on a " << base.array.rows << "x" << base.array.cols
      << " array (simulated, cycle-accurate and bit-exact; authors = their published model)\n";
  tab << std::left << std::setw(20) << "network" << std::setw(10) << "variant" << std::right
      << std::setw(12) << "sim cycles" << std::setw(12) << "authors" << std::setw(10) << "sim x"
      << std::setw(10) << "authors x" << std::setw(10) << "paper x"
      << "\n";
  for (const Row& r : rows) {
    const Row* b = nullptr;
    for (const Row& x : rows)
      if (x.net == r.net && x.variant == "baseline") b = &x;
    const double ss = double(b->sim) / double(r.sim);
    const double as = double(b->authors) / double(r.authors);
    const double ps =
        base.array.rows == 64 && base.array.cols == 64 ? paper_speedup(r.net, r.variant) : 0.0;
    csv << r.net << "," << r.variant << "," << r.sim << "," << r.authors << "," << std::fixed
        << std::setprecision(3) << ss << "," << as << ",";
    if (ps > 0) csv << ps;
    csv << std::defaultfloat << "," << r.model << "," << (r.verified ? "true" : "false") << "\n";
    tab << std::left << std::setw(20) << r.net << std::setw(10) << r.variant << std::right
        << std::setw(12) << r.sim << std::setw(12) << r.authors << std::fixed
        << std::setprecision(2) << std::setw(10) << ss << std::setw(10) << as << std::setw(10);
    if (ps > 0)
      tab << ps;
    else
      tab << "-";
    tab << std::defaultfloat << "\n";
  }
  out.add("speedups.csv", csv.str());
  out.commit();
  std::cout << tab.str();
  return all_ok ? 0 : 1;
}

// ---------------------------------------------------------------- scalesim
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
  std::vector<std::string> warnings;
  const ScaleSimConfig cfg = read_scalesim_config(vm["config"].as<std::string>(), &warnings);
  for (const auto& w : warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  const auto layers =
      read_scalesim_topology(vm["topology"].as<std::string>(), vm.count("gemm") > 0);
  RunOptions o = run_options(vm, false);
  o.array.rows = cfg.array_height;
  o.array.cols = cfg.array_width;
  o.mapping.dataflow = cfg.dataflow == ScaleSimDataflow::kOs   ? Dataflow::kOs
                       : cfg.dataflow == ScaleSimDataflow::kWs ? Dataflow::kWs
                                                               : Dataflow::kIs;
  OutputDir out(require_out(vm));
  Engines engines(o, trace_options(vm));
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
  j["scalesim_config"] = vm["config"].as<std::string>();
  j["topology"] = vm["topology"].as<std::string>();
  out.add("summary.json", j.dump(2) + "\n");
  out.add("layers.csv", layers_csv(r, o));
  engines.finish();
  out.commit();
  print_network_line("scalesim topology", r, o);
  return r.verified ? 0 : 1;
}

// ---------------------------------------------------------------- area
int cmd_area(int argc, char** argv) {
  po::options_description od("options");
  od.add_options()("help,h", "show this help")(
      "array", po::value<std::string>()->default_value("32x32"), "array size RxC")(
      "area-table", po::value<std::string>(),
      "area per instance CSV (default configs/area/45nm.csv)")(
      "drain", po::value<std::string>()->default_value("overlap"), "overlap | serial")(
      "accelergy", "also write the Accelergy ART table")("out", po::value<std::string>(),
                                                         "output folder");
  po::variables_map vm = parse(od, argc, argv, "area");
  if (vm.count("help")) {
    std::cout << "fusesim area --array RxC [--area-table FILE] --out DIR\n" << od;
    return 0;
  }
  const ArrayConfig a = parse_array(vm, "baseline");  // area reports both arrays
  const std::string path =
      vm.count("area-table") ? vm["area-table"].as<std::string>() : default_area_table();
  const AreaTable t = load_area_table(path);
  OutputDir out(require_out(vm));
  const AreaReport rep = area(a, t);
  nlohmann::json j = rep.to_json();
  j["paper_fuse_overhead_pct"] = 4.35;
  j["paper_basis"] = "32x32 array, technology and word width not given";
  out.add("area.json", j.dump(2) + "\n");
  if (vm.count("accelergy")) out.add("ART.yaml", to_art_yaml(t));
  out.commit();
  std::printf("area of a %dx%d array (%s)\n", a.rows, a.cols, path.c_str());
  std::printf("  baseline %.0f um2, FuSe %.0f um2: +%.2f %% with the scratchpads\n",
              rep.baseline_um2, rep.fuse_um2, rep.fuse_overhead_pct);
  std::printf(
      "  PE array only: +%.2f %% (bus tracks charged), +%.2f %% (cells only); paper: +4.35 %%\n",
      rep.fuse_overhead_array_pct, rep.fuse_overhead_array_cells_only_pct);
  return 0;
}

// ---------------------------------------------------------------- demo
int cmd_demo(int argc, char** argv) {
  std::vector<char*> args(argv, argv + argc);
  std::string arr = "--array";
  std::string size = "64x64";
  bool has_array = false;
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--array") has_array = true;
  if (!has_array) {
    args.push_back(arr.data());
    args.push_back(size.data());
  }
  return cmd_paper(int(args.size()), args.data());
}

void usage() {
  std::cout << "fusesim — cycle-accurate systolic array and FuSeConv simulator\n\n"
               "commands:\n"
               "  layer     simulate one layer        (fusesim layer --help)\n"
               "  network   simulate a whole network  (fusesim network --help)\n"
               "  paper     reproduce the paper's speed-up table by simulation\n"
               "  scalesim  run SCALE-Sim config and topology files\n"
               "  area      area of the plain and the FuSe array\n"
               "  demo      the paper table on a 64x64 array\n";
}

}  // namespace

int run_cli(int argc, char** argv) {
  if (argc < 2) {
    usage();
    return 2;
  }
  const std::string cmd = argv[1];
  try {
    if (cmd == "layer") return cmd_layer(argc - 1, argv + 1);
    if (cmd == "network") return cmd_network(argc - 1, argv + 1);
    if (cmd == "paper") return cmd_paper(argc - 1, argv + 1);
    if (cmd == "scalesim") return cmd_scalesim(argc - 1, argv + 1);
    if (cmd == "demo") return cmd_demo(argc - 1, argv + 1);
    if (cmd == "area") return cmd_area(argc - 1, argv + 1);
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      usage();
      return 0;
    }
    std::fprintf(stderr, "fusesim: unknown command '%s'\n", cmd.c_str());
    usage();
    return 2;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "fusesim %s: %s\n", cmd.c_str(), e.what());
    return 2;
  } catch (const InputError& e) {
    std::fprintf(stderr, "fusesim %s: %s\n", cmd.c_str(), e.what());
    return 2;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "fusesim %s: %s\n", cmd.c_str(), e.what());
    return 2;
  } catch (const std::logic_error& e) {
    std::fprintf(stderr, "fusesim %s: internal error: %s\n", cmd.c_str(), e.what());
    return 3;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "fusesim %s: out of memory\n", cmd.c_str());
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fusesim %s: %s\n", cmd.c_str(), e.what());
    return 2;
  }
}

}  // namespace fusesim
