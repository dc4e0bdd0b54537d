#include "hw/sc_top.h"

#include <array>
#include <atomic>
#include <exception>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <systemc>

#include "hw/array_controller.h"
#include "hw/memory_system.h"
#include "waveform/gtkw_writer.h"
#include "waveform/vcd_writer.h"

namespace fusesim {

namespace {

/// The first exception a process of the top threw during a run. SystemC would wrap an exception
/// that leaves a process into its own report (E549, "uncaught exception"), losing its type, so
/// the processes catch it here, pause the kernel, and PinEngine::run() rethrows it unchanged:
/// an internal error stays one (exit 3), an input error stays one (exit 2), and the message is
/// the original.
struct ProcessError {
  std::exception_ptr error;

  template <class F>
  void guard(F&& body) {
    if (error) return;
    try {
      body();
    } catch (...) {
      error = std::current_exception();
      sc_core::sc_pause();
    }
  }
};

/// Thin SystemC wrapper of ArrayController: on every rising edge it samples the bottom row,
/// calls clock_edge() and drives the boundary signals for the next edge. It pauses the kernel
/// once the run is complete.
class ControllerModule : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;

  SC_HAS_PROCESS(ControllerModule);
  ControllerModule(sc_core::sc_module_name name, const ArrayConfig& cfg, SystolicArray* array,
                   EventCounters* ev, ProcessError* err)
      : sc_core::sc_module(name), cfg_(cfg), array_(array), ev_(ev), err_(err), bottom_(cfg.cols) {
    SC_METHOD(on_clock);
    sensitive << clk.pos();
    dont_initialize();
  }

  void load(Program* p) {
    ctrl_ = std::make_unique<ArrayController>(cfg_, p);
    ws_ = p->kind == ProgramKind::kGemmWs;
    drive(ctrl_->boundary());
  }
  const ArrayController& ctrl() const { return *ctrl_; }
  bool done() const { return ctrl_ && ctrl_->done(); }

 private:
  void on_clock() {
    err_->guard([this] { clock(); });
  }
  void clock() {
    if (!ctrl_ || ctrl_->done()) return;
    const int R = cfg_.rows;
    const int C = cfg_.cols;
    for (int c = 0; c < C; ++c) {
      const size_t i = size_t(R - 1) * C + c;
      bottom_[c] = ws_ ? Word32(array_->psum[i].read()) : Word32(array_->drain[i].read());
    }
    ctrl_->clock_edge(bottom_.data(), ev_);
    drive(ctrl_->boundary());
  }

  void drive(const Boundary& b) {
    for (int r = 0; r < cfg_.rows; ++r) {
      array_->left[r].write(b.left[r]);
      if (cfg_.fuse) {
        array_->bus[r].write(b.bus[r]);
        array_->data_en[r].write(b.data_en[r] != 0);
      }
    }
    for (int c = 0; c < cfg_.cols; ++c) {
      array_->top[c].write(b.top[c]);
      array_->col_en[c].write(b.col_en[c] != 0);
      array_->drain_idx[c].write(b.drain_idx[c]);
    }
    array_->latch.write(b.latch);
    array_->out_sel.write(b.out_sel);
    if (cfg_.input_prefetch) {
      for (int r = 0; r < cfg_.rows; ++r) array_->prefetch[r].write(b.prefetch[r]);
      array_->swap.write(b.swap);
    }
  }

  ArrayConfig cfg_;
  SystolicArray* array_;
  EventCounters* ev_;
  ProcessError* err_;
  std::vector<Word32> bottom_;
  std::unique_ptr<ArrayController> ctrl_;
  bool ws_ = false;
};

/// On the falling edge (after the rising edge's updates): hands all PE registers to the observer,
/// and pauses the kernel once the run is complete.
class ObserverModule : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;
  SC_HAS_PROCESS(ObserverModule);
  ObserverModule(sc_core::sc_module_name name, const ArrayConfig& cfg, SystolicArray* array,
                 const ControllerModule* ctrl, ProcessError* err)
      : sc_core::sc_module(name), cfg_(cfg), array_(array), ctrl_(ctrl), err_(err) {
    SC_METHOD(on_fall);
    sensitive << clk.neg();
    dont_initialize();
  }
  PinEngine::Observer observer;
  std::function<void(int64_t edge)> monitor;
  std::atomic<int64_t>* progress = nullptr;  ///< edges so far, for a progress display
  int64_t edge = 0;
  bool active = false;  ///< this top is running a program (other tops in the process may be)

