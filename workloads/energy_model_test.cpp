#include "workloads/energy_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>

#include "dataflows/layer_mapping.h"
#include "hw/fast_engine.h"
#include "workloads/accelergy_export.h"

namespace fusesim {
namespace {

using namespace std::string_literals;

std::string temp_file(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "fusesim_energy_" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return path;
}

const char* kHeader = "component,action,energy_pj,unit,tech_node,source\n";

/// A complete small table with round numbers (line 2 onwards).
std::string small_table_body() {
  return "multiplier_8b,multiply,2,pJ/op,45nm,test\n"
         "adder_32b,add,1,pJ/op,45nm,test\n"
         "register,write_bit,0.5,pJ/bit,45nm,test\n"
         "mux2,pass_bit,0.25,pJ/bit,45nm,test\n"
         "clock,flop_cycle,0.125,pJ/(flop*cycle),45nm,test\n"
         "link,transfer_bit,0.0625,pJ/bit,45nm,test\n"
         "bus,wire_bit_pitch,3,pJ/bit,45nm,test\n"
         "bus,drive_bit,5,pJ/bit,45nm,test\n"
         "data_en,switch_pe,7,pJ/(switch*PE),45nm,test\n"
         "sram_8KiB,access_64b,64,pJ/access64b,45nm,test\n"
         "sram_32KiB,access_64b,128,pJ/access64b,45nm,test\n";
}

EnergyTable small_table() {
  return load_energy_table(temp_file("small.csv", std::string(kHeader) + small_table_body()));
}

void expect_input_error(const std::function<void()>& fn, const std::string& path, int line,
                        const std::string& field, const std::string& detail) {
  try {
    fn();
    ADD_FAILURE() << "expected InputError for " << path;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(e.field(), field) << e.what();
    EXPECT_NE(std::string(e.what()).find(detail), std::string::npos) << e.what();
    const std::string prefix =
        line > 0 ? path + ":" + std::to_string(line) + ": " + field + ": " : path + ": " + field;
    EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0u) << e.what();
  }
}

ArrayConfig array(int r, int c, bool fuse = false) {
  ArrayConfig a;
  a.rows = r;
  a.cols = c;
  a.fuse = fuse;
  return a;
}

double breakdown_sum(const EnergyReport& r) {
  double s = 0;
  for (const auto& b : r.breakdown) s += b.second;
  return s;
}

TEST(EnergyTable, DefaultTableLoadsWithNodeAndSourceOnEveryRow) {
  const EnergyTable t = load_energy_table(default_energy_table());
  EXPECT_GE(t.rows.size(), 14u);
  for (const EnergyEntry& e : t.rows) {
    // On-chip rows are 45 nm logic; the DRAM rows name the DRAM part they were derived from.
    if (e.component.rfind("dram_", 0) == 0)
      EXPECT_NE(e.tech_node.find("Gb x"), std::string::npos) << e.component;
    else
      EXPECT_EQ(e.tech_node, "45nm") << e.component;
    EXPECT_FALSE(e.source.empty()) << e.component;
    EXPECT_GE(e.energy_pj, 0) << e.component;
  }
  EXPECT_DOUBLE_EQ(t.energy("multiplier_8b", "multiply"), 0.2);
  EXPECT_DOUBLE_EQ(t.energy("adder_32b", "add"), 0.1);
  EXPECT_DOUBLE_EQ(t.sram_access_64b_pj(8 * 1024), 10);
  EXPECT_DOUBLE_EQ(t.sram_access_64b_pj(32 * 1024), 20);
  EXPECT_DOUBLE_EQ(t.sram_access_64b_pj(1024 * 1024), 100);
  // 64 KiB: one of five doublings from 32 KiB to 1 MiB.
  EXPECT_NEAR(t.sram_access_64b_pj(64 * 1024), 36, 1e-9);
}

TEST(EnergyTable, SramInterpolationClampsOutsideTheTable) {
  const EnergyTable t = small_table();
  EXPECT_DOUBLE_EQ(t.sram_access_64b_pj(1024), 64);
  EXPECT_DOUBLE_EQ(t.sram_access_64b_pj(16 * 1024), 96);
  EXPECT_DOUBLE_EQ(t.sram_access_64b_pj(1 << 30), 128);
}

TEST(EnergyPrice, TenMacsCostTenTimesTheTable) {
  const EnergyTable t = small_table();
  EventCounters ev;
  ev.add(Event::kMac, 10);
  const EnergyReport r = price(ev, t, array(2, 2), 1000);
  EXPECT_DOUBLE_EQ(r.category_pj("mac"), 10 * (2.0 + 1.0));
  EXPECT_DOUBLE_EQ(r.energy_pj, 30);
  EXPECT_DOUBLE_EQ(r.pj_per_mac, 3);
  EXPECT_DOUBLE_EQ(breakdown_sum(r), r.energy_pj);
  // No cycles counted: no clock energy, power reported as 0.
  EXPECT_DOUBLE_EQ(r.power_mw, 0);
}

TEST(EnergyPrice, ZeroOperandGatingSavesOnlyTheMultiplier) {
  const EnergyTable t = small_table();
  EventCounters ev;
  ev.add(Event::kMac, 10);
  ev.add(Event::kMacZeroOperand, 4);
  EnergyParams p;
  EXPECT_DOUBLE_EQ(price(ev, t, array(2, 2), 1000, p).category_pj("mac"), 30);
  p.gate_zero_operand_multiplies = true;
  EXPECT_DOUBLE_EQ(price(ev, t, array(2, 2), 1000, p).category_pj("mac"), 6 * 2.0 + 10 * 1.0);
}

TEST(EnergyPrice, EveryEventIsPricedAndTheBreakdownSumsToTheTotal) {
  const EnergyTable t = small_table();
  EventCounters ev;
  ev.add(Event::kCycle, 100);
  ev.add(Event::kMac, 40);
  ev.add(Event::kMacZeroOperand, 3);
  ev.add(Event::kHRegWrite, 50);
  ev.add(Event::kVRegWrite, 60);
  ev.add(Event::kSRegWrite, 4);
  ev.add(Event::kAccUpdate, 30);
  ev.add(Event::kOutRegWrite, 12);
  ev.add(Event::kPsumRegWrite, 8);
  ev.add(Event::kLinkTransfer, 90);
  ev.add(Event::kBusDrive, 5);
  ev.add(Event::kBusFanout, 20);
  ev.add(Event::kDataEnSwitch, 2);
  ev.add(Event::kLeftRead, 25);
  ev.add(Event::kTopRead, 10);
  ev.add(Event::kBottomRead, 6);
  ev.add(Event::kBottomWrite, 9);
  ev.add(Event::kIdlePeCycle, 360);
  EnergyParams p;
  p.buffers.left_bytes = 8 * 1024;     // 64 pJ / 64 bits = 1 pJ/bit
  p.buffers.top_bytes = 32 * 1024;     // 2 pJ/bit
  p.buffers.bottom_bytes = 16 * 1024;  // 96 pJ / 64 = 1.5 pJ/bit
  const ArrayConfig a = array(2, 4, true);
  const EnergyReport r = price(ev, t, a, 500, p);

  EXPECT_DOUBLE_EQ(r.category_pj("mac"), 40 * 3.0);
  EXPECT_DOUBLE_EQ(r.category_pj("registers"), (50 + 60 + 4) * 11 * 0.5);
  EXPECT_DOUBLE_EQ(r.category_pj("accumulator"), (30 + 12 + 8) * 33 * 0.5);
  // Operand links: h: 50 - (25 - 5) = 30; v: 60 - 10 - 20 = 30; the other 30 are 33-bit words.
  EXPECT_EQ(operand_link_transfers(ev), 60u);
  EXPECT_DOUBLE_EQ(r.category_pj("links"), (60 * 11 + 30 * 33) * 0.0625);
  EXPECT_DOUBLE_EQ(r.category_pj("bus"), 5 * 11 * 5.0 + 20 * 11 * 3.0);
  EXPECT_DOUBLE_EQ(r.category_pj("mux"), 2 * 4 * 7.0 + 60 * 11 * 0.25);
  EXPECT_DOUBLE_EQ(r.category_pj("left_buffer"), 25 * 8 * 1.0);
  EXPECT_DOUBLE_EQ(r.category_pj("top_buffer"), 10 * 8 * 2.0);
  EXPECT_DOUBLE_EQ(r.category_pj("bottom_buffer"), (6 + 9) * 32 * 1.5);
  // 8 PEs × 132 flops + 2 DataEn flops.
  EXPECT_EQ(array_flops(a), 8 * 132 + 2);
  EXPECT_DOUBLE_EQ(r.category_pj("clock"), 100.0 * (8 * 132 + 2) * 0.125);
  EXPECT_NEAR(breakdown_sum(r), r.energy_pj, 1e-9 * r.energy_pj);
  double actions = 0;
  for (const PricedAction& pa : r.actions) actions += pa.energy_pj();
  EXPECT_NEAR(actions, r.energy_pj, 1e-9 * r.energy_pj);
  EXPECT_EQ(r.breakdown.size(), energy_categories().size());
}

TEST(EnergyPrice, MuxEnergyOnlyOnTheFuseArray) {
  const EnergyTable t = small_table();
  EventCounters ev;
  ev.add(Event::kVRegWrite, 10);
  ev.add(Event::kTopRead, 10);
  EXPECT_DOUBLE_EQ(price(ev, t, array(2, 2, false), 1000).category_pj("mux"), 0);
  EXPECT_DOUBLE_EQ(price(ev, t, array(2, 2, true), 1000).category_pj("mux"), 10 * 11 * 0.25);
}

TEST(EnergyPrice, NoOutputRegisterMeansFewerClockedFlops) {
  ArrayConfig a = array(3, 3);
  EXPECT_EQ(pe_flops(a), 132);
  a.overlap_drain = false;
  EXPECT_EQ(pe_flops(a), 99);
  EXPECT_EQ(array_flops(a), 9 * 99);
}

TEST(EnergyPrice, PowerAndEnergyDelayProduct) {
  const EnergyTable t = small_table();
  EventCounters ev;
  ev.add(Event::kMac, 1000);  // 3000 pJ
  ev.add(Event::kCycle, 2000);
  ArrayConfig a = array(1, 1);
  const EnergyReport r = price(ev, t, a, 1000);  // 1 GHz: 2 µs
  const double clock_pj = 2000.0 * 132 * 0.125;
  const double e = 3000 + clock_pj;
  EXPECT_DOUBLE_EQ(r.energy_pj, e);
  // P = E / t = e pJ / 2 µs = e / 2 µW = e / 2000 mW.
  EXPECT_NEAR(r.power_mw, e / 2000.0, 1e-12 * e);
  EXPECT_DOUBLE_EQ(r.edp_pj_cycles, e * 2000);
  EXPECT_NEAR(r.edp_pj_s, e * 2e-6, 1e-18 * e);
  // Half the clock: same energy, half the power, twice the delay.
  const EnergyReport h = price(ev, t, a, 500);
  EXPECT_DOUBLE_EQ(h.energy_pj, e);
  EXPECT_NEAR(h.power_mw, r.power_mw / 2, 1e-12 * e);
  EXPECT_NEAR(h.edp_pj_s, 2 * r.edp_pj_s, 1e-18 * e);
  EXPECT_THROW(price(ev, t, a, 0), std::invalid_argument);
}

TEST(EnergyPrice, JsonHasTheDocumentedKeys) {
  EventCounters ev;
  ev.add(Event::kMac, 3);
  ev.add(Event::kCycle, 3);
  const auto j = price(ev, small_table(), array(2, 2), 1000).to_json();
  for (const char* k : {"energy_pj", "power_mw", "pj_per_mac", "edp_pj_s", "breakdown"})
    EXPECT_TRUE(j.contains(k)) << k;
  for (const std::string& c : energy_categories()) EXPECT_TRUE(j["breakdown"].contains(c)) << c;
  EXPECT_DOUBLE_EQ(j["energy_pj"].get<double>(), 3 * 3.0 + 3 * 4 * 132 * 0.125);
}

/// A real run: the operand/wide split of link transfers matches the geometry.
TEST(EnergyPrice, OperandLinkSplitMatchesAnOsGemmRun) {
  LayerSpec l;
  l.op = OpKind::kGemm;
  l.in_h = 4;
  l.in_w = 1;
  l.in_c = 5;  // K
  l.out_c = 4;
  const ArrayConfig a = array(4, 4);
  const LayerData d = make_layer_data(l, 3);
  Program p = map_layer(l, d, a, MappingOptions{});
  FastEngine eng(a);
  const RunStats st = eng.run(&p);
  // Every operand crosses 3 links (4 PEs per row/column); K = 5 operands per row and column.
  EXPECT_EQ(operand_link_transfers(st.events), 2u * 4 * 5 * 3);
  const EnergyReport r = price(st.events, load_energy_table(default_energy_table()), a, 1000);
  EXPECT_GT(r.energy_pj, 0);
  EXPECT_NEAR(breakdown_sum(r), r.energy_pj, 1e-9 * r.energy_pj);
}

TEST(EnergyTableErrors, MissingFile) {
  const std::string path = ::testing::TempDir() + "fusesim_energy_no_such_file.csv";
  expect_input_error([&] { load_energy_table(path); }, path, 0, "file", "cannot open");
}

TEST(EnergyTableErrors, MissingColumn) {
  const std::string path =
      temp_file("nocol.csv", "# comment\ncomponent,action,energy_pj,unit,tech_node\n");
  expect_input_error([&] { load_energy_table(path); }, path, 2, "source", "missing column");
}

TEST(EnergyTableErrors, MalformedRow) {
  const std::string path = temp_file(
      "malformed.csv", std::string(kHeader) + small_table_body() + "bus,drive_bit,1,pJ/bit\n");
  expect_input_error([&] { load_energy_table(path); }, path, 13, "row", "expected 6 fields");
}

TEST(EnergyTableErrors, UnknownComponentAndAction) {
  const std::string p1 = temp_file("unknown_comp.csv", std::string(kHeader) + small_table_body() +
                                                           "teleporter,beam,1,pJ/op,45nm,x\n");
  expect_input_error([&] { load_energy_table(p1); }, p1, 13, "component", "teleporter");
  const std::string p2 = temp_file("unknown_act.csv", std::string(kHeader) + small_table_body() +
                                                          "adder_32b,subtract,1,pJ/op,45nm,x\n");
  expect_input_error([&] { load_energy_table(p2); }, p2, 13, "action", "subtract");
}

TEST(EnergyTableErrors, NonNumericAndNegativeEnergy) {
  const std::string p1 = temp_file("nonnum.csv", std::string(kHeader) + small_table_body() +
                                                     "adder_8b,add,cheap,pJ/op,45nm,x\n");
  expect_input_error([&] { load_energy_table(p1); }, p1, 13, "energy_pj", "cheap");
  const std::string p2 = temp_file("negative.csv", std::string(kHeader) + small_table_body() +
                                                       "adder_8b,add,-0.03,pJ/op,45nm,x\n");
  expect_input_error([&] { load_energy_table(p2); }, p2, 13, "energy_pj", "negative");
  const std::string p3 = temp_file(
      "inf.csv", std::string(kHeader) + small_table_body() + "adder_8b,add,inf,pJ/op,45nm,x\n");
  expect_input_error([&] { load_energy_table(p3); }, p3, 13, "energy_pj", "finite");
}

TEST(EnergyTableErrors, EmptySourceOrNode) {
  const std::string p = temp_file(
      "nosrc.csv", std::string(kHeader) + small_table_body() + "adder_8b,add,0.03,pJ/op,45nm,\n");
  expect_input_error([&] { load_energy_table(p); }, p, 13, "source", "empty");
  const std::string q = temp_file(
      "nonode.csv", std::string(kHeader) + small_table_body() + "adder_8b,add,0.03,pJ/op,,x\n");
  expect_input_error([&] { load_energy_table(q); }, q, 13, "tech_node", "empty");
}

TEST(EnergyTableErrors, DuplicateRow) {
  const std::string p = temp_file("dup.csv", std::string(kHeader) + small_table_body() +
                                                 "adder_32b,add,0.2,pJ/op,45nm,again\n");
  expect_input_error([&] { load_energy_table(p); }, p, 13, "action", "first at line 3");
}

TEST(EnergyTableErrors, MissingRequiredRow) {
  std::string body = small_table_body();
  body.erase(body.find("clock,"), body.find('\n', body.find("clock,")) - body.find("clock,") + 1);
  const std::string p = temp_file("noclock.csv", std::string(kHeader) + body);
  expect_input_error([&] { load_energy_table(p); }, p, 0, "component", "clock.flop_cycle");
}

TEST(EnergyTable, Utf8ByteOrderMarkIsSkipped) {
  // Was "missing column" for every column: the BOM glued to "# comment" made it the header.
  const std::string body = std::string(kHeader) + small_table_body();
  for (const std::string& text : {"\xEF\xBB\xBF# comment\r\n" + body, "\xEF\xBB\xBF" + body}) {
    const EnergyTable t = load_energy_table(temp_file("bom.csv", text));
    EXPECT_EQ(t.energy("multiplier_8b", "multiply"), 2);
  }
}

TEST(EnergyTableErrors, FolderIsNotAFile) {
  // Was "empty file (no header)".
  const std::string dir = ::testing::TempDir();
  try {
    load_energy_table(dir);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), dir + ": is a folder, not a file");
  }
}

