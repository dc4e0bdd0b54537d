#include "waveform/gtkw_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

namespace fusesim {
namespace {

// What SystolicArray::trace() records for a 2x2 FuSe array, in its order.
std::vector<std::string> traced_2x2() {
  std::vector<std::string> v;
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 2; ++c) {
      const std::string p = "array.pe_" + std::to_string(r) + "_" + std::to_string(c);
      for (const char* reg : {".h_reg", ".v_reg"}) {
        v.push_back(p + reg + ".val");
        v.push_back(p + reg + ".flags");
      }
      for (const char* reg : {".psum_reg", ".drain_reg"}) {
        v.push_back(p + reg + ".val");
        v.push_back(p + reg + ".valid");
      }
      v.push_back(p + ".acc");
      v.push_back(p + ".stat_reg");
    }
  for (int r = 0; r < 2; ++r) {
    v.push_back("array.left_feeder_" + std::to_string(r) + ".val");
    v.push_back("array.left_feeder_" + std::to_string(r) + ".flags");
    v.push_back("array.bus_" + std::to_string(r) + ".val");
    v.push_back("array.bus_" + std::to_string(r) + ".flags");
    v.push_back("array.data_en_" + std::to_string(r));
  }
  for (int c = 0; c < 2; ++c) {
    v.push_back("array.top_feeder_" + std::to_string(c) + ".val");
    v.push_back("array.top_feeder_" + std::to_string(c) + ".flags");
    v.push_back("array.drain_idx_" + std::to_string(c));
    v.push_back("array.col_en_" + std::to_string(c));
  }
  v.push_back("array.latch");
  return v;
}

// Lines of the text that are group titles or signal references, without flag lines.
std::vector<std::string> entries(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream s(text);
  std::string line;
  while (std::getline(s, line))
    if (!line.empty() && line[0] != '[' && line[0] != '@' && line[0] != '*') out.push_back(line);
  return out;
}

TEST(GtkwWriter, GroupsRowsThenBusesThenControl) {
  const auto groups = gtkw_groups([] {
    std::vector<GtkwSignal> v;
    for (const auto& n : traced_2x2()) v.push_back({n, gtkw_default_width(n)});
    return v;
  }());
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0].title, "Row 0");
  EXPECT_EQ(groups[1].title, "Row 1");
  EXPECT_EQ(groups[2].title, "Broadcast buses and DataEn");
  EXPECT_EQ(groups[3].title, "Feeders and drain control");
  ASSERT_EQ(groups[0].signals.size(), 20u);
  EXPECT_EQ(groups[0].signals[0].name, "array.pe_0_0.h_reg.val");
  EXPECT_EQ(groups[0].signals[3].name, "array.pe_0_0.v_reg.flags");
  EXPECT_EQ(groups[0].signals[4].name, "array.pe_0_0.stat_reg");  // datapath order: h, v, stat,
  EXPECT_EQ(groups[0].signals[5].name, "array.pe_0_0.acc");       // acc, psum, drain
  EXPECT_EQ(groups[0].signals[9].name, "array.pe_0_0.drain_reg.valid");
  EXPECT_EQ(groups[0].signals[10].name, "array.pe_0_1.h_reg.val");
  EXPECT_EQ(groups[1].signals[0].name, "array.pe_1_0.h_reg.val");
  const std::vector<std::string> bus = {"array.bus_0.val", "array.bus_0.flags", "array.data_en_0",
                                        "array.bus_1.val", "array.bus_1.flags", "array.data_en_1"};
  ASSERT_EQ(groups[2].signals.size(), bus.size());
  for (size_t i = 0; i < bus.size(); ++i) EXPECT_EQ(groups[2].signals[i].name, bus[i]);
  const std::vector<std::string> ctl = {"array.left_feeder_0.val",
                                        "array.left_feeder_0.flags",
                                        "array.left_feeder_1.val",
                                        "array.left_feeder_1.flags",
                                        "array.top_feeder_0.val",
                                        "array.top_feeder_0.flags",
                                        "array.top_feeder_1.val",
                                        "array.top_feeder_1.flags",
                                        "array.col_en_0",
                                        "array.col_en_1",
                                        "array.drain_idx_0",
                                        "array.drain_idx_1",
                                        "array.latch"};
  ASSERT_EQ(groups[3].signals.size(), ctl.size());
  for (size_t i = 0; i < ctl.size(); ++i) EXPECT_EQ(groups[3].signals[i].name, ctl[i]);
}

