// Lock-step of the RTL twin: the Verilated SystemVerilog array (rtl/fusesim_array.sv) and the
// fast engine run the same Program, each driven by its own ArrayController, and after every edge
// every register of every PE must be equal. The RTL's controller samples the RTL's bottom row, so
// the RTL also has to deliver every output to the bottom buffer at the same edge: the results,
// the cycle count and the golden comparison are checked as well. A mismatch names the first edge,
// PE and register that differ (the harness: rtl/rtl_lockstep.h). Here the shadow-register and the
// serial drain; the global-select drain is in rtl_global_select_test.cpp.
#include "rtl/rtl_lockstep.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "workloads/network_zoo.h"

namespace fusesim {
namespace rtl_test {
namespace {

class RtlLockstep : public ::testing::TestWithParam<ModelParam> {};

// Random layers of every kind (dense conv, pointwise and 1×1, depthwise in all three conventions,
// linear, GEMM; FuSe 1×K / K×1 on the FuSe array) in OS, WS and IS, strides 1 and 2, padding,
// batches of 1–2, and partial folds (shapes are not multiples of the array).
TEST_P(RtlLockstep, RandomLayersEveryEdgeEveryRegister) {
  const ModelParam& m = GetParam();
  const bool big = m.rows * m.cols > 64;
  std::mt19937_64 rng(uint64_t(1000 + m.rows * 97 + m.cols * 13 + m.fuse * 5 + m.shadow));
  RandomJobLimits lim;
  lim.max_hw = big ? 10 : 7;
  lim.max_c = big ? 6 : 5;
  lim.max_filters = big ? 20 : 9;
  lim.max_linear = big ? 20 : 9;
  std::vector<RandomJob> jobs = random_jobs(m.fuse, rng, big ? 24 : 40, lim);
  const std::vector<RandomJob> gemms = random_gemms(m, rng, big ? 6 : 12);
  jobs.insert(jobs.end(), gemms.begin(), gemms.end());
  lockstep_jobs(m, jobs);
}

INSTANTIATE_TEST_SUITE_P(Models, RtlLockstep, ::testing::ValuesIn(all_models()),
                         [](const ::testing::TestParamInfo<ModelParam>& p) {
                           return model_name(p.param);
                         });

// The harness can fail: one flipped register bit in the RTL's view must be reported with its
// edge, PE and register.
TEST(RtlHarness, ReportsTheFirstDifferingRegister) {
  PeRegs model;
  model.psum = Word32{41, true};
  PeRegs rtl = model;
  EXPECT_EQ(first_difference(rtl, model), "");
  rtl.psum.val ^= 1 << 3;
  EXPECT_EQ(first_difference(rtl, model), "psum: rtl 33, model 41");
  rtl = model;
  rtl.h.flags = kOpValid | kOpLast;
  EXPECT_EQ(first_difference(rtl, model), "h: rtl 0 L, model 0 invalid");
}

// A run that differs from the model is caught: the RTL is configured with the saturating adder
// while the model wraps, on a GEMM whose sums overflow.
TEST(RtlHarness, CatchesAnRtlThatDiffers) {
  const ModelParam& m = find_model(4, 4, false, true);
  const ArrayConfig a = config_of(m);
  std::unique_ptr<RtlArray> rtl = m.make();
  LayerSpec l;
  l.op = OpKind::kGemm;
  l.in_h = 2;
  l.in_c = 140000;
  l.out_c = 2;
  LayerData d = make_layer_data(l, 1);
  std::fill(d.input.begin(), d.input.end(), int8_t(-128));
  std::fill(d.weights.begin(), d.weights.end(), int8_t(-128));
  Program prog = map_layer(l, d, a, MappingOptions{});
  Program rtl_prog = prog;
  RunStats st;
  const LockstepResult res = lockstep_program(a, rtl.get(), &prog, &rtl_prog, &st, true);
  // PE (0, 0) multiplies pair k at edge k + 1; after 131,072 products (edge 131,072) its running
  // sum is 2^31: the model wraps to INT32_MIN, the RTL saturates to INT32_MAX.
  EXPECT_EQ(res.mismatch,
            "edge 131072, PE (0, 0), register acc: rtl 2147483647, model -2147483648");
}

// Accumulator overflow at the limits: all operands −128 and K = 140,000 (OS, WS, IS), under
// both rules; the RTL's 32-bit adders must wrap or saturate exactly like acc_add().
void overflow_case(AccOverflow rule) {
  const ModelParam& m = find_model(4, 4, true, true);
  std::vector<RandomJob> jobs;
  for (Dataflow df : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs}) {
    RandomJob j;
    j.l.op = OpKind::kGemm;
    j.l.in_h = 2;
    j.l.in_c = 140000;
    j.l.out_c = 3;
    j.o.dataflow = df;
    jobs.push_back(j);
  }
  lockstep_jobs(m, jobs, rule, 1, true);
}
TEST(RtlOverflow, Wraps) { overflow_case(AccOverflow::kWrap); }
TEST(RtlOverflow, Saturates) { overflow_case(AccOverflow::kSaturate); }

// One whole MobileNet-V2 bottleneck (expand 1×1, depthwise 3×3 stride 2, project 1×1; the block
// of the network zoo that takes 14×14×96 to 7×7×160) on 16×16, every layer in every dataflow
// the block is run with.
std::vector<RandomJob> mobilenet_v2_bottleneck(Dataflow df) {
  const std::vector<LayerSpec> net = build_network("mobilenet_v2", "baseline");
  for (size_t i = 0; i + 2 < net.size(); ++i) {
    const LayerSpec& dw = net[i + 1];
    if (dw.op == OpKind::kDepthwise && dw.stride_h == 2 && dw.in_h == 14 && dw.k_h == 3) {
      std::vector<RandomJob> jobs(3);
      for (int k = 0; k < 3; ++k) {
        jobs[k].l = net[i + k];
        jobs[k].o.dataflow = df;
      }
      return jobs;
    }
  }
  throw std::logic_error("mobilenet_v2 has no 14x14 stride-2 bottleneck");
}

TEST(RtlMobileNetV2, Bottleneck16x16FuseShadowOs) {
  const std::vector<RandomJob> jobs = mobilenet_v2_bottleneck(Dataflow::kOs);
  ASSERT_EQ(jobs[0].l.k_h, 1);
  ASSERT_EQ(jobs[2].l.k_h, 1);
  lockstep_jobs(find_model(16, 16, true, true), jobs);
}

TEST(RtlMobileNetV2, Bottleneck16x16FuseSerialWs) {
  lockstep_jobs(find_model(16, 16, true, false), mobilenet_v2_bottleneck(Dataflow::kWs));
}

}  // namespace
}  // namespace rtl_test
}  // namespace fusesim