TEST(EnergyTableErrors, AbsurdOrNonDecimalEnergyIsRefusedWithLineAndColumn) {
  // 1e308 used to load, price to inf and reach the JSON as null with exit 0.
  const std::string base = std::string(kHeader) + small_table_body();
  const std::string p1 = temp_file("huge.csv", base + "adder_8b,add,1e308,pJ/op,45nm,x\n");
  expect_input_error([&] { load_energy_table(p1); }, p1, 13, "energy_pj",
                     "energy 1e308 is out of range (max 1e15)");
  const std::string p2 = temp_file("over.csv", base + "adder_8b,add,1.5e15,pJ/op,45nm,x\n");
  expect_input_error([&] { load_energy_table(p2); }, p2, 13, "energy_pj", "out of range");
  for (const char* v : {"nan", "-inf", "1e400", "0x1p4", " 1", "+-1", "1,5"}) {
    const std::string q = temp_file("odd.csv", base + "adder_8b,add,\"" + v + "\",pJ/op,45nm,x\n");
    expect_input_error([&] { load_energy_table(q); }, q, 13, "energy_pj",
                       "expected a finite number");
  }
  const std::string ok = temp_file("edge.csv", base + "adder_8b,add,+1e15,pJ/op,45nm,x\n");
  EXPECT_EQ(load_energy_table(ok).energy("adder_8b", "add"), 1e15);
}

