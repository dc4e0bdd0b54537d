// The cost of the input prefetch option (ArrayConfig::input_prefetch): its events priced from
// the energy table's existing rows, its area from the area table's, and both reported only when
// the option is on.
#include <gtest/gtest.h>

#include <cmath>

#include "dataflows/layer_mapping.h"
#include "hw/fast_engine.h"
#include "workloads/area_model.h"
#include "workloads/energy_model.h"

namespace fusesim {
namespace {

ArrayConfig fuse(int r, int c, bool prefetch) {
  ArrayConfig a;
  a.rows = r;
  a.cols = c;
  a.fuse = true;
  a.input_prefetch = prefetch;
  return a;
}

double action_pj(const EnergyReport& r, const std::string& comp, const std::string& act,
                 const std::string& cat) {
  double s = 0;
  for (const PricedAction& p : r.actions)
    if (p.component == comp && p.action == act && p.category == cat) s += p.energy_pj();
  return s;
}

TEST(PrefetchEnergy, EventsArePricedFromTheExistingRowsOnlyWithTheOption) {
  const EnergyTable t = load_energy_table(default_energy_table());
  EventCounters ev;
  ev.add(Event::kCycle, 100);
  ev.add(Event::kHRegWrite, 40);
  ev.add(Event::kPrefetchRegWrite, 30);
  ev.add(Event::kPrefetchLinkTransfer, 20);
  ev.add(Event::kPrefetchSwapWrite, 8);
  ev.add(Event::kPrefetchRead, 10);
  const EnergyReport off = price(ev, t, fuse(4, 8, false), 1000.0);
  const EnergyReport on = price(ev, t, fuse(4, 8, true), 1000.0);
  EXPECT_EQ(off.category_pj("prefetch"), 0.0);
  EXPECT_FALSE(off.to_json()["breakdown"].contains("prefetch"));
  EXPECT_TRUE(on.to_json()["breakdown"].contains("prefetch"));
  const double reg = t.energy("register", "write_bit");
  const double link = t.energy("link", "transfer_bit");
  const double mux = t.energy("mux2", "pass_bit");
  // hp writes and hp links (11-bit operands), and the swap mux on every h write.
  EXPECT_NEAR(on.category_pj("prefetch"), 30 * 11 * reg + 20 * 11 * link + 40 * 11 * mux, 1e-9);
  // The prefetch feeder's reads are left-scratchpad reads (8-bit words).
  const double read = t.sram_access_64b_pj(BufferSizes{}.left_bytes) / 64.0 * 8;
  EXPECT_NEAR(action_pj(on, "left_buffer", "prefetch_read", "left_buffer"), 10 * read, 1e-9);
  EXPECT_NEAR(on.category_pj("left_buffer") - off.category_pj("left_buffer"), 10 * read, 1e-9);
  // The hp registers, the feeders and the swap flop are clocked every cycle.
  EXPECT_EQ(prefetch_flops(fuse(4, 8, true)), (4 * 8 + 4) * 11 + 1);
  EXPECT_EQ(prefetch_flops(fuse(4, 8, false)), 0);
  EXPECT_NEAR(on.category_pj("clock") - off.category_pj("clock"),
              100.0 * double(prefetch_flops(fuse(4, 8, true))) * t.energy("clock", "flop_cycle"),
              1e-9);
}

TEST(PrefetchEnergy, OperandLinksOfARunExcludeTheSwappedWrites) {
  // A 1-D run with prefetch: every link that is not an operand link moved a drain word, and the
  // drain moves every finished sum (captured in the output registers) down to the bottom.
  LayerSpec l;
  l.op = OpKind::kFuseRow;
  l.in_h = 6;
  l.in_w = 15;
  l.in_c = l.out_c = 3;
  l.k_h = 1;
  l.k_w = 3;
  l.pad_w = 1;
  const ArrayConfig a = fuse(4, 6, true);
  Program p = map_layer(l, make_layer_data(l, 3), a, MappingOptions{});
  const RunStats st = FastEngine(a).run(&p);
  const EventCounters& ev = st.events;
  ASSERT_GT(ev.get(Event::kPrefetchSwapWrite), 0u);
  const uint64_t captures = uint64_t(p.convs) * uint64_t(p.conv_outputs());
  const uint64_t drain_links = ev.get(Event::kOutRegWrite) - captures;
  EXPECT_EQ(operand_link_transfers(ev), ev.get(Event::kLinkTransfer) - drain_links);
}

TEST(PrefetchArea, RegisterMuxAndFeederFromTheExistingRows) {
  const AreaTable t = load_area_table(default_area_table());
  const AreaReport off = area(fuse(32, 32, false), t);
  const AreaReport on = area(fuse(32, 32, true), t);
  EXPECT_FALSE(off.to_json().contains("input_prefetch"));
  EXPECT_FALSE(off.to_json()["breakdown"].contains("fuse_prefetch"));
  const double reg = t.area("register_bit");
  const double mux = t.area("mux2_bit");
  const double per_pe = 11 * reg + 11 * mux + t.area("bus_track") * on.pe_pitch_um;
  EXPECT_NEAR(on.prefetch_pe_extra_um2, per_pe, 1e-9);
  EXPECT_NEAR(on.prefetch_row_extra_um2, 11 * reg + t.area("driver_bit"), 1e-9);
  EXPECT_NEAR(on.prefetch_um2, 1024 * per_pe + 32 * on.prefetch_row_extra_um2 + reg, 1e-6);
  // The two designs without the option are unchanged; the third adds exactly the option.
  EXPECT_EQ(on.baseline_um2, off.baseline_um2);
  EXPECT_EQ(on.fuse_um2, off.fuse_um2);
  EXPECT_NEAR(on.fuse_prefetch_um2, on.fuse_um2 + on.prefetch_um2, 1e-6);
  double s = 0;
  for (const auto& b : on.fuse_prefetch_breakdown) s += b.second;
  EXPECT_NEAR(s, on.fuse_prefetch_um2, 1e-6);
  const nlohmann::json j = on.to_json();
  EXPECT_NEAR(j["input_prefetch"]["total_um2"].get<double>(), on.prefetch_um2, 1e-9);
  EXPECT_NEAR(j["breakdown"]["fuse_prefetch"]["prefetch_registers"].get<double>(), 1024 * 11 * reg,
              1e-6);
}

}  // namespace
}  // namespace fusesim