 private:
  void on_fall() {
    err_->guard([this] { fall(); });
  }
  void fall() {
    if (!active) return;
    if (monitor) monitor(edge);
    if (observer) {
      regs_.resize(size_t(cfg_.rows) * cfg_.cols);
      for (int r = 0; r < cfg_.rows; ++r)
        for (int c = 0; c < cfg_.cols; ++c)
          regs_[size_t(r) * cfg_.cols + c] = array_->pe(r, c).regs();
      observer(edge, regs_);
    }
    ++edge;
    if (progress) progress->store(edge, std::memory_order_relaxed);
    if (ctrl_->done()) sc_core::sc_pause();
  }
  ArrayConfig cfg_;
  SystolicArray* array_;
  const ControllerModule* ctrl_;
  ProcessError* err_;
  std::vector<PeRegs> regs_;
};

}  // namespace

struct PinEngine::Impl {
  Impl(const ArrayConfig& c, const TraceOptions& t, const std::string& sfx)
      : cfg(c),
        clk(("clk" + sfx).c_str(), 1, sc_core::SC_NS, 0.5, 0, sc_core::SC_NS, true),
        array(("array" + sfx).c_str(), c, &mode, &events, &conflict),
        ctrl(("controller" + sfx).c_str(), c, &array, &events, &error),
        obs(("observer" + sfx).c_str(), c, &array, &ctrl, &error),
        trace(t) {
    array.clk(clk);
    ctrl.clk(clk);
    obs.clk(clk);
    if (!t.vcd_path.empty()) {
      vcd = std::make_unique<VcdWriter>(t.vcd_path, t.final_vcd_path);
      declare_signals();
    }
  }

  struct PeIds {
    int r, c, h, hf, v, vf, s, acc, out, outv, psum, psumv;
  };

