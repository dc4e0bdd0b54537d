// Speed of the Verilated RTL twin (scripts/bench.sh, docs/performance.md): one layer on the
// Verilated 16×16 FuSe array driven by ArrayController, the same layer on the fast engine, both
// verified against the golden model. Prints PE-cycles/s of each.
//   rtl_bench [--quick]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "dataflows/layer_mapping.h"
#include "hw/array_controller.h"
#include "hw/fast_engine.h"
#include "rtl/verilated_array.h"
#include "rtl_models.h"
#include "workloads/layer_data.h"

namespace fusesim {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int bench(bool quick) {
  ArrayConfig a;
  a.rows = 16;
  a.cols = 16;
  a.fuse = true;
  // The pin-level engine's benchmark layer (scripts/bench.sh): conv 28×28×32 → 16, 3×3, pad 1.
  LayerSpec l;
  l.op = OpKind::kConv;
  l.in_h = l.in_w = quick ? 8 : 28;
  l.in_c = 32;
  l.out_c = 16;
  l.k_h = l.k_w = 3;
  l.pad_h = l.pad_w = 1;
  const MappingOptions o;
  const LayerData d = make_layer_data(l, 1);
  const std::vector<int32_t> golden = golden_output(l, d, a, o);

  Program rtl_prog = map_layer(l, d, a, o);
  VerilatedArray<Vrtl_16x16_f1_s1> rtl(16, 16);
  rtl.reset(false, false);
  ArrayController ctrl(a, &rtl_prog);
  std::vector<Word32> bottom(16);
  EventCounters ev;
  const auto t0 = std::chrono::steady_clock::now();
  while (!ctrl.done()) {
    rtl.bottom(false, bottom.data());
    rtl.clock(ctrl.boundary());
    ctrl.clock_edge(bottom.data(), &ev);
  }
  const double rtl_s = seconds_since(t0);
  const int64_t cycles = ctrl.cycles();
  const bool rtl_ok = gather_output(l, a, o, rtl_prog) == golden;

  Program fast_prog = map_layer(l, d, a, o);
  FastEngine fast(a);
  const auto t1 = std::chrono::steady_clock::now();
  const RunStats st = fast.run(&fast_prog);
  const double fast_s = seconds_since(t1);
  const bool fast_ok = gather_output(l, a, o, fast_prog) == golden && st.cycles == cycles;

  const double pes = 16.0 * 16.0;
  std::printf("  cycles %lld; Verilated RTL 16x16: %.2f M PE-cycles/s (%.3f s), verified %s\n",
              static_cast<long long>(cycles), double(cycles) * pes / rtl_s / 1e6, rtl_s,
              rtl_ok ? "true" : "false");
  std::printf("  fast engine, same layer and array: %.1f M PE-cycles/s (%.4f s), verified %s\n",
              double(cycles) * pes / fast_s / 1e6, fast_s, fast_ok ? "true" : "false");
  return rtl_ok && fast_ok ? 0 : 1;
}

}  // namespace
}  // namespace fusesim

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  return fusesim::bench(quick);
}
