#pragma once
/// The fast engine's row kernels: one array row's multiply-accumulates, drain shifts or partial
/// sums over a column range, written as loops over the lane forms of pe_step() (pe/pe_core.h) so
/// that the compiler vectorises them. Internal to FastEngine (hw/fast_engine.cpp); kept out of
/// line (and, on x86-64 with GCC, cloned for AVX-512 and AVX2) so that __restrict__ holds.
/// Each returns or adds its lane counts to *n; they never allocate.

#include <cstdint>

#include "pe/pe_core.h"

namespace fusesim {
namespace fast_kernels {

/// OS/1-D multiplies of one row over columns [lo, hi], vertical operands per column. Returns MACs.
int os_row_systolic(const int8_t* __restrict__ hv, const uint8_t* __restrict__ hf,
                    const int8_t* __restrict__ vv, const uint8_t* __restrict__ vf,
                    const uint8_t* __restrict__ col_en, bool shadow, LaneAdd rule,
                    int32_t* __restrict__ acc, uint8_t* __restrict__ accv,
                    int32_t* __restrict__ out, uint8_t* __restrict__ outv, int lo, int hi,
                    LaneCounts* n);
/// OS/1-D multiplies of one row over columns [lo, hi], the row's bus as vertical operand.
int os_row_bus(const int8_t* __restrict__ hv, const uint8_t* __restrict__ hf, int8_t bv, uint8_t bf,
               const uint8_t* __restrict__ col_en, bool shadow, LaneAdd rule,
               int32_t* __restrict__ acc, uint8_t* __restrict__ accv, int32_t* __restrict__ out,
               uint8_t* __restrict__ outv, int lo, int hi, LaneCounts* n);
/// Drain shifts and clears of row r over columns [lo, hi] on the drain registers reg/regv;
/// din/dinv are row r − 1's drain registers before the edge, vf the row's vertical flags.
void drain_row(int r, const int16_t* __restrict__ didx, const int32_t* __restrict__ din,
               const uint8_t* __restrict__ dinv, const uint8_t* __restrict__ hf,
               const uint8_t* __restrict__ vf, const uint8_t* __restrict__ col_en, bool shadow,
               int32_t* __restrict__ reg, uint8_t* __restrict__ regv, int lo, int hi, int* moved,
               int* conflict);
/// WS partial sums of one row over columns [lo, hi].
void ws_row(const int8_t* __restrict__ hv, const uint8_t* __restrict__ hf,
            const int8_t* __restrict__ sv, const uint8_t* __restrict__ sf,
            const int32_t* __restrict__ pin, const uint8_t* __restrict__ pinv, LaneAdd rule,
            int32_t* __restrict__ pout, uint8_t* __restrict__ poutv, int lo, int hi, LaneCounts* n);

}  // namespace fast_kernels
}  // namespace fusesim
