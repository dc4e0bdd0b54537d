#include "testbench/network_runner.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <iomanip>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

namespace fusesim {

NetworkResult run_network(const std::vector<LayerSpec>& layers, const RunOptions& o, int threads,
                          const EngineFactory& factory, const Progress& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<LayerSpec> run;
  for (const LayerSpec& l : layers)
    if (l.executed) run.push_back(l);
  NetworkResult res;
  res.layers.resize(run.size());
  if (threads <= 0) threads = int(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::max(1, std::min<int>(threads, int(run.size())));
  std::atomic<size_t> next{0};
  std::atomic<int> done{0};
  std::atomic<int64_t> cycles{0};
  // The work of each layer, for the progress estimate: its closed-form cycles (at least 1).
  std::vector<double> work(run.size());
  double work_total = 0;
  for (size_t i = 0; i < run.size(); ++i) {
    work[i] = double(std::max<int64_t>(1, analytical_cycles(run[i], o).model));
    work_total += work[i];
  }
  std::mutex progress_mu;
  double work_done = 0;
  std::mutex err_mu;
  std::exception_ptr error;  // the first failure, rethrown with its type (bad_alloc stays one)
  auto worker = [&](int t) {
    try {
      EngineFn engine = factory(t);
      for (size_t i = next++; i < run.size(); i = next++) {
        RunOptions oi = o;
        oi.seed = o.seed + i;
        oi.layer_index = int(i);
        oi.ifmap_from_previous = i > 0 && ifmap_on_chip_from_previous(run[i - 1], run[i], o);
        const LayerLogTag tag(run[i].name);
        runner_log()->debug("layer {} of {} starts on worker {}", i + 1, run.size(), t);
        res.layers[i] = run_layer(run[i], oi, engine);
        runner_log()->debug(
            "layer {} of {} done: {} cycles (closed form {}, authors {}), {}, {:.3f} s", i + 1,
            run.size(), res.layers[i].stats.cycles, res.layers[i].analytical.model,
            res.layers[i].analytical.authors_published,
            res.layers[i].verified ? "verified" : "NOT VERIFIED", res.layers[i].sim_seconds);
        if (!res.layers[i].verified)
          runner_log()->error("layer {} failed verification", run[i].name);
        cycles += res.layers[i].stats.cycles;
        const int d = ++done;
        if (progress) {
          std::lock_guard<std::mutex> lk(progress_mu);
          work_done += work[i];
          progress(ProgressInfo{d, int(run.size()), cycles.load(), work_done, work_total});
        }
      }
    } catch (...) {
      std::lock_guard<std::mutex> lk(err_mu);
      if (!error) error = std::current_exception();
      next = run.size();
    }
  };
  if (threads == 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker, t);
    for (auto& th : pool) th.join();
  }
  if (error) std::rethrow_exception(error);
  for (const LayerResult& l : res.layers) {
    res.cycles += l.stats.cycles;
    res.macs += l.macs;
    res.verified = res.verified && l.verified;
    res.outputs_differ_from_exact += l.outputs_differ_from_exact;
    res.events += l.stats.events;
    res.analytical += l.analytical;
    res.diff += l.diff;
    res.memory += l.stats.memory;
    accumulate(&res.operand, operand_traffic(l.stats.events, l.stats.memory, l.stats.cycles,
                                             o.ofmap_word_bytes, input_stationary(l.program)));
  }
  if (o.energy_table && !res.layers.empty()) {
    if (!o.memory) {
      EventCounters ev = res.events;
      res.energy = price(ev, *o.energy_table, o.array, o.clock_mhz);
    } else {
      // The scratchpads feed other edges in IS layers (energy_buffers()): the layers are priced
      // in two groups and combined; the memory's own energy is the sum of the layers'.
      std::vector<EnergyReport> parts;
      for (bool is : {false, true}) {
        EventCounters ev;
        bool any = false;
        for (const LayerResult& l : res.layers) {
          if (input_stationary(l.program) != is) continue;
          ev += l.stats.events;
          any = true;
        }
        if (!any) continue;
        EnergyParams ep;
        ep.buffers = energy_buffers(*o.memory, is);
        parts.push_back(price(ev, *o.energy_table, o.array, o.clock_mhz, ep));
      }
      res.energy = combine_reports(parts);
      for (const LayerResult& l : res.layers) res.memory_energy += l.memory_energy;
      add_memory_energy(&res.energy, res.memory_energy);
    }
    res.priced = true;
  }
  res.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

bool ifmap_on_chip_from_previous(const LayerSpec& prev, const LayerSpec& next,
                                 const RunOptions& o) {
  if (!o.memory || !o.ofmap_reuse) return false;
  if (prev.batch != next.batch || prev.out_h() != next.in_h || prev.out_w() != next.in_w ||
      prev.out_c != next.in_c)
    return false;
  const int64_t bytes =
      int64_t(prev.batch) * prev.out_h() * prev.out_w() * prev.out_c * int64_t(o.ofmap_word_bytes);
  return bytes <= o.memory->sram.ifmap_kb * 1024;
}

std::string format_progress(const std::string& what, const ProgressInfo& p, double elapsed) {
  char buf[512];
  // One layer (the layer command): no layer count, only the share of its work.
  char share[96];
  const double pct = p.work_total > 0 ? 100.0 * p.work_done / p.work_total : 0.0;
  if (p.total > 1)
    std::snprintf(share, sizeof share, "%d/%d layers (%.0f %% of the work)", p.done, p.total, pct);
  else
    std::snprintf(share, sizeof share, "%.0f %% of the work", pct);
  std::snprintf(buf, sizeof buf,
                "%s: %s, %.1f M simulated cycles (%.1f M cycles/s), %.1f s, ~%.0f s left",
                what.c_str(), share, p.cycles / 1e6, elapsed > 0 ? p.cycles / elapsed / 1e6 : 0.0,
                elapsed, p.seconds_left(elapsed));
  return buf;
}

std::string layers_csv(const NetworkResult& r, const RunOptions& o) {
  std::ostringstream s;
  s << "index,name,op,shape,mapping,dataflow,folds,sim_cycles,model_cycles,authors_public_cycles,"
       "authors_published_cycles,scalesim_cycles,macs,utilization,verified,output_digest,"
       "energy_pj,pj_per_mac,power_mw,diff_rounding,diff_folds,diff_skew,diff_drain_interval,"
       "diff_drain,diff_partial,diff_dataflow,accumulator_overflows,outputs_differ_from_exact,"
       "stall_cycles,stall_ifmap,stall_filter,stall_ofmap,stall_writeback,compute_cycles,"
       "dram_ifmap_bytes,dram_filter_bytes,dram_ofmap_bytes";
  if (o.array.input_prefetch) s << ",diff_prefetch";  // only with the option: columns unchanged
  if (o.memory) s << memory_csv_header();  // only with a memory: ideal runs keep their columns
  s << "\n";
  const int64_t pes = int64_t(o.array.rows) * o.array.cols;
  for (size_t i = 0; i < r.layers.size(); ++i) {
    const LayerResult& l = r.layers[i];
    char dig[17];
    std::snprintf(dig, sizeof dig, "%016llx", (unsigned long long)l.output_digest);
    std::string name;  // CSV-quoted: embedded quotes doubled, line breaks dropped
    for (char ch : l.layer.name) {
      if (ch == '"') name += '"';
      name += (ch == '\n' || ch == '\r') ? ' ' : ch;
    }
    s << i << ",\"" << name << "\"," << to_string(l.layer.op) << "," << shape_string(l.layer) << ","
      << to_string(l.mapping) << "," << l.program << "," << l.folds << "," << l.stats.cycles << ","
      << l.analytical.model << "," << l.analytical.authors_public << ","
      << l.analytical.authors_published << "," << l.analytical.scalesim << "," << l.macs << ","
      << std::fixed << std::setprecision(6)
      << (l.stats.cycles ? double(l.macs) / (double(l.stats.cycles) * pes) : 0.0)
      << std::defaultfloat << "," << (l.verified ? "true" : "false") << "," << dig << ",";
    if (l.priced) {
      s << std::setprecision(9) << l.energy.energy_pj << "," << l.energy.pj_per_mac << ","
        << l.energy.power_mw << std::setprecision(6);
    } else {
      s << ",,";
    }
    const DifferenceTerms& d = l.diff;
    s << "," << d.rounding << "," << d.folds << "," << d.skew << "," << d.drain_interval << ","
      << d.drain << "," << d.partial << "," << d.dataflow << "," << l.accumulator_overflows() << ","
      << l.outputs_differ_from_exact;
    const MemoryStats& m = l.stats.memory;
    s << "," << m.stall_cycles() << "," << m.stall_ifmap << "," << m.stall_filter << ","
      << m.stall_ofmap << "," << m.writeback_tail << "," << l.stats.cycles - m.stall_cycles() << ","
      << m.dram_ifmap_bytes << "," << m.dram_filter_bytes << "," << m.dram_ofmap_bytes;
    if (o.array.input_prefetch) s << "," << d.prefetch;
    if (o.memory)
      s << memory_csv_fields(m,
                             operand_traffic(l.stats.events, m, l.stats.cycles, o.ofmap_word_bytes,
                                             input_stationary(l.program)),
                             l.stats.cycles, l.priced ? &l.memory_energy : nullptr);
    s << "\n";
  }
  return s.str();
}

nlohmann::json network_summary_json(const NetworkResult& r, const RunOptions& o) {
  const int64_t pes = int64_t(o.array.rows) * o.array.cols;
  nlohmann::json j;
  j["config"] = config_json(o);
  j["array"] = {{"rows", o.array.rows}, {"cols", o.array.cols}};
  j["dataflow"] = to_string(o.mapping.dataflow);
  j["hw"] = o.array.fuse ? "fuse" : "baseline";
  j["engine"] = o.engine;
  j["layers"] = r.layers.size();
  j["cycles"] = r.cycles;
  j["stall_cycles"] = r.memory.stall_cycles();
  j["compute_cycles"] = r.cycles - r.memory.stall_cycles();
  if (o.memory) j["memory"] = memory_json(r.memory, r.operand, r.cycles);
  j["verified"] = r.verified;
  j["accumulator_overflows"] = r.accumulator_overflows();
  j["outputs_differ_from_exact"] = r.outputs_differ_from_exact;
  j["macs"] = r.macs;
  int64_t folds = 0;
  for (const auto& l : r.layers) folds += l.folds;
  j["folds"] = folds;
  j["utilization"] = r.utilization(pes);
  j["events"] = events_json(r.events);
  add_model_json(&j, r.analytical, r.diff, r.priced ? &r.energy : nullptr);
  j["wall_seconds"] = r.wall_seconds;
  return j;
}

}  // namespace fusesim