TEST(GtkwWriter, EverySignalAppearsOnceInOrderInsideItsGroup) {
  const auto sig = traced_2x2();
  GtkwOptions o;
  o.aliases = false;
  const std::string text = gtkw_text("/tmp/run.vcd", sig, o);
  EXPECT_NE(text.find("[dumpfile] \"/tmp/run.vcd\"\n"), std::string::npos);
  EXPECT_NE(text.find("[timestart] 0\n"), std::string::npos);
  const auto e = entries(text);
  // 4 groups, each opened and closed by a "-title" line.
  ASSERT_EQ(e.size(), sig.size() + 8);
  EXPECT_EQ(e[0], "-Row 0");
  EXPECT_EQ(e[1], "SystemC.array.pe_0_0.h_reg.val[31:0]");
  EXPECT_EQ(e[2], "SystemC.array.pe_0_0.h_reg.flags[2:0]");
  EXPECT_EQ(e[9], "SystemC.array.pe_0_0.drain_reg.val[31:0]");
  EXPECT_EQ(e[10], "SystemC.array.pe_0_0.drain_reg.valid");
  EXPECT_EQ(e[21], "-Row 0");
  EXPECT_EQ(e[22], "-Row 1");
  EXPECT_EQ(e[43], "-Row 1");
  EXPECT_EQ(e[44], "-Broadcast buses and DataEn");
  EXPECT_EQ(e[47], "SystemC.array.data_en_0");
  EXPECT_EQ(e[51], "-Broadcast buses and DataEn");
  EXPECT_EQ(e[52], "-Feeders and drain control");
  EXPECT_EQ(e.back(), "-Feeders and drain control");
  for (const std::string& n : sig) {
    const std::string full =
        "SystemC." + n +
        (gtkw_default_width(n) > 1 ? "[" + std::to_string(gtkw_default_width(n) - 1) + ":0]" : "");
    EXPECT_EQ(std::count(e.begin(), e.end(), full), 1) << full;
  }
}

TEST(GtkwWriter, GroupMarkersAndDisplayFlags) {
  const std::string text =
      gtkw_text("run.vcd", std::vector<std::string>{"array.pe_0_0.acc", "array.pe_0_0.h_reg.flags",
                                                    "array.pe_0_0.psum_reg.valid"});
  // Begin (group begin | blank), registers in datapath order: hex flags, signed decimal
  // accumulator, binary partial-sum valid, then end (group end | blank).
  const std::string want =
      "@800200\n-Row 0\n"
      "@22\n+{pe_0_0/h_reg/flags} SystemC.array.pe_0_0.h_reg.flags[2:0]\n"
      "@420\n+{pe_0_0/acc} SystemC.array.pe_0_0.acc[31:0]\n"
      "@28\n+{pe_0_0/psum_reg/valid} SystemC.array.pe_0_0.psum_reg.valid\n"
      "@1000200\n-Row 0\n";
  EXPECT_NE(text.find(want), std::string::npos) << text;
}

TEST(GtkwWriter, RowsSortNumericallyAndUnknownSignalsGoLast) {
  const auto g = gtkw_groups({{"clk", 1},
                              {"array.pe_10_0.acc", 32},
                              {"array.pe_9_1.acc", 32},
                              {"array.pe_9_0.acc", 32},
                              {"array.latch", 1}});
  ASSERT_EQ(g.size(), 4u);
  EXPECT_EQ(g[0].title, "Row 9");
  EXPECT_EQ(g[0].signals[0].name, "array.pe_9_0.acc");
  EXPECT_EQ(g[0].signals[1].name, "array.pe_9_1.acc");
  EXPECT_EQ(g[1].title, "Row 10");
  EXPECT_EQ(g[2].title, "Feeders and drain control");
  EXPECT_EQ(g[3].title, "Other");
  EXPECT_EQ(g[3].signals[0].name, "clk");
}

TEST(GtkwWriter, NamesAlreadyCompleteAreKept) {
  EXPECT_EQ(gtkw_default_width("array.pe_0_0.acc[15:0]"), 16);
  GtkwOptions o;
  o.aliases = false;
  const std::string text =
      gtkw_text("run.vcd", std::vector<std::string>{"SystemC.array.pe_0_0.acc[15:0]"}, o);
  EXPECT_NE(text.find("\nSystemC.array.pe_0_0.acc[15:0]\n"), std::string::npos) << text;
}

