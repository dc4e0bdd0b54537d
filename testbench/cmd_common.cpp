#include "testbench/cmd_common.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "hw/fast_engine.h"
#include "waveform/gtkw_writer.h"
#include "workloads/accelergy_arch.h"
#include "workloads/accelergy_export.h"
#include "workloads/area_model.h"
#include "workloads/network_zoo.h"

namespace fusesim {

po::options_description common_options() {
  po::options_description o("options");
  o.add_options()("help,h", "show this help")(
      "array", po::value<std::string>()->default_value("8x8"), "array size RxC")(
      "dataflow", po::value<std::string>()->default_value("os"), "os | ws | is")(
      "hw", po::value<std::string>(), "baseline | fuse (FuSe broadcast bus and DataEn mux)")(
      "acc-overflow", po::value<std::string>()->default_value("wrap"),
      "int32 accumulator on overflow: wrap (two's complement) | saturate")(
      "drain", po::value<std::string>()->default_value("overlap"),
      "overlap (shadow output registers) | serial | global-select (accumulators shift down "
      "under one output select, 2 edges per row)")(
      "dw-convention", po::value<std::string>()->default_value("per-channel"),
      "per-channel | scalesim-split | scalesim-collapsed")(
      "dw-mapping", po::value<std::string>()->default_value("gemm"),
      "K×K depthwise layers: gemm (per-channel GEMMs, as on the plain array) | rows (FuSe array: "
      "K accumulated 1-D row convolutions per output row, no retraining)")(
      "input-prefetch", po::value<std::string>()->default_value("off"),
      "on | off: the FuSe array's input prefetch (a prefetch register chain and a swap mux per "
      "PE; the 1-D dataflow loads the next window under the current taps)")(
      "engine", po::value<std::string>()->default_value("fast"), "fast | pin")(
      "threads", po::value<std::string>()->default_value("0"), "worker threads (0: all cores)")(
      "seed", po::value<std::string>()->default_value("1"), "seed of the random int8 data")(
      "vcd", po::value<std::string>(), "write a waveform (pin-level engine)")(
      "trace-pes", po::value<std::string>(), "rows and columns to trace: R0:R1,C0:C1 (exclusive)")(
      "trace-cycles", po::value<std::string>(), "edges of the traced run to trace: FROM:TO")(
      "trace-layer", po::value<std::string>(), "network runs: the layer to trace (by name)")(
      "quiet,q", "no progress display")(
      "log-level", po::value<std::string>()->default_value("warn"), "spdlog level")(
      "energy-table", po::value<std::string>(),
      "energy per action CSV (default configs/energy/45nm.csv)")(
      "clock-mhz", po::value<std::string>()->default_value("1000"), "clock for power figures")(
      "accelergy",
      "also write ERT.yaml, ART.yaml, action_counts.yaml (memory actions included) and "
      "architecture.yaml for Accelergy (paper: one set per run, prefixed NET_VARIANT_)")(
      "memory", po::value<std::string>()->default_value("ideal"),
      "ideal | a preset (scalesim, ddr4-3200, lpddr4-4266, hbm2) | a memory FILE (.toml)")(
      "sram-kb", po::value<std::string>(), "scratchpad sizes IFMAP,FILTER,OFMAP in KiB")(
      "dram-bw", po::value<std::string>(), "DRAM as one interface of this many bytes per cycle")(
      "dram", po::value<std::string>(), "the DRAM of a preset (ddr4-3200, lpddr4-4266, hbm2, ...)")(
      "ofmap-reuse", po::value<std::string>()->default_value("on"),
      "on | off: a layer whose input is the previous layer's output, small enough for the ifmap "
      "scratchpad, reads it on chip")("out", po::value<std::string>(), "output folder");
  return o;
}

namespace {

/// The options of `od` plus every token that is not an option (in "positional"), strictly: no
/// abbreviations (`--filter 3` must not silently become --filters, boost's default).
po::variables_map store_options(const po::options_description& od, int argc, char** argv,
                                const std::string& cmd) {
  po::options_description all = od;
  all.add_options()("positional", po::value<std::vector<std::string>>());
  po::positional_options_description pos;
  pos.add("positional", -1);
  po::variables_map vm;
  try {
    const int style =
        po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).style(style).run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(printable(e.what()) + " (see fusesim " + cmd + " --help)");
  }
  return vm;
}

}  // namespace

