#include "hw/fast_engine_kernels.h"

namespace fusesim {
namespace fast_kernels {

// Row kernels are kept out of line so that the compiler honours __restrict__ and vectorises them;
// on x86-64 with GCC an AVX-512 (x86-64-v4) or AVX2 clone is chosen at load time where the CPU
// has it (the build itself targets baseline x86-64).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define FUSESIM_ROW_KERNEL \
  __attribute__((noinline, target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define FUSESIM_ROW_KERNEL __attribute__((noinline))
#endif

static void add_lanes(LaneCounts* to, const LaneCounts& k) {
  to->mac += k.mac;
  to->zero += k.zero;
  to->out_write += k.out_write;
  to->acc_update += k.acc_update;
  to->psum_write += k.psum_write;
  to->link += k.link;
  to->overflow += k.overflow;
}

// The overflow rule (LaneAdd) is a compile-time constant inside the row loops, so that the
// unchecked loop (every program whose sums cannot overflow) is the plain multiply-accumulate and
// the wrap loop carries no saturation selects; each kernel dispatches once per call.
#define FUSESIM_BY_RULE(rule, ...)                     \
  do {                                                 \
    switch (rule) {                                    \
      case LaneAdd::kUnchecked: {                      \
        constexpr LaneAdd kRule = LaneAdd::kUnchecked; \
        __VA_ARGS__;                                   \
        break;                                         \
      }                                                \
      case LaneAdd::kWrap: {                           \
        constexpr LaneAdd kRule = LaneAdd::kWrap;      \
        __VA_ARGS__;                                   \
        break;                                         \
      }                                                \
      case LaneAdd::kSaturate: {                       \
        constexpr LaneAdd kRule = LaneAdd::kSaturate;  \
        __VA_ARGS__;                                   \
        break;                                         \
      }                                                \
    }                                                  \
  } while (0)

// OS/1-D multiplies of one row over columns [lo, hi], vertical operands per column.
FUSESIM_ROW_KERNEL int os_row_systolic(
    const int8_t* __restrict__ hv, const uint8_t* __restrict__ hf, const int8_t* __restrict__ vv,
    const uint8_t* __restrict__ vf, const uint8_t* __restrict__ col_en, bool shadow, LaneAdd rule,
    int32_t* __restrict__ acc, uint8_t* __restrict__ accv, int32_t* __restrict__ out,
    uint8_t* __restrict__ outv, int lo, int hi, LaneCounts* n) {
  LaneCounts k;
  FUSESIM_BY_RULE(rule, for (int c = lo; c <= hi; ++c)
                            pe_os_mac_lane(hv[c], hf[c], vv[c], vf[c], col_en[c], shadow, kRule,
                                           acc[c], accv[c], out[c], outv[c], k));
  k.acc_update = k.mac - k.out_write;
  add_lanes(n, k);
  return k.mac;
}

// OS/1-D multiplies of one row over columns [lo, hi], the row's bus as vertical operand.
FUSESIM_ROW_KERNEL int os_row_bus(const int8_t* __restrict__ hv, const uint8_t* __restrict__ hf,
                                  int8_t bv, uint8_t bf, const uint8_t* __restrict__ col_en,
                                  bool shadow, LaneAdd rule, int32_t* __restrict__ acc,
                                  uint8_t* __restrict__ accv, int32_t* __restrict__ out,
                                  uint8_t* __restrict__ outv, int lo, int hi, LaneCounts* n) {
  LaneCounts k;
  FUSESIM_BY_RULE(rule, for (int c = lo; c <= hi; ++c)
                            pe_os_mac_lane(hv[c], hf[c], bv, bf, col_en[c], shadow, kRule, acc[c],
                                           accv[c], out[c], outv[c], k));
  k.acc_update = k.mac - k.out_write;
  add_lanes(n, k);
  return k.mac;
}

// Drain shifts and clears of row r over columns [lo, hi] on the drain registers reg/regv; din/dinv
// are row r − 1's drain registers before the edge, vf the row's vertical operand flags.
FUSESIM_ROW_KERNEL void drain_row(int r, const int16_t* __restrict__ didx,
                                  const int32_t* __restrict__ din, const uint8_t* __restrict__ dinv,
                                  const uint8_t* __restrict__ hf, const uint8_t* __restrict__ vf,
                                  const uint8_t* __restrict__ col_en, bool shadow,
                                  int32_t* __restrict__ reg, uint8_t* __restrict__ regv, int lo,
                                  int hi, int* moved, int* conflict) {
  int m = 0;
  int cf = 0;
  for (int c = lo; c <= hi; ++c) {
    const int mac = hf[c] & vf[c] & col_en[c] & kOpValid;
    const int last = (vf[c] >> 2) & 1;
    pe_os_drain_reg_lane(r, didx[c], shadow, mac, last, din[c], dinv[c], reg[c], regv[c], m, cf);
  }
  *moved += m;
  *conflict |= cf;
}

// WS partial sums of one row over columns [lo, hi].
FUSESIM_ROW_KERNEL void ws_row(const int8_t* __restrict__ hv, const uint8_t* __restrict__ hf,
                               const int8_t* __restrict__ sv, const uint8_t* __restrict__ sf,
                               const int32_t* __restrict__ pin, const uint8_t* __restrict__ pinv,
                               LaneAdd rule, int32_t* __restrict__ pout,
                               uint8_t* __restrict__ poutv, int lo, int hi, LaneCounts* n) {
  LaneCounts k;
  FUSESIM_BY_RULE(
      rule, for (int c = lo; c <= hi; ++c) pe_ws_lane(hv[c], hf[c], sv[c], sf[c], pin[c], pinv[c],
                                                      kRule, pout[c], poutv[c], k));
  add_lanes(n, k);
}

}  // namespace fast_kernels
}  // namespace fusesim
