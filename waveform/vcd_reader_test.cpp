#include "waveform/vcd_reader.h"

#include <gtest/gtest.h>

namespace fusesim {
namespace {

// Written by hand in the layout SystemC 2.3.4 uses (sorted scopes, "b0 id" vectors, ranges as
// separate tokens), plus a few things other writers do: "1ns" without a space, a range glued to
// the reference, an alias code, x/z values and a real.
const char* kVcd = R"($date
     Nov 25, 2026 $end
$version SystemC 2.3.4 $end
$timescale
     1ns
$end
$scope module SystemC $end
$scope module array $end
$var wire    1  !  latch       $end
$var wire   16  "  drain_idx_0 [15:0]  $end
$scope module pe_0_1 $end
$var wire   32  #  acc [31:0]  $end
$scope module h_reg $end
$var wire   8  $  val [7:0]  $end
$var wire   2  %  flags[1:0]  $end
$upscope $end
$upscope $end
$scope module pe_1_1 $end
$scope module h_reg $end
$var wire   8  &  val [7:0]  $end
$upscope $end
$upscope $end
$var wire   1  !  latch_alias $end
$var real  64  '  temp $end
$upscope $end
$upscope $end
$enddefinitions  $end
$comment
All initial values are dumped below at time 0.
$end
$dumpvars
0!
b0 "
b0 #
bx $
b0 %
b0 &
r0.5 '
$end
#1
1!
b101 #
b11111101 $
b1 %
#2
0!
b10 "
b11111111111111111111111111111101 #
b00000111 $
z&
b11 %
#3
b1 %
#3
b10 %
r2.25 '
#10
)";

TEST(VcdReader, ReadsHeaderAndHierarchy) {
  const VcdReader v = VcdReader::parse(kVcd);
  EXPECT_EQ(v.timescale_magnitude(), 1);
  EXPECT_EQ(v.timescale_unit(), "ns");
  EXPECT_DOUBLE_EQ(v.timescale_seconds(), 1e-9);
  EXPECT_EQ(v.end_time(), 10);
  ASSERT_EQ(v.vars().size(), 8u);
  EXPECT_EQ(v.vars()[0].name, "SystemC.array.latch");
  EXPECT_EQ(v.vars()[1].name, "SystemC.array.drain_idx_0");
  EXPECT_EQ(v.vars()[1].width, 16);
  EXPECT_EQ(v.vars()[1].range, "[15:0]");
  EXPECT_EQ(v.vars()[3].name, "SystemC.array.pe_0_1.h_reg.val");
  EXPECT_EQ(v.vars()[4].name, "SystemC.array.pe_0_1.h_reg.flags");
  EXPECT_EQ(v.vars()[4].range, "[1:0]");
  EXPECT_EQ(v.vars()[5].name, "SystemC.array.pe_1_1.h_reg.val");
  EXPECT_EQ(v.vars()[6].name, "SystemC.array.latch_alias");
  EXPECT_EQ(v.var("temp").type, "real");
}

TEST(VcdReader, ScalarValuesOnBothSidesOfAChange) {
  const VcdReader v = VcdReader::parse(kVcd);
  EXPECT_EQ(v.value_at("SystemC.array.latch", 0), 0u);
  EXPECT_EQ(v.value_at("SystemC.array.latch", 1), 1u);  // changes at 1: visible at 1
  EXPECT_EQ(v.value_at("SystemC.array.latch", 2), 0u);
  EXPECT_EQ(v.value_at("SystemC.array.latch", 100), 0u);  // holds after the last change
  EXPECT_EQ(v.bits_at("array.latch", 1), "1");
}

TEST(VcdReader, VectorsAreZeroExtendedAndSigned) {
  const VcdReader v = VcdReader::parse(kVcd);
  EXPECT_EQ(v.bits_at("pe_0_1.acc", 1), std::string(29, '0') + "101");
  EXPECT_EQ(v.value_at("pe_0_1.acc", 1), 5u);
  EXPECT_EQ(v.signed_value_at("pe_0_1.acc", 2), -3);
  EXPECT_EQ(v.value_at("pe_0_1.acc", 2), 0xFFFFFFFDu);
  EXPECT_EQ(v.signed_value_at("pe_0_1.h_reg.val", 1), -3);
  EXPECT_EQ(v.signed_value_at("pe_0_1.h_reg.val", 2), 7);
  EXPECT_EQ(v.value_at("drain_idx_0", 1), 0u);
  EXPECT_EQ(v.value_at("drain_idx_0", 2), 2u);
}

TEST(VcdReader, UnknownAndHighImpedanceBits) {
  const VcdReader v = VcdReader::parse(kVcd);
  EXPECT_EQ(v.bits_at("pe_0_1.h_reg.val", 0), "xxxxxxxx");  // bx extends with x
  EXPECT_THROW(v.value_at("pe_0_1.h_reg.val", 0), std::runtime_error);
  EXPECT_EQ(v.bits_at("pe_1_1.h_reg.val", 2), "zzzzzzzz");  // scalar z on a vector
  EXPECT_EQ(v.bits_at("pe_1_1.h_reg.val", 1), "00000000");
}

TEST(VcdReader, BeforeTheFirstChangeEverythingIsX) {
  const VcdReader v = VcdReader::parse(
      "$timescale 1 ps $end\n$var wire 4 a s $end\n"
      "$enddefinitions $end\n#5\nb1010 a\n");
  EXPECT_EQ(v.timescale_unit(), "ps");
  EXPECT_EQ(v.bits_at("s", 4), "xxxx");
  EXPECT_EQ(v.value_at("s", 5), 10u);
  EXPECT_EQ(v.signed_value_at("s", 5), -6);
}

TEST(VcdReader, LastChangeAtATimeWins) {
  const VcdReader v = VcdReader::parse(kVcd);
  EXPECT_EQ(v.value_at("pe_0_1.h_reg.flags", 1), 1u);
  EXPECT_EQ(v.value_at("pe_0_1.h_reg.flags", 2), 3u);
  EXPECT_EQ(v.value_at("pe_0_1.h_reg.flags", 3), 2u);
  EXPECT_EQ(v.changes("pe_0_1.h_reg.flags").size(), 5u);
}

TEST(VcdReader, AliasesShareTheirChanges) {
  const VcdReader v = VcdReader::parse(kVcd);
  EXPECT_EQ(v.value_at("latch_alias", 1), 1u);
  EXPECT_EQ(v.value_at("latch_alias", 2), 0u);
}

TEST(VcdReader, Reals) {
  const VcdReader v = VcdReader::parse(kVcd);
  EXPECT_EQ(v.bits_at("temp", 2), "0.5");
  EXPECT_EQ(v.bits_at("temp", 3), "2.25");
  EXPECT_THROW(v.value_at("temp", 3), std::runtime_error);
}

TEST(VcdReader, NameLookup) {
  const VcdReader v = VcdReader::parse(kVcd);
  EXPECT_TRUE(v.has("SystemC.array.pe_0_1.h_reg.val"));
  EXPECT_TRUE(v.has("array.pe_0_1.h_reg.val"));
  EXPECT_TRUE(v.has("pe_0_1.h_reg.val[7:0]"));  // GTKWave's spelling with the range
  EXPECT_FALSE(v.has("h_reg.val"));             // two PEs have one: ambiguous
  EXPECT_THROW(v.value_at("h_reg.val", 1), std::out_of_range);
  EXPECT_FALSE(v.has("g_reg.val"));
  EXPECT_FALSE(v.has("_0_1.h_reg.val"));  // a suffix must start at a '.'
  EXPECT_THROW(v.value_at("nothing", 1), std::out_of_range);
}

TEST(VcdReader, MalformedInputNamesTheLine) {
  try {
    VcdReader::parse("$var wire 1 ! a $end\n$enddefinitions $end\n#0\n1?\n");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 4"), std::string::npos) << e.what();
  }
  EXPECT_THROW(VcdReader::parse("$scope module a $end\n"), std::runtime_error);
  EXPECT_THROW(VcdReader::parse("$var wire 1 ! a\n"), std::runtime_error);
  EXPECT_THROW(VcdReader::parse("$var wire 1 ! a $end\n#x\n"), std::runtime_error);
  EXPECT_THROW(VcdReader::parse("$var wire 4 ! a $end\nb12 !\n"), std::runtime_error);
  EXPECT_THROW(VcdReader::load("/nonexistent/run.vcd"), std::runtime_error);
}

}  // namespace
}  // namespace fusesim