  void declare_signals() {
    const std::string a = "top.array.";
    m_layer = vcd->add("top.marker.layer", 16);
    m_issue = vcd->add("top.marker.fold_issue", 1);
    m_edge = vcd->add("top.marker.run_edge", 32);
    const TraceScope& sc = trace.scope;
    for (int r = 0; r < cfg.rows; ++r) {
      if (r < sc.row0 || r >= sc.row1) continue;
      const std::string rs = std::to_string(r);
      row_ids.push_back({r, vcd->add(a + "left_feeder_" + rs + ".val", 8),
                         vcd->add(a + "left_feeder_" + rs + ".valid", 1),
                         cfg.fuse ? vcd->add(a + "bus_" + rs + ".val", 8) : -1,
                         cfg.fuse ? vcd->add(a + "bus_" + rs + ".flags", 3) : -1,
                         cfg.fuse ? vcd->add(a + "data_en_" + rs, 1) : -1});
      if (cfg.input_prefetch)
        pf_row_ids.push_back({r, vcd->add(a + "prefetch_feeder_" + rs + ".val", 8),
                              vcd->add(a + "prefetch_feeder_" + rs + ".valid", 1)});
      for (int c = 0; c < cfg.cols; ++c) {
        if (!sc.contains(r, c)) continue;
        // PEs nested by row (array.row_3.pe_3_0), so a large array's tree sorts by row.
        const std::string p = a + "row_" + rs + ".pe_" + rs + "_" + std::to_string(c) + ".";
        pe_ids.push_back({r, c, vcd->add(p + "h_reg", 8), vcd->add(p + "h_flags", 3),
                          vcd->add(p + "v_reg", 8), vcd->add(p + "v_flags", 3),
                          vcd->add(p + "stat_reg", 8), vcd->add(p + "acc", 32),
                          vcd->add(p + "out_reg", 32), vcd->add(p + "out_valid", 1),
                          vcd->add(p + "psum_reg", 32), vcd->add(p + "psum_valid", 1)});
        if (cfg.input_prefetch)
          pf_pe_ids.push_back({r, c, vcd->add(p + "hp_reg", 8), vcd->add(p + "hp_flags", 3)});
      }
    }
    for (int c = 0; c < cfg.cols; ++c) {
      if (c < sc.col0 || c >= sc.col1) continue;
      const std::string cs = std::to_string(c);
      col_ids.push_back({c, vcd->add(a + "top_feeder_" + cs + ".val", 8),
                         vcd->add(a + "top_feeder_" + cs + ".flags", 3),
                         vcd->add(a + "drain_idx_" + cs, 16), vcd->add(a + "col_en_" + cs, 1)});
    }
    latch_id = vcd->add(a + "latch", 1);
    if (cfg.input_prefetch) swap_id = vcd->add(a + "swap", 1);
    if (cfg.global_select) out_sel_id = vcd->add(a + "out_sel", 1);
    if (trace.memory) {
      const std::string mm = "top.memory.";
      mem_ids = {vcd->add(mm + "stall", 1),
                 vcd->add(mm + "stall_cause", 2),
                 vcd->add(mm + "ifmap_spad_bytes", 32),
                 vcd->add(mm + "filter_spad_bytes", 32),
                 vcd->add(mm + "ofmap_spad_bytes", 32),
                 vcd->add(mm + "dram_req", 1),
                 vcd->add(mm + "dram_req_bytes", 32),
                 vcd->add(mm + "dram_resp", 1),
                 vcd->add(mm + "dram_resp_bytes", 32)};
    }
  }

  void sample(int64_t run_edge) {
    if (!vcd || !tracing_run) return;
    if (run_edge < trace.from_cycle || (trace.to_cycle >= 0 && run_edge > trace.to_cycle)) return;
    vcd->set_time(global_edge_base + run_edge);
    vcd->set(m_layer, layer_index);
    const auto& iss = ctrl.ctrl().issue_edges();
    bool issued = false;
    for (int64_t e : iss)
      if (e == run_edge) issued = true;
    vcd->set(m_issue, issued);
    vcd->set(m_edge, run_edge);
    for (const auto& ri : row_ids) {
      const OperandSig l = array.left[ri[0]].read();
      vcd->set(ri[1], l.val);
      vcd->set(ri[2], l.valid());
      if (cfg.fuse) {
        const OperandSig b = array.bus[ri[0]].read();
        vcd->set(ri[3], b.val);
        vcd->set(ri[4], b.flags);
        vcd->set(ri[5], array.data_en[ri[0]].read());
      }
    }
    for (const PeIds& p : pe_ids) {
      const PeRegs& g = array.pe(p.r, p.c).regs();
      vcd->set(p.h, g.h.val);
      vcd->set(p.hf, g.h.flags);
      vcd->set(p.v, g.v.val);
      vcd->set(p.vf, g.v.flags);
      vcd->set(p.s, g.s.val);
      vcd->set(p.acc, g.acc);
      vcd->set(p.out, g.out.val);
      vcd->set(p.outv, g.out.valid);
      vcd->set(p.psum, g.psum.val);
      vcd->set(p.psumv, g.psum.valid);
    }
    for (const auto& ci : col_ids) {
      const OperandSig t = array.top[ci[0]].read();
      vcd->set(ci[1], t.val);
      vcd->set(ci[2], t.flags);
      vcd->set(ci[3], array.drain_idx[ci[0]].read());
      vcd->set(ci[4], array.col_en[ci[0]].read());
    }
    vcd->set(latch_id, array.latch.read());
    if (swap_id >= 0) {
      vcd->set(swap_id, array.swap.read());
      for (const auto& ri : pf_row_ids) {
        const OperandSig f = array.prefetch[ri[0]].read();
        vcd->set(ri[1], f.val);
        vcd->set(ri[2], f.valid());
      }
      for (const auto& pi : pf_pe_ids) {
        const PeRegs& g = array.pe(pi[0], pi[1]).regs();
        vcd->set(pi[2], g.hp.val);
        vcd->set(pi[3], g.hp.flags);
      }
    }
    if (out_sel_id >= 0) vcd->set(out_sel_id, array.out_sel.read());
    if (mem_ids[0] >= 0) sample_memory(run_edge);
  }