TEST(EnergyTableErrors, TwoSramRowsOfTheSameSize) {
  // sram_1024KiB and sram_1MiB are one size with two energies: the interpolation would pick one.
  const std::string p =
      temp_file("samesize.csv", std::string(kHeader) + small_table_body() +
                                    "sram_1024KiB,access_64b,90,pJ/access64b,45nm,x\n"
                                    "sram_1MiB,access_64b,100,pJ/access64b,45nm,x\n");
  expect_input_error([&] { load_energy_table(p); }, p, 14, "component",
                     "sram_1MiB is the same size as sram_1024KiB (line 13)");
}

TEST(EnergyTableErrors, ControlBytesInAFieldAreShownEscaped) {
  const std::string p = temp_file(
      "nul.csv", std::string(kHeader) + small_table_body() + "mul\0tiplier_8b,multiply,1,a,b,c\n"s);
  try {
    load_energy_table(p);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), p + ":13: component: unknown component 'mul\\x00tiplier_8b'");
  }
}

TEST(EnergyTableErrors, ACodeBuiltTableMissingARowIsAnInputError) {
  // Was std::invalid_argument: a table without a row the pricing needs is the table's fault.
  EnergyTable t;
  t.path = "t.csv";
  expect_input_error([&] { t.energy("adder_32b", "add"); }, "t.csv", 0, "component",
                     "missing row adder_32b.add");
  expect_input_error([&] { t.sram_access_64b_pj(1024); }, "t.csv", 0, "component",
                     "no sram_<n>KiB,access_64b row");
}

