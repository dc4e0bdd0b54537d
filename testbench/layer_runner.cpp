#include "testbench/layer_runner.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <sstream>

#include "dataflows/analytical.h"
#include "dataflows/closed_form.h"
#include "dataflows/fold_traffic.h"
#include "hw/memory_system.h"
#include "workloads/layer_data.h"

namespace fusesim {

AnalyticalCycles& AnalyticalCycles::operator+=(const AnalyticalCycles& o) {
  model += o.model;
  authors_public += o.authors_public;
  authors_published += o.authors_published;
  scalesim += o.scalesim;
  return *this;
}

double LayerResult::utilization() const {
  if (stats.cycles <= 0 || pes <= 0) return 0.0;
  return double(macs) / (double(stats.cycles) * double(pes));
}

AnalyticalCycles analytical_cycles(const LayerSpec& l, const RunOptions& o) {
  AnalyticalCycles a;
  const int R = o.array.rows;
  const int C = o.array.cols;
  a.model = closed_form(l, o.array, o.mapping).cycles;
  a.authors_public = authors_layer_cycles(l, R, C, AuthorsVersion::kPublic, o.array.fuse);
  a.authors_published = authors_layer_cycles(l, R, C, AuthorsVersion::kPublished, o.array.fuse);
  a.scalesim = scalesim_layer_cycles(l, R, C, o.mapping.dataflow);
  return a;
}

namespace {

thread_local std::string t_layer_tag;

/// `%*` in the runner's pattern: the layer this thread simulates ("-" outside a layer).
class LayerFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string& t = t_layer_tag.empty() ? kNone : t_layer_tag;
    dest.append(t.data(), t.data() + t.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<LayerFlag>();
  }

 private:
  const std::string kNone = "-";
};

}  // namespace

LayerLogTag::LayerLogTag(const std::string& layer) : prev_(t_layer_tag) { t_layer_tag = layer; }
LayerLogTag::~LayerLogTag() { t_layer_tag = prev_; }

std::unique_ptr<spdlog::formatter> runner_log_formatter() {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  f->add_flag<LayerFlag>('*').set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%^%l%$] [%*] %v");
  return f;
}

std::shared_ptr<spdlog::logger> runner_log() {
  static std::shared_ptr<spdlog::logger> log = [] {
    auto l = spdlog::get("runner");
    if (!l) l = spdlog::stderr_color_mt("runner");
    l->set_formatter(runner_log_formatter());
    return l;
  }();
  log->set_level(spdlog::get_level());
  return log;
}

ReductionOrder reduction_order(MappingKind mapping, const RunOptions& o, const LayerSpec* l) {
  ReductionOrder r;
  if (is_conv1d(mapping)) {
    r.descending = true;
    // Rows mapping: kernel row after kernel row, each row's taps last first.
    if (mapping == MappingKind::kConv1dRows && l) r.block = l->k_w;
  } else if (o.mapping.dataflow != Dataflow::kOs) {
    r.chunk = o.array.rows;
  }
  return r;
}

std::string dram_file_stem(int layer_index, const std::string& layer_name) {
  char idx[16];
  std::snprintf(idx, sizeof idx, "%03d-", layer_index + 1);
  std::string s = idx;
  for (char c : layer_name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    s += ok ? c : '_';
  }
  return s;
}

LayerResult run_layer(const LayerSpec& l, const RunOptions& o, const EngineFn& engine) {
  return run_layer_with_data(l, make_layer_data(l, o.seed), o, engine);
}

