#include "hw/sc_top.h"

#include <stdexcept>

#include <systemc>

#include "hw/array_controller.h"

namespace fusesim {

namespace {

/// Thin SystemC wrapper of ArrayController: on every rising edge it samples the bottom row,
/// calls clock_edge() and drives the boundary signals for the next edge. It pauses the kernel
/// once the run is complete.
class ControllerModule : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;

  SC_HAS_PROCESS(ControllerModule);
  ControllerModule(sc_core::sc_module_name name, const ArrayConfig& cfg, SystolicArray* array,
                   EventCounters* ev)
      : sc_core::sc_module(name), cfg_(cfg), array_(array), ev_(ev), bottom_(cfg.cols) {
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
  }

  ArrayConfig cfg_;
  SystolicArray* array_;
  EventCounters* ev_;
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
                 const ControllerModule* ctrl)
      : sc_core::sc_module(name), cfg_(cfg), array_(array), ctrl_(ctrl) {
    SC_METHOD(on_fall);
    sensitive << clk.neg();
    dont_initialize();
  }
  PinEngine::Observer observer;
  int64_t edge = 0;

 private:
  void on_fall() {
    if (observer) {
      regs_.resize(size_t(cfg_.rows) * cfg_.cols);
      for (int r = 0; r < cfg_.rows; ++r)
        for (int c = 0; c < cfg_.cols; ++c)
          regs_[size_t(r) * cfg_.cols + c] = array_->pe(r, c).regs();
      observer(edge, regs_);
    }
    ++edge;
    if (ctrl_->done()) sc_core::sc_pause();
  }
  ArrayConfig cfg_;
  SystolicArray* array_;
  const ControllerModule* ctrl_;
  std::vector<PeRegs> regs_;
};

}  // namespace

struct PinEngine::Impl {
  Impl(const ArrayConfig& c, const TraceOptions& t)
      : cfg(c),
        clk("clk", 1, sc_core::SC_NS, 0.5, 0, sc_core::SC_NS, true),
        array("array", c, &mode, &events, &conflict),
        ctrl("controller", c, &array, &events),
        obs("observer", c, &array, &ctrl),
        trace(t) {
    array.clk(clk);
    ctrl.clk(clk);
    obs.clk(clk);
    if (!t.vcd_path.empty()) {
      std::string base = t.vcd_path;
      if (base.size() > 4 && base.substr(base.size() - 4) == ".vcd")
        base = base.substr(0, base.size() - 4);
      tf = sc_core::sc_create_vcd_trace_file(base.c_str());
      tf->set_time_unit(1, sc_core::SC_NS);
      array.trace(tf, t.scope);
    }
  }
  ~Impl() {
    if (tf) sc_core::sc_close_vcd_trace_file(tf);
  }

  ArrayConfig cfg;
  PeMode mode = PeMode::kOutputStationary;
  EventCounters events;
  bool conflict = false;
  sc_core::sc_clock clk;
  SystolicArray array;
  ControllerModule ctrl;
  ObserverModule obs;
  TraceOptions trace;
  sc_core::sc_trace_file* tf = nullptr;
  bool started = false;
};

PinEngine::PinEngine(const ArrayConfig& cfg, const TraceOptions& trace) {
  const auto errs = cfg.validate();
  if (!errs.empty()) throw std::invalid_argument(errs.front());
  impl_ = std::make_unique<Impl>(cfg, trace);
}

PinEngine::~PinEngine() = default;

RunStats PinEngine::run(Program* prog, const Observer& observer) {
  Impl& m = *impl_;
  m.mode = prog->pe_mode();
  m.events = EventCounters{};
  m.conflict = false;
  m.array.reset();
  m.ctrl.load(prog);
  m.obs.observer = observer;
  m.obs.edge = 0;
  sc_core::sc_start();
  if (!m.ctrl.ctrl().done()) throw std::logic_error("pin-level run stopped before completion");
  RunStats st;
  const ArrayController& c = m.ctrl.ctrl();
  st.cycles = c.cycles();
  st.first_arrival_edge = c.first_arrival_edge();
  st.last_arrival_edge = c.last_arrival_edge();
  st.issue_edges = c.issue_edges();
  st.events = m.events;
  st.events.add(Event::kCycle, uint64_t(st.cycles));
  st.conflict = m.conflict;
  return st;
}

}  // namespace fusesim