TEST(EnergyTableErrors, RepeatedColumnsAreReportedOncePerColumn) {
  // A header of n empty columns used to give one issue per pair: n (n - 1) / 2 of them.
  expect_input_error([] { read_table_csv_text(std::string(2000, ','), "wide.csv", {}); },
                     "wide.csv", 1, "column 2", "duplicate column (first at column 1)");
  try {
    read_table_csv_text(std::string(2000, ','), "wide.csv", {});
  } catch (const InputError& e) {
    EXPECT_EQ(e.issues().size(), 2000u);
  }
  expect_input_error([] { read_table_csv_text("unit,a,unit\n", "dup.csv", {"unit"}); }, "dup.csv",
                     1, "unit", "duplicate column (first at column 1)");
}

TEST(EnergyTable, TextReaderIsThePathReader) {
  const std::string text = std::string(kHeader) + small_table_body();
  const EnergyTable t = load_energy_table_text(text, "mem.csv");
  EXPECT_EQ(t.path, "mem.csv");
  EXPECT_EQ(t.rows.size(), small_table().rows.size());
}

TEST(EnergyTableErrors, QuotedFieldsMayHoldCommas) {
  const std::string p =
      temp_file("quoted.csv", std::string(kHeader) + small_table_body() +
                                  "adder_8b,add,0.03,pJ/op,45nm,\"a, b \"\"c\"\"\"\n");
  const EnergyTable t = load_energy_table(p);
  ASSERT_NE(t.find("adder_8b", "add"), nullptr);
  EXPECT_EQ(t.find("adder_8b", "add")->source, "a, b \"c\"");
}

