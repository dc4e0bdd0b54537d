// SCALE-Sim's BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv: the exact layout, and the
// numbers of a hand-derived run.
#include "testbench/scalesim_reports.h"

#include <gtest/gtest.h>

#include "hw/fast_engine.h"
#include "workloads/scalesim_io.h"

namespace fusesim {
namespace {

TEST(ScaleSimReports, LayoutAsSimulatorPy) {
  ScaleSimAccessRow r;
  r.layer_id = 3;
  r.total_cycles = 40;
  r.sram_start = {1, 2, 5};
  r.sram_stop = {20, 21, 30};
  r.sram_count = {10, 20, 30};
  r.dram_start = {0, 0, 10};
  r.dram_stop = {9, 4, 19};
  r.dram_count = {5, 10, 10};
  EXPECT_EQ(format_bandwidth_report({r}),
            std::string(kBandwidthReportHeader) + "3, 0.25, 0.5, 0.75, 0.5, 2.0, 1.0,\n");
  EXPECT_EQ(format_detailed_access_report({r}),
            std::string(kDetailedAccessReportHeader) +
                "3, 1.0, 20.0, 10, 2.0, 21.0, 20, 5.0, 30.0, 30, 0.0, 9.0, 5, 0.0, 4.0, 10, 10.0, "
                "19.0, 10,\n");
  // An operand without DRAM traffic: start and stop -1, bandwidth 0.
  ScaleSimAccessRow e;
  EXPECT_EQ(format_bandwidth_report({e}),
            std::string(kBandwidthReportHeader) + "0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,\n");
}

// The GEMM (4×3)·(3×2) of MemoryReports.Gemm2x2ByHand (2×2 OS, 1 B/cycle, latency 2, 1 KiB):
// feed windows 14..25 (ifmap and filter), outputs arrive 19 (fold 0: 5 edges after its issue at
// 14, as in the ideal run) to 29, DRAM ifmap issued 0 and done 22, filter 0..14, write-backs
// issued 21, the last done 35. Bandwidths: SRAM ifmap 12 / 35 cycles, DRAM ifmap 12 / 23.
TEST(ScaleSimReports, Gemm2x2ByHand) {
  LayerSpec l;
  l.op = OpKind::kGemm;
  l.in_h = 4;
  l.in_c = 3;
  l.out_c = 2;
  ArrayConfig a;
  a.rows = a.cols = 2;
  MemoryConfig m;
  m.dram.mode = DramMode::kSimple;
  m.dram.bandwidth_bytes_per_cycle = 1;
  m.dram.latency_cycles = 2;
  m.sram.ifmap_kb = m.sram.filter_kb = m.sram.ofmap_kb = 1;
  RunOptions o;
  o.array = a;
  o.memory = std::make_shared<const MemoryConfig>(m);
  o.memory_source = "test";
  FastEngine eng(a);
  const LayerResult r = run_layer(l, o, [&](Program* p, const std::string&) { return eng.run(p); });
  ASSERT_TRUE(r.verified);
  const ScaleSimAccessRow row = scalesim_access_row(0, r, 1);
  EXPECT_EQ(format_detailed_access_report({row}),
            std::string(kDetailedAccessReportHeader) +
                "0, 14.0, 25.0, 12, 14.0, 25.0, 12, 19.0, 29.0, 8, 0.0, 22.0, 12, 0.0, 14.0, 6, "
                "21.0, 35.0, 8,\n");
  EXPECT_EQ(format_bandwidth_report({row}),
            std::string(kBandwidthReportHeader) + "0, " + python_float_repr(12.0 / 35) + ", " +
                python_float_repr(12.0 / 35) + ", " + python_float_repr(8.0 / 35) + ", " +
                python_float_repr(12.0 / 23) + ", " + python_float_repr(6.0 / 15) + ", " +
                python_float_repr(8.0 / 15) + ",\n");
}

}  // namespace
}  // namespace fusesim
