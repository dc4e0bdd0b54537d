// Lock-step of the RTL twin with the global-select drain (`--drain global-select`,
// docs/timing.md §5b): the Verilated arrays without shadow registers, which the controller
// switches from the serial drain (drain_idx) to the global select (out_sel) at run time, against
// the fast engine on every edge and every register (rtl/rtl_lockstep.h), and the cycle counts
// against the closed form.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dataflows/closed_form.h"
#include "rtl/rtl_lockstep.h"

namespace fusesim {
namespace rtl_test {
namespace {

// The global-select drain (`--drain global-select`, docs/timing.md §5b) on every no-shadow model:
// the same Verilated model as the serial drain, switched at run time. Random layers of every kind
// as above, three in four forced to OS (WS/IS do not drain through the array, so they only show
// that out_sel stays low), 1-D FuSe layers on the FuSe arrays, and OS GEMMs with partial folds.
class RtlLockstepGlobalSelect : public ::testing::TestWithParam<ModelParam> {};

TEST_P(RtlLockstepGlobalSelect, RandomLayersEveryEdgeEveryRegister) {
  const ModelParam& m = GetParam();
  const bool big = m.rows * m.cols > 64;
  std::mt19937_64 rng(uint64_t(5000 + m.rows * 97 + m.cols * 13 + m.fuse * 5));
  RandomJobLimits lim;
  lim.max_hw = big ? 10 : 7;
  lim.max_c = big ? 6 : 5;
  lim.max_filters = big ? 20 : 9;
  lim.max_linear = big ? 20 : 9;
  std::vector<RandomJob> jobs = random_jobs(m.fuse, rng, big ? 16 : 24, lim);
  for (size_t i = 0; i < jobs.size(); ++i)
    if (i % 4 != 3) jobs[i].o.dataflow = Dataflow::kOs;
  std::vector<RandomJob> gemms = random_gemms(m, rng, big ? 4 : 8);
  for (RandomJob& g : gemms) g.o.dataflow = Dataflow::kOs;
  jobs.insert(jobs.end(), gemms.begin(), gemms.end());
  lockstep_jobs(m, jobs, AccOverflow::kWrap, 91, false, true);
}

INSTANTIATE_TEST_SUITE_P(Models, RtlLockstepGlobalSelect, ::testing::ValuesIn(no_shadow_models()),
                         [](const ::testing::TestParamInfo<ModelParam>& p) {
                           return std::to_string(p.param.rows) + "x" +
                                  std::to_string(p.param.cols) +
                                  (p.param.fuse ? "_fuse" : "_plain") + "_global_select";
                         });

// The global-select timing, independent of the controller: an OS GEMM of M×K by K×N in folds of
// r ≤ R rows and c ≤ C columns takes Σ_f (K + r_f + c_f + 2R − 2) cycles (docs/timing.md §5b),
// here computed from the fold shapes alone; the RTL's own controller, clocked by the RTL's bottom
// row, must finish exactly then. On 3×5 (R ≠ C) and 16×16, with partial folds both ways.
TEST(RtlGlobalSelect, OsGemmCyclesEqualTheClosedForm) {
  struct Case {
    int rows, cols, M, K, N;
  };
  for (const Case& k :
       {Case{3, 5, 7, 4, 12}, Case{3, 5, 3, 1, 5}, Case{16, 16, 37, 9, 20}, Case{2, 2, 4, 3, 2}}) {
    const ModelParam& m = find_model(k.rows, k.cols, k.rows == 16, false);
    int64_t want = 0;
    for (int m0 = 0; m0 < k.M; m0 += k.rows)
      for (int n0 = 0; n0 < k.N; n0 += k.cols)
        want += k.K + std::min(k.rows, k.M - m0) + std::min(k.cols, k.N - n0) + 2 * k.rows - 2;
    RandomJob j;
    j.l.op = OpKind::kGemm;
    j.l.in_h = k.M;
    j.l.in_c = k.K;
    j.l.out_c = k.N;
    const ArrayConfig a = config_of(m, AccOverflow::kWrap, true);
    std::unique_ptr<RtlArray> rtl = m.make();
    const LayerData d = make_layer_data(j.l, 3);
    Program prog = map_layer(j.l, d, a, j.o);
    Program rtl_prog = prog;
    RunStats st;
    const LockstepResult res = lockstep_program(a, rtl.get(), &prog, &rtl_prog, &st, false);
    SCOPED_TRACE(model_name(m) + " " + describe(j));
    ASSERT_EQ(res.mismatch, "");
    EXPECT_EQ(st.cycles, want);
    EXPECT_EQ(gather_output(j.l, a, j.o, rtl_prog), golden_output(j.l, d, a, j.o));
  }
}

// Layers beyond GEMMs on the FuSe arrays without shadow registers, global select: 1-D fuse-row
// and fuse-col (several channels and output lines per fold, positions beyond C: partial folds),
// a dense conv with stride 2 and a depthwise conv in OS; each in lock-step, bit-exact, and
// finishing at the closed form's cycle (dataflows/closed_form.cpp, an independent formula).
TEST(RtlGlobalSelect, LayersEqualTheClosedForm) {
  std::vector<RandomJob> jobs(5);
  jobs[0].l.op = OpKind::kFuseRow;  // 1×3 over 7 positions per line
  jobs[0].l.in_h = 4;
  jobs[0].l.in_w = 7;
  jobs[0].l.in_c = jobs[0].l.out_c = 3;
  jobs[0].l.k_h = 1;
  jobs[0].l.k_w = 3;
  jobs[0].l.pad_w = 1;
  jobs[1].l.op = OpKind::kFuseCol;  // 5×1, stride 2
  jobs[1].l.in_h = 11;
  jobs[1].l.in_w = 5;
  jobs[1].l.in_c = jobs[1].l.out_c = 2;
  jobs[1].l.k_h = 5;
  jobs[1].l.k_w = 1;
  jobs[1].l.pad_h = 2;
  jobs[1].l.stride_h = jobs[1].l.stride_w = 2;
  jobs[2].l.op = OpKind::kFuseRow;  // 1×5, 20 positions: wider than 16 columns
  jobs[2].l.in_h = 3;
  jobs[2].l.in_w = 20;
  jobs[2].l.in_c = jobs[2].l.out_c = 2;
  jobs[2].l.k_h = 1;
  jobs[2].l.k_w = 5;
  jobs[2].l.pad_w = 2;
  jobs[3].l.op = OpKind::kConv;
  jobs[3].l.in_h = 6;
  jobs[3].l.in_w = 5;
  jobs[3].l.in_c = 3;
  jobs[3].l.out_c = 7;
  jobs[3].l.k_h = jobs[3].l.k_w = 3;
  jobs[3].l.pad_h = jobs[3].l.pad_w = 1;
  jobs[3].l.stride_h = jobs[3].l.stride_w = 2;
  jobs[4].l.op = OpKind::kDepthwise;
  jobs[4].l.in_h = jobs[4].l.in_w = 5;
  jobs[4].l.in_c = jobs[4].l.out_c = 4;
  jobs[4].l.k_h = jobs[4].l.k_w = 3;
  for (const RandomJob& j : jobs) ASSERT_EQ(j.l.validate(), std::vector<std::string>{});
  for (const ModelParam* m : {&find_model(3, 5, true, false), &find_model(16, 16, true, false)}) {
    const ArrayConfig a = config_of(*m, AccOverflow::kWrap, true);
    std::unique_ptr<RtlArray> rtl = m->make();
    uint64_t seed = 40;
    for (const RandomJob& j : jobs) {
      SCOPED_TRACE(model_name(*m) + " global-select: " + describe(j));
      const LayerData d = make_layer_data(j.l, ++seed);
      Program prog = map_layer(j.l, d, a, j.o);
      Program rtl_prog = prog;
      RunStats st;
      const LockstepResult res = lockstep_program(a, rtl.get(), &prog, &rtl_prog, &st, false);
      ASSERT_EQ(res.mismatch, "");
      EXPECT_GT(res.out_sel_edges, 0);
      EXPECT_EQ(res.drain_edges, 0);
      EXPECT_EQ(st.cycles, closed_form(j.l, a, j.o).cycles);
      EXPECT_EQ(gather_output(j.l, a, j.o, rtl_prog), golden_output(j.l, d, a, j.o));
    }
  }
}

// A global-select run on an array with shadow registers is refused, not silently drained by
// the wrong registers.
TEST(RtlGlobalSelect, ShadowModelRefusesOutSel) {
  const ModelParam& m = find_model(2, 2, false, true);
  std::unique_ptr<RtlArray> rtl = m.make();
  rtl->reset(false, false);
  Boundary b;
  b.resize(2, 2);
  b.out_sel = true;
  EXPECT_THROW(rtl->clock(b), std::logic_error);
}

TEST(RtlGlobalSelect, ModelRefusesInputPrefetch) {
  // No prefetch chain in the RTL: a boundary that uses it is refused, not run without it.
  const ModelParam& m = find_model(2, 2, false, true);
  std::unique_ptr<RtlArray> rtl = m.make();
  rtl->reset(false, false);
  Boundary b;
  b.resize(2, 2);
  b.swap = true;
  EXPECT_THROW(rtl->clock(b), std::logic_error);
  b.swap = false;
  b.prefetch[1] = Operand::make(5);
  EXPECT_THROW(rtl->clock(b), std::logic_error);
  b.prefetch[1] = Operand{};
  EXPECT_NO_THROW(rtl->clock(b));
}

}  // namespace
}  // namespace rtl_test
}  // namespace fusesim
