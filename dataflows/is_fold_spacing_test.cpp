// Input-stationary fold spacing (issue 14): random depthwise layers in IS on arrays up to 16
// columns wide, with partial folds, both drain models. Activations of a narrow fold keep shifting
// through every column, so the next, wider fold must latch only after they have passed
// (docs/timing.md §3). Both fast-engine loops must verify bit-exactly, raise no conflict, and take
// exactly the closed form's cycles.
#include <gtest/gtest.h>

#include <random>

#include "dataflows/closed_form.h"
#include "dataflows/layer_mapping.h"
#include "hw/fast_engine.h"
#include "hw/random_jobs.h"

namespace fusesim {
namespace {

TEST(IsFoldSpacing, RandomDepthwiseOnArraysUpTo16Wide) {
  std::mt19937_64 rng(14);
  int wider_after_narrower = 0;  // fold pairs of the kind that used to fail
  uint64_t seed = 0;
  for (int trial = 0; trial < 120; ++trial) {
    ArrayConfig a;
    a.rows = std::uniform_int_distribution<int>(1, 4)(rng);
    a.cols = std::uniform_int_distribution<int>(1, 16)(rng);
    set_drain_model(&a, kDrainModels[trial % 3]);
    for (const RandomJob& j : random_depthwise_is_jobs(rng, 2)) {
      SCOPED_TRACE("dw " + std::to_string(j.l.in_h) + "x" + std::to_string(j.l.in_w) + "x" +
                   std::to_string(j.l.in_c) + " k" + std::to_string(j.l.k_h) + " s" +
                   std::to_string(j.l.stride_h) + " p" + std::to_string(j.l.pad_h) + " n" +
                   std::to_string(j.l.batch) + " dw=" + to_string(j.o.dw) + " on " +
                   std::to_string(a.rows) + "x" + std::to_string(a.cols) + " " + drain_name(a));
      const LayerData d = make_layer_data(j.l, ++seed);
      Program p = map_layer(j.l, d, a, j.o);
      Program q = p;
      for (size_t f = 0; f + 1 < p.folds.size(); ++f)
        wider_after_narrower += p.folds[f + 1].cols >= p.folds[f].cols + 2;
      const RunStats fast = FastEngine(a).run(&p);
      const RunStats ref = FastEngine(a).run_reference(&q);
      const ClosedForm cf = closed_form(j.l, a, j.o);
      EXPECT_FALSE(fast.conflict);
      EXPECT_EQ(fast.cycles, cf.cycles);
      EXPECT_EQ(fast.first_arrival_edge, cf.first_output_edge);
      EXPECT_EQ(ref.cycles, fast.cycles);
      EXPECT_EQ(ref.events, fast.events);
      EXPECT_EQ(q.out, p.out);
      EXPECT_EQ(gather_output(j.l, a, j.o, p), golden_output(j.l, d, a, j.o));
    }
  }
  // The draw must contain the hazard, or the test proves nothing.
  EXPECT_GT(wider_after_narrower, 50);
}

}  // namespace
}  // namespace fusesim
