#include "mem/dram_trace.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "mem/dram.h"
#include "workloads/input_error.h"

namespace fusesim {
namespace {

std::string write_file(const std::string& text) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string path =
      ::testing::TempDir() + "fusesim_mem_" + info->test_suite_name() + "_" + info->name() + ".txt";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

DramConfig small_dram() {
  DramConfig c;
  c.name = "small";
  c.banks = 2;
  c.rows = 16;
  c.row_bytes = 256;
  c.t_rcd = 3;
  c.t_cl = 5;
  c.t_rp = 2;
  c.t_ras = 10;
  c.dram_clock_mhz = 1600;
  c.array_clock_mhz = 1000;
  return c;
}

TEST(DramTraceWriter, Ramulator2Text) {
  std::ostringstream out;
  DramTraceWriter w(out, DramTraceFormat::kRamulator2);
  w.write(0x0, false, 0);
  w.write(0x1f40, true, 123);
  w.write(0xffffffffffffffc0ull, false, 7);
  EXPECT_EQ(out.str(), "LD 0x0\nST 0x1f40\nLD 0xffffffffffffffc0\n");
  EXPECT_EQ(w.lines(), 3);
}

TEST(DramTraceWriter, Dramsim3Text) {
  std::ostringstream out;
  DramTraceWriter w(out, DramTraceFormat::kDramsim3);
  w.write(0x0, false, 0);
  w.write(0x1f40, true, 123);
  EXPECT_EQ(out.str(), "0x0 READ 0\n0x1f40 WRITE 123\n");
}

TEST(DramTraceWriter, FormatNames) {
  DramTraceFormat f = DramTraceFormat::kRamulator2;
  EXPECT_TRUE(parse_dram_trace_format("dramsim3", &f));
  EXPECT_EQ(f, DramTraceFormat::kDramsim3);
  EXPECT_FALSE(parse_dram_trace_format("ramulator", &f));
  EXPECT_STREQ(to_string(DramTraceFormat::kRamulator2), "ramulator2");
}

// One line per 64-byte burst, with the issue cycle in DRAM cycles (array 5 -> DRAM 8 at 1.6x).
TEST(DramTraceWriter, WrittenByDram) {
  std::ostringstream a, b;
  DramTraceWriter ram(a, DramTraceFormat::kRamulator2);
  DramTraceWriter dsim(b, DramTraceFormat::kDramsim3);
  Dram d(small_dram());
  d.set_trace(&ram);
  d.access(DramRequest{0x1010, 100, false, 5});  // bursts 0x1000, 0x1040
  d.set_trace(&dsim);
  d.access(DramRequest{0x1010, 100, false, 5});
  d.access(DramRequest{0x2000, 64, true, 6});
  d.set_trace(nullptr);
  d.access(DramRequest{0x3000, 64, true, 7});
  EXPECT_EQ(a.str(), "LD 0x1000\nLD 0x1040\n");
  EXPECT_EQ(b.str(), "0x1000 READ 8\n0x1040 READ 8\n0x2000 WRITE 10\n");
}

TEST(DramTraceWriter, TeeWritesBothFormats) {
  std::ostringstream a, b;
  DramTraceWriter ram(a, DramTraceFormat::kRamulator2);
  DramTraceWriter dsim(b, DramTraceFormat::kDramsim3);
  ram.tee(&dsim);
  Dram d(small_dram());
  d.set_trace(&ram);
  d.access(DramRequest{0x1010, 100, false, 5});
  d.access(DramRequest{0x2000, 64, true, 6});
  EXPECT_EQ(a.str(), "LD 0x1000\nLD 0x1040\nST 0x2000\n");
  EXPECT_EQ(b.str(), "0x1000 READ 8\n0x1040 READ 8\n0x2000 WRITE 10\n");
  EXPECT_EQ(ram.lines(), 3);
  EXPECT_EQ(dsim.lines(), 3);
}

TEST(LatencyFile, Reads) {
  const std::string path = write_file("# latencies\n12\n\n  7 \r\n0\n1099511627775\n");
  const DramLatencies l = read_latency_file(path);
  EXPECT_EQ(l.file, path);
  EXPECT_EQ(l.cycles, (std::vector<int64_t>{12, 7, 0, 1099511627775}));
  EXPECT_EQ(l.line_count, 6);
}

TEST(LatencyFile, BadValuesNamed) {
  const std::string path = write_file("12\n-3\nabc\n1.5\n1099511627776\n8\n");
  try {
    read_latency_file(path);
    FAIL() << "no error";
  } catch (const InputError& e) {
    ASSERT_EQ(e.issues().size(), 4u) << e.what();
    EXPECT_EQ(e.issues()[0].line, 2);
    EXPECT_EQ(e.issues()[0].field, "latency");
    EXPECT_EQ(e.issues()[0].detail, "expected a non-negative integer below 2^40, got '-3'");
    EXPECT_EQ(e.issues()[1].line, 3);
    EXPECT_EQ(e.issues()[2].line, 4);
    EXPECT_EQ(e.issues()[3].line, 5);
  }
  EXPECT_THROW(read_latency_file(::testing::TempDir() + "fusesim_mem_no_latencies.txt"),
               InputError);
}

// The two-pass flow: write the trace, let "another simulator" answer one latency per line, replay.
TEST(LatencyFile, ReplayThroughDram) {
  DramConfig c = small_dram();
  c.mode = DramMode::kReplay;
  c.latency_file = write_file("16\n32\n");
  Dram d(c);
  EXPECT_EQ(d.access(DramRequest{0x0, 64, false, 5}), 15);  // DRAM 8 + 16 = 24 -> 15
  EXPECT_EQ(d.access(DramRequest{0x0, 64, false, 5}), 25);  // DRAM 8 + 32 = 40 -> 25
  try {
    d.access(DramRequest{0x0, 64, false, 6});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), c.latency_file);
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.field(), "latency");
    EXPECT_NE(e.detail().find("has 2 latencies"), std::string::npos);
  }
}

}  // namespace
}  // namespace fusesim