po::variables_map parse(const po::options_description& od, int argc, char** argv, const char* cmd) {
  // Every token that is not an option is refused: `--stride 2 1` or `area 64x64` must not run
  // with a value the user did not mean.
  po::variables_map vm = store_options(od, argc, argv, cmd);
  if (vm.count("positional")) {
    const std::string tok = vm["positional"].as<std::vector<std::string>>().front();
    throw UsageError("unexpected argument '" + printable(tok) +
                     "': every value follows its option (see fusesim " + cmd + " --help)");
  }
  return vm;
}

po::variables_map parse_with_target(const po::options_description& od, int argc, char** argv,
                                    const std::string& cmd, const std::string& what,
                                    std::string* target) {
  po::variables_map vm = store_options(od, argc, argv, cmd);
  if (vm.count("help")) return vm;
  const auto p = vm.count("positional") ? vm["positional"].as<std::vector<std::string>>()
                                        : std::vector<std::string>{};
  if (p.empty()) throw UsageError(what + " is required (fusesim " + cmd + " " + what + ")");
  if (p.size() > 1)
    throw UsageError("unexpected argument '" + printable(p[1]) + "' (see fusesim " + cmd +
                     " --help)");
  *target = p[0];
  return vm;
}

ArrayConfig parse_array(const po::variables_map& vm, const std::string& hw) {
  ArrayConfig a;
  const auto d = parse_dims("--array", vm["array"].as<std::string>(), 2, "RxC (e.g. 64x64)");
  require_positive("--array", d);
  a.rows = d[0];
  a.cols = d[1];
  const auto errs = a.validate();
  if (!errs.empty()) throw UsageError("--array: " + errs.front());
  if (hw == "fuse")
    a.fuse = true;
  else if (hw == "baseline")
    a.fuse = false;
  else
    throw UsageError("--hw: expected baseline or fuse, got '" + printable(hw) + "'");
  const std::string dr = vm["drain"].as<std::string>();
  DrainModel dm = DrainModel::kOverlap;
  if (parse_drain_model(dr, &dm))
    set_drain_model(&a, dm);
  else
    throw UsageError("--drain: expected overlap, serial or global-select, got '" + printable(dr) +
                     "'");
  if (vm.count("acc-overflow")) {
    const std::string ov = vm["acc-overflow"].as<std::string>();
    if (!parse_acc_overflow(ov, &a.acc_overflow))
      throw UsageError("--acc-overflow: expected wrap or saturate, got '" + printable(ov) + "'");
  }
  if (vm.count("input-prefetch")) {
    const std::string pf = vm["input-prefetch"].as<std::string>();
    if (pf == "on")
      a.input_prefetch = true;
    else if (pf != "off")
      throw UsageError("--input-prefetch: expected on or off, got '" + printable(pf) + "'");
  }
  return a;
}

namespace {

bool ends_with_vcd(const std::string& f) {
  return f.size() > 4 && f.substr(f.size() - 4) == ".vcd";
}

/// The GTKWave save file beside a VCD: "run.vcd" -> "run.gtkw".
std::string gtkw_name(std::string vcd) {
  if (ends_with_vcd(vcd)) vcd.resize(vcd.size() - 4);
  return vcd + ".gtkw";
}

/// Everything that would make the waveform's commit fail, checked before simulating: its GTKWave
/// file's place taken by a folder, a name too long for the folder, and (inside --out) a name that
/// could be one of the run's result files.
void check_waveform(const std::string& vcd, const po::variables_map& vm) {
  namespace fs = std::filesystem;
  const std::string v = "--vcd " + printable(vcd) + ": ";
  const std::string gtkw = gtkw_name(vcd);
  std::error_code ec;
  if (fs::is_directory(gtkw, ec))
    throw UsageError(v + "the GTKWave file beside it, " + printable(gtkw) + ", is a folder");
  fs::path dir = fs::path(vcd).parent_path();
  if (dir.empty()) dir = ".";
  const long name_max = pathconf(dir.c_str(), _PC_NAME_MAX);
  for (const std::string& f : {vcd, gtkw, gtkw_filter_name(vcd)})
    if (name_max > 0 && fs::path(f).filename().string().size() > size_t(name_max))
      throw UsageError(v + "the file name " + printable(fs::path(f).filename().string()) +
                       " is longer than " + std::to_string(name_max) + " bytes");
  if (!vm.count("out") || ends_with_vcd(vcd)) return;
  const fs::path out = fs::weakly_canonical(vm["out"].as<std::string>(), ec);
  if (!ec && fs::weakly_canonical(vcd, ec).parent_path() == out)
    throw UsageError(v +
                     "a waveform inside the --out folder must end in .vcd (so that it "
                     "cannot take the place of a result file)");
}

MappingOptions parse_mapping(const po::variables_map& vm) {
  MappingOptions m;
  const std::string df = vm["dataflow"].as<std::string>();
  if (!parse_dataflow(df, &m.dataflow))
    throw UsageError("--dataflow: expected os, ws or is, got '" + printable(df) + "'");
  const std::string dw = vm["dw-convention"].as<std::string>();
  if (!parse_dw_convention(dw, &m.dw))
    throw UsageError(
        "--dw-convention: expected per-channel, scalesim-split or scalesim-collapsed, got '" +
        printable(dw) + "'");
  const std::string dm = vm["dw-mapping"].as<std::string>();
  if (!parse_dw_mapping(dm, &m.dw_mapping))
    throw UsageError("--dw-mapping: expected gemm or rows, got '" + printable(dm) + "'");
  return m;
}

int64_t int_option(const po::variables_map& vm, const char* opt, int64_t lo, int64_t hi) {
  const std::string s = vm[opt].as<std::string>();
  int64_t v = 0;
  if (!parse_int_strict(s, lo, hi, &v))
    throw UsageError(std::string("--") + opt + ": expected an integer from " + std::to_string(lo) +
                     " to " + std::to_string(hi) + ", got '" + printable(s) + "'");
  return v;
}

}  // namespace

