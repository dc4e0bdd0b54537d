// An exception thrown inside a process of the pin-level top leaves PinEngine::run() with its own
// type and message (not as SystemC's E549 report), so the CLI maps it to the right exit code;
// the engine stays usable for the next run.
#include <gtest/gtest.h>

#include <stdexcept>

#include "dataflows/layer_mapping.h"
#include "hw/sc_top.h"

namespace fusesim {
namespace {

TEST(PinEngineError, ProcessExceptionKeepsItsTypeAndMessage) {
  ArrayConfig a;
  a.rows = 2;
  a.cols = 3;
  PinEngine pin(a);
  LayerSpec l;
  l.op = OpKind::kConv;
  l.in_h = l.in_w = 4;
  l.in_c = 2;
  l.out_c = 3;
  l.k_h = l.k_w = 3;
  const LayerData d = make_layer_data(l, 7);
  const MappingOptions o;
  Program p = map_layer(l, d, a, o);
  int64_t last_edge = -1;
  const PinEngine::Observer thrower = [&](int64_t e, const std::vector<PeRegs>&) {
    last_edge = e;
    if (e == 3) throw std::out_of_range("thrown at edge 3");
  };
  try {
    pin.run(&p, thrower);
    ADD_FAILURE() << "no exception";
  } catch (const std::out_of_range& e) {
    EXPECT_STREQ(e.what(), "thrown at edge 3");
  }
  EXPECT_EQ(last_edge, 3);  // the kernel stopped at the throwing edge
  // The next run starts from reset and completes, verified.
  Program q = map_layer(l, d, a, o);
  const RunStats st = pin.run(&q);
  EXPECT_GT(st.cycles, 0);
  EXPECT_EQ(gather_output(l, a, o, q), golden_output(l, d, a, o));
}

}  // namespace
}  // namespace fusesim