LayerResult run_layer_with_data(const LayerSpec& l, const LayerData& d, const RunOptions& o,
                                const EngineFn& engine) {
  const LayerLogTag tag(l.name);
  LayerResult r;
  r.layer = l;
  r.mapping = mapping_kind(l, o.array, o.mapping);
  r.pes = int64_t(o.array.rows) * o.array.cols;
  Program p = map_layer(l, d, o.array, o.mapping);
  r.program = p.label;
  r.folds = int64_t(p.folds.size());
  double used = 0;
  for (const Fold& f : p.folds) used += double(f.rows) * f.cols;
  r.mapping_efficiency = used / (double(r.folds) * double(r.pes));
  if (o.fault == "sram-bitflip") {
    // One bit of the ifmap scratchpad: the input tensor when the feeders' address generators
    // read it, else the stored left operand.
    std::vector<int8_t>& mem = p.ifmap_role != Program::IfmapRole::kStored ? p.ifmap.tensor()
                               : p.kind == ProgramKind::kConv1d            ? p.x
                                                                           : p.a;
    if (!mem.empty()) mem[mem.size() / 2] = int8_t(mem[mem.size() / 2] ^ 0x10);
  }
  // The memory system of this layer: its DRAM starts idle, its scratchpads empty.
  std::unique_ptr<MemorySystem> mem;
  std::ostringstream trace_ram, trace_dsim;
  DramTraceWriter ram(trace_ram, DramTraceFormat::kRamulator2);
  DramTraceWriter dsim(trace_dsim, DramTraceFormat::kDramsim3);
  ram.tee(&dsim);
  if (o.memory) {
    if (o.dram_latency.empty()) {
      mem = std::make_unique<MemorySystem>(*o.memory, o.memory_source);
    } else {
      // The second pass of a DRAM co-simulation: each burst takes the latency another DRAM
      // simulator reported for it (Dram's replay mode).
      MemoryConfig cfg = *o.memory;
      cfg.dram.mode = DramMode::kReplay;
      cfg.dram.latency_file = o.dram_latency_dir
                                  ? (std::filesystem::path(o.dram_latency) /
                                     (dram_file_stem(o.layer_index, l.name) + ".latency"))
                                        .string()
                                  : o.dram_latency;
      mem = std::make_unique<MemorySystem>(cfg, o.memory_source);
    }
    if (o.dram_trace) mem->set_dram_trace(&ram);
    if (o.ifmap_from_previous) mem->set_ifmap_on_chip(int64_t(l.batch) * l.in_h * l.in_w * l.in_c);
    mem->begin(fold_traffic(l, r.mapping, p, o.ofmap_word_bytes, o.array.rows));
    p.memory = mem.get();
  }
  const auto t0 = std::chrono::steady_clock::now();
  r.stats = engine(&p, l.name);
  if (mem) r.dram = mem->dram_stats();
  if (o.dram_trace) {
    r.dram_trace_ramulator2 = trace_ram.str();
    r.dram_trace_dramsim3 = trace_dsim.str();
  }
  r.sim_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::vector<int32_t> out = gather_output(l, o.array, o.mapping, p);
  // The golden model: exact 64-bit sums, and from them the array's value under its overflow
  // rule. Wrap: the exact sum modulo 2^32, whatever the order. Saturate: equal to the exact sum
  // unless a partial sum can leave int32 (K · 2^14 > INT32_MAX), then the int32 saturating sums
  // in the array's reduction order.
  const bool collapsed = r.mapping == MappingKind::kCollapsedGemm;
  const std::vector<int64_t> exact =
      collapsed ? reference_collapsed_depthwise_exact(l, d) : reference_conv_exact(l, d);
  const bool may_clip =
      reduction_length(l) * 128 * 128 > int64_t(std::numeric_limits<int32_t>::max());
  const std::vector<int32_t> saturated =
      o.array.acc_overflow == AccOverflow::kSaturate && may_clip
          ? reference_conv_saturating(l, d, reduction_order(r.mapping, o, &l), collapsed)
          : std::vector<int32_t>{};
  bool match = out.size() == exact.size();
  for (size_t i = 0; match && i < out.size(); ++i)
    match = out[i] == (saturated.empty() ? wrap_to_int32(exact[i]) : saturated[i]);
  for (size_t i = 0; i < std::min(out.size(), exact.size()); ++i)
    r.outputs_differ_from_exact += int64_t(out[i]) != exact[i];
  r.verified = match && !r.stats.conflict;
  if (r.accumulator_overflows() > 0 || r.outputs_differ_from_exact > 0)
    runner_log()->warn(
        "layer {}: {} int32 accumulator overflows ({}); {} of {} outputs differ from the exact "
        "sum",
        l.name, r.accumulator_overflows(), to_string(o.array.acc_overflow),
        r.outputs_differ_from_exact, out.size());
  r.output_digest = digest(out);
  r.macs = int64_t(r.stats.events.get(Event::kMac));
  r.analytical = analytical_cycles(l, o);
  r.diff = difference_terms(l, o.array, o.mapping, r.analytical.authors_public,
                            r.analytical.authors_published);
  if (o.energy_table) {
    // With a memory the scratchpads are priced at their sizes, and the fills, write-back reads
    // and DRAM traffic are added; ideal memory keeps the energy model's default buffers.
    const bool is = input_stationary(r.program);
    EnergyParams ep;
    if (o.memory) ep.buffers = energy_buffers(*o.memory, is);
    r.energy = price(r.stats.events, *o.energy_table, o.array, o.clock_mhz, ep);
    if (o.memory) {
      r.memory_energy = price_memory(
          memory_traffic(r.stats.events, r.stats.memory, *o.memory, o.ofmap_word_bytes, is),
          *o.energy_table);
      add_memory_energy(&r.energy, r.memory_energy);
    }
    r.priced = true;
  }
  return r;
}