  /// top.memory.*: the stall (an edge a stall counter grew; cause 1 ifmap, 2 filter, 3 ofmap),
  /// each scratchpad's bytes, and the DRAM requests issued and completed at this edge.
  void sample_memory(int64_t e) {
    const MemorySystem* m = prog_memory;
    const MemoryStats& st = m ? m->stats() : MemoryStats{};
    const int64_t now[3] = {st.stall_ifmap, st.stall_filter, st.stall_ofmap};
    int cause = 0;
    for (int i = 0; i < 3; ++i)
      if (now[i] > last_stall[size_t(i)]) cause = i + 1;
    for (int i = 0; i < 3; ++i) last_stall[size_t(i)] = now[i];
    vcd->set(mem_ids[0], cause != 0);
    vcd->set(mem_ids[1], cause);
    for (int i = 0; i < 3; ++i)
      vcd->set(mem_ids[size_t(2 + i)], m ? m->occupancy(StallCause(i), e) : 0);
    int64_t req = 0, resp = 0;
    if (m) {
      const auto& ev = m->dram_events();
      for (; mem_cursor < ev.size() && ev[mem_cursor].issue <= e; ++mem_cursor) {
        if (ev[mem_cursor].issue == e) req += ev[mem_cursor].bytes;
        pending.emplace_back(ev[mem_cursor].done, ev[mem_cursor].bytes);
      }
      for (size_t i = 0; i < pending.size();) {
        if (pending[i].first <= e) {
          if (pending[i].first == e) resp += pending[i].second;
          pending[i] = pending.back();
          pending.pop_back();
        } else {
          ++i;
        }
      }
    }
    vcd->set(mem_ids[5], req > 0);
    vcd->set(mem_ids[6], req);
    vcd->set(mem_ids[7], resp > 0);
    vcd->set(mem_ids[8], resp);
  }

  ArrayConfig cfg;
  PeMode mode = PeMode::kOutputStationary;
  EventCounters events;
  bool conflict = false;
  ProcessError error;  ///< declared before the modules that report into it
  sc_core::sc_clock clk;
  SystolicArray array;
  ControllerModule ctrl;
  ObserverModule obs;
  TraceOptions trace;
  std::unique_ptr<VcdWriter> vcd;
  std::vector<PeIds> pe_ids;
  std::vector<std::array<int, 6>> row_ids;
  std::vector<std::array<int, 5>> col_ids;
  std::vector<std::array<int, 3>> pf_row_ids;  ///< input prefetch: row, feeder val, valid
  std::vector<std::array<int, 4>> pf_pe_ids;   ///< input prefetch: row, col, hp_reg, hp_flags
  int swap_id = -1;
  int m_layer = -1, m_issue = -1, m_edge = -1, latch_id = -1, out_sel_id = -1;
  std::array<int, 9> mem_ids{-1, -1, -1, -1, -1, -1, -1, -1, -1};
  const MemorySystem* prog_memory = nullptr;  ///< the traced run's memory (null: ideal)
  std::array<int64_t, 3> last_stall{0, 0, 0};
  size_t mem_cursor = 0;
  std::vector<std::pair<int64_t, int64_t>> pending;  ///< (completion edge, bytes) of requests
  int64_t global_edge_base = 0;
  int64_t layer_index = -1;
  bool tracing_run = false;
  bool traced_stationary = false;  ///< a traced run used the WS/IS mode (stat_reg, psum_* change)
};

