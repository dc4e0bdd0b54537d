// Speed of the Verilated RTL twin (scripts/bench.sh, docs/performance.md): one layer on the
// Verilated N×N FuSe array (shadow registers) driven by ArrayController, the same layer on the
// fast engine, both verified against the golden model. Prints PE-cycles/s of each.
// N = FUSESIM_RTL_BENCH_SIDE: 16 for `rtl_bench` (the 16×16 model of the tests), 32 or 64 for
// `rtl_bench32` / `rtl_bench64` (bench-only Verilated models, rtl/rtl.cmake).
//   rtl_bench [--quick]      rtl_bench32 [--quick]      rtl_bench64 [--quick]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "dataflows/layer_mapping.h"
#include "hw/array_controller.h"
#include "hw/fast_engine.h"
#include "rtl/verilated_array.h"
#include "workloads/layer_data.h"

#ifndef FUSESIM_RTL_BENCH_SIDE
#define FUSESIM_RTL_BENCH_SIDE 16
#endif
#if FUSESIM_RTL_BENCH_SIDE == 16
#include "rtl_models.h"
using BenchModel = Vrtl_16x16_f1_s1;
#elif FUSESIM_RTL_BENCH_SIDE == 32
#include "Vrtl_32x32_f1_s1.h"
using BenchModel = Vrtl_32x32_f1_s1;
#elif FUSESIM_RTL_BENCH_SIDE == 64
#include "Vrtl_64x64_f1_s1.h"
using BenchModel = Vrtl_64x64_f1_s1;
#else
#error "FUSESIM_RTL_BENCH_SIDE: 16, 32 or 64"
#endif

namespace fusesim {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int bench(bool quick) {
  constexpr int n = FUSESIM_RTL_BENCH_SIDE;
  ArrayConfig a;
  a.rows = n;
  a.cols = n;
  a.fuse = true;
  // The pin-level engine's benchmark layer (scripts/bench.sh): conv 28×28×32 → N, 3×3, pad 1.
  LayerSpec l;
  l.op = OpKind::kConv;
  l.in_h = l.in_w = quick ? 8 : 28;
  l.in_c = 32;
  l.out_c = n;
  l.k_h = l.k_w = 3;
  l.pad_h = l.pad_w = 1;
  const MappingOptions o;
  const LayerData d = make_layer_data(l, 1);
  const std::vector<int32_t> golden = golden_output(l, d, a, o);

  Program rtl_prog = map_layer(l, d, a, o);
  VerilatedArray<BenchModel> rtl(n, n, true);
  rtl.reset(false, false);
  ArrayController ctrl(a, &rtl_prog);
  std::vector<Word32> bottom(n);
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

  const double pes = double(n) * n;
  std::printf("  cycles %lld; Verilated RTL %dx%d: %.2f M PE-cycles/s (%.3f s), verified %s\n",
              static_cast<long long>(cycles), n, n, double(cycles) * pes / rtl_s / 1e6, rtl_s,
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