TEST(AccelergyExport, ErtHasEveryTableRowAndTheActionCountsReprice) {
  const EnergyTable t = load_energy_table(default_energy_table());
  EventCounters ev;
  ev.add(Event::kCycle, 50);
  ev.add(Event::kMac, 64);
  ev.add(Event::kHRegWrite, 64);
  ev.add(Event::kLeftRead, 16);
  ev.add(Event::kTopRead, 16);
  ev.add(Event::kBottomWrite, 16);
  const EnergyReport r = price(ev, t, array(4, 4, true), 1000);
  const std::string ert = to_ert_yaml(t, &r.actions);
  EXPECT_EQ(ert.rfind("# ", 0), 0u);
  EXPECT_NE(ert.find("ERT:\n  version: 0.3\n  tables:\n"), std::string::npos);
  for (const EnergyEntry& e : t.rows) {
    const size_t at = ert.find("- name: fusesim." + e.component + "\n");
    ASSERT_NE(at, std::string::npos) << e.component;
    EXPECT_NE(ert.find("- name: " + e.action + "\n      arguments: null\n      energy: " +
                           yaml_number(e.energy_pj) + "\n",
                       at),
              std::string::npos)
        << e.component << "." << e.action;
  }
  for (const char* b : {"left_buffer", "top_buffer", "bottom_buffer"})
    EXPECT_NE(ert.find("- name: fusesim." + std::string(b) + "\n"), std::string::npos) << b;
  const std::string counts = to_action_counts_yaml(r.actions);
  EXPECT_NE(counts.find("action_counts:\n  version: 0.3\n  local:\n"), std::string::npos);
  // register.write_bit appears once, with the counts of both categories summed.
  EXPECT_NE(counts.find("- name: fusesim.register\n    action_counts:\n    - name: write_bit\n"
                        "      counts: " +
                        std::to_string(64 * 11) + "\n"),
            std::string::npos)
      << counts;
  EXPECT_NE(counts.find("- name: fusesim.clock\n    action_counts:\n    - name: flop_cycle\n"
                        "      counts: " +
                        std::to_string(50 * array_flops(array(4, 4, true))) + "\n"),
            std::string::npos);
}

