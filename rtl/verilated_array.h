#pragma once
/// VerilatedArray: the Verilated RTL array (rtl/fusesim_array.sv, simulation build) behind a
/// small interface the lock-step harness drives like a PE array: load the controller's Boundary,
/// clock one rising edge, read the bottom row's words, read every PE's registers as PeRegs.
///
/// Port encodings (rtl/fusesim_pe.sv): an operand is 11 bits {last, first, valid, val[7:0]}
/// (Operand::flags has the same bit order), a word 33 bits {valid, val[31:0]}; per-row and
/// per-column ports are concatenated with index 0 in the low bits; the debug ports dbg_h, dbg_v,
/// dbg_s, dbg_acc, dbg_acc_valid, dbg_psum, dbg_out are unpacked arrays holding one register of
/// every PE, index r * C + c.
///
/// Usage:
///   VerilatedArray<Vrtl_4x4_f1_s1> rtl(4, 4, /*shadow=*/true);
///   rtl.reset(/*ws=*/false, /*saturate=*/false);
///   rtl.bottom(false, bottom.data());   // before the edge, as the controller samples it
///   rtl.clock(ctrl.boundary());         // one rising edge
///   PeRegs r = rtl.regs(1, 2);

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "hw/array_controller.h"
#include "pe/pe_core.h"
#include "verilated.h"

namespace fusesim {

/// The interface of one Verilated array model (one parameter set).
class RtlArray {
 public:
  virtual ~RtlArray() = default;
  virtual int rows() const = 0;
  virtual int cols() const = 0;
  /// Synchronous reset (one edge with rst = 1), then the array-wide configuration inputs.
  virtual void reset(bool ws, bool saturate) = 0;
  /// The bottom row's words before the next edge: psum (WS) or the drain-chain register.
  virtual void bottom(bool ws, Word32* out) = 0;
  /// Drives the boundary ports with `b` and clocks one rising edge.
  virtual void clock(const Boundary& b) = 0;
  /// PE (r, c)'s registers after the last edge, decoded from the debug ports.
  virtual PeRegs regs(int r, int c) = 0;
};

namespace rtl_bits {

/// Bits [lsb, lsb + width) of a port as stored by Verilator: an integral type up to 64 bits, or
/// an array of 32-bit words (VlWide) beyond that. width <= 33.
inline uint64_t get(const uint32_t* w, int lsb, int width) {
  uint64_t v = 0;
  for (int got = 0; got < width;) {
    const int bit = lsb + got;
    const int take = std::min(width - got, 32 - bit % 32);
    const uint64_t part = (uint64_t(w[bit / 32]) >> (bit % 32)) & ((uint64_t(1) << take) - 1);
    v |= part << got;
    got += take;
  }
  return v;
}
inline void put(uint32_t* w, int lsb, int width, uint64_t v) {
  for (int done = 0; done < width;) {
    const int bit = lsb + done;
    const int take = std::min(width - done, 32 - bit % 32);
    const uint32_t mask = uint32_t(((uint64_t(1) << take) - 1) << (bit % 32));
    w[bit / 32] = (w[bit / 32] & ~mask) | (uint32_t((v >> done) << (bit % 32)) & mask);
    done += take;
  }
}
template <typename T>
uint64_t get(const T& port, int lsb, int width) {
  if constexpr (std::is_integral_v<T>) {
    return (uint64_t(port) >> lsb) & ((uint64_t(1) << width) - 1);
  } else {
    return get(&port[0], lsb, width);
  }
}
template <typename T>
void put(T& port, int lsb, int width, uint64_t v) {
  if constexpr (std::is_integral_v<T>) {
    const uint64_t mask = ((uint64_t(1) << width) - 1) << lsb;
    port = T((uint64_t(port) & ~mask) | ((v << lsb) & mask));
  } else {
    put(&port[0], lsb, width, v);
  }
}

inline uint64_t encode(const Operand& o) {
  if (o.flags > 7) throw std::logic_error("operand flag outside valid/first/last");
  return uint64_t(uint8_t(o.val)) | (uint64_t(o.flags) << 8);
}
inline Operand decode_operand(uint64_t v) { return Operand{int8_t(uint8_t(v)), uint8_t(v >> 8)}; }
inline Word32 decode_word(uint64_t v) { return Word32{int32_t(uint32_t(v)), bool(v >> 32)}; }

}  // namespace rtl_bits

/// One Verilated parameter set V (a class generated with prefix Vrtl_<R>x<C>_f<F>_s<S>).
template <class V>
class VerilatedArray : public RtlArray {
 public:
  /// `shadow`: the model's SHADOW parameter (a shadow-register array has no global select).
  VerilatedArray(int rows, int cols, bool shadow)
      : R_(rows),
        C_(cols),
        shadow_(shadow),
        ctx_(std::make_unique<VerilatedContext>()),
        m_(ctx_.get()) {
    int iw = 0;
    while ((1 << iw) < rows + 1) ++iw;
    iw_ = iw;
    m_.clk = 0;
    m_.rst = 0;
    m_.eval();
  }
  ~VerilatedArray() override { m_.final(); }
  int rows() const override { return R_; }
  int cols() const override { return C_; }

