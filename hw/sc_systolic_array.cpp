#include "hw/sc_systolic_array.h"

namespace fusesim {

SystolicArray::SystolicArray(sc_core::sc_module_name name, const ArrayConfig& cfg,
                             const PeMode* mode, EventCounters* ev, bool* conflict)
    : sc_core::sc_module(name),
      left("left", cfg.rows),
      top("top", cfg.cols),
      bus("bus", cfg.fuse ? cfg.rows : 0),
      data_en("data_en", cfg.fuse ? cfg.rows : 0),
      col_en("col_en", cfg.cols),
      drain_idx("drain_idx", cfg.cols),
      latch("latch"),
      out_sel("out_sel"),
      prefetch("prefetch", cfg.input_prefetch ? cfg.rows : 0),
      swap("swap"),
      hp("hp", cfg.input_prefetch ? size_t(cfg.rows) * cfg.cols : 0),
      h("h", size_t(cfg.rows) * cfg.cols),
      v("v", size_t(cfg.rows) * cfg.cols),
      psum("psum", size_t(cfg.rows) * cfg.cols),
      drain("drain", size_t(cfg.rows) * cfg.cols),
      cfg_(cfg),
      zero_word_("zero_word"),
      no_bus_("no_bus"),
      no_data_en_("no_data_en"),
      no_prefetch_("no_prefetch"),
      hp_sink_("hp_sink", cfg.input_prefetch ? 0 : size_t(cfg.rows) * cfg.cols),
      pes_("pe") {
  const int C = cfg.cols;
  pes_.init(size_t(cfg.rows) * C, [&](const char*, size_t i) {
    const int r = int(i) / C;
    const int c = int(i) % C;
    const std::string nm = "pe_" + std::to_string(r) + "_" + std::to_string(c);
    const PeStatic st{r, c, cfg.fuse, cfg.overlap_drain,
                      cfg.acc_overflow == AccOverflow::kSaturate};
    return new PeModule(nm.c_str(), st, mode, ev, conflict, cfg.input_prefetch);
  });
  for (int r = 0; r < cfg.rows; ++r) {
    for (int c = 0; c < C; ++c) {
      const size_t i = size_t(r) * C + c;
      PeModule& p = pes_[i];
      p.clk(clk);
      p.act_in(c == 0 ? left[r] : h[i - 1]);
      p.vert_in(r == 0 ? top[c] : v[i - C]);
      p.psum_in(r == 0 ? zero_word_ : psum[i - C]);
      p.drain_in(r == 0 ? zero_word_ : drain[i - C]);
      if (cfg.fuse) {
        p.bcast_in(bus[r]);
        p.data_en(data_en[r]);
      } else {
        p.bcast_in(no_bus_);
        p.data_en(no_data_en_);
      }
      p.col_en(col_en[c]);
      p.latch(latch);
      p.out_sel(out_sel);
      p.drain_idx(drain_idx[c]);
      p.act_out(h[i]);
      p.vert_out(v[i]);
      p.psum_out(psum[i]);
      p.drain_out(drain[i]);
      if (cfg.input_prefetch) {
        p.pf_in(c == 0 ? prefetch[r] : hp[i - 1]);
        p.pf_out(hp[i]);
      } else {
        p.pf_in(no_prefetch_);
        p.pf_out(hp_sink_[i]);
      }
      p.swap(swap);
    }
  }
}

void SystolicArray::reset() {
  for (auto& p : pes_) p.reset();
  for (auto& s : h) s.write(OperandSig{});
  for (auto& s : v) s.write(OperandSig{});
  for (auto& s : psum) s.write(Word32Sig{});
  for (auto& s : drain) s.write(Word32Sig{});
  for (auto& s : hp) s.write(OperandSig{});
}

}  // namespace fusesim
