// Lock-step of the RTL twin: the Verilated SystemVerilog array (rtl/fusesim_array.sv) and the
// fast engine run the same Program, each driven by its own ArrayController, and after every edge
// every register of every PE must be equal. The RTL's controller samples the RTL's bottom row, so
// the RTL also has to deliver every output to the bottom buffer at the same edge: the results,
// the cycle count and the golden comparison are checked as well. A mismatch names the first edge,
// PE and register that differ.
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
             [] { return std::unique_ptr<RtlArray>(new VerilatedArray<V>(R, C)); }},
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

ArrayConfig config_of(const ModelParam& m, AccOverflow rule = AccOverflow::kWrap) {
  ArrayConfig a;
  a.rows = m.rows;
  a.cols = m.cols;
  a.fuse = m.fuse;
  a.overlap_drain = m.shadow;
  a.acc_overflow = rule;
  return a;
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
  std::string mismatch;  ///< first difference, "" if none
  int64_t edges = 0;     ///< edges compared
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
      rtl->clock(ctrl.boundary());
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

/// Lock-step of every job on one model; every job also matches the golden model.
void lockstep_jobs(const ModelParam& m, const std::vector<RandomJob>& jobs,
                   AccOverflow rule = AccOverflow::kWrap, uint64_t seed = 77,
                   bool fill_min = false) {
  const ArrayConfig a = config_of(m, rule);
  std::unique_ptr<RtlArray> rtl = m.make();
  for (const RandomJob& j : jobs) {
    SCOPED_TRACE(model_name(m) + ": " + describe(j));
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

TEST(RtlMobileNetV2, Bottleneck16x16PlainSerialWs) {
  lockstep_jobs(find_model(16, 16, false, false), mobilenet_v2_bottleneck(Dataflow::kWs));
}

}  // namespace
}  // namespace fusesim
