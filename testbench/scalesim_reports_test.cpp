// SCALE-Sim's BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv: the exact layout, and the
// numbers of a hand-derived run.
#include "testbench/scalesim_reports.h"

#include <gtest/gtest.h>

#include "dataflows/analytical.h"
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

LayerResult run_ideal(const LayerSpec& l, int R, int C, Dataflow df) {
  RunOptions o;
  o.array.rows = R;
  o.array.cols = C;
  o.mapping.dataflow = df;
  FastEngine eng(o.array);
  return run_layer(l, o, [&](Program* p, const std::string&) { return eng.run(p); });
}

// Compute Util % by SCALE-Sim's definition (mean over folds of MACs / (PEs × fold cycles)) on the
// simulated folds, not a copy of Overall Util %. GEMM (4×3)·(3×2) on 2×2 OS, ideal memory: two
// folds of 2·2·3 = 12 MACs, issued max(T, R) = 3 edges apart (docs/timing.md, OS fold spacing);
// the second lasts until the end of the layer.
TEST(ScaleSimReports, ComputeUtilIsPerFoldMeanOnSimulatedFolds) {
  LayerSpec l;
  l.op = OpKind::kGemm;
  l.in_h = 4;
  l.in_c = 3;
  l.out_c = 2;
  RunOptions o;
  o.array.rows = o.array.cols = 2;
  const LayerResult r = run_ideal(l, 2, 2, Dataflow::kOs);
  ASSERT_TRUE(r.verified);
  ASSERT_EQ(r.stats.issue_edges.size(), 2u);
  EXPECT_EQ(r.stats.issue_edges[1] - r.stats.issue_edges[0], 3);
  const std::vector<FoldUse> f = simulated_folds(r, o);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].macs, 12);
  EXPECT_EQ(f[1].macs, 12);
  EXPECT_EQ(f[0].cycles, 3);
  const int64_t last = r.stats.cycles - r.stats.issue_edges[1];
  EXPECT_EQ(f[1].cycles, last);
  const ComputeReportRow row = compute_report_row(0, r, o, 2);
  EXPECT_DOUBLE_EQ(row.compute_util_pct, (12.0 / (4 * 3) + 12.0 / (4.0 * last)) / 2 * 100);
  EXPECT_DOUBLE_EQ(row.overall_util_pct, 100.0 * 24 / (4.0 * r.stats.cycles));
  EXPECT_NE(row.compute_util_pct, row.overall_util_pct);
  EXPECT_EQ(row.total_cycles, r.stats.cycles);
}

// v3's layout: `Total Cycles (incl. prefetch)` first (first DRAM read to last DRAM write, as v3's
// single_layer_sim.calc_report_data() computes it), `Total Cycles` without the stall cycles.
TEST(ScaleSimReports, V3LayoutAndCycles) {
  EXPECT_STREQ(kComputeReportHeaderV3,
               "LayerID, Total Cycles (incl. prefetch), Total Cycles, Stall Cycles, Overall Util "
               "%, Mapping Efficiency %, Compute Util %,\n");
  ComputeReportRow row{2, 100, 7, 50.0, 75.0, 60.0, 130};
  EXPECT_EQ(format_compute_report({row}, 3),
            std::string(kComputeReportHeaderV3) + "2, 130, 100, 7, 50.0, 75.0, 60.0,\n");
  EXPECT_EQ(format_compute_report({row}, 2),
            std::string(kComputeReportHeader) + "2, 100, 7, 50.0, 75.0, 60.0,\n");
  // The run of Gemm2x2ByHand: DRAM reads from edge 0, the last write-back done at 35.
  LayerSpec l;
  l.op = OpKind::kGemm;
  l.in_h = 4;
  l.in_c = 3;
  l.out_c = 2;
  MemoryConfig m;
  m.dram.mode = DramMode::kSimple;
  m.dram.bandwidth_bytes_per_cycle = 1;
  m.dram.latency_cycles = 2;
  m.sram.ifmap_kb = m.sram.filter_kb = m.sram.ofmap_kb = 1;
  RunOptions o;
  o.array.rows = o.array.cols = 2;
  o.memory = std::make_shared<const MemoryConfig>(m);
  o.memory_source = "test";
  FastEngine eng(o.array);
  const LayerResult r = run_layer(l, o, [&](Program* p, const std::string&) { return eng.run(p); });
  const ComputeReportRow v3 = compute_report_row(0, r, o, 3);
  EXPECT_EQ(v3.total_cycles_incl_prefetch, 35);
  EXPECT_EQ(v3.total_cycles, r.stats.cycles - r.stats.memory.stall_cycles());
  EXPECT_GT(r.stats.memory.stall_cycles(), 0);
  EXPECT_EQ(compute_report_row(0, r, o, 2).total_cycles, r.stats.cycles);
}

// COMPARE_SCALESIM.csv: the named terms add up to simulated − SCALE-Sim on every layer, for all
// three dataflows; the ofmap-rounding term by hand on a strided layer.
TEST(ScaleSimReports, CompareTermsAddUpToTheDifference) {
  LayerSpec s;  // 9×9×2, 5×5, 4 filters, stride 3: layer E = F = 2, SCALE-Sim's 3
  s.op = OpKind::kConv;
  s.in_h = s.in_w = 9;
  s.in_c = 2;
  s.out_c = 4;
  s.k_h = s.k_w = 5;
  s.stride_h = s.stride_w = 3;
  LayerSpec pw;
  pw.op = OpKind::kPointwise;
  pw.in_h = pw.in_w = 6;
  pw.in_c = 5;
  pw.out_c = 7;
  LayerSpec g;
  g.op = OpKind::kGemm;
  g.in_h = 9;
  g.in_c = 4;
  g.out_c = 6;
  for (Dataflow df : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs})
    for (const LayerSpec& l : {s, pw, g}) {
      RunOptions o;
      o.array.rows = o.array.cols = 4;
      o.mapping.dataflow = df;
      const LayerResult r = run_ideal(l, 4, 4, df);
      ASSERT_TRUE(r.verified);
      const CompareRow c = compare_row(0, r, o);
      EXPECT_EQ(c.terms_total(), c.difference()) << to_string(l.op) << " " << to_string(df);
      EXPECT_EQ(c.memory, 0);
      EXPECT_EQ(c.sim_cycles, r.stats.cycles);
    }
  // OS on 4×4: k = 50, n = 4. SCALE-Sim: m = 9, ⌈9/4⌉ = 3 folds × (50 + 4 + 4 − 2) − 1 = 167;
  // on the cropped layer m = 4: 1 × 56 − 1 = 55. ofmap_rounding = 55 − 167.
  RunOptions o;
  o.array.rows = o.array.cols = 4;
  const CompareRow c = compare_row(0, run_ideal(s, 4, 4, Dataflow::kOs), o);
  EXPECT_EQ(c.scalesim_cycles, 167);
  EXPECT_EQ(c.ofmap_rounding, 55 - 167);
  const std::string csv = format_compare_scalesim({c});
  EXPECT_EQ(csv.rfind(kCompareScalesimHeader, 0), 0u);
  const std::string sim = std::to_string(c.sim_cycles);
  const std::string diff = std::to_string(c.sim_cycles - 167);
  EXPECT_NE(csv.find("\n0,\"layer\",os," + sim + ",167," + diff + ",-112,"), std::string::npos)
      << csv;
}

}  // namespace
}  // namespace fusesim