RunOptions run_options(const po::variables_map& vm, bool default_fuse) {
  RunOptions o;
  o.mapping = parse_mapping(vm);
  // The rows mapping needs the broadcast bus: without --hw it selects the FuSe array.
  const bool rows = o.mapping.dw_mapping == DwMapping::kRows;
  o.array = parse_array(vm, vm.count("hw") ? vm["hw"].as<std::string>()
                                           : (default_fuse || rows ? "fuse" : "baseline"));
  if (rows && !o.array.fuse)
    throw UsageError(
        "--dw-mapping rows: K×K depthwise layers run as row convolutions on the FuSe array's "
        "broadcast bus; the plain array (--hw baseline) has none (use --hw fuse, or --dw-mapping "
        "gemm)");
  if (o.array.input_prefetch && !o.array.fuse)
    throw UsageError(
        "--input-prefetch on: the prefetch register chain and swap mux extend the FuSe array's "
        "1-D dataflow; the plain array (--hw baseline) has neither (use --hw fuse, or "
        "--input-prefetch off)");
  o.engine = vm["engine"].as<std::string>();
  if (o.engine != "fast" && o.engine != "pin")
    throw UsageError("--engine: expected fast or pin, got '" + printable(o.engine) + "'");
  if (vm.count("vcd") && o.engine == "fast") {
    if (!vm["engine"].defaulted())
      throw UsageError(
          "--vcd: waveforms come from the pin-level engine; drop --engine fast or use --engine "
          "pin");
    o.engine = "pin";  // waveforms need the pin model
  }
  o.seed = uint64_t(int_option(vm, "seed", 0, INT64_MAX));
  o.threads = int(int_option(vm, "threads", 0, 1024));
  const std::string level = vm["log-level"].as<std::string>();
  const spdlog::level::level_enum lvl = spdlog::level::from_str(level);
  if (lvl == spdlog::level::off && level != "off")
    throw UsageError("--log-level: expected trace, debug, info, warn, err, critical or off, got '" +
                     printable(level) + "'");
  spdlog::set_level(lvl);
  // 1 kHz to 1 THz: far beyond any array, and every power and EDP figure stays finite.
  o.clock_mhz = parse_real_in("--clock-mhz", vm["clock-mhz"].as<std::string>(), 1e-3, 1e6);
  if (const char* f = std::getenv("FUSESIM_FAULT")) {
    o.fault = f;
    if (o.fault != "sram-bitflip" && o.fault != "internal-error")
      throw UsageError(
          "FUSESIM_FAULT (environment): expected sram-bitflip or internal-error, got '" +
          printable(o.fault) + "'");
  }
  memory_options(vm, &o);
  const std::string et =
      vm.count("energy-table") ? vm["energy-table"].as<std::string>() : default_energy_table();
  o.energy_table = std::make_shared<const EnergyTable>(load_energy_table(et));
  return o;
}