TEST(GtkwWriter, TimeWindowSetsStartAndZoom) {
  GtkwOptions o;
  o.time_start = 40;
  o.time_end = 140;
  const std::string text = gtkw_text("run.vcd", std::vector<std::string>{"array.latch"}, o);
  EXPECT_NE(text.find("[timestart] 40\n"), std::string::npos);
  EXPECT_NE(text.find("\n*-5.000000 -1"), std::string::npos) << text;  // 6.25 px per unit: 625 px
  EXPECT_EQ(gtkw_text("run.vcd", std::vector<std::string>{"array.latch"}).find("\n*"),
            std::string::npos);
}

TEST(GtkwWriter, FromVcdTakesTheDeclaredWidths) {
  const std::string path = ::testing::TempDir() + "gtkw_writer_test.vcd";
  {
    std::ofstream f(path);
    f << "$timescale 1 ns $end\n$scope module SystemC $end\n$scope module array $end\n"
         "$var wire 16 ! drain_idx_0 [15:0] $end\n$scope module pe_0_0 $end\n"
         "$var wire 32 \" acc [31:0] $end\n$scope module h_reg $end\n"
         "$var wire 8 # val [7:0] $end\n$upscope $end\n$upscope $end\n$upscope $end\n"
         "$upscope $end\n$enddefinitions $end\n#0\nb0 !\nb0 \"\nb0 #\n#64\n";
  }
  GtkwOptions o;
  o.aliases = false;
  const auto e = entries(gtkw_text_from_vcd(path, o));
  std::remove(path.c_str());
  const std::vector<std::string> want = {"-Row 0",
                                         "SystemC.array.pe_0_0.h_reg.val[7:0]",  // h_reg before acc
                                         "SystemC.array.pe_0_0.acc[31:0]",
                                         "-Row 0",
                                         "-Feeders and drain control",
                                         "SystemC.array.drain_idx_0[15:0]",
                                         "-Feeders and drain control"};
  EXPECT_EQ(e, want);
}

// What the pin-level trace (hw/sc_top.cpp) declares for PE (r, c) under its row scope.
std::vector<GtkwSignal> pe_signals(int r, int c) {
  const std::string p =
      "top.array.row_" + std::to_string(r) + ".pe_" + std::to_string(r) + "_" + std::to_string(c);
  return {{p + ".h_reg", 8},     {p + ".h_flags", 3},   {p + ".v_reg", 8},    {p + ".v_flags", 3},
          {p + ".stat_reg", 8},  {p + ".acc", 32},      {p + ".out_reg", 32}, {p + ".out_valid", 1},
          {p + ".psum_reg", 32}, {p + ".psum_valid", 1}};
}

TEST(GtkwWriter, MarkersComeFirstAndRowScopedPesSortNumerically) {
  std::vector<GtkwSignal> v;
  for (int r : {10, 2, 9})
    for (const GtkwSignal& s : pe_signals(r, 0)) v.push_back(s);
  v.push_back({"top.array.latch", 1});
  v.push_back({"top.memory.stall", 1});
  v.push_back({"top.marker.run_edge", 32});  // in the VCD's order (sorted by name)
  v.push_back({"top.marker.layer", 16});
  v.push_back({"top.marker.fold_issue", 1});
  const auto g = gtkw_groups(v);
  ASSERT_EQ(g.size(), 6u);
  EXPECT_EQ(g[0].title, "Markers");
  ASSERT_EQ(g[0].signals.size(), 3u);
  EXPECT_EQ(g[0].signals[0].name, "top.marker.layer");
  EXPECT_EQ(g[0].signals[1].name, "top.marker.fold_issue");
  EXPECT_EQ(g[0].signals[2].name, "top.marker.run_edge");
  EXPECT_EQ(g[1].title, "Row 2");
  EXPECT_EQ(g[2].title, "Row 9");
  EXPECT_EQ(g[3].title, "Row 10");
  EXPECT_EQ(g[3].signals[0].name, "top.array.row_10.pe_10_0.h_reg");
  EXPECT_EQ(g[3].signals[1].name, "top.array.row_10.pe_10_0.h_flags");
  EXPECT_EQ(g[4].title, "Feeders and drain control");
  EXPECT_EQ(g[5].title, "Memory");
  // The markers' lines come before any array signal in the save file, aliases without "marker".
  GtkwOptions o;
  o.scope_prefix = "";
  const std::string text = gtkw_text("run.vcd", v, o);
  EXPECT_LT(text.find("-Markers"), text.find("-Row 2")) << text;
  EXPECT_NE(text.find("+{fold_issue} top.marker.fold_issue\n"), std::string::npos) << text;
  EXPECT_NE(text.find("+{pe_2_0/acc} top.array.row_2.pe_2_0.acc[31:0]\n"), std::string::npos);
}

