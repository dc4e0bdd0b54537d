#include "hw/array_controller.h"

#include <algorithm>
#include <stdexcept>

namespace fusesim {

void Boundary::resize(int rows, int cols) {
  left.assign(rows, Operand{});
  bus.assign(rows, Operand{});
  data_en.assign(rows, 0);
  top.assign(cols, Operand{});
  col_en.assign(cols, 1);
  drain_idx.assign(cols, 0);
  latch = false;
  out_sel = false;
  prefetch.assign(rows, Operand{});
  swap = false;
}

ArrayController::ArrayController(const ArrayConfig& cfg, Program* prog)
    : cfg_(cfg),
      prog_(prog),
      mem_(prog->memory),
      R_(cfg.rows),
      C_(cfg.cols),
      folds_(int(prog->folds.size())) {
  const auto errs = prog->validate(R_, C_);
  if (!errs.empty()) throw std::invalid_argument("invalid program: " + errs.front());
  if (prog->kind == ProgramKind::kConv1d && !cfg.fuse)
    throw std::invalid_argument("the 1-D broadcast dataflow needs the FuSe array (--hw fuse)");
  if (cfg.input_prefetch && !cfg.fuse)
    throw std::invalid_argument("input prefetch needs the FuSe array (--hw fuse)");
  // The prefetch schedule is the 1-D dataflow's; the other dataflows never drive the hp chain.
  prog_->input_prefetch = cfg.input_prefetch && prog->kind == ProgramKind::kConv1d;
  prog_->reset_output();
  cur_.resize(R_, C_);
  nxt_.resize(R_, C_);
  if (prog->kind == ProgramKind::kConv1d) {
    // Columns are enabled only during a fold's tap edges; the reset value (1) is cleared by the
    // first reloads.
    cur_.col_en_span = {0, C_};
    nxt_.col_en_span = {0, C_};
  }
  issue_edge_.assign(folds_, -1);
  pending_.assign(folds_, 0);
  col_queue_.assign(C_, {});
  col_head_.assign(C_, 0);
  col_count_.assign(C_, 0);
  // No fold takes longer than this between two events (issue or arrival) in a correct design.
  watchdog_ = 4 * (int64_t(R_) + C_) + 2 * (int64_t(prog->M) + prog->K + prog->N) +
              2 * int64_t(prog->passes) * (int64_t(prog->length) + prog->taps) + 64;
}

int64_t ArrayController::interval_after(int f) const {
  const Fold& a = prog_->folds[f];
  switch (prog_->kind) {
    case ProgramKind::kGemmOs:
      // Feeders busy for K edges per row; the drain chain of a column needs R shifts.
      return std::max<int64_t>(prog_->K, R_);
    case ProgramKind::kGemmWs: {
      // The next latch may only follow the last edge on which one of this fold's activations can
      // meet a PE the latch loads. The activations shift through all C columns, so the wider of
      // the two folds counts: PE(R-1, max(cols, cols') - 1) (docs/timing.md §3, fold spacing).
      const int c_next = f + 1 < folds_ ? prog_->folds[f + 1].cols : a.cols;
      return int64_t(R_) + prog_->M + std::max(a.cols, c_next) - 1;
    }
    case ProgramKind::kConv1d: {
      // The feeders are busy for L = passes · (P + K − 1) edges; the next fold's capture (L′
      // edges after its issue) may not precede this fold's last drain shift (L + R).
      const int p_next = f + 1 < folds_ ? prog_->folds[f + 1].cols : a.cols;
      const int64_t L = prog_->conv1d_feed_edges(a.cols);
      const int64_t drain = R_ + L - prog_->conv1d_feed_edges(p_next);
      if (!prog_->input_prefetch) return std::max<int64_t>(L, drain);
      // Input prefetch (docs/timing.md §5d): the next fold's first prefetch load follows this
      // fold's last one (edge P − 1 + (passes − 1)·T), and its first tap (edge P′ after its
      // issue) follows this fold's last tap (L − 1).
      const int64_t last_load =
          a.cols + int64_t(prog_->passes - 1) * prog_->conv1d_pass_period(a.cols);
      return std::max<int64_t>(last_load + std::max(0, prog_->taps - p_next), drain);
    }
  }
  return 1;
}

bool ArrayController::may_issue() {
  if (next_fold_ >= folds_) return false;
  const Fold& f = prog_->folds[next_fold_];
  // The interval after the previous issue holds in every mode; a serial drain or a wait_drain
  // fold also waits for every earlier output.
  const bool array_free =
      edge_ >= earliest_issue_ && ((cfg_.overlap_drain && !f.wait_drain) || undrained_ == 0);
  if (!array_free || !mem_) return array_free;
  // The array could start the fold now: a stall is an edge on which memory keeps it from doing so.
  if (mem_->ready(next_fold_) > edge_) {
    mem_->stall(mem_->waiting_for(next_fold_));
    last_progress_edge_ = edge_;
    return false;
  }
  if (!mem_->ofmap_room(next_fold_, edge_)) {
    mem_->stall(StallCause::kOfmap);
    last_progress_edge_ = edge_;
    return false;
  }
  return true;
}

void ArrayController::arrivals(const Word32* bottom, EventCounters* ev) {
  const bool ws = prog_->kind == ProgramKind::kGemmWs;
  for (int c = 0; c < C_; ++c) {
    if (!bottom[c].valid) continue;
    if (!ws && (cfg_.global_select ? !cur_.out_sel : cur_.drain_idx[c] == 0)) continue;
    if (col_head_[c] >= col_queue_[c].size())
      throw std::logic_error("output arrived in column " + std::to_string(c) +
                             " with no fold expecting it");
    const int f = col_queue_[c][col_head_[c]];
    const Fold& fd = prog_->folds[f];
    const int idx = col_count_[c]++;
    const int expected = ws ? prog_->M : fd.rows;
    switch (prog_->kind) {
      case ProgramKind::kGemmOs:
        prog_->out_gemm(fd.group, fd.row0 + fd.rows - 1 - idx, fd.col0 + c) = bottom[c].val;
        ev->add(Event::kBottomWrite);
        break;
      case ProgramKind::kGemmWs: {
        // Read-modify-write across the K folds, with the PEs' overflow rule.
        if (fd.row0 > 0) ev->add(Event::kBottomRead);
        int32_t& word = prog_->out_gemm(fd.group, idx, fd.col0 + c);
        bool overflow = false;
        word = acc_add(word, bottom[c].val, cfg_.acc_overflow == AccOverflow::kSaturate, &overflow);
        if (overflow) ev->add(Event::kAccOverflow);
        ev->add(Event::kBottomWrite);
        break;
      }
      case ProgramKind::kConv1d: {
        const int pos = fd.col0 + c;
        if (pos % prog_->keep_stride == 0) {
          prog_->out_conv(fd.row0 + fd.rows - 1 - idx, pos) = bottom[c].val;
          ev->add(Event::kBottomWrite);
        }
        break;
      }
    }
    if (first_arrival_edge_ < 0) first_arrival_edge_ = edge_;
    last_arrival_edge_ = edge_;
    last_progress_edge_ = edge_;
    if (col_count_[c] == expected) {
      col_count_[c] = 0;
      ++col_head_[c];
    }
    if (--pending_[f] == 0) {
      --undrained_;
      if (mem_) mem_->drained(f, edge_);
    }
  }
}

void ArrayController::drive_fold(int f, int64_t start, EventCounters* ev) {
  const Fold& fd = prog_->folds[f];
  const Program& p = *prog_;
  const int64_t e = edge_;
  const int64_t d = e - start;
  switch (p.kind) {
    case ProgramKind::kGemmOs: {
      const int K = p.K;
      const int r_lo = int(std::max<int64_t>(0, d - K + 1));
      const int r_hi = int(std::min<int64_t>(fd.rows - 1, d));
      for (int r = r_lo; r <= r_hi; ++r) {
        nxt_.left[r] = Operand::make(p.a_at(fd.group, fd.row0 + r, int(d - r)));
        ev->add(Event::kLeftRead);
      }
      nxt_.left_span.add(r_lo, r_hi + 1);
      const int c_hi = int(std::min<int64_t>(fd.cols - 1, d));
      for (int c = r_lo; c <= c_hi; ++c) {
        const int k = int(d - c);
        const uint8_t fl = uint8_t((k == 0 ? kOpFirst : 0) | (k == K - 1 ? kOpLast : 0));
        nxt_.top[c] = Operand::make(p.b_at(fd.group, k, fd.col0 + c), fl);
        ev->add(Event::kTopRead);
      }
      nxt_.top_span.add(r_lo, c_hi + 1);
      if (cfg_.global_select) {
        // The last PE of the fold, (rows - 1, cols - 1), captures its sum at edge
        // start + K + rows + cols - 2; the global drain runs for 2R - 1 edges after it.
        global_drain(start + K + fd.rows + fd.cols - 1);
        break;
      }
      // Drain of column c: shift j is visible at edge D(c) + j, D(c) = start + anchor + c + K.
      const int anchor = cfg_.overlap_drain ? R_ - 1 : fd.rows - 1;
      const int64_t base = e + 1 - (start + anchor + K);  // j for column 0
      const int c0 = int(std::max<int64_t>(0, base - R_));
      const int c1 = int(std::min<int64_t>(C_ - 1, base - 1));
      for (int c = c0; c <= c1; ++c) nxt_.drain_idx[c] = int16_t(base - c);
      nxt_.drain_span.add(c0, c1 + 1);
      break;
    }
    case ProgramKind::kGemmWs: {
      if (d >= 0 && d < R_) {
        const int kk = R_ - 1 - int(d);
        if (kk < fd.rows) {
          for (int c = 0; c < fd.cols; ++c) {
            nxt_.top[c] = Operand::make(p.b_at(fd.group, fd.row0 + kk, fd.col0 + c));
            ev->add(Event::kTopRead);
          }
          nxt_.top_span.add(0, fd.cols);
        }
      }
      if (d == R_ - 1) nxt_.latch = true;
      const int64_t ds = d - R_;
      const int k_lo = int(std::max<int64_t>(0, ds - p.M + 1));
      const int k_hi = int(std::min<int64_t>(fd.rows - 1, ds));
      for (int k = k_lo; k <= k_hi; ++k) {
        nxt_.left[k] = Operand::make(p.a_at(fd.group, int(ds - k), fd.row0 + k));
        ev->add(Event::kLeftRead);
      }
      nxt_.left_span.add(k_lo, k_hi + 1);
      break;
    }
    case ProgramKind::kConv1d: {
      if (p.input_prefetch) {
        drive_conv1d_prefetch(fd, d, ev);
      } else {
        drive_conv1d(fd, d, ev);
      }
      const int64_t L = p.conv1d_feed_edges(fd.cols);
      if (cfg_.global_select) {
        global_drain(start + L + 1);  // every PE of the fold captures at edge start + L
        break;
      }
      const int64_t j = e + 1 - (start + L);
      if (j >= 1 && j <= R_) {
        for (int c = 0; c < C_; ++c) nxt_.drain_idx[c] = int16_t(j);
        nxt_.drain_span.add(0, C_);
      }
      break;
    }
  }
}

void ArrayController::conv1d_left(const Fold& fd, int pos, int pass, EventCounters* ev) {
  const Program& p = *prog_;
  for (int r = 0; r < fd.rows; ++r) {
    nxt_.left[r] = Operand::make(p.x_at(fd.row0 + r, pos, pass));
    ev->add(Event::kLeftRead);
  }
  nxt_.left_span.add(0, fd.rows);
}

void ArrayController::conv1d_tap(const Fold& fd, int pass, int q, EventCounters* ev) {
  // Tap K − 1 − q of kernel row `pass` on every used row's bus; F on the first tap of pass 0, L
  // on the last tap of the last pass, so the accumulators sum every pass of the fold.
  const Program& p = *prog_;
  const int K = p.taps;
  const bool first = q == 0 && pass == 0;
  const bool last = q == K - 1 && pass == p.passes - 1;
  const uint8_t fl = uint8_t((first ? kOpFirst : 0) | (last ? kOpLast : 0));
  for (int r = 0; r < fd.rows; ++r) {
    nxt_.bus[r] = Operand::make(p.w_at(fd.row0 + r, K - 1 - q, pass), fl);
    ev->add(Event::kLeftRead);
    ev->add(Event::kBusDrive);
    ev->add(Event::kBusFanout, uint64_t(C_));
  }
  nxt_.bus_span.add(0, fd.rows);
  for (int c = 0; c < fd.cols; ++c) nxt_.col_en[c] = 1;
  nxt_.col_en_span.add(0, fd.cols);
}

void ArrayController::drive_conv1d(const Fold& fd, int64_t d, EventCounters* ev) {
  // Pass after pass (one for a 1-D layer; Kh kernel rows for a K×K depthwise layer by rows):
  // P + K − 1 feeder loads each, the last K of them with a tap on the bus (docs/timing.md §5, §5c).
  const Program& p = *prog_;
  const int P = fd.cols;
  const int span = P + p.taps - 1;
  if (d < 0 || d >= p.conv1d_feed_edges(P)) return;
  const int pass = int(d / span);
  const int dd = int(d - int64_t(pass) * span);
  conv1d_left(fd, fd.col0 + span - 1 - dd, pass, ev);
  if (dd >= P - 1) conv1d_tap(fd, pass, dd - (P - 1), ev);
}

void ArrayController::drive_conv1d_prefetch(const Fold& fd, int64_t d, EventCounters* ev) {
  // docs/timing.md §5d. Pass n's swap is visible D_n + 1 edges after the issue, D_n = P − 1 + n·T,
  // T = max(P, K). The prefetch feeder loads its window at d = n·T … D_n, last element first, so
  // that at the swap PE j sees hp_in = x[p0 + j + K − 1]; the bus carries tap K − 1 − q at
  // d = D_n + q, and the left feeder the sliding element x[p0 + K − 1 − q] for q >= 1.
  const Program& p = *prog_;
  const int P = fd.cols;
  const int K = p.taps;
  const int64_t T = p.conv1d_pass_period(P);
  if (d < 0 || d >= p.conv1d_feed_edges(P)) return;
  const int64_t n_pf = d / T;
  const int dd = int(d - n_pf * T);
  if (n_pf < p.passes && dd < P) {
    const int pos = fd.col0 + K - 1 + P - 1 - dd;
    for (int r = 0; r < fd.rows; ++r) {
      nxt_.prefetch[r] = Operand::make(p.x_at(fd.row0 + r, pos, int(n_pf)));
      ev->add(Event::kPrefetchRead);
    }
    nxt_.prefetch_span.add(0, fd.rows);
  }
  if (d < P - 1) return;
  const int pass = int((d - (P - 1)) / T);
  const int q = int(d - (P - 1) - pass * T);
  if (pass >= p.passes || q >= K) return;
  if (q == 0) {
    nxt_.swap = true;
  } else {
    conv1d_left(fd, fd.col0 + K - 1 - q, pass, ev);
  }
  conv1d_tap(fd, pass, q, ev);
}

void ArrayController::global_drain(int64_t first) {
  const int64_t next = edge_ + 1;
  if (next >= first && next <= first + 2 * int64_t(R_) - 2) nxt_.out_sel = true;
}

void ArrayController::load_next(EventCounters* ev) {
  // Return the registers written two edges ago (this buffer's last load) to their defaults.
  auto clear = [](auto* v, Boundary::Span* sp, auto value) {
    for (int i = sp->lo; i < sp->hi; ++i) (*v)[i] = value;
    *sp = Boundary::Span{};
  };
  clear(&nxt_.left, &nxt_.left_span, Operand{});
  clear(&nxt_.top, &nxt_.top_span, Operand{});
  clear(&nxt_.bus, &nxt_.bus_span, Operand{});
  clear(&nxt_.drain_idx, &nxt_.drain_span, int16_t(0));
  clear(&nxt_.col_en, &nxt_.col_en_span, uint8_t(0));
  clear(&nxt_.prefetch, &nxt_.prefetch_span, Operand{});
  nxt_.swap = false;
  nxt_.latch = false;
  nxt_.out_sel = false;
  if (data_en_loads_ < 2) {
    ++data_en_loads_;
    const uint8_t en = prog_->kind == ProgramKind::kConv1d && cfg_.fuse ? 1 : 0;
    for (int r = 0; r < R_; ++r) {
      if (cur_.data_en[r] != en) ev->add(Event::kDataEnSwitch);
      nxt_.data_en[r] = en;
    }
  }
  for (int f : active_) drive_fold(f, issue_edge_[f], ev);
}

void ArrayController::report(RunStats* st) const {
  if (!done()) throw std::logic_error("run reported before it completed");
  if (edge_ != cycles()) throw std::logic_error("engine stepped past the last arrival");
  st->cycles = cycles();
  st->first_arrival_edge = first_arrival_edge_;
  st->last_arrival_edge = last_arrival_edge_;
  st->issue_edges = issue_edge_;
  st->events.add(Event::kCycle, uint64_t(st->cycles));
  if (mem_) {
    mem_->finish(last_arrival_edge_);
    st->memory = mem_->stats();
  }
}

int64_t ArrayController::idle_free_from() const {
  // Nothing is in flight, so the fold may issue once its interval after the previous issue has
  // passed (in every mode, as may_issue() decides).
  return std::max(edge_, earliest_issue_);
}

int64_t ArrayController::idle_until() const {
  if (!mem_ || !active_.empty() || data_en_loads_ < 2 ||
      edge_ - last_busy_edge_ <= int64_t(R_) + C_ + 4)
    return edge_;
  if (next_fold_ >= folds_) return std::max(edge_, mem_->writeback_done());
  const int64_t ready = std::max(idle_free_from(), mem_->ready(next_fold_));
  return std::max(ready, mem_->ofmap_room_from(next_fold_, edge_));
}

void ArrayController::skip_to(int64_t t) {
  if (t <= edge_ || t > idle_until()) throw std::logic_error("skip_to outside an idle span");
  if (next_fold_ < folds_) {
    // What may_issue() would have counted on each edge of [edge_, t): nothing while the array is
    // not yet free, then the operand that arrives last, then the bottom buffer.
    const int64_t free_from = idle_free_from();
    const int64_t ready = std::min(t, std::max(free_from, mem_->ready(next_fold_)));
    if (ready > free_from) mem_->stall(mem_->waiting_for(next_fold_), ready - free_from);
    if (t > ready) mem_->stall(StallCause::kOfmap, t - ready);
  }
  edge_ = t;
  last_progress_edge_ = t - 1;
}

void ArrayController::clock_edge(const Word32* bottom, EventCounters* ev) {
  // 1. Issue (decided on the state before this edge's arrivals).
  if (may_issue()) {
    const int f = next_fold_++;
    const Fold& fd = prog_->folds[f];
    issue_edge_[f] = edge_;
    const int per_col = prog_->kind == ProgramKind::kGemmWs ? prog_->M : fd.rows;
    pending_[f] = int64_t(per_col) * fd.cols;
    ++undrained_;
    for (int c = 0; c < fd.cols; ++c) col_queue_[c].push_back(f);
    active_.push_back(f);
    earliest_issue_ = edge_ + interval_after(f);
    if (mem_) mem_->issued(f, edge_);
    last_progress_edge_ = edge_;
  }
  // 2. Bottom buffer.
  arrivals(bottom, ev);
  // 3. Boundary registers for the next edge.
  load_next(ev);
  std::swap(cur_, nxt_);
  // 4. Retire drained folds.
  active_.erase(
      std::remove_if(active_.begin(), active_.end(), [&](int f) { return pending_[f] == 0; }),
      active_.end());
  if (!active_.empty()) last_busy_edge_ = edge_;
  ++edge_;
  if (mem_ && mem_->writeback_done() > edge_) last_progress_edge_ = edge_;  // DRAM still busy
  if (!done() && edge_ - last_progress_edge_ > watchdog_)
    throw std::logic_error("array hung: no fold issued and no output arrived for " +
                           std::to_string(watchdog_) + " edges (edge " + std::to_string(edge_) +
                           ")");
}

}  // namespace fusesim
