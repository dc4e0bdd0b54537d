// FastEngine::edge_os: one edge of the output-stationary and 1-D broadcast modes (the engine's
// hot path; hw/fast_engine.h describes the design).
#include <algorithm>
#include <cstring>

#include "hw/array_controller.h"
#include "hw/fast_engine.h"
#include "hw/fast_engine_kernels.h"

namespace fusesim {

using namespace fast_kernels;  // NOLINT: the engine's own row kernels

void FastEngine::edge_os(const Boundary& b, int64_t e, RunStats* st) {
  const int R = R_;
  const int C = C_;
  const bool shadow = cfg_.overlap_drain;
  const LaneAdd rule = rule_;
  int32_t* const dreg = shadow ? out_.data() : acc_.data();
  uint8_t* const dregv = shadow ? outv_.data() : accv_.data();
  // Only dirty columns can hold non-zero drain registers; elsewhere every register the drain
  // reads or shifts is an invalid zero, and shifting it changes nothing and counts nothing.
  const size_t dirty_before = dirty_cols_.size();
  int dlo = C;
  int dhi = -1;
  int jmin = R + 1;
  for (size_t k = 0; k < dirty_before; ++k) {
    const int c = dirty_cols_[k];
    // The bottom row's drain value before the edge.
    const size_t bi = size_t(R - 1) * C + c;
    bottom_[c] = Word32{dreg[bi], dregv[bi] != 0};
    const int j = b.drain_idx[c];
    if (j > 0) {
      dlo = std::min(dlo, c);
      dhi = std::max(dhi, c);
      jmin = std::min(jmin, j);
    }
  }
  // Drain inputs: the upper neighbours' drain registers before the edge. Many draining columns
  // are shifted row by row over [dlo, dhi] (the clean columns in that range hold invalid zeros,
  // which shift without effect), a few column by column.
  const bool row_drain = dhi - dlo >= 7;
  if (row_drain) {
    const size_t w = size_t(dhi - dlo + 1);
    for (int r = jmin - 1; r < R - 1; ++r) {
      const size_t i = size_t(r) * C + dlo;
      std::memcpy(&snap_[i], &dreg[i], w * sizeof(int32_t));
      std::memcpy(&snapv_[i], &dregv[i], w);
    }
  } else {
    for (size_t k = 0; k < dirty_before; ++k) {
      const int c = dirty_cols_[k];
      const int j = b.drain_idx[c];
      for (int r = std::max(j, 1); j > 0 && r < R; ++r) {
        const size_t i = size_t(r - 1) * C + c;
        dtmp_[size_t(c) * R + r] = dreg[i];
        dtmpv_[size_t(c) * R + r] = dregv[i];
      }
    }
  }
  push_operands(b, e, false);
  // Columns that may multiply in bus mode: the enabled ones.
  int bus_lo = C;
  int bus_hi = -1;
  if (bus_mode_)
    for (int c = 0; c < C; ++c)
      if (b.col_en[c]) {
        bus_lo = std::min(bus_lo, c);
        bus_hi = c;
      }
  LaneCounts n;
  const uint8_t* col_en = b.col_en.data();
  // Rows that may hold a valid vertical operand: every row in bus mode, else the rows reached by
  // the top operands of the last R edges.
  int row_candidates = 0;
  if (bus_mode_) {
    for (int r = 0; r < R; ++r)
      if (busf_[r] & kOpValid) cand_rows_[size_t(row_candidates++)] = r;
  } else {
    size_t at = top_head_;
    for (size_t k = 0; k < top_size_; ++k) {
      cand_rows_[size_t(row_candidates++)] = int(e - top_edges_[at]);
      if (++at == size_t(R)) at = 0;
    }
  }
  for (int k = 0; k < row_candidates; ++k) cand_row_[size_t(cand_rows_[size_t(k)])] = 1;
  for (int k = 0; k < row_candidates; ++k) {
    const int r = cand_rows_[size_t(k)];
    if (e - last_left_[r] >= C) continue;  // no valid h in the row
    // Valid h operands sit in columns >= e - last_left_[r]; valid v operands in [vlo, vhi].
    int vlo;
    int vhi;
    if (bus_mode_) {
      vlo = bus_lo;
      vhi = bus_hi;
    } else {
      const int slot = pt_ + r;
      vlo = tlo_[slot];
      vhi = thi_[slot];
    }
    const int lo = int(std::max<int64_t>(vlo, e - last_left_[r]));
    const int hi = vhi;
    if (lo > hi) continue;
    const int8_t* hv = &hv_[size_t(r) * wh_ + ph_];
    const uint8_t* hf = &hf_[size_t(r) * wh_ + ph_];
    const size_t row = size_t(r) * C;
    int macs;
    if (hi - lo < 4) {
      // A few columns (the busy column of a depthwise fold): not worth a vector loop.
      const uint8_t* vf = bus_mode_ ? nullptr : &tf_[size_t(pt_ + r) * C];
      const int8_t* vv = bus_mode_ ? nullptr : &tv_[size_t(pt_ + r) * C];
      LaneCounts kc;
      for (int c = lo; c <= hi; ++c)
        pe_os_mac_lane(hv[c], hf[c], bus_mode_ ? busv_[r] : vv[c], bus_mode_ ? busf_[r] : vf[c],
                       col_en[c], shadow, rule, acc_[row + c], accv_[row + c], out_[row + c],
                       outv_[row + c], kc);
      n.mac += kc.mac;
      n.zero += kc.zero;
      n.overflow += kc.overflow;
      n.out_write += kc.out_write;
      n.acc_update += kc.mac - kc.out_write;
      macs = kc.mac;
    } else if (bus_mode_) {
      macs = os_row_bus(hv, hf, busv_[r], busf_[r], col_en, shadow, rule, &acc_[row], &accv_[row],
                        &out_[row], &outv_[row], lo, hi, &n);
    } else {
      const size_t slot = size_t(pt_ + r) * C;
      macs = os_row_systolic(hv, hf, &tv_[slot], &tf_[slot], col_en, shadow, rule, &acc_[row],
                             &accv_[row], &out_[row], &outv_[row], lo, hi, &n);
    }
    if (macs > 0 && dirty_cols_.size() < size_t(C))
      for (int c = lo; c <= hi; ++c)
        if (!dirty_[c]) {
          dirty_[c] = 1;
          dirty_cols_.push_back(c);
        }
  }
  // Drain shifts, after the multiplies of the same edge (pe_step's order). A column that became
  // dirty only in this edge had invalid zeros in its drain registers before it.
  auto vflags = [&](int r, int c) -> uint8_t {
    return bus_mode_ ? busf_[r] : tf_[size_t(pt_ + r) * C + c];
  };
  auto mac_at = [&](int r, int c, uint8_t vf) -> int {
    return hf_[size_t(r) * wh_ + ph_ + c] & vf & col_en[c] & kOpValid;
  };
  if (row_drain) {
    int moved = 0;
    int conflict = 0;
    for (int r = jmin - 1; r < R; ++r) {
      const uint8_t* vf = &tf_[size_t(pt_ + r) * C];
      if (bus_mode_) {
        std::fill(bus_row_.begin(), bus_row_.end(), busf_[r]);
        vf = bus_row_.data();
      }
      const size_t up = r > 0 ? size_t(r - 1) * C : 0;
      drain_row(r, b.drain_idx.data(), r > 0 ? &snap_[up] : zero_row_.data(),
                r > 0 ? &snapv_[up] : zero_row_v_.data(), &hf_[size_t(r) * wh_ + ph_], vf, col_en,
                shadow, &dreg[size_t(r) * C], &dregv[size_t(r) * C], dlo, dhi, &moved, &conflict);
    }
    (shadow ? n.out_write : n.acc_update) += moved;
    n.link += moved;
    if (conflict) st->conflict = true;
  }
  for (size_t k = row_drain ? dirty_before : 0; k < dirty_cols_.size(); ++k) {
    const int c = dirty_cols_[k];
    const int j = b.drain_idx[c];
    if (j == 0 || (row_drain && c >= dlo && c <= dhi)) continue;
    const bool src = k < dirty_before;
    const int32_t* dt = &dtmp_[size_t(c) * R];
    const uint8_t* dtv = &dtmpv_[size_t(c) * R];
    for (int r = j; r < R; ++r) {
      const size_t i = size_t(r) * C + c;
      // Only rows with a valid vertical operand can multiply, hence conflict.
      if (cand_row_[size_t(r)]) {
        const uint8_t vf = vflags(r, c);
        if (pe_os_drain_conflict(shadow, mac_at(r, c, vf), (vf & kOpLast) != 0))
          st->conflict = true;
      }
      pe_os_drain_shift(shadow, src ? dt[r] : 0, src ? dtv[r] : uint8_t(0), acc_[i], accv_[i],
                        out_[i], outv_[i], n);
    }
    {
      const int r = j - 1;
      const uint8_t vf = vflags(r, c);
      const size_t i = size_t(r) * C + c;
      pe_os_drain_clear(shadow, mac_at(r, c, vf), (vf & kOpLast) != 0, accv_[i], outv_[i]);
    }
  }
  for (int k = 0; k < row_candidates; ++k) cand_row_[size_t(cand_rows_[size_t(k)])] = 0;
  if (b.out_sel) global_select_shift(st, &n);
  n_mac_ += uint64_t(n.mac);
  n_zero_ += uint64_t(n.zero);
  n_out_ += uint64_t(n.out_write);
  n_psum_ += uint64_t(n.psum_write);
  n_acc_ += uint64_t(n.acc_update);
  n_link_ += uint64_t(n.link);
  n_ovf_ += uint64_t(n.overflow);
}

void FastEngine::global_select_shift(RunStats* st, LaneCounts* n) {
  // pe_global_select_shift() on every PE, after the edge's multiplies (any multiply conflicts:
  // the select is global). Bottom-up, each row reads the row above before that row changes.
  // Columns never multiplied in hold invalid zeros in both registers: skipped.
  if (n->mac > 0) st->conflict = true;
  const int R = R_;
  const int C = C_;
  for (int c : dirty_cols_) {
    for (int r = R - 1; r >= 0; --r) {
      const size_t i = size_t(r) * C + c;
      const int32_t stage = gs_[i];
      const uint8_t stage_v = gsv_[i];
      acc_[i] = stage;
      accv_[i] = stage_v;
      n->acc_update += stage_v;
      const size_t up = i - C;
      const uint8_t in_v = r > 0 ? accv_[up] : uint8_t(0);
      gs_[i] = in_v ? acc_[up] : 0;
      gsv_[i] = in_v;
      n->psum_write += in_v;
      n->link += in_v;
    }
  }
}

}  // namespace fusesim
