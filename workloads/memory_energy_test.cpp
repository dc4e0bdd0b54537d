// The memory energy model against hand-computed energies, and its bad input.
#include "workloads/memory_energy.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace fusesim {
namespace {

// The traffic of the (4×3)·(3×2) GEMM on a 2×2 OS array with 1 KiB scratchpads (the counts of
// MemoryReports.Gemm2x2ByHand), priced with the default 45 nm table and DDR4:
//   1 KiB is below the smallest SRAM row (8 KiB, 10 pJ per 64-bit access): clamped, 10/64 pJ/bit;
//   an 8-bit ifmap/filter access 1.25 pJ, a 32-bit ofmap access 5 pJ.
//   SRAM ifmap  (12 feeder reads + 12 fills) × 1.25            = 30
//   SRAM filter (12 feeder reads +  6 fills) × 1.25            = 22.5
//   SRAM ofmap  (8 drain writes + 8 write-back reads) × 5      = 80
//   DRAM ifmap 12 B × 44.0 = 528, filter 6 B × 44.0 = 264, ofmap 8 B × 37.3 = 298.4 (write)
//   added (not in price()): fills 15 + 7.5, write-back reads 40, DRAM 1090.4  = 1152.9
TEST(MemoryEnergy, Gemm2x2ByHand) {
  const EnergyTable table = load_energy_table(default_energy_table());
  MemoryTraffic t;
  t.array_accesses = {12, 12, 8};
  t.dram_side_accesses = {12, 6, 8};
  t.dram_read_bytes = {12, 6, 0};
  t.dram_write_bytes = {0, 0, 8};
  t.sram_bytes = {1024, 1024, 1024};
  t.dram_technology = "ddr4";
  const MemoryEnergy m = price_memory(t, table);
  EXPECT_DOUBLE_EQ(m.access_pj[0], 1.25);
  EXPECT_DOUBLE_EQ(m.access_pj[2], 5.0);
  EXPECT_DOUBLE_EQ(m.sram_pj[0], 30.0);
  EXPECT_DOUBLE_EQ(m.sram_pj[1], 22.5);
  EXPECT_DOUBLE_EQ(m.sram_pj[2], 80.0);
  EXPECT_DOUBLE_EQ(m.dram_pj[0], 528.0);
  EXPECT_DOUBLE_EQ(m.dram_pj[1], 264.0);
  EXPECT_DOUBLE_EQ(m.dram_pj[2], 298.4);
  EXPECT_DOUBLE_EQ(m.dram_side_sram_pj, 62.5);
  EXPECT_DOUBLE_EQ(m.added_pj(), 1152.9);

  // Added to a report: the energy grows by exactly that, the derived figures follow.
  EnergyReport r;
  r.energy_pj = 100.0;
  r.cycles = 35;
  r.macs = 24;
  r.clock_mhz = 1000.0;
  add_memory_energy(&r, m);
  EXPECT_DOUBLE_EQ(r.energy_pj, 1252.9);
  EXPECT_DOUBLE_EQ(r.pj_per_mac, 1252.9 / 24);
  EXPECT_DOUBLE_EQ(r.power_mw, 1252.9e-12 / 35e-9 * 1e3);
  EXPECT_DOUBLE_EQ(r.to_json()["memory"]["dram_pj"]["total"].get<double>(), 1090.4);

  // The added energy as actions (the Accelergy export's action counts), by hand: fills 12 + 6
  // words at 1.25 pJ, 8 write-back reads at 5 pJ, 18 DRAM bytes read at 44.0, 8 written at 37.3.
  struct Want {
    const char* component;
    const char* action;
    uint64_t count;
    double each;
  };
  const Want want[] = {{"ifmap_spad", "write", 12, 1.25},
                       {"filter_spad", "write", 6, 1.25},
                       {"ofmap_spad", "read", 8, 5.0},
                       {"dram_ddr4", "read_byte", 18, 44.0},
                       {"dram_ddr4", "write_byte", 8, 37.3}};
  ASSERT_EQ(m.actions.size(), 5u);
  double sum = 0;
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(m.actions[i].component, want[i].component);
    EXPECT_EQ(m.actions[i].action, want[i].action);
    EXPECT_EQ(m.actions[i].count, want[i].count) << want[i].component;
    EXPECT_DOUBLE_EQ(m.actions[i].energy_each_pj, want[i].each) << want[i].component;
    sum += m.actions[i].energy_pj();
  }
  EXPECT_DOUBLE_EQ(sum, m.added_pj());
  ASSERT_EQ(r.actions.size(), 5u);  // appended to the report
  EXPECT_EQ(r.actions[3].component, "dram_ddr4");

