// Lock-step of the RTL twin: the Verilated SystemVerilog array (rtl/fusesim_array.sv) and the
// fast engine run the same Program, each driven by its own ArrayController, and after every edge
// every register of every PE must be equal. The RTL's controller samples the RTL's bottom row, so
// the RTL also has to deliver every output to the bottom buffer at the same edge: the results,
// the cycle count and the golden comparison are checked as well. A mismatch names the first edge,
// PE and register that differ. Every no-shadow model runs the serial drain and the global-select
// drain (docs/timing.md §5b), chosen at run time by the controller's drain_idx / out_sel.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <ostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "dataflows/layer_mapping.h"
#include "hw/array_controller.h"
#include "hw/fast_engine.h"
#include "hw/random_jobs.h"
#include "rtl/verilated_array.h"
#include "rtl_models.h"
#include "workloads/layer_data.h"
#include "workloads/network_zoo.h"

namespace fusesim {
namespace {

/// One Verilated parameter set.
struct ModelParam {
  int rows;
  int cols;
  bool fuse;
  bool shadow;
  std::unique_ptr<RtlArray> (*make)();
};

#define FUSESIM_RTL_PARAM(V, R, C, F, S) \
  ModelParam{R, C, F != 0, S != 0,       \
             [] { return std::unique_ptr<RtlArray>(new VerilatedArray<V>(R, C, S != 0)); }},
const std::vector<ModelParam>& all_models() {
  static const std::vector<ModelParam> kModels = {FUSESIM_RTL_MODELS(FUSESIM_RTL_PARAM)};
  return kModels;
}
#undef FUSESIM_RTL_PARAM

std::string model_name(const ModelParam& m) {
  return std::to_string(m.rows) + "x" + std::to_string(m.cols) + (m.fuse ? "_fuse" : "_plain") +
         (m.shadow ? "_shadow" : "_serial");
}

/// gtest prints the parameter in test listings (and ctest in test names): the model's name, not
/// its bytes.
void PrintTo(const ModelParam& m, std::ostream* os) { *os << model_name(m); }

const ModelParam& find_model(int rows, int cols, bool fuse, bool shadow) {
  for (const ModelParam& m : all_models())
    if (m.rows == rows && m.cols == cols && m.fuse == fuse && m.shadow == shadow) return m;
  throw std::logic_error("no Verilated model " + std::to_string(rows) + "x" + std::to_string(cols) +
                         " fuse=" + std::to_string(fuse) + " shadow=" + std::to_string(shadow) +
                         " (rtl/rtl.cmake)");
}

/// The model's array; `global_select` (no-shadow models only) picks the global-select drain
/// instead of the serial one.
ArrayConfig config_of(const ModelParam& m, AccOverflow rule = AccOverflow::kWrap,
                      bool global_select = false) {
  if (global_select && m.shadow)
    throw std::logic_error(model_name(m) + " has shadow registers: no global-select drain");
  ArrayConfig a;
  a.rows = m.rows;
  a.cols = m.cols;
  a.fuse = m.fuse;
  a.overlap_drain = m.shadow;
  a.global_select = global_select;
  a.acc_overflow = rule;
  return a;
}

/// The no-shadow models, which also run the global-select drain.
std::vector<ModelParam> no_shadow_models() {
  std::vector<ModelParam> v;
  for (const ModelParam& m : all_models())
    if (!m.shadow) v.push_back(m);
  return v;
}

std::string show(const Operand& o) {
  std::ostringstream s;
  s << int(o.val) << (o.valid() ? "" : " invalid") << (o.first() ? " F" : "")
    << (o.last() ? " L" : "");
  return s.str();
}
std::string show(const Word32& w) { return std::to_string(w.val) + (w.valid ? "" : " invalid"); }

/// The first register of a PE that differs ("" when all agree), with both values.
std::string first_difference(const PeRegs& rtl, const PeRegs& model) {
  if (!(rtl.h == model.h)) return "h: rtl " + show(rtl.h) + ", model " + show(model.h);
  if (!(rtl.v == model.v)) return "v: rtl " + show(rtl.v) + ", model " + show(model.v);
  if (!(rtl.s == model.s)) return "s: rtl " + show(rtl.s) + ", model " + show(model.s);
  if (rtl.acc != model.acc)
    return "acc: rtl " + std::to_string(rtl.acc) + ", model " + std::to_string(model.acc);
  if (rtl.acc_valid != model.acc_valid)
    return "acc_valid: rtl " + std::to_string(rtl.acc_valid) + ", model " +
           std::to_string(model.acc_valid);
  if (!(rtl.psum == model.psum))
    return "psum: rtl " + show(rtl.psum) + ", model " + show(model.psum);
  if (!(rtl.out == model.out)) return "out: rtl " + show(rtl.out) + ", model " + show(model.out);
  return "";
}

struct LockstepResult {
  std::string mismatch;       ///< first difference, "" if none
  int64_t edges = 0;          ///< edges compared
  int64_t out_sel_edges = 0;  ///< edges during which the RTL's out_sel was set
  int64_t drain_edges = 0;    ///< edges during which some column's drain index was non-zero
};

/// Runs `prog` on the fast engine and, edge by edge inside its observer, on the RTL driven by a
/// second controller over a copy of the program. The RTL's adders saturate when `rtl_saturate`
/// (normally a.acc_overflow; a test configures it wrongly on purpose). Returns the first
/// difference; *rtl_prog holds the RTL's bottom buffer afterwards.
LockstepResult lockstep_program(const ArrayConfig& a, RtlArray* rtl, Program* prog,
                                Program* rtl_prog, RunStats* fast_stats, bool rtl_saturate) {
  const bool ws = prog->pe_mode() == PeMode::kWeightStationary;
  rtl->reset(ws, rtl_saturate);
  ArrayController ctrl(a, rtl_prog);
  EventCounters ev;
  std::vector<Word32> bottom(size_t(a.cols));
  LockstepResult res;
  FastEngine fast(a);
  auto observer = [&](int64_t e, const std::vector<PeRegs>& regs) {
    if (!res.mismatch.empty()) return;
    try {
      if (ctrl.done() || ctrl.edge() != e) {
        res.mismatch = "edge " + std::to_string(e) + ": the RTL's controller is at edge " +
                       std::to_string(ctrl.edge()) + (ctrl.done() ? " and done" : "");
        return;
      }
      rtl->bottom(ws, bottom.data());
      const Boundary& b = ctrl.boundary();
      res.out_sel_edges += b.out_sel;
      res.drain_edges +=
          std::any_of(b.drain_idx.begin(), b.drain_idx.end(), [](int16_t j) { return j != 0; });
      rtl->clock(b);
      ctrl.clock_edge(bottom.data(), &ev);
    } catch (const std::exception& ex) {
      res.mismatch = "edge " + std::to_string(e) + ": RTL run failed: " + ex.what();
      return;
    }
    ++res.edges;
    for (int r = 0; r < a.rows; ++r) {
      for (int c = 0; c < a.cols; ++c) {
        const std::string d = first_difference(rtl->regs(r, c), regs[size_t(r) * a.cols + c]);
        if (!d.empty()) {
          res.mismatch = "edge " + std::to_string(e) + ", PE (" + std::to_string(r) + ", " +
                         std::to_string(c) + "), register " + d;
          return;
        }
      }
    }
  };
  *fast_stats = fast.run(prog, observer);
  if (res.mismatch.empty() && !ctrl.done())
    res.mismatch = "the RTL run is not complete when the fast engine's is (edge " +
                   std::to_string(ctrl.edge()) + ")";
  if (res.mismatch.empty() && ctrl.cycles() != fast_stats->cycles)
    res.mismatch = "cycles: rtl " + std::to_string(ctrl.cycles()) + ", model " +
                   std::to_string(fast_stats->cycles);
  return res;
}

std::string describe(const RandomJob& j) {
  return std::string(to_string(j.l.op)) + " " + to_string(j.o.dataflow) + " " +
         std::to_string(j.l.batch) + "x" + std::to_string(j.l.in_h) + "x" +
         std::to_string(j.l.in_w) + "x" + std::to_string(j.l.in_c) + " -> " +
         std::to_string(j.l.out_c) + " k" + std::to_string(j.l.k_h) + "x" +
         std::to_string(j.l.k_w) + " s" + std::to_string(j.l.stride_h) + " p" +
         std::to_string(j.l.pad_h);
}

/// True when the job's outputs drain through the array (OS and 1-D); WS/IS results leave
/// through the psum chain whatever the drain model.
bool drains_by_chain(const RandomJob& j) {
  return j.o.dataflow == Dataflow::kOs || j.l.op == OpKind::kFuseRow || j.l.op == OpKind::kFuseCol;
}

/// Lock-step of every job on one model; every job also matches the golden model. With
/// `global_select` the no-shadow model runs the global-select drain: every OS/1-D job must then
/// drain by out_sel and never by the drain index.
void lockstep_jobs(const ModelParam& m, const std::vector<RandomJob>& jobs,
                   AccOverflow rule = AccOverflow::kWrap, uint64_t seed = 77, bool fill_min = false,
                   bool global_select = false) {
  const ArrayConfig a = config_of(m, rule, global_select);
  std::unique_ptr<RtlArray> rtl = m.make();
  for (const RandomJob& j : jobs) {
    SCOPED_TRACE(model_name(m) + (global_select ? " global-select" : "") + ": " + describe(j));
    LayerData d = make_layer_data(j.l, ++seed);
    if (fill_min) {
      std::fill(d.input.begin(), d.input.end(), int8_t(-128));
      std::fill(d.weights.begin(), d.weights.end(), int8_t(-128));
    }
    Program prog = map_layer(j.l, d, a, j.o);
    Program rtl_prog = prog;
    RunStats st;
    const LockstepResult res =
        lockstep_program(a, rtl.get(), &prog, &rtl_prog, &st, rule == AccOverflow::kSaturate);
    ASSERT_EQ(res.mismatch, "");
    EXPECT_EQ(res.edges, st.cycles);
    if (global_select) {
      EXPECT_EQ(res.drain_edges, 0);
      if (drains_by_chain(j)) {
        EXPECT_GT(res.out_sel_edges, 0);
      }
    } else {
      EXPECT_EQ(res.out_sel_edges, 0);
    }
    EXPECT_EQ(rtl_prog.out, prog.out);
    const std::vector<int32_t> out = gather_output(j.l, a, j.o, rtl_prog);
    if (fill_min) {
      // Every product is (−128)·(−128) = 2^14: the exact sum wrapped or saturated.
      const int64_t exact = reduction_length(j.l) * 16384;
      const int32_t want = rule == AccOverflow::kSaturate ? std::numeric_limits<int32_t>::max()
                                                          : int32_t(uint32_t(uint64_t(exact)));
      EXPECT_EQ(out, std::vector<int32_t>(out.size(), want));
    } else {
      ASSERT_EQ(rule, AccOverflow::kWrap) << "golden_output() is the wrapping golden model";
      EXPECT_EQ(out, golden_output(j.l, d, a, j.o));
    }
  }
}

/// Random GEMMs in all three dataflows, shaped to leave partial folds on the array.
std::vector<RandomJob> random_gemms(const ModelParam& m, std::mt19937_64& rng, int count) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<RandomJob> jobs;
  for (int i = 0; i < count; ++i) {
    RandomJob j;
    j.l.op = OpKind::kGemm;
    j.l.in_h = pick(1, 2 * m.rows + 1);   // M
    j.l.in_c = pick(1, 2 * m.rows + 3);   // K
    j.l.out_c = pick(1, 2 * m.cols + 1);  // N
    j.o.dataflow = Dataflow(i % 3);
    jobs.push_back(j);
  }
  return jobs;
}

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
}  // namespace fusesim
