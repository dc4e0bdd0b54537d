#include "workloads/synth_area.h"

#include <gtest/gtest.h>

#include <string>

namespace fusesim {
namespace {

const char* kTable =
    "cell,library_cell,area_um2,unit,tech_node,source\n"
    "$_NAND_,NAND2_X1,1.0,um2,45nm,t\n"
    "$_MUX_,MUX2_X1,2.0,um2,45nm,t\n"
    "$_DFF_P_,DFF_X1,4.0,um2,45nm,t\n";

std::string design(const std::string& name, int nand, int mux, int dff, int extra_cells = 0) {
  return R"({"name": ")" + name + R"(", "top": "t", "params": {"R": 2}, "cells": )" +
         std::to_string(nand + mux + dff + extra_cells) + R"(, "cells_by_type": {"$_NAND_": )" +
         std::to_string(nand) + R"(, "$_MUX_": )" + std::to_string(mux) + R"(, "$_DFF_P_": )" +
         std::to_string(dff) + "}}";
}

std::string result(const std::string& designs) {
  return R"({"tool": "Yosys test", "flow": "f", "designs": [)" + designs + "]}";
}

std::string standard() {
  // PE: 2 NAND + 1 DFF = 6 µm² plain; FuSe adds one mux: 8 µm². Arrays 2×2: 4 plain PEs and
  // 10 NANDs of glue = 34 µm²; FuSe: 4 FuSe PEs + the same glue = 42 µm².
  return result(design("pe_plain", 2, 0, 1) + "," + design("pe_fuse", 2, 1, 1) + "," +
                design("array_2x2_plain", 18, 0, 4) + "," + design("array_2x2_fuse", 18, 4, 4));
}

TEST(SynthArea, PricesCellsWithTheTable) {
  const SynthAreaReport r = synth_area(load_synth_result_text(standard(), "s.json"),
                                       load_cell_area_table_text(kTable, "cells.csv"));
  EXPECT_DOUBLE_EQ(r.pe_plain_um2, 6.0);
  EXPECT_DOUBLE_EQ(r.pe_fuse_um2, 8.0);
  EXPECT_DOUBLE_EQ(r.pe_fuse_extra_um2, 2.0);
  EXPECT_NEAR(r.pe_fuse_overhead_pct, 100.0 / 3.0, 1e-9);
  ASSERT_EQ(r.arrays.size(), 1u);
  EXPECT_EQ(r.arrays[0].rows, 2);
  EXPECT_DOUBLE_EQ(r.arrays[0].plain_um2, 34.0);
  EXPECT_DOUBLE_EQ(r.arrays[0].fuse_um2, 42.0);
  EXPECT_NEAR(r.arrays[0].fuse_overhead_pct, 8.0 / 34.0 * 100.0, 1e-9);
  EXPECT_DOUBLE_EQ(r.arrays[0].fuse_extra_per_pe_um2, 2.0);
  EXPECT_EQ(r.designs[0].flops, 1);
  EXPECT_DOUBLE_EQ(r.designs[1].area_by_cell.at("MUX2_X1"), 2.0);
  const nlohmann::json j = r.to_json();
  EXPECT_DOUBLE_EQ(j["pe"]["fuse_overhead_pct"].get<double>(), r.pe_fuse_overhead_pct);
  EXPECT_EQ(j["designs"].size(), 4u);
}

TEST(SynthArea, ACellTypeMissingFromTheTableIsAnInputError) {
  const std::string s = result(
      design("pe_plain", 1, 0, 1) + "," +
      R"({"name": "pe_fuse", "top": "t", "params": {}, "cells": 1, "cells_by_type": {"$_AOI3_": 1}})");
  try {
    synth_area(load_synth_result_text(s, "s.json"), load_cell_area_table_text(kTable, "c.csv"));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "s.json");
    EXPECT_NE(std::string(e.what()).find("$_AOI3_"), std::string::npos) << e.what();
  }
}

TEST(SynthArea, BadResultFilesAreInputErrors) {
  auto field_of = [](const std::string& text) {
    try {
      load_synth_result_text(text, "s.json");
    } catch (const InputError& e) {
      return e.field();
    }
    return std::string("no error");
  };
  EXPECT_EQ(field_of("{"), "");
  EXPECT_EQ(field_of(R"({"tool": "y", "flow": "f"})"), "designs");
  // cells must equal the sum of cells_by_type
  EXPECT_EQ(field_of(result(design("pe_plain", 1, 0, 1, 5) + "," + design("pe_fuse", 1, 1, 1))),
            "designs[0].cells");
  EXPECT_EQ(field_of(result(design("pe_plain", 1, 0, 1))), "designs");  // no pe_fuse
  EXPECT_EQ(field_of(result(design("pe_plain", 1, 0, 1) + "," + design("pe_plain", 1, 0, 1))),
            "designs[1].name");
  EXPECT_EQ(field_of(result(R"({"name": "pe_plain", "top": "t", "params": {}, "cells": -1,
                                "cells_by_type": {}})")),
            "designs[0].cells");
}

TEST(SynthArea, BadCellTablesAreInputErrors) {
  auto field_of = [](const std::string& text) {
    try {
      load_cell_area_table_text(text, "c.csv");
    } catch (const InputError& e) {
      return e.field() + "@" + std::to_string(e.line());
    }
    return std::string("no error");
  };
  const std::string h = "cell,library_cell,area_um2,unit,tech_node,source\n";
  EXPECT_EQ(field_of(h + "$_AND_,AND2_X1,-1,um2,45nm,s\n"), "area_um2@2");
  EXPECT_EQ(field_of(h + "$_AND_,AND2_X1,0.0001,um2,45nm,s\n"), "area_um2@2");
  EXPECT_EQ(field_of(h + "$_AND_,AND2_X1,1,um2,45nm,s\n$_AND_,AND2_X2,2,um2,45nm,s\n"), "cell@3");
  EXPECT_EQ(field_of(h + "$_AND_,,1,um2,45nm,s\n"), "library_cell@2");
  EXPECT_EQ(field_of(h + "$_AND_,AND2_X1,1,um2,45nm,\n"), "source@2");
  EXPECT_EQ(field_of(h), "cell@0");
}

// The shipped table prices every cell type that scripts/synth.sh's flow can leave: the gates of
// `abc -g AND,NAND,OR,NOR,XOR,XNOR,MUX`, the inverter and buffer abc adds, and the flip-flop
// that dfflegalize leaves.
TEST(SynthArea, ShippedTableCoversTheSynthesisFlow) {
  const CellAreaTable t = load_cell_area_table(default_cell_area_table());
  for (const char* c : {"$_AND_", "$_NAND_", "$_OR_", "$_NOR_", "$_XOR_", "$_XNOR_", "$_MUX_",
                        "$_NOT_", "$_BUF_", "$_DFF_P_"}) {
    const CellAreaEntry* e = t.find(c);
    ASSERT_NE(e, nullptr) << c;
    EXPECT_NE(e->source.find("NanGate"), std::string::npos) << c;
    // Every NanGate FreePDK45 cell is a whole number of 0.266 µm² placement sites.
    const double sites = e->area_um2 / 0.266;
    EXPECT_NEAR(sites, double(int64_t(sites + 0.5)), 1e-6) << c;
  }
}

}  // namespace
}  // namespace fusesim
