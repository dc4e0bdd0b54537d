#pragma once
/// PeModule: one PE as a SystemC module. One SC_METHOD on the rising clock edge reads the input
/// ports, calls pe_step() (the datapath lives in PeCore) and writes the register signals.
/// Latency and reset behaviour are those of pe_step(): one cycle per register, reset to zero.

#include <systemc>

#include "pe/pe_core.h"

namespace fusesim {

/// The signal types of the links (sc_signal needs operator<<, sc_trace and ==).
struct OperandSig : Operand {
  OperandSig() = default;
  OperandSig(const Operand& o) : Operand(o) {}  // NOLINT(google-explicit-constructor)
};
struct Word32Sig : Word32 {
  Word32Sig() = default;
  Word32Sig(const Word32& w) : Word32(w) {}  // NOLINT(google-explicit-constructor)
};
std::ostream& operator<<(std::ostream& os, const OperandSig& o);
std::ostream& operator<<(std::ostream& os, const Word32Sig& w);
void sc_trace(sc_core::sc_trace_file* tf, const OperandSig& o, const std::string& name);
void sc_trace(sc_core::sc_trace_file* tf, const Word32Sig& w, const std::string& name);

/// A processing element with a port for every link.
class PeModule : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;
  sc_core::sc_in<OperandSig> act_in;    ///< from the left neighbour / left feeder
  sc_core::sc_in<OperandSig> vert_in;   ///< from the PE above / top feeder
  sc_core::sc_in<OperandSig> bcast_in;  ///< the row's broadcast bus (FuSe array)
  sc_core::sc_in<bool> data_en;         ///< the row's DataEn (FuSe array)
  sc_core::sc_in<Word32Sig> psum_in;    ///< partial sum from above
  sc_core::sc_in<Word32Sig> drain_in;   ///< drain chain from above
  sc_core::sc_in<bool> col_en;
  sc_core::sc_in<bool> latch;
  sc_core::sc_in<int> drain_idx;
  sc_core::sc_in<bool> out_sel;          ///< global output select (global-select drain)
  sc_core::sc_in<OperandSig> pf_in;      ///< left neighbour's hp / prefetch feeder (prefetch)
  sc_core::sc_in<bool> swap;             ///< array-wide swap strobe (input prefetch)
  sc_core::sc_out<OperandSig> act_out;   ///< h register
  sc_core::sc_out<OperandSig> vert_out;  ///< v register
  sc_core::sc_out<Word32Sig> psum_out;   ///< psum register
  sc_core::sc_out<Word32Sig> drain_out;  ///< drain-chain register (out, or acc without shadow)
  sc_core::sc_out<OperandSig> pf_out;    ///< hp (prefetch) register

  SC_HAS_PROCESS(PeModule);
  /// `prefetch`: the PE has the prefetch register and the swap mux (ArrayConfig::input_prefetch);
  /// without it pf_in and swap are not read and pf_out is never written.
  PeModule(sc_core::sc_module_name name, const PeStatic& st, const PeMode* mode, EventCounters* ev,
           bool* conflict, bool prefetch = false);

  const PeRegs& regs() const { return regs_; }
  /// Back to the reset state (call only while the kernel is paused).
  void reset() {
    regs_ = PeRegs{};
    macs_ = 0;
  }
  /// MACs this PE performed since the last reset (for utilisation heat maps).
  uint64_t macs() const { return macs_; }

 private:
  void on_clock();

  PeStatic st_;
  const PeMode* mode_;
  EventCounters* ev_;
  bool* conflict_;
  bool prefetch_;
  PeRegs regs_;
  uint64_t macs_ = 0;
};

}  // namespace fusesim