  // Two runs of the same memory: counts add up, one action per name.
  MemoryEnergy two = m;
  two += m;
  ASSERT_EQ(two.actions.size(), 5u);
  EXPECT_EQ(two.actions[0].count, 24u);
  EXPECT_EQ(two.actions[4].count, 16u);
}

// Larger scratchpads cost more per access (interpolated in log2(size) between table rows:
// 256 KiB lies 3/5 of the way from 32 KiB (20 pJ) to 1 MiB (100 pJ): 68 pJ per 64 bits); HBM2
// moves a byte for less than DDR4; the 1-D bus taps are priced at the left buffer's size.
TEST(MemoryEnergy, SizesTechnologiesAndTaps) {
  const EnergyTable table = load_energy_table(default_energy_table());
  MemoryTraffic t;
  t.sram_bytes = {256 * 1024, 32 * 1024, 1024 * 1024};
  t.bus_taps = 10;
  t.dram_read_bytes = {100, 0, 0};
  const MemoryEnergy m = price_memory(t, table);
  EXPECT_DOUBLE_EQ(m.access_pj[0], 68.0 / 8);
  EXPECT_DOUBLE_EQ(m.access_pj[1], 20.0 / 8);
  EXPECT_DOUBLE_EQ(m.access_pj[2], 100.0 / 2);
  EXPECT_DOUBLE_EQ(m.sram_pj[1], 10 * 68.0 / 8);  // taps at the left (256 KiB) buffer's size
  t.dram_technology = "hbm2";
  EXPECT_DOUBLE_EQ(price_memory(t, table).dram_pj[0], 100 * 13.4);
  t.dram_technology = "lpddr4";
  EXPECT_DOUBLE_EQ(price_memory(t, table).dram_pj[0], 100 * 42.7);
}

// A bad DRAM energy is bad input naming the file, the line and the field; a table without the
// technology's rows cannot price a memory (InputError naming the missing row).
TEST(MemoryEnergy, BadTableValues) {
  const std::string head = "component,action,energy_pj,unit,tech_node,source\n";
  try {
    load_energy_table_text(head + "dram_ddr4,read_byte,-3,pJ/byte,DDR4,x\n", "e.csv");
    ADD_FAILURE() << "a negative DRAM energy was accepted";
  } catch (const InputError& e) {
    bool found = false;
    for (const InputIssue& i : e.issues())
      found = found || (i.file == "e.csv" && i.line == 2 && i.field == "energy_pj");
    EXPECT_TRUE(found) << e.what();
  }
  try {
    load_energy_table_text(head + "dram_ddr5,read_byte,3,pJ/byte,DDR5,x\n", "e.csv");
    ADD_FAILURE() << "an unknown DRAM component was accepted";
  } catch (const InputError& e) {
    bool found = false;
    for (const InputIssue& i : e.issues()) found = found || (i.line == 2 && i.field == "component");
    EXPECT_TRUE(found) << e.what();
  }
  EnergyTable t = load_energy_table(default_energy_table());
  t.rows.erase(std::remove_if(t.rows.begin(), t.rows.end(),
                              [](const EnergyEntry& e) { return e.component == "dram_hbm2"; }),
               t.rows.end());
  MemoryTraffic m;
  m.sram_bytes = {1024, 1024, 1024};
  m.dram_technology = "hbm2";
  try {
    price_memory(m, t);
    ADD_FAILURE() << "priced without dram_hbm2 rows";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("dram_hbm2.read_byte"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fusesim
