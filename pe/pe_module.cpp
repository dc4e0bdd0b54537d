#include "pe/pe_module.h"

namespace fusesim {

std::ostream& operator<<(std::ostream& os, const OperandSig& o) {
  return os << int(o.val) << "/" << int(o.flags);
}
std::ostream& operator<<(std::ostream& os, const Word32Sig& w) {
  return os << w.val << (w.valid ? "" : "(x)");
}
void sc_trace(sc_core::sc_trace_file* tf, const OperandSig& o, const std::string& name) {
  sc_core::sc_trace(tf, o.val, name + ".val");
  sc_core::sc_trace(tf, o.flags, name + ".flags");
}
void sc_trace(sc_core::sc_trace_file* tf, const Word32Sig& w, const std::string& name) {
  sc_core::sc_trace(tf, w.val, name + ".val");
  sc_core::sc_trace(tf, w.valid, name + ".valid");
}

PeModule::PeModule(sc_core::sc_module_name name, const PeStatic& st, const PeMode* mode,
                   EventCounters* ev, bool* conflict, bool prefetch)
    : sc_core::sc_module(name),
      st_(st),
      mode_(mode),
      ev_(ev),
      conflict_(conflict),
      prefetch_(prefetch) {
  SC_METHOD(on_clock);
  sensitive << clk.pos();
  dont_initialize();
}

void PeModule::on_clock() {
  // Only the ports the current mode's datapath uses are read, and only the registers it can
  // change are written (pe_step leaves psum alone in OS mode unless the global output select is
  // on, and acc/out alone in WS mode), so every signal still equals its register.
  PeInputs in;
  in.h_in = act_in.read();
  in.v_in = vert_in.read();
  if (prefetch_) {
    in.hp_in = pf_in.read();
    in.swap = swap.read();
  }
  const bool ws = *mode_ == PeMode::kWeightStationary;
  if (ws) {
    in.psum_in = psum_in.read();
    in.latch = latch.read();
  } else {
    if (st_.has_mux) {
      in.data_en = data_en.read();
      if (in.data_en) in.bus = bcast_in.read();
    }
    in.col_en = col_en.read();
    in.drain_idx = int16_t(drain_idx.read());
    in.out_sel = out_sel.read();
    if ((in.drain_idx > 0 && st_.row >= in.drain_idx) || in.out_sel) in.drain_in = drain_in.read();
  }
  PeRegs nxt;
  const uint64_t before = ev_->get(Event::kMac);
  pe_step(st_, *mode_, regs_, in, &nxt, ev_, conflict_);
  macs_ += ev_->get(Event::kMac) - before;
  regs_ = nxt;
  act_out.write(regs_.h);
  if (prefetch_) pf_out.write(regs_.hp);
  vert_out.write(regs_.v);
  if (ws || in.out_sel) psum_out.write(regs_.psum);
  if (!ws) drain_out.write(drain_value(st_, regs_));
}

}  // namespace fusesim
