#include "hw/fast_engine.h"

#include <stdexcept>

#include "hw/array_controller.h"

namespace fusesim {

FastEngine::FastEngine(const ArrayConfig& cfg) : cfg_(cfg) {
  const auto errs = cfg.validate();
  if (!errs.empty()) throw std::invalid_argument(errs.front());
  statics_.resize(size_t(cfg.rows) * cfg.cols);
  for (int r = 0; r < cfg.rows; ++r)
    for (int c = 0; c < cfg.cols; ++c)
      statics_[size_t(r) * cfg.cols + c] = PeStatic{r, c, cfg.fuse, cfg.overlap_drain};
}

RunStats FastEngine::run(Program* prog, const Observer& observer) {
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
      const bool row_bus = cfg_.fuse && b.data_en[r];
      const Operand bus = b.bus[r];
      PeRegs* cur_row = &cur_[size_t(r) * C];
      PeRegs* nxt_row = &nxt_[size_t(r) * C];
      const PeStatic* st_row = &statics_[size_t(r) * C];
      for (int c = 0; c < C; ++c) {
        const Operand h_in = c == 0 ? b.left[r] : cur_row[c - 1].h;
        const Operand v_in = r == 0 ? b.top[c] : cur_row[c - C].v;
        // Quiet edges (most of the array in most cycles) skip building the full input set.
        if (!ws) {
          const Operand vsel = row_bus ? bus : v_in;
          if (pe_is_quiet_os(vsel, b.drain_idx[c])) {
            pe_step_quiet(st_row[c], cur_row[c], h_in, vsel, row_bus, &nxt_row[c], &st.events);
            continue;
          }
        } else if (r > 0 && pe_is_quiet_ws(h_in, b.latch, cur_row[c - C].psum)) {
          pe_step_quiet(st_row[c], cur_row[c], h_in, v_in, false, &nxt_row[c], &st.events);
          nxt_row[c].psum = Word32{};
          continue;
        }
        PeInputs in;
        in.h_in = h_in;
        in.v_in = v_in;
        if (r > 0) {
          const PeRegs& up = cur_row[c - C];
          in.psum_in = up.psum;
          in.drain_in = drain_value(st_row[c - C], up);
        }
        in.bus = bus;
        in.data_en = b.data_en[r];
        in.col_en = b.col_en[c];
        in.latch = b.latch;
        in.drain_idx = b.drain_idx[c];
        pe_step(st_row[c], mode, cur_row[c], in, &nxt_row[c], &st.events, &st.conflict);
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
  st.cycles = ctrl.cycles();
  st.first_arrival_edge = ctrl.first_arrival_edge();
  st.last_arrival_edge = ctrl.last_arrival_edge();
  st.issue_edges = ctrl.issue_edges();
  // Edges after the last arrival are not part of the run: remove their PE events.
  const int64_t extra = ctrl.edge() - st.cycles;
  if (extra != 0) throw std::logic_error("engine stepped past the last arrival");
  st.events.add(Event::kCycle, uint64_t(st.cycles));
  return st;
}

}  // namespace fusesim
