#pragma once
/// The lock-step harness of the RTL twin (docs/rtl.md §4), shared by the test files of rtl_tests:
/// the Verilated models (rtl_models.h) as ModelParam, the ArrayConfig of each, and
/// lockstep_program() / lockstep_jobs(), which run a Program on the fast engine and, edge by edge
/// inside its observer, on a Verilated array driven by a second ArrayController, comparing every
/// register of every PE after every edge. A mismatch names the first edge, PE and register that
/// differ. Test-only (GoogleTest assertions in lockstep_jobs()).
///
/// Usage:
///   const ModelParam& m = find_model(4, 4, /*fuse=*/true, /*shadow=*/false);
///   lockstep_jobs(m, jobs, AccOverflow::kWrap, 77, false, /*global_select=*/true);

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <ostream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "dataflows/layer_mapping.h"
#include "hw/array_controller.h"
#include "hw/fast_engine.h"
#include "hw/random_jobs.h"
#include "rtl/verilated_array.h"
#include "rtl_models.h"
#include "workloads/layer_data.h"

namespace fusesim {
namespace rtl_test {

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
inline const std::vector<ModelParam>& all_models() {
  static const std::vector<ModelParam> kModels = {FUSESIM_RTL_MODELS(FUSESIM_RTL_PARAM)};
  return kModels;
}
#undef FUSESIM_RTL_PARAM

inline std::string model_name(const ModelParam& m) {
  return std::to_string(m.rows) + "x" + std::to_string(m.cols) + (m.fuse ? "_fuse" : "_plain") +
         (m.shadow ? "_shadow" : "_serial");
}

/// gtest prints the parameter in test listings (and ctest in test names): the model's name, not
/// its bytes.
inline void PrintTo(const ModelParam& m, std::ostream* os) { *os << model_name(m); }

inline const ModelParam& find_model(int rows, int cols, bool fuse, bool shadow) {
  for (const ModelParam& m : all_models())
    if (m.rows == rows && m.cols == cols && m.fuse == fuse && m.shadow == shadow) return m;
  throw std::logic_error("no Verilated model " + std::to_string(rows) + "x" + std::to_string(cols) +
                         " fuse=" + std::to_string(fuse) + " shadow=" + std::to_string(shadow) +
                         " (rtl/rtl.cmake)");
}

/// The model's array; `global_select` (no-shadow models only) picks the global-select drain
/// instead of the serial one.
inline ArrayConfig config_of(const ModelParam& m, AccOverflow rule = AccOverflow::kWrap,
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
inline std::vector<ModelParam> no_shadow_models() {
  std::vector<ModelParam> v;
  for (const ModelParam& m : all_models())
    if (!m.shadow) v.push_back(m);
  return v;
}

inline std::string show(const Operand& o) {
  std::ostringstream s;
  s << int(o.val) << (o.valid() ? "" : " invalid") << (o.first() ? " F" : "")
    << (o.last() ? " L" : "");
  return s.str();
}
inline std::string show(const Word32& w) {
  return std::to_string(w.val) + (w.valid ? "" : " invalid");
}

/// The first register of a PE that differs ("" when all agree), with both values.
inline std::string first_difference(const PeRegs& rtl, const PeRegs& model) {
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
inline LockstepResult lockstep_program(const ArrayConfig& a, RtlArray* rtl, Program* prog,
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

inline std::string describe(const RandomJob& j) {
  return std::string(to_string(j.l.op)) + " " + to_string(j.o.dataflow) + " " +
         std::to_string(j.l.batch) + "x" + std::to_string(j.l.in_h) + "x" +
         std::to_string(j.l.in_w) + "x" + std::to_string(j.l.in_c) + " -> " +
         std::to_string(j.l.out_c) + " k" + std::to_string(j.l.k_h) + "x" +
         std::to_string(j.l.k_w) + " s" + std::to_string(j.l.stride_h) + " p" +
         std::to_string(j.l.pad_h);
}

/// Lock-step of every job on one model; every job also matches the golden model. With
/// `global_select` the no-shadow model runs the global-select drain: every OS/1-D job must then
/// drain by out_sel and never by the drain index.
inline void lockstep_jobs(const ModelParam& m, const std::vector<RandomJob>& jobs,
                          AccOverflow rule = AccOverflow::kWrap, uint64_t seed = 77,
                          bool fill_min = false, bool global_select = false) {
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
      // OS and 1-D programs drain through the array; WS/IS results leave through the psum chain.
      if (prog.pe_mode() == PeMode::kOutputStationary) {
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
inline std::vector<RandomJob> random_gemms(const ModelParam& m, std::mt19937_64& rng, int count) {
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

}  // namespace rtl_test
}  // namespace fusesim