TraceOptions trace_options(const po::variables_map& vm, const ArrayConfig& a) {
  TraceOptions t;
  if (!vm.count("vcd")) {
    if (vm.count("trace-pes") || vm.count("trace-cycles") || vm.count("trace-layer"))
      throw UsageError("--trace-pes/--trace-cycles/--trace-layer need --vcd FILE");
    return t;
  }
  t.vcd_path = vm["vcd"].as<std::string>();
  check_output_file("--vcd", t.vcd_path);
  check_waveform(t.vcd_path, vm);
  if (vm.count("trace-pes")) {
    const PeWindow w = parse_trace_pes(vm["trace-pes"].as<std::string>());
    if (w.row1 > a.rows || w.col1 > a.cols)
      throw UsageError("--trace-pes: rows " + std::to_string(w.row0) + ":" +
                       std::to_string(w.row1) + ", columns " + std::to_string(w.col0) + ":" +
                       std::to_string(w.col1) + " lie outside the " + std::to_string(a.rows) + "x" +
                       std::to_string(a.cols) + " array");
    t.scope = TraceScope{w.row0, w.row1, w.col0, w.col1};
  }
  if (vm.count("trace-cycles")) {
    const auto c = parse_trace_cycles(vm["trace-cycles"].as<std::string>());
    t.from_cycle = c.first;
    t.to_cycle = c.second;
  }
  if (vm.count("trace-layer")) t.layer = vm["trace-layer"].as<std::string>();
  return t;
}

std::string require_out(const po::variables_map& vm) {
  if (!vm.count("out")) throw UsageError("--out DIR is required");
  return vm["out"].as<std::string>();
}

std::vector<std::string> pick_list(const po::variables_map& vm, const char* opt,
                                   const std::vector<std::string>& known) {
  if (!vm.count(opt)) return known;
  std::vector<std::string> out;
  const std::string s = vm[opt].as<std::string>();
  if (s.empty()) throw UsageError(std::string("--") + opt + ": the list is empty");
  for (size_t start = 0, comma = 0; comma != std::string::npos; start = comma + 1) {
    comma = s.find(',', start);
    const std::string item = s.substr(start, comma == std::string::npos ? comma : comma - start);
    if (std::find(known.begin(), known.end(), item) == known.end()) {
      std::string k;
      for (const auto& x : known) k += (k.empty() ? "" : ", ") + x;
      throw UsageError(std::string("--") + opt + ": unknown '" + printable(item) +
                       "' (known: " + k + ")");
    }
    if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
  }
  if (out.empty()) throw UsageError(std::string("--") + opt + ": the list is empty");
  return out;
}

std::vector<LayerSpec> load_network(const std::string& net, const std::string& variant) {
  try {
    return build_network(net, variant);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--net/--variant: ") + printable(e.what()));
  }
}

namespace {

/// "dir/.fusesim-tmp-PID-wave.vcd": where the waveform is written until the commit. Its length
/// does not grow with the final name's (a 250-byte name must not make the staging name too long).
std::string staging_name(const std::string& file) {
  const std::filesystem::path p(file);
  return (p.parent_path() / (".fusesim-tmp-" + std::to_string(getpid()) +
                             (ends_with_vcd(file) ? "-wave.vcd" : "-wave")))
      .string();
}

}  // namespace

Engines::Engines(const RunOptions& o, const TraceOptions& t) : opts_(o), trace_(t) {
  trace_.memory = o.memory != nullptr;
  if (!trace_.vcd_path.empty()) {
    final_vcd_ = trace_.vcd_path;
    trace_.vcd_path = staging_name(final_vcd_);
    trace_.final_vcd_path = final_vcd_;
  }
}

PinEngine& Engines::pin_engine() {
  if (!pin_) pin_ = std::make_unique<PinEngine>(opts_.array, trace_);
  return *pin_;
}

namespace {

/// FUSESIM_FAULT=internal-error: an observer that throws std::logic_error after edge 2, inside
/// the engine (in the pin-level engine: inside a SystemC process), as a broken invariant would.
template <class Observer>
Observer fault_observer(const RunOptions& o) {
  if (o.fault != "internal-error") return nullptr;
  return [](int64_t edge, const std::vector<PeRegs>&) {
    if (edge == 2)
      throw std::logic_error("injected internal error (FUSESIM_FAULT=internal-error) at edge 2");
  };
}

}  // namespace

