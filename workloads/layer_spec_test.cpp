#include "workloads/layer_spec.h"

#include <gtest/gtest.h>

#include <climits>

namespace fusesim {
namespace {

bool mentions(const std::vector<std::string>& errs, const std::string& what) {
  for (const auto& e : errs)
    if (e.find(what) != std::string::npos) return true;
  return false;
}

// Issue 15, defect 2: these once overflowed int arithmetic inside validate().
TEST(LayerSpecValidate, HugeKernelPadAndStrideAreRefusedWithoutOverflow) {
  LayerSpec l;
  l.in_h = l.in_w = 1;
  l.in_c = 3;
  l.out_c = 4;
  l.k_h = l.k_w = 1000000000;
  l.pad_h = l.pad_w = 1000000000;
  l.stride_h = l.stride_w = 1000000000;
  const auto e = l.validate();
  ASSERT_FALSE(e.empty());
  EXPECT_TRUE(mentions(e, "padded input height 2000000001 is over the limit")) << e.front();
}

TEST(LayerSpecValidate, PaddedHeightIsReportedExactly) {
  LayerSpec l;
  l.in_h = 200000000;
  l.in_w = l.in_c = l.out_c = 1;
  l.pad_h = 1000000000;
  const auto e = l.validate();
  ASSERT_FALSE(e.empty());
  EXPECT_TRUE(mentions(e, "padded input height 2200000000")) << e.front();
  EXPECT_FALSE(mentions(e, "-2094967296"));
}

TEST(LayerSpecValidate, ElementProductsSaturateInsteadOfWrapping) {
  LayerSpec l;
  l.batch = INT_MAX;
  l.in_h = l.in_w = 1 << 29;
  l.in_c = l.out_c = INT_MAX;
  const auto e = l.validate();
  ASSERT_EQ(e.size(), 1u);
  EXPECT_TRUE(mentions(e, "layer too large to simulate: more than 2^63")) << e.front();
}

TEST(LayerSpecValidate, WeightsCountTowardsTheLimit) {
  LayerSpec l;
  l.in_h = l.in_w = 1;
  l.in_c = 65536;
  l.out_c = 32768;  // 2^31 weights, one output pixel
  EXPECT_TRUE(mentions(l.validate(), "layer too large"));
  l.out_c = 16384;  // 2^30: at the limit
  EXPECT_TRUE(l.validate().empty());
}

TEST(LayerSpecValidate, KernelLargerThanPaddedInput) {
  LayerSpec l;
  l.in_h = l.in_w = 4;
  l.k_h = 9;
  l.k_w = 3;
  l.pad_h = l.pad_w = 1;
  EXPECT_TRUE(mentions(l.validate(), "kernel height 9 is larger than the padded input height 6"));
}

}  // namespace
}  // namespace fusesim
