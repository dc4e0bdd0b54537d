// ArrayConfig: the accumulator overflow rule's names and validation.
#include "hw/array_config.h"

#include <gtest/gtest.h>

namespace fusesim {
namespace {

TEST(ArrayConfig, AccOverflowNamesRoundTrip) {
  EXPECT_EQ(ArrayConfig{}.acc_overflow, AccOverflow::kWrap);  // the default: a plain int32 adder
  for (AccOverflow m : {AccOverflow::kWrap, AccOverflow::kSaturate}) {
    AccOverflow parsed = m == AccOverflow::kWrap ? AccOverflow::kSaturate : AccOverflow::kWrap;
    ASSERT_TRUE(parse_acc_overflow(to_string(m), &parsed));
    EXPECT_EQ(parsed, m);
  }
  AccOverflow m = AccOverflow::kWrap;
  EXPECT_TRUE(parse_acc_overflow("Saturate", &m));
  EXPECT_EQ(m, AccOverflow::kSaturate);
  EXPECT_FALSE(parse_acc_overflow("clamp", &m));
  EXPECT_FALSE(parse_acc_overflow("", &m));
  EXPECT_EQ(m, AccOverflow::kSaturate);  // untouched on failure
}

TEST(ArrayConfig, UnknownAccOverflowIsReported) {
  ArrayConfig a;
  EXPECT_TRUE(a.validate().empty());
  a.acc_overflow = AccOverflow(7);
  ASSERT_EQ(a.validate().size(), 1u);
  EXPECT_NE(a.validate()[0].find("overflow"), std::string::npos);
}

}  // namespace
}  // namespace fusesim