EngineFactory Engines::factory() {
  if (opts_.engine == "pin") {
    PinEngine* p = &pin_engine();
    p->set_progress(edges_.get());
    const PinEngine::Observer obs = fault_observer<PinEngine::Observer>(opts_);
    return [p, obs](int) -> EngineFn {
      return [p, obs](Program* prog, const std::string& label) { return p->run(prog, obs, label); };
    };
  }
  const ArrayConfig a = opts_.array;
  const FastEngine::Observer obs = fault_observer<FastEngine::Observer>(opts_);
  std::atomic<int64_t>* edges = edges_.get();
  return [a, obs, edges](int) -> EngineFn {
    auto eng = std::make_shared<FastEngine>(a);
    eng->set_progress(edges);
    return [eng, obs](Program* prog, const std::string&) { return eng->run(prog, obs); };
  };
}

void Engines::finish(OutputDir* out) {
  if (!pin_) return;
  const bool traced = !final_vcd_.empty();
  if (traced) {
    // Queued before close_trace() writes them, so that a failure there removes both files.
    out->adopt(trace_.vcd_path, final_vcd_);
    out->adopt(gtkw_name(trace_.vcd_path), gtkw_name(final_vcd_));
    out->adopt(gtkw_filter_name(trace_.vcd_path), gtkw_filter_name(final_vcd_));
  }
  pin_->close_trace();
}

Progress make_progress(const po::variables_map& vm, const std::string& what) {
  if (vm.count("quiet") || !isatty(2)) return nullptr;
  auto t0 =
      std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  auto shown = std::make_shared<bool>(false);
  return [t0, shown, what](const ProgressInfo& p) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - *t0).count();
    if (p.done == p.total) {
      // The last line is cleared, so that the result line is not written over it.
      if (*shown) std::fputs("\r\033[K", stderr);
      std::fflush(stderr);
      return;
    }
    if (s < 2.0) return;
    *shown = true;
    std::fprintf(stderr, "\r\033[K%s", format_progress(printable(what), p, s).c_str());
    std::fflush(stderr);
  };
}

void add_accelergy(OutputDir* out, const RunOptions& o, const EnergyReport& e,
                   const std::string& prefix) {
  out->add(prefix + "ERT.yaml", to_ert_yaml(*o.energy_table, &e.actions));
  out->add(prefix + "architecture.yaml", to_architecture_yaml(o.array, o.memory.get()));
  // The area of each component, from the default area table (the one `fusesim area` uses).
  out->add(prefix + "ART.yaml", to_art_yaml(load_area_table(default_area_table())));
  out->add(prefix + "action_counts.yaml", to_action_counts_yaml(e.actions));
}

void commit(OutputDir* out) {
  const auto replaced = out->commit();
  if (!replaced.empty())
    std::fprintf(stderr, "note: %s held an earlier run's results; %zu file(s) replaced\n",
                 printable(out->path()).c_str(), replaced.size());
}

void print_network_line(const std::string& what, const NetworkResult& r, const RunOptions& o) {
  std::printf("%-34s %dx%d %-8s %12lld cycles (model %lld, authors %lld), %d layers, %s, %.2f s\n",
              what.c_str(), o.array.rows, o.array.cols, o.array.fuse ? "fuse" : "baseline",
              (long long)r.cycles, (long long)r.analytical.model,
              (long long)r.analytical.authors_published, int(r.layers.size()),
              r.verified ? "verified" : "NOT VERIFIED", r.wall_seconds);
  if (o.memory)
    std::printf(
        "%-34s memory: %lld stall cycles (ifmap %lld, filter %lld, ofmap %lld, write-back "
        "%lld), %.1f MB from DRAM, %.1f MB to DRAM\n",
        "", (long long)r.memory.stall_cycles(), (long long)r.memory.stall_ifmap,
        (long long)r.memory.stall_filter, (long long)r.memory.stall_ofmap,
        (long long)r.memory.writeback_tail,
        double(r.memory.dram_ifmap_bytes + r.memory.dram_filter_bytes) / 1e6,
        double(r.memory.dram_ofmap_bytes) / 1e6);
}

void require_finite(const nlohmann::json& j, const std::string& what) {
  if (j.is_number_float() && !std::isfinite(j.get<double>()))
    throw std::logic_error(what + ": a result is not a finite number");
  if (j.is_structured())
    for (const auto& [k, v] : j.items()) require_finite(v, what + "." + k);
}

}  // namespace fusesim
