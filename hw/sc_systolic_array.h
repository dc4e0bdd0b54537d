#pragma once
/// SystolicArray: R×C PeModules wired by signals (the systolic interconnect), the FuSe broadcast
/// bus and DataEn per row (FuSe array only), and the boundary signals the controller drives.
///
/// Links: act (h) flows left → right, vert (v), psum and drain flow top → bottom. On the plain
/// array the bus and DataEn do not exist: the PEs' bus ports are tied to one constant "no bus"
/// signal and their DataEn to a constant 0 (has_mux = false makes the PE ignore them).

#include <memory>
#include <string>
#include <systemc>
#include <vector>

#include "hw/array_config.h"
#include "pe/pe_module.h"

namespace fusesim {

/// Scoping of waveform tracing.
struct TraceScope {
  int row0 = 0;
  int row1 = 1 << 30;  ///< exclusive
  int col0 = 0;
  int col1 = 1 << 30;  ///< exclusive
  bool contains(int r, int c) const { return r >= row0 && r < row1 && c >= col0 && c < col1; }
};

/// The array of PE modules and every link between them.
class SystolicArray : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;

  // Boundary signals (driven by the controller).
  sc_core::sc_vector<sc_core::sc_signal<OperandSig>> left;  ///< per row
  sc_core::sc_vector<sc_core::sc_signal<OperandSig>> top;   ///< per column
  sc_core::sc_vector<sc_core::sc_signal<OperandSig>> bus;   ///< per row (FuSe array)
  sc_core::sc_vector<sc_core::sc_signal<bool>> data_en;     ///< per row (FuSe array)
  sc_core::sc_vector<sc_core::sc_signal<bool>> col_en;      ///< per column
  sc_core::sc_vector<sc_core::sc_signal<int>> drain_idx;    ///< per column
  sc_core::sc_signal<bool> latch;
  sc_core::sc_signal<bool> out_sel;  ///< global output select (global-select drain)
  /// Input prefetch (ArrayConfig::input_prefetch): per row the prefetch feeder, the array-wide
  /// swap strobe, and the PEs' hp registers (the second shift chain, row-major). Without the
  /// option they are empty / constant and no PE reads them.
  sc_core::sc_vector<sc_core::sc_signal<OperandSig>> prefetch;
  sc_core::sc_signal<bool> swap;
  sc_core::sc_vector<sc_core::sc_signal<OperandSig>> hp;

  // PE register outputs (the links), row-major.
  sc_core::sc_vector<sc_core::sc_signal<OperandSig>> h;
  sc_core::sc_vector<sc_core::sc_signal<OperandSig>> v;
  sc_core::sc_vector<sc_core::sc_signal<Word32Sig>> psum;
  sc_core::sc_vector<sc_core::sc_signal<Word32Sig>> drain;

  SystolicArray(sc_core::sc_module_name name, const ArrayConfig& cfg, const PeMode* mode,
                EventCounters* ev, bool* conflict);

  PeModule& pe(int r, int c) { return pes_[size_t(r) * cfg_.cols + c]; }
  /// Returns every PE and link signal to reset (between runs, while the kernel is paused).
  void reset();

 private:
  ArrayConfig cfg_;
  sc_core::sc_signal<Word32Sig> zero_word_;
  sc_core::sc_signal<OperandSig> no_bus_;
  sc_core::sc_signal<bool> no_data_en_;
  sc_core::sc_signal<OperandSig> no_prefetch_;
  sc_core::sc_vector<sc_core::sc_signal<OperandSig>> hp_sink_;  ///< pf_out sinks without prefetch
  sc_core::sc_vector<PeModule> pes_;
};

}  // namespace fusesim
