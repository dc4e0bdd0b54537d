// A traced pin-level run: the VCD holds the hierarchy (PEs under their row), and the broadcast bus
// and DataEn of each row carry the expected taps at the expected edges; the GTKWave save file
// beside it shows the markers first, flags named through its translate filter, and leaves out
// the registers the run's mode never loads.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "dataflows/layer_mapping.h"
#include "hw/random_jobs.h"
#include "hw/sc_top.h"

namespace fusesim {
namespace {

// Minimal VCD reading for the test: name → (time → value).
std::map<std::string, std::map<int64_t, int64_t>> read_vcd(const std::string& path) {
  std::ifstream is(path);
  std::string line;
  std::vector<std::string> scope;
  std::map<std::string, std::string> code_to_name;
  std::map<std::string, std::map<int64_t, int64_t>> v;
  int64_t t = 0;
  while (std::getline(is, line)) {
    std::istringstream ls(line);
    std::string w;
    ls >> w;
    if (w == "$scope") {
      std::string kind, name;
      ls >> kind >> name;
      scope.push_back(name);
    } else if (w == "$upscope") {
      scope.pop_back();
    } else if (w == "$var") {
      std::string kind, code, name;
      int width;
      ls >> kind >> width >> code >> name;
      std::string full;
      for (const auto& s : scope) full += s + ".";
      code_to_name[code] = full + name;
    } else if (!w.empty() && w[0] == '#') {
      t = std::stoll(w.substr(1));
    } else if (!w.empty() && w[0] == 'b') {
      std::string code;
      ls >> code;
      v[code_to_name[code]][t] = std::stoll(w.substr(1), nullptr, 2);
    } else if (!w.empty() && (w[0] == '0' || w[0] == '1') && w.size() > 1) {
      v[code_to_name[w.substr(1)]][t] = w[0] - '0';
    }
  }
  return v;
}

int64_t value_at(const std::map<int64_t, int64_t>& changes, int64_t t) {
  int64_t val = 0;
  for (const auto& [when, x] : changes) {
    if (when > t) break;
    val = x;
  }
  return val;
}

std::string slurp(const std::string& path) {
  std::ifstream is(path);
  std::ostringstream s;
  s << is.rdbuf();
  return s.str();
}

// The files beside a finished VCD: a $date with the year, the save file and its filter.
void check_view(const std::string& vcd_path, bool stationary) {
  const std::string vcd = slurp(vcd_path);
  const auto date = vcd.find("$date ");
  ASSERT_NE(date, std::string::npos);
  EXPECT_TRUE(vcd.compare(date + 6, 2, "20") == 0) << vcd.substr(date, 40);  // "2026-…"
  std::string stem = vcd_path.substr(0, vcd_path.size() - 4);
  const std::string gtkw = slurp(stem + ".gtkw");
  ASSERT_FALSE(gtkw.empty());
  // Markers first, above the first row.
  EXPECT_LT(gtkw.find("-Markers"), gtkw.find("-Row 0")) << gtkw;
  EXPECT_LT(gtkw.find("top.marker.fold_issue"), gtkw.find("top.array.")) << gtkw;
  // Every flag field shown through the translate filter (hex | translated), none in decimal.
  const std::string filter = slurp(stem + ".flag");
  EXPECT_NE(filter.find("\n5 valid+last\n"), std::string::npos) << filter;
  EXPECT_NE(gtkw.find("^1 /"), std::string::npos) << gtkw;  // an absolute path
  EXPECT_NE(gtkw.find(".flag\n"), std::string::npos) << gtkw;
  std::istringstream lines(gtkw);
  std::string line, fmt;
  int flag_fields = 0;
  while (std::getline(lines, line)) {
    if (!line.empty() && line[0] == '@') fmt = line;
    const bool flag =
        line.find("_flags[") != std::string::npos || line.find(".flags[") != std::string::npos;
    if (flag && line[0] != '^') {
      ++flag_fields;
      EXPECT_EQ(fmt, "@2022") << line;
    }
  }
  EXPECT_GT(flag_fields, 0);
  // PE registers the mode never loads are left out (they stay in the VCD).
  EXPECT_EQ(gtkw.find("stat_reg") != std::string::npos, stationary) << gtkw;
  EXPECT_EQ(gtkw.find("psum_reg") != std::string::npos, stationary) << gtkw;
  EXPECT_NE(vcd.find(" stat_reg "), std::string::npos);
}

TEST(Trace, BusAndDataEnCarryTheTaps) {
  LayerSpec l;
  l.op = OpKind::kFuseRow;
  l.in_h = 2;
  l.in_w = 6;
  l.in_c = 1;
  l.out_c = 1;
  l.k_h = 1;
  l.k_w = 3;
  l.pad_w = 1;
  ArrayConfig a;
  a.rows = 2;
  a.cols = 8;
  a.fuse = true;
  const LayerData d = make_layer_data(l, 5);
  Program p = map_layer(l, d, a, MappingOptions{});
  TraceOptions t;
  t.vcd_path = testing::TempDir() + "/bus_trace.vcd";
  {
    PinEngine eng(a, t);
    const RunStats st = eng.run(&p, nullptr, "fuse");
    EXPECT_GT(st.cycles, 0);
    eng.close_trace();
  }
  EXPECT_EQ(gather_output(l, a, MappingOptions{}, p), reference_conv(l, d));
  const auto v = read_vcd(t.vcd_path);
  ASSERT_TRUE(v.count("top.array.row_1.pe_1_7.acc"));
  EXPECT_FALSE(v.count("top.array.pe_1_7.acc"));
  ASSERT_TRUE(v.count("top.array.bus_0.val"));
  ASSERT_TRUE(v.count("top.array.data_en_1"));
  // One fold of P = 6 positions, K = 3 taps: the bus register of row r loads tap K-1-q at edge
  // P-1+q (q = 0..K-1) and holds the tap of row r's convolution (input row r, channel 0).
  const int P = 6, K = 3;
  for (int r = 0; r < 2; ++r) {
    const std::string b = "top.array.bus_" + std::to_string(r);
    EXPECT_EQ(value_at(v.at("top.array.data_en_" + std::to_string(r)), 0), 1);
    for (int q = 0; q < K; ++q) {
      const int64_t e = P - 1 + q;
      const int8_t tap = d.w_channel(l, 0, 0, K - 1 - q);
      EXPECT_EQ(int8_t(value_at(v.at(b + ".val"), e)), tap) << "row " << r << " edge " << e;
      const int64_t flags = value_at(v.at(b + ".flags"), e);
      EXPECT_EQ(flags & kOpValid, kOpValid);
      EXPECT_EQ((flags & kOpFirst) != 0, q == 0);
      EXPECT_EQ((flags & kOpLast) != 0, q == K - 1);
    }
    EXPECT_EQ(value_at(v.at(b + ".flags"), P - 2), 0);  // nothing on the bus before the taps
    EXPECT_EQ(value_at(v.at(b + ".flags"), P + K - 1), 0);
  }
  // Every PE of row 1 captures its output at the same edge, P + K - 1.
  for (int c = 0; c < P; ++c) {
    const auto& ov = v.at("top.array.row_1.pe_1_" + std::to_string(c) + ".out_valid");
    EXPECT_EQ(value_at(ov, P + K - 2), 0);
    EXPECT_EQ(value_at(ov, P + K - 1), 1);
  }
  // The PE's vertical operand register takes the bus taps: at edge P + q the flags of the tap
  // loaded at edge P - 1 + q (the last tap: valid | last = 5).
  EXPECT_EQ(value_at(v.at("top.array.row_0.pe_0_0.v_flags"), P + K - 1), kOpValid | kOpLast);
  check_view(t.vcd_path, /*stationary=*/false);
}

// A WS run loads the stationary and partial-sum registers: the view keeps them.
TEST(Trace, WeightStationaryRunKeepsStatAndPsum) {
  LayerSpec l;
  l.op = OpKind::kConv;
  l.in_h = 3;
  l.in_w = 3;
  l.in_c = 2;
  l.out_c = 2;
  ArrayConfig a;
  a.rows = 2;
  a.cols = 2;
  MappingOptions mo;
  mo.dataflow = Dataflow::kWs;
  const LayerData d = make_layer_data(l, 3);
  Program p = map_layer(l, d, a, mo);
  TraceOptions t;
  t.vcd_path = testing::TempDir() + "/ws_trace.vcd";
  {
    PinEngine eng(a, t);
    eng.run(&p, nullptr, "ws");
    eng.close_trace();
  }
  EXPECT_EQ(gather_output(l, a, mo, p), reference_conv(l, d));
  const auto v = read_vcd(t.vcd_path);
  ASSERT_TRUE(v.count("top.array.row_1.pe_1_1.stat_reg"));
  EXPECT_GT(v.at("top.array.row_1.pe_1_1.psum_reg").size(), 1u);  // it does change
  check_view(t.vcd_path, /*stationary=*/true);
}

// The signal whose hierarchical name ends in `suffix` (e.g. "pe_0_0.acc"), wherever the PE sits.
const std::map<int64_t, int64_t>& signal(const std::map<std::string, std::map<int64_t, int64_t>>& v,
                                         const std::string& suffix) {
  for (const auto& [name, changes] : v)
    if (name.size() >= suffix.size() + 1 &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        name[name.size() - suffix.size() - 1] == '.')
      return changes;
  throw std::runtime_error("no signal " + suffix);
}

TEST(Trace, DepthwiseByRowsShowsThePassesAndTheAccumulator) {
  // docs/timing.md §5c's example on the pin-level engine: a 3×3 kernel [1..9] over input rows
  // 1..6, 11..16, 21..26, one row of 4 PEs, --dw-mapping rows. The waveform shows DataEn on, the
  // three passes' taps on the bus (F on pass 0's first, L on pass 2's last), and PE(0, 0)'s
  // accumulator across the kernel rows: 14 after pass 0, 196 after pass 1, the sum 726 captured.
  const DwRowsCase c = dw_rows_doc_example();
  const LayerSpec& l = c.l;
  const LayerData& d = c.d;
  const ArrayConfig& a = c.a;
  const MappingOptions& o = c.o;
  Program p = map_layer(l, d, a, o);
  TraceOptions t;
  t.vcd_path = testing::TempDir() + "/dw_rows_trace.vcd";
  {
    PinEngine eng(a, t);
    const RunStats st = eng.run(&p, nullptr, "dw-rows");
    EXPECT_EQ(st.cycles, 20);
    eng.close_trace();
  }
  EXPECT_EQ(gather_output(l, a, o, p), (std::vector<int32_t>{726, 771, 816, 861}));
  const auto v = read_vcd(t.vcd_path);
  const int P = 4, K = 3, span = P + K - 1;
  EXPECT_EQ(value_at(signal(v, "data_en_0"), 1), 1);
  for (int pass = 0; pass < 3; ++pass)
    for (int q = 0; q < K; ++q) {
      const int64_t e = pass * span + P - 1 + q;
      EXPECT_EQ(value_at(signal(v, "bus_0.val"), e), 3 * pass + K - q) << "edge " << e;
      const int64_t flags = value_at(signal(v, "bus_0.flags"), e);
      EXPECT_EQ(flags & kOpValid, kOpValid);
      EXPECT_EQ((flags & kOpFirst) != 0, pass == 0 && q == 0) << "edge " << e;
      EXPECT_EQ((flags & kOpLast) != 0, pass == 2 && q == K - 1) << "edge " << e;
    }
  EXPECT_EQ(value_at(signal(v, "bus_0.flags"), span), 0);  // the fill of pass 1
  const auto& acc = signal(v, "pe_0_0.acc");
  EXPECT_EQ(value_at(acc, span), 14);
  EXPECT_EQ(value_at(acc, 2 * span), 196);
  EXPECT_EQ(value_at(signal(v, "pe_0_0.out_reg"), 3 * span), 726);
}

TEST(Trace, InputPrefetchShowsTheFeederTheSwapAndTheHpChain) {
  // The same layer with input prefetch (docs/timing.md §5d): P = 4, K = 3, 3 passes, T = 4. The
  // prefetch feeder loads pass 0's window last element first (6 5 4 3 at edges 0-3, visible one
  // edge later), the swap strobe is loaded at D_n = 3, 7, 11; after the first swap PE(0, 0) holds
  // x[2] = 3 in h and PE(0, 3) holds 6 in hp. The passes' sums appear at edges 6, 10 and 14
  // (L_pf = 4 + 2·4 + 2), 16 cycles instead of 20.
  LayerSpec l;
  l.op = OpKind::kDepthwise;
  l.in_h = 3;
  l.in_w = 6;
  l.in_c = l.out_c = 1;
  l.k_h = l.k_w = 3;
  ArrayConfig a;
  a.rows = 1;
  a.cols = 4;
  a.fuse = true;
  a.input_prefetch = true;
  MappingOptions o;
  o.dw_mapping = DwMapping::kRows;
  LayerData d = make_layer_data(l, 1);
  for (int h = 0; h < 3; ++h)
    for (int w = 0; w < 6; ++w) d.input[size_t(h) * 6 + w] = int8_t(10 * h + w + 1);
  for (int i = 0; i < 9; ++i) d.weights[size_t(i)] = int8_t(i + 1);
  Program p = map_layer(l, d, a, o);
  TraceOptions t;
  t.vcd_path = testing::TempDir() + "/prefetch_trace.vcd";
  {
    PinEngine eng(a, t);
    const RunStats st = eng.run(&p, nullptr, "dw-rows-prefetch");
    EXPECT_EQ(st.cycles, 16);
    eng.close_trace();
  }
  EXPECT_EQ(gather_output(l, a, o, p), (std::vector<int32_t>{726, 771, 816, 861}));
  const auto v = read_vcd(t.vcd_path);
  for (int e = 0; e < 4; ++e) {
    EXPECT_EQ(value_at(signal(v, "prefetch_feeder_0.val"), e), 6 - e) << "edge " << e;
    EXPECT_EQ(value_at(signal(v, "prefetch_feeder_0.valid"), e), 1) << "edge " << e;
  }
  for (int e = 0; e < 14; ++e)
    EXPECT_EQ(value_at(signal(v, "swap"), e), e == 3 || e == 7 || e == 11 ? 1 : 0) << "edge " << e;
  EXPECT_EQ(value_at(signal(v, "pe_0_0.h_reg"), 4), 3);
  EXPECT_EQ(value_at(signal(v, "pe_0_3.hp_reg"), 4), 6);
  EXPECT_EQ(value_at(signal(v, "pe_0_3.hp_flags"), 4), kOpValid);
  const auto& acc = signal(v, "pe_0_0.acc");
  EXPECT_EQ(value_at(acc, 6), 14);
  EXPECT_EQ(value_at(acc, 10), 196);
  EXPECT_EQ(value_at(signal(v, "pe_0_0.out_reg"), 14), 726);
}

}  // namespace
}  // namespace fusesim
