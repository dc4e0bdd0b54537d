#include "hw/fast_engine.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "hw/array_controller.h"
#include "hw/fast_engine_kernels.h"

namespace fusesim {

namespace {

constexpr int64_t kNever = -(int64_t(1) << 50);

}  // namespace

using namespace fast_kernels;  // NOLINT: the engine's own row kernels

FastEngine::FastEngine(const ArrayConfig& cfg) : cfg_(cfg), R_(cfg.rows), C_(cfg.cols) {
  const auto errs = cfg.validate();
  if (!errs.empty()) throw std::invalid_argument(errs.front());
  statics_.resize(size_t(cfg.rows) * cfg.cols);
  for (int r = 0; r < cfg.rows; ++r)
    for (int c = 0; c < cfg.cols; ++c)
      statics_[size_t(r) * cfg.cols + c] =
          PeStatic{r, c, cfg.fuse, cfg.overlap_drain, cfg.acc_overflow == AccOverflow::kSaturate};
}

RunStats FastEngine::run_reference(Program* prog, const Observer& observer) {
  const int R = cfg_.rows;
  const int C = cfg_.cols;
  ArrayController ctrl(cfg_, prog);
  cur_.assign(size_t(R) * C, PeRegs{});
  nxt_.assign(size_t(R) * C, PeRegs{});
  RunStats st;
  std::vector<Word32> bottom(C);
  const PeMode mode = prog->pe_mode();
  const bool ws = mode == PeMode::kWeightStationary;
  while (!ctrl.done()) {
    const Boundary& b = ctrl.boundary();
    for (int r = 0; r < R; ++r) {
      for (int c = 0; c < C; ++c) {
        const size_t i = size_t(r) * C + c;
        PeInputs in;
        in.h_in = c == 0 ? b.left[r] : cur_[i - 1].h;
        in.hp_in = c == 0 ? b.prefetch[r] : cur_[i - 1].hp;
        in.swap = b.swap;
        in.v_in = r == 0 ? b.top[c] : cur_[i - C].v;
        if (r > 0) {
          in.psum_in = cur_[i - C].psum;
          in.drain_in = drain_value(statics_[i - C], cur_[i - C]);
        }
        in.bus = b.bus[r];
        in.data_en = b.data_en[r];
        in.col_en = b.col_en[c];
        in.latch = b.latch;
        in.drain_idx = b.drain_idx[c];
        in.out_sel = b.out_sel;
        pe_step(statics_[i], mode, cur_[i], in, &nxt_[i], &st.events, &st.conflict);
      }
    }
    for (int c = 0; c < C; ++c) {
      const size_t i = size_t(R - 1) * C + c;
      bottom[c] = ws ? cur_[i].psum : drain_value(statics_[i], cur_[i]);
    }
    ctrl.clock_edge(bottom.data(), &st.events);
    cur_.swap(nxt_);
    if (observer) observer(ctrl.edge() - 1, cur_);
    if (ctrl.edge() > (int64_t(1) << 40)) throw std::logic_error("run does not terminate");
  }
  ctrl.report(&st);
  return st;
}

void FastEngine::reset_state(bool ws) {
  const int R = R_;
  const int C = C_;
  const size_t n = size_t(R) * C;
  wh_ = 2 * C + 64;
  ph_ = wh_ - C;
  hv_.assign(size_t(R) * wh_, 0);
  hf_.assign(size_t(R) * wh_, 0);
  hcount_.assign(wh_, 0);
  last_left_.assign(R, kNever);
  h_valid_ = 0;
  prefetch_ = cfg_.input_prefetch;
  pv_.assign(prefetch_ ? size_t(R) * wh_ : 0, 0);
  pf_.assign(prefetch_ ? size_t(R) * wh_ : 0, 0);
  pcount_.assign(prefetch_ ? wh_ : 0, 0);
  last_pf_.assign(prefetch_ ? R : 0, kNever);
  p_valid_ = 0;
  wt_ = 2 * R + 64;
  pt_ = wt_ - R;
  tv_.assign(size_t(wt_) * C, 0);
  tf_.assign(size_t(wt_) * C, 0);
  tcount_.assign(wt_, 0);
  tlo_.assign(wt_, 0);
  thi_.assign(wt_, -1);
  top_edges_.assign(size_t(R), 0);
  top_head_ = 0;
  top_size_ = 0;
  cand_rows_.assign(size_t(R), 0);
  cand_row_.assign(size_t(R), 0);
  v_valid_ = 0;
  bus_mode_ = false;
  busv_.assign(R, 0);
  busf_.assign(R, 0);
  sv_.assign(ws ? n : 0, 0);
  sf_.assign(ws ? n : 0, 0);
  acc_.assign(ws ? 0 : n, 0);
  accv_.assign(ws ? 0 : n, 0);
  out_.assign(ws ? 0 : n, 0);
  outv_.assign(ws ? 0 : n, 0);
  const bool gs = !ws && cfg_.global_select;
  gs_.assign(gs ? n : 0, 0);
  gsv_.assign(gs ? n : 0, 0);
  for (int k = 0; k < 2; ++k) {
    ps_[k].assign(ws ? n : 0, 0);
    psv_[k].assign(ws ? n : 0, 0);
    ps_zero_[k].assign(R, 1);
  }
  pb_ = 0;
  s_lo_ = C;
  s_hi_ = -1;
  dirty_.assign(C, 0);
  dirty_cols_.clear();
  dirty_cols_.reserve(size_t(C));
  dtmp_.assign(ws ? 0 : n, 0);
  dtmpv_.assign(ws ? 0 : n, 0);
  snap_.assign(ws ? 0 : n, 0);
  snapv_.assign(ws ? 0 : n, 0);
  bus_row_.assign(C, 0);
  zero_row_.assign(C, 0);
  zero_row_v_.assign(C, 0);
  bottom_.assign(C, Word32{});
  n_h_ = n_v_ = n_link_ = n_mac_ = n_zero_ = n_out_ = n_acc_ = n_psum_ = n_s_ = n_ovf_ = 0;
  n_hp_ = n_hp_link_ = n_swap_ = 0;
}

void FastEngine::push_operands(const Boundary& b, int64_t e, bool ws) {
  const int R = R_;
  const int C = C_;
  // h: every row's window slides by one; the left feeder value enters at column 0.
  {
    const bool wrap = ph_ == 0;
    const int np = wrap ? wh_ - C : ph_ - 1;
    const int leaving = hcount_[ph_ + C - 1];
    if (wrap && C > 1) {
      for (int r = 0; r < R; ++r) {
        int8_t* v = &hv_[size_t(r) * wh_];
        uint8_t* f = &hf_[size_t(r) * wh_];
        std::memmove(v + np + 1, v, size_t(C - 1));
        std::memmove(f + np + 1, f, size_t(C - 1));
      }
      std::memmove(&hcount_[np + 1], &hcount_[0], sizeof(int) * size_t(C - 1));
    }
    if (prefetch_) push_prefetch(b, e, np, wrap);
    int entering = 0;
    for (int r = 0; r < R; ++r) {
      const Operand& in = b.left[r];
      const size_t at = size_t(r) * wh_ + np;
      hv_[at] = in.val;
      hf_[at] = in.flags;
      if (in.flags & kOpValid) {
        last_left_[r] = e;
        ++entering;
      }
    }
    hcount_[np] = entering;
    ph_ = np;
    h_valid_ += entering - leaving;
    if (prefetch_ && b.swap) {
      // The swap mux: h(r, c) <- hp_in(r, c), the prefetch feeder's value of edge e − c, i.e. the
      // prefetch window's slot for that edge; every h write came over the hp link (no h link).
      for (int r = 0; r < R; ++r) {
        const size_t at = size_t(r) * wh_ + np;
        std::memcpy(&hv_[at], &pv_[at], size_t(C));
        std::memcpy(&hf_[at], &pf_[at], size_t(C));
        last_left_[r] = last_pf_[r];
      }
      std::memcpy(&hcount_[np], &pcount_[np], sizeof(int) * size_t(C));
      h_valid_ = p_valid_;
      n_h_ += uint64_t(h_valid_);
      n_swap_ += uint64_t(h_valid_);
    } else {
      n_h_ += uint64_t(h_valid_);
      n_link_ += uint64_t(h_valid_ - entering);  // column 0 has no link
    }
  }
  // v: the bus of every row (FuSe 1-D) or the top feeders' delay line.
  bool bus = false;
  if (!ws && cfg_.fuse) {
    int en = 0;
    for (int r = 0; r < R; ++r) en += b.data_en[r] != 0;
    if (en == R) {
      bus = true;
    } else if (en != 0) {
      throw std::logic_error("FastEngine: DataEn must select the bus in every row or in none");
    }
  }
  if (bus_mode_ && !bus)
    throw std::logic_error("FastEngine: DataEn may not return from the bus to the systolic path");
  bus_mode_ = bus;
  if (bus) {
    uint64_t valid = 0;
    for (int r = 0; r < R; ++r) {
      busv_[r] = b.bus[r].val;
      busf_[r] = b.bus[r].flags;
      valid += b.bus[r].flags & kOpValid;
    }
    n_v_ += valid * uint64_t(C);
    return;
  }
  const bool wrap = pt_ == 0;
  const int np = wrap ? wt_ - R : pt_ - 1;
  const int leaving = tcount_[pt_ + R - 1];
  if (wrap && R > 1) {
    std::memmove(&tv_[size_t(np + 1) * C], &tv_[0], size_t(R - 1) * C);
    std::memmove(&tf_[size_t(np + 1) * C], &tf_[0], size_t(R - 1) * C);
    std::memmove(&tcount_[np + 1], &tcount_[0], sizeof(int) * size_t(R - 1));
    std::memmove(&tlo_[np + 1], &tlo_[0], sizeof(int) * size_t(R - 1));
    std::memmove(&thi_[np + 1], &thi_[0], sizeof(int) * size_t(R - 1));
  }
  int8_t* v = &tv_[size_t(np) * C];
  uint8_t* f = &tf_[size_t(np) * C];
  int entering = 0;
  const Operand* top = b.top.data();
  for (int c = 0; c < C; ++c) {
    v[c] = top[c].val;
    f[c] = top[c].flags;
    entering += top[c].flags & kOpValid;
  }
  int lo = C;
  int hi = -1;
  if (entering > 0) {
    for (lo = 0; !(f[lo] & kOpValid); ++lo) {
    }
    for (hi = C - 1; !(f[hi] & kOpValid); --hi) {
    }
  }
  // Edges whose top operands are still in the array (rows 0 .. R - 1).
  if (top_size_ > 0 && top_edges_[top_head_] <= e - R) {
    top_head_ = (top_head_ + 1) % size_t(R);
    --top_size_;
  }
  if (entering > 0) {
    top_edges_[(top_head_ + top_size_) % size_t(R)] = e;
    ++top_size_;
  }
  tcount_[np] = entering;
  tlo_[np] = lo;
  thi_[np] = hi;
  pt_ = np;
  v_valid_ += entering - leaving;
  n_v_ += uint64_t(v_valid_);
  n_link_ += uint64_t(v_valid_ - entering);  // row 0 has no link
}

void FastEngine::push_prefetch(const Boundary& b, int64_t e, int np, bool wrap) {
  // The hp chain: a delay line of the prefetch feeder, in a window with the h window's geometry
  // (slot np is this edge in both).
  const int R = R_;
  const int C = C_;
  const int leaving = pcount_[ph_ + C - 1];
  if (wrap && C > 1) {
    for (int r = 0; r < R; ++r) {
      std::memmove(&pv_[size_t(r) * wh_ + np + 1], &pv_[size_t(r) * wh_], size_t(C - 1));
      std::memmove(&pf_[size_t(r) * wh_ + np + 1], &pf_[size_t(r) * wh_], size_t(C - 1));
    }
    std::memmove(&pcount_[np + 1], &pcount_[0], sizeof(int) * size_t(C - 1));
  }
  int entering = 0;
  for (int r = 0; r < R; ++r) {
    const Operand& in = b.prefetch[r];
    const size_t at = size_t(r) * wh_ + np;
    pv_[at] = in.val;
    pf_[at] = in.flags;
    if (in.flags & kOpValid) {
      last_pf_[r] = e;
      ++entering;
    }
  }
  pcount_[np] = entering;
  p_valid_ += entering - leaving;
  n_hp_ += uint64_t(p_valid_);
  n_hp_link_ += uint64_t(p_valid_ - entering);  // column 0 has no link
}

void FastEngine::edge_ws(const Boundary& b, int64_t e, RunStats* /*st*/) {
  const int R = R_;
  const int C = C_;
  const int cur = pb_;
  const int nx = pb_ ^ 1;
  for (int c = 0; c < C; ++c) {
    const size_t i = size_t(R - 1) * C + c;
    bottom_[c] = Word32{ps_[cur][i], psv_[cur][i] != 0};
  }
  push_operands(b, e, true);
  LaneCounts n;
  const int lo = s_lo_;
  const int hi = s_hi_;
  for (int r = 0; r < R; ++r) {
    const size_t row = size_t(r) * C;
    const bool h_live = e - last_left_[r] < C;
    const bool pin_live = r > 0 && !ps_zero_[cur][r - 1];
    if (lo > hi || (!h_live && !pin_live)) {
      // Every partial sum of the row becomes an invalid zero.
      if (!ps_zero_[nx][r]) {
        std::fill(&ps_[nx][row], &ps_[nx][row] + C, 0);
        std::fill(&psv_[nx][row], &psv_[nx][row] + C, uint8_t(0));
        ps_zero_[nx][r] = 1;
      }
      continue;
    }
    const int32_t* pin = r > 0 ? &ps_[cur][row - C] : zero_row_.data();
    const uint8_t* pinv = r > 0 ? &psv_[cur][row - C] : zero_row_v_.data();
    const int before = n.psum_write;
    ws_row(&hv_[size_t(r) * wh_ + ph_], &hf_[size_t(r) * wh_ + ph_], &sv_[row], &sf_[row], pin,
           pinv, rule_, &ps_[nx][row], &psv_[nx][row], lo, hi, &n);
    ps_zero_[nx][r] = n.psum_write == before;
  }
  if (b.latch) {
    // The stationary registers load the vertical input (after this edge's multiplies).
    for (int r = 0; r < R; ++r) {
      const size_t slot = size_t(pt_ + r) * C;
      std::memcpy(&sv_[size_t(r) * C], &tv_[slot], size_t(C));
      std::memcpy(&sf_[size_t(r) * C], &tf_[slot], size_t(C));
      for (int c = 0; c < C; ++c)
        if (tf_[slot + c] & kOpValid) {
          s_lo_ = std::min(s_lo_, c);
          s_hi_ = std::max(s_hi_, c);
        }
    }
    n_s_ += uint64_t(R) * C;
  }
  pb_ = nx;
  n_mac_ += uint64_t(n.mac);
  n_zero_ += uint64_t(n.zero);
  n_psum_ += uint64_t(n.psum_write);
  n_link_ += uint64_t(n.link);
  n_ovf_ += uint64_t(n.overflow);
}

void FastEngine::materialise(bool ws) {
  const int R = R_;
  const int C = C_;
  cur_.resize(size_t(R) * C);
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) {
      const size_t i = size_t(r) * C + c;
      PeRegs& p = cur_[i];
      const size_t hi = size_t(r) * wh_ + ph_ + c;
      p.h = Operand{hv_[hi], hf_[hi]};
      p.hp = prefetch_ ? Operand{pv_[hi], pf_[hi]} : Operand{};
      if (bus_mode_) {
        p.v = Operand{busv_[r], busf_[r]};
      } else {
        const size_t vi = size_t(pt_ + r) * C + c;
        p.v = Operand{tv_[vi], tf_[vi]};
      }
      if (ws) {
        p.s = Operand{sv_[i], sf_[i]};
        p.psum = Word32{ps_[pb_][i], psv_[pb_][i] != 0};
        p.acc = 0;
        p.acc_valid = false;
        p.out = Word32{};
      } else {
        p.s = Operand{};
        p.psum = gs_.empty() ? Word32{} : Word32{gs_[i], gsv_[i] != 0};
        p.acc = acc_[i];
        p.acc_valid = accv_[i] != 0;
        p.out = Word32{out_[i], outv_[i] != 0};
      }
    }
}

