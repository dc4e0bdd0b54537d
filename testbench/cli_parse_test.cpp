#include "testbench/cli_parse.h"

#include <gtest/gtest.h>

namespace fusesim {
namespace {

TEST(CliParse, IntegersAreStrict) {
  int64_t v = 7;
  EXPECT_TRUE(parse_int_strict("42", 0, 100, &v));
  EXPECT_EQ(v, 42);
  EXPECT_TRUE(parse_int_strict("-5", -10, 10, &v));
  EXPECT_EQ(v, -5);
  EXPECT_TRUE(parse_int_strict("+3", 0, 10, &v));
  EXPECT_EQ(v, 3);
  EXPECT_TRUE(parse_int_strict("-9223372036854775808", INT64_MIN, 0, &v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_TRUE(parse_int_strict("9223372036854775807", 0, INT64_MAX, &v));
  EXPECT_EQ(v, INT64_MAX);
  v = 7;
  for (const char* bad :
       {"", "-", "+", " 1", "1 ", "1e3", "0x10", "1.0", "12a", "9223372036854775808",
        "-9223372036854775809", "99999999999999999999", "101"})
    EXPECT_FALSE(parse_int_strict(bad, -100, 100, &v)) << bad;
  EXPECT_EQ(v, 7);  // untouched on failure
}

TEST(CliParse, DimsAndPairs) {
  EXPECT_EQ(parse_dims("--ifmap", "56x56x32", 3, "HxWxC"), (std::vector<int>{56, 56, 32}));
  EXPECT_EQ(parse_dims("--array", "4X8", 2, "RxC"), (std::vector<int>{4, 8}));
  EXPECT_EQ(parse_pair("--stride", "2", "S"), (std::vector<int>{2, 2}));
  EXPECT_EQ(parse_pair("--stride", "2x1", "S"), (std::vector<int>{2, 1}));
  for (const char* bad :
       {"", "x", "8x", "x8", "8x8x", "8xx8", "8by8", "8x8x8", "1000000001x1", "4294967297x1"})
    EXPECT_THROW(parse_dims("--array", bad, 2, "RxC"), UsageError) << bad;
  try {
    parse_dims("--array", "8by8", 2, "RxC (e.g. 64x64)");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "--array: expected RxC (e.g. 64x64), got '8by8'");
  }
  EXPECT_THROW(require_positive("--array", {4, 0}), UsageError);
  EXPECT_NO_THROW(require_positive("--array", {4, 1}));
}

// Issue 15, defect 8: sscanf once wrapped or clamped these.
TEST(CliParse, TraceWindowsDoNotWrap) {
  const PeWindow w = parse_trace_pes("0:2,1:3");
  EXPECT_EQ(w.row0, 0);
  EXPECT_EQ(w.row1, 2);
  EXPECT_EQ(w.col0, 1);
  EXPECT_EQ(w.col1, 3);
  for (const char* bad : {"0:99999999999,0:1", "0:4294967297,0:1", "-1:2,0:1", "2:2,0:1",
                          "0:1,0:1junk", "0:1;0:1", "0:1,0:1,0:1", " 0:1,0:1", "0:1,0:+"})
    EXPECT_THROW(parse_trace_pes(bad), UsageError) << bad;
  EXPECT_EQ(parse_trace_cycles("10:20"), (std::pair<int64_t, int64_t>{10, 20}));
  EXPECT_EQ(parse_trace_cycles("5:5").second, 5);
  for (const char* bad : {"20:10", "1:x", ":5", "5:", "-1:5", "99999999999999999999:1", "1:2:3"})
    EXPECT_THROW(parse_trace_cycles(bad), UsageError) << bad;
}

// Issue 15, defect 9: --clock-mhz inf was refused only after the simulation.
TEST(CliParse, RealsAreFiniteAndPositive) {
  EXPECT_DOUBLE_EQ(parse_positive_real("--clock-mhz", "1000"), 1000.0);
  EXPECT_DOUBLE_EQ(parse_positive_real("--clock-mhz", "2.5e2"), 250.0);
  for (const char* bad :
       {"inf", "-inf", "nan", "0", "-5", "", "1e999", "12MHz", " 5", "0x", "0x10", "infinity"})
    EXPECT_THROW(parse_positive_real("--clock-mhz", bad), UsageError) << bad;
}

TEST(CliParse, PrintableEscapesControlBytes) {
  EXPECT_EQ(printable(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(printable("x\ny"), "x\\x0Ay");
  EXPECT_EQ(printable("x\ny", true), "x\ny");
  EXPECT_EQ(printable("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 passes
  EXPECT_EQ(printable("\x1b[31m"), "\\x1B[31m");
}

}  // namespace
}  // namespace fusesim