TEST(AccelergyExport, ActionCountsTimesErtEnergiesGiveTheTotal) {
  const EnergyTable t = load_energy_table(default_energy_table());
  EventCounters ev;
  ev.add(Event::kCycle, 20);
  ev.add(Event::kMac, 30);
  ev.add(Event::kHRegWrite, 30);
  ev.add(Event::kAccUpdate, 30);
  ev.add(Event::kOutRegWrite, 9);
  ev.add(Event::kLeftRead, 12);
  const EnergyReport r = price(ev, t, array(3, 3), 1000);
  const std::string ert = to_ert_yaml(t, &r.actions);
  const std::string counts = to_action_counts_yaml(r.actions);
  // Merge by component.action as the export does; one energy per name; Σ count × energy = total.
  std::vector<PricedAction> merged;
  for (const PricedAction& p : r.actions) {
    bool found = false;
    for (PricedAction& m : merged)
      if (m.component == p.component && m.action == p.action) {
        EXPECT_DOUBLE_EQ(m.energy_each_pj, p.energy_each_pj) << p.component << "." << p.action;
        m.count += p.count;
        found = true;
      }
    if (!found) merged.push_back(p);
  }
  double total = 0;
  for (const PricedAction& m : merged) {
    total += double(m.count) * m.energy_each_pj;
    const size_t at = ert.find("- name: fusesim." + m.component + "\n");
    ASSERT_NE(at, std::string::npos) << m.component;
    EXPECT_NE(ert.find("- name: " + m.action + "\n      arguments: null\n      energy: " +
                           yaml_number(m.energy_each_pj) + "\n",
                       at),
              std::string::npos)
        << m.component << "." << m.action;
    const size_t c = counts.find("- name: fusesim." + m.component + "\n");
    ASSERT_NE(c, std::string::npos) << m.component;
    EXPECT_NE(
        counts.find("- name: " + m.action + "\n      counts: " + std::to_string(m.count) + "\n", c),
        std::string::npos)
        << m.component << "." << m.action;
  }
  EXPECT_NEAR(total, r.energy_pj, 1e-9 * r.energy_pj);
}

TEST(AccelergyExport, YamlScalars) {
  EXPECT_EQ(yaml_number(0.2), "0.2");
  EXPECT_EQ(yaml_number(100), "100");
  EXPECT_EQ(yaml_number(0.00332), "0.00332");
  EXPECT_EQ(yaml_string("fusesim.bus"), "fusesim.bus");
  EXPECT_EQ(yaml_string("a: b"), "\"a: b\"");
  EXPECT_EQ(yaml_string("null"), "\"null\"");
  EXPECT_EQ(yaml_string("45"), "\"45\"");
  EXPECT_EQ(yaml_string("say \"hi\""), "\"say \\\"hi\\\"\"");
}

}  // namespace
}  // namespace fusesim