RunStats FastEngine::run(Program* prog, const Observer& observer) {
  ArrayController ctrl(cfg_, prog);
  const bool ws = prog->pe_mode() == PeMode::kWeightStationary;
  reset_state(ws);
  // The longest sum a PE register builds: a dot product of K terms (OS), of `taps` terms (1-D),
  // or a partial sum down at most R rows (WS; the bottom buffer adds the folds, in the
  // controller). Below 2^17 terms no PE sum can overflow, so the row loops skip the detection.
  const int64_t terms = ws                                   ? R_
                        : prog->kind == ProgramKind::kConv1d ? int64_t(prog->passes) * prog->taps
                                                             : prog->K;
  rule_ = lane_add_rule(cfg_.acc_overflow == AccOverflow::kSaturate, sum_may_overflow(terms));
  RunStats st;
  while (!ctrl.done()) {
    // Idle edges (the whole array waits for memory) change no register: jump over them.
    if (!observer && ctrl.idle_until() > ctrl.edge() + 1) {
      st.skipped_edges += ctrl.idle_until() - ctrl.edge();
      ctrl.skip_to(ctrl.idle_until());
      if (ctrl.done()) break;
    }
    const Boundary& b = ctrl.boundary();
    const int64_t e = ctrl.edge();
    if (ws) {
      edge_ws(b, e, &st);
    } else {
      edge_os(b, e, &st);
    }
    ctrl.clock_edge(bottom_.data(), &st.events);
    if (progress_) progress_->store(ctrl.edge(), std::memory_order_relaxed);
    if (observer) {
      materialise(ws);
      observer(e, cur_);
    }
    if (ctrl.edge() > (int64_t(1) << 40)) throw std::logic_error("run does not terminate");
  }
  ctrl.report(&st);
  st.events.add(Event::kHRegWrite, n_h_);
  st.events.add(Event::kVRegWrite, n_v_);
  st.events.add(Event::kLinkTransfer, n_link_);
  st.events.add(Event::kMac, n_mac_);
  st.events.add(Event::kMacZeroOperand, n_zero_);
  st.events.add(Event::kOutRegWrite, n_out_);
  st.events.add(Event::kAccUpdate, n_acc_);
  st.events.add(Event::kPsumRegWrite, n_psum_);
  st.events.add(Event::kSRegWrite, n_s_);
  st.events.add(Event::kAccOverflow, n_ovf_);
  st.events.add(Event::kPrefetchRegWrite, n_hp_);
  st.events.add(Event::kPrefetchLinkTransfer, n_hp_link_);
  st.events.add(Event::kPrefetchSwapWrite, n_swap_);
  st.events.add(Event::kIdlePeCycle, uint64_t(st.cycles) * uint64_t(R_) * uint64_t(C_) - n_mac_);
  return st;
}

}  // namespace fusesim