  void reset(bool ws, bool saturate) override {
    clock(idle_boundary(), true);
    m_.cfg_ws = ws;
    m_.cfg_saturate = saturate;
    m_.eval();
  }
  void bottom(bool ws, Word32* out) override {
    for (int c = 0; c < C_; ++c)
      out[c] = rtl_bits::decode_word(ws ? rtl_bits::get(m_.psum_out, 33 * c, 33)
                                        : rtl_bits::get(m_.drain_out, 33 * c, 33));
  }
  void clock(const Boundary& b) override { clock(b, false); }
  PeRegs regs(int r, int c) override {
    const int i = r * C_ + c;
    PeRegs p;
    p.h = rtl_bits::decode_operand(m_.dbg_h[i]);
    p.v = rtl_bits::decode_operand(m_.dbg_v[i]);
    p.s = rtl_bits::decode_operand(m_.dbg_s[i]);
    p.acc = int32_t(uint32_t(m_.dbg_acc[i]));
    p.acc_valid = m_.dbg_acc_valid[i] & 1;
    p.psum = rtl_bits::decode_word(m_.dbg_psum[i]);
    p.out = rtl_bits::decode_word(m_.dbg_out[i]);
    return p;
  }

 private:
  Boundary idle_boundary() const {
    Boundary b;
    b.resize(R_, C_);
    return b;
  }
  void clock(const Boundary& b, bool rst) {
    for (int r = 0; r < R_; ++r) {
      rtl_bits::put(m_.left, 11 * r, 11, rtl_bits::encode(b.left[r]));
      rtl_bits::put(m_.bus, 11 * r, 11, rtl_bits::encode(b.bus[r]));
      rtl_bits::put(m_.data_en, r, 1, b.data_en[r] ? 1 : 0);
    }
    for (int c = 0; c < C_; ++c) {
      rtl_bits::put(m_.top, 11 * c, 11, rtl_bits::encode(b.top[c]));
      rtl_bits::put(m_.col_en, c, 1, b.col_en[c] ? 1 : 0);
      const int16_t j = b.drain_idx[c];
      if (j < 0 || j > R_)
        throw std::logic_error("drain index " + std::to_string(j) + " outside 0.." +
                               std::to_string(R_));
      rtl_bits::put(m_.drain_idx, iw_ * c, iw_, uint64_t(j));
    }
    if (b.out_sel && shadow_)
      throw std::logic_error(
          "out_sel on an array with shadow registers: the global-select drain needs SHADOW = 0");
    // The RTL twin has no input-prefetch chain (docs/rtl.md): a boundary that uses it cannot be
    // compared, so it is refused rather than silently run without the chain.
    if (b.swap) throw std::logic_error("swap strobe: the RTL twin does not model input prefetch");
    for (const Operand& o : b.prefetch)
      if (o.valid())
        throw std::logic_error("prefetch feeder: the RTL twin does not model input prefetch");
    m_.latch = b.latch;
    m_.out_sel = b.out_sel;
    m_.rst = rst;
    m_.clk = 1;
    m_.eval();
    m_.clk = 0;
    m_.rst = 0;
    m_.eval();
  }

  int R_;
  int C_;
  bool shadow_;
  int iw_ = 1;
  std::unique_ptr<VerilatedContext> ctx_;
  V m_;
};

}  // namespace fusesim