std::string shape_string(const LayerSpec& l) {
  std::ostringstream s;
  s << l.in_h << "x" << l.in_w << "x" << l.in_c << "->" << l.out_c << " k" << l.k_h << "x" << l.k_w
    << " s" << l.stride_h;
  if (l.stride_w != l.stride_h) s << "x" << l.stride_w;
  s << " p" << l.pad_h;
  if (l.asymmetric_pad())
    s << "," << l.pad_h_end() << "x" << l.pad_w << "," << l.pad_w_end();  // top,bottom x left,right
  else if (l.pad_w != l.pad_h)
    s << "x" << l.pad_w;
  if (l.batch != 1) s << " n" << l.batch;
  return s.str();
}

nlohmann::json events_json(const EventCounters& ev) {
  nlohmann::json j = nlohmann::json::object();
  for (int e = 0; e < kNumEvents; ++e) j[event_name(Event(e))] = ev.n[e];
  return j;
}

void add_model_json(nlohmann::json* j, const AnalyticalCycles& a, const DifferenceTerms& d,
                    const EnergyReport* energy) {
  (*j)["analytical"] = {{"model", a.model},
                        {"authors_public", a.authors_public},
                        {"authors_published", a.authors_published},
                        {"scalesim", a.scalesim}};
  (*j)["difference_terms"] = {{"rounding", d.rounding}, {"folds", d.folds},
                              {"skew", d.skew},         {"drain_interval", d.drain_interval},
                              {"drain", d.drain},       {"partial", d.partial},
                              {"dataflow", d.dataflow}, {"prefetch", d.prefetch},
                              {"total", d.total()}};
  if (energy) {
    (*j)["energy_pj"] = energy->energy_pj;
    (*j)["power_mw"] = energy->power_mw;
    (*j)["pj_per_mac"] = energy->pj_per_mac;
    (*j)["edp_pj_s"] = energy->edp_pj_s;
    (*j)["energy"] = energy->to_json();
  }
}

nlohmann::json config_json(const RunOptions& o) {
  return {{"array", {{"rows", o.array.rows}, {"cols", o.array.cols}}},
          {"hw", o.array.fuse ? "fuse" : "baseline"},
          {"drain", drain_name(o.array)},
          {"acc_overflow", to_string(o.array.acc_overflow)},
          {"input_prefetch", o.array.input_prefetch ? "on" : "off"},
          {"dataflow", to_string(o.mapping.dataflow)},
          {"dw_convention", to_string(o.mapping.dw)},
          {"dw_mapping", to_string(o.mapping.dw_mapping)},
          {"engine", o.engine},
          {"seed", o.seed},
          {"clock_mhz", o.clock_mhz},
          {"memory",
           o.memory ? memory_config_json(*o.memory, o.memory_source) : nlohmann::json("ideal")}};
}