PinEngine::PinEngine(const ArrayConfig& cfg, const TraceOptions& trace) {
  const auto errs = cfg.validate();
  if (!errs.empty()) throw std::invalid_argument(errs.front());
  // The first top keeps the plain names (array.pe_3_5); later ones get a suffix.
  static int instances = 0;
  const int n = instances++;
  impl_ = std::make_unique<Impl>(cfg, trace, n == 0 ? "" : "_" + std::to_string(n));
}

// Without close_trace() the run did not succeed: the partial waveform is removed (VcdWriter).
PinEngine::~PinEngine() = default;

std::vector<uint64_t> PinEngine::pe_macs() const {
  std::vector<uint64_t> m;
  for (int r = 0; r < impl_->cfg.rows; ++r)
    for (int c = 0; c < impl_->cfg.cols; ++c) m.push_back(impl_->array.pe(r, c).macs());
  return m;
}

void PinEngine::set_progress(std::atomic<int64_t>* edges) { impl_->obs.progress = edges; }

std::vector<std::string> PinEngine::traced_signals() const {
  return impl_->vcd ? impl_->vcd->names() : std::vector<std::string>{};
}

void PinEngine::close_trace() {
  if (!impl_->vcd) return;
  impl_->vcd->close();
  impl_->vcd.reset();
  // Beside the VCD: a GTKWave save file (`gtkwave run.vcd run.gtkw` opens a grouped view) and
  // the translate filter it names, which shows operand flags as "valid+last" instead of 5.
  const std::string& vcd = impl_->trace.vcd_path;
  const std::string& final_vcd =
      impl_->trace.final_vcd_path.empty() ? vcd : impl_->trace.final_vcd_path;
  GtkwOptions opt;
  opt.scope_prefix = "";
  opt.dumpfile = final_vcd;
  opt.flags_filter = std::filesystem::absolute(gtkw_filter_name(final_vcd)).string();
  // Registers only the WS/IS mode loads: in a trace of OS and 1-D runs alone they never change.
  if (!impl_->traced_stationary) opt.hidden_registers = {"stat_reg", "psum_reg", "psum_valid"};
  const std::string text = gtkw_text_from_vcd(vcd, opt);
  for (const auto& [path, body] : {std::pair<std::string, std::string>{gtkw_save_name(vcd), text},
                                   {gtkw_filter_name(vcd), gtkw_flags_filter_text()}}) {
    std::ofstream os(path);
    os << body;
    if (!os) throw std::runtime_error("cannot write " + path);
  }
}

RunStats PinEngine::run(Program* prog, const Observer& observer, const std::string& label) {
  Impl& m = *impl_;
  ++m.layer_index;
  m.tracing_run = m.vcd && (m.trace.layer.empty() || m.trace.layer == label);
  if (m.tracing_run && prog->pe_mode() == PeMode::kWeightStationary) m.traced_stationary = true;
  Impl* mp = &m;
  m.obs.monitor = m.vcd ? std::function<void(int64_t)>([mp](int64_t e) { mp->sample(e); })
                        : std::function<void(int64_t)>();
  m.mode = prog->pe_mode();
  m.prog_memory = prog->memory;
  m.last_stall = {0, 0, 0};
  m.mem_cursor = 0;
  m.pending.clear();
  m.events = EventCounters{};
  m.conflict = false;
  m.array.reset();
  m.ctrl.load(prog);
  m.obs.observer = observer;
  m.obs.edge = 0;
  m.obs.active = true;
  m.error.error = nullptr;
  sc_core::sc_start();
  m.obs.active = false;
  if (m.error.error) std::rethrow_exception(m.error.error);
  if (!m.ctrl.ctrl().done()) throw std::logic_error("pin-level run stopped before completion");
  RunStats st;
  st.events = m.events;
  m.ctrl.ctrl().report(&st);
  st.conflict = m.conflict;
  if (m.tracing_run) m.global_edge_base += st.cycles;
  return st;
}

}  // namespace fusesim