TEST(GtkwWriter, EveryFlagFieldIsHexOrNamedThroughTheFilter) {
  EXPECT_TRUE(gtkw_is_flag_field("top.array.row_0.pe_0_0.h_flags"));
  EXPECT_TRUE(gtkw_is_flag_field("top.array.bus_0.flags[2:0]"));
  EXPECT_FALSE(gtkw_is_flag_field("top.array.row_0.pe_0_0.h_reg"));
  const std::vector<GtkwSignal> v = {{"top.array.row_0.pe_0_0.h_flags", 3},
                                     {"top.array.row_0.pe_0_0.acc", 32},
                                     {"top.array.bus_0.flags", 3},
                                     {"top.array.bus_1.flags", 3}};
  GtkwOptions o;
  o.scope_prefix = "";
  o.aliases = false;
  // Without a filter: hexadecimal (@22), never signed decimal (@420), for every flag field.
  const std::string hex = gtkw_text("run.vcd", v, o);
  EXPECT_NE(hex.find("@22\ntop.array.row_0.pe_0_0.h_flags[2:0]\n"), std::string::npos) << hex;
  EXPECT_NE(hex.find("@22\ntop.array.bus_0.flags[2:0]\n"), std::string::npos) << hex;
  EXPECT_NE(hex.find("@420\ntop.array.row_0.pe_0_0.acc[31:0]\n"), std::string::npos) << hex;
  EXPECT_EQ(hex.find('^'), std::string::npos);
  // With one: hex | translated (@2022), and "^1 FILE" before the first translated trace of each
  // run of them.
  o.flags_filter = "/w/run.flag";
  const std::string named = gtkw_text("run.vcd", v, o);
  EXPECT_NE(named.find("@2022\n^1 /w/run.flag\ntop.array.row_0.pe_0_0.h_flags[2:0]\n"),
            std::string::npos)
      << named;
  EXPECT_NE(named.find("@2022\n^1 /w/run.flag\ntop.array.bus_0.flags[2:0]\n"), std::string::npos)
      << named;
  EXPECT_NE(named.find("top.array.bus_0.flags[2:0]\ntop.array.bus_1.flags[2:0]\n"),
            std::string::npos)
      << named;  // same flags, the filter still current: no repeated lines
}

TEST(GtkwWriter, FilterFileNamesEachFlagValue) {
  std::map<std::string, std::string> m;
  std::istringstream s(gtkw_flags_filter_text());
  std::string line;
  while (std::getline(s, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t sp = line.find(' ');
    ASSERT_NE(sp, std::string::npos) << line;
    EXPECT_TRUE(m.emplace(line.substr(0, sp), line.substr(sp + 1)).second) << "twice: " << line;
  }
  EXPECT_EQ(m.size(), 16u);  // 0..7, as 1 and as 2 hex digits
  // Flag bits of pe_core.h: 1 valid, 2 first, 4 last.
  EXPECT_EQ(m.at("0"), "-");
  EXPECT_EQ(m.at("1"), "valid");
  EXPECT_EQ(m.at("5"), "valid+last");
  EXPECT_EQ(m.at("7"), "valid+first+last");
  EXPECT_EQ(m.at("03"), "valid+first");
  EXPECT_EQ(gtkw_filter_name("out/run.vcd"), "out/run.flag");
  EXPECT_EQ(gtkw_save_name("out/run.vcd"), "out/run.gtkw");
}

TEST(GtkwWriter, HiddenRegistersLeaveTheView) {
  GtkwOptions o;
  o.scope_prefix = "";
  o.hidden_registers = {"stat_reg", "psum_reg", "psum_valid"};
  const std::string text = gtkw_text("run.vcd", pe_signals(0, 0), o);
  EXPECT_EQ(text.find("stat_reg"), std::string::npos) << text;
  EXPECT_EQ(text.find("psum_"), std::string::npos) << text;
  EXPECT_NE(text.find("pe_0_0.out_valid"), std::string::npos) << text;
  EXPECT_NE(text.find("pe_0_0.acc"), std::string::npos) << text;
}

}  // namespace
}  // namespace fusesim