nlohmann::json memory_config_json(const MemoryConfig& m, const std::string& source) {
  const DramConfig& d = m.dram;
  nlohmann::json dram = {{"name", d.name}, {"mode", to_string(d.mode)}};
  if (d.mode == DramMode::kSimple) {
    dram["bandwidth_bytes_per_cycle"] = d.bandwidth_bytes_per_cycle;
    dram["latency_cycles"] = d.latency_cycles;
  } else {
    dram["channels"] = d.channels;
    dram["banks"] = d.banks;
    dram["dram_clock_mhz"] = d.dram_clock_mhz;
    dram["array_clock_mhz"] = d.array_clock_mhz;
    dram["timing"] = {{"tRCD", d.t_rcd}, {"tCL", d.t_cl}, {"tRP", d.t_rp}, {"tRAS", d.t_ras}};
  }
  return {{"source", source},
          {"sram_kb",
           {{"ifmap", m.sram.ifmap_kb}, {"filter", m.sram.filter_kb}, {"ofmap", m.sram.ofmap_kb}}},
          {"active_fraction", m.sram.active_fraction},
          {"dram", dram}};
}

nlohmann::json layer_summary_json(const LayerResult& r, const RunOptions& o) {
  const LayerSpec& l = r.layer;
  char digest_hex[17];
  std::snprintf(digest_hex, sizeof digest_hex, "%016llx", (unsigned long long)r.output_digest);
  nlohmann::json j;
  j["layer"] = {{"name", l.name},
                {"op", to_string(l.op)},
                {"batch", l.batch},
                {"ifmap", {l.in_h, l.in_w, l.in_c}},
                {"filters", l.out_c},
                {"kernel", {l.k_h, l.k_w}},
                {"stride", {l.stride_h, l.stride_w}},
                {"pad", {l.pad_h, l.pad_w}},
                {"ofmap", {l.out_h(), l.out_w(), l.out_c}}};
  if (l.asymmetric_pad()) j["layer"]["pad_end"] = {l.pad_h_end(), l.pad_w_end()};  // bottom, right
  j["config"] = config_json(o);
  j["array"] = {{"rows", o.array.rows}, {"cols", o.array.cols}};
  j["dataflow"] = r.program;
  j["mapping"] = to_string(r.mapping);
  j["hw"] = o.array.fuse ? "fuse" : "baseline";
  j["engine"] = o.engine;
  j["cycles"] = r.stats.cycles;
  j["stall_cycles"] = r.stats.memory.stall_cycles();
  j["compute_cycles"] = r.stats.cycles - r.stats.memory.stall_cycles();
  if (o.memory) {
    j["memory"] = memory_json(r.stats.memory,
                              operand_traffic(r.stats.events, r.stats.memory, r.stats.cycles,
                                              o.ofmap_word_bytes, input_stationary(r.program)),
                              r.stats.cycles);
    j["memory"]["dram"] = r.dram.to_json();
  }
  j["verified"] = r.verified;
  j["accumulator_overflows"] = r.accumulator_overflows();
  j["outputs_differ_from_exact"] = r.outputs_differ_from_exact;
  j["macs"] = r.macs;
  j["layer_macs"] = l.macs();
  j["folds"] = r.folds;
  j["utilization"] = r.utilization();
  j["output_digest"] = digest_hex;
  j["sim_seconds"] = r.sim_seconds;
  j["first_output_edge"] = r.stats.first_arrival_edge;
  j["last_output_edge"] = r.stats.last_arrival_edge;
  j["events"] = events_json(r.stats.events);
  add_model_json(&j, r.analytical, r.diff, r.priced ? &r.energy : nullptr);
  return j;
}

}  // namespace fusesim
