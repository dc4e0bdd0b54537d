// Per-operand memory reports against hand-derived counts, and the DRAM bandwidth peaks against
// what the interface can carry.
#include "testbench/memory_reports.h"

#include <gtest/gtest.h>

#include <random>

#include "hw/fast_engine.h"
#include "hw/random_jobs.h"
#include "testbench/layer_runner.h"
#include "testbench/network_runner.h"
#include "workloads/input_error.h"

namespace fusesim {
namespace {

LayerResult run_mem(const LayerSpec& l, const ArrayConfig& a, const MemoryConfig& m,
                    const MappingOptions& mo = MappingOptions{}) {
  RunOptions o;
  o.array = a;
  o.mapping = mo;
  o.memory = std::make_shared<const MemoryConfig>(m);
  o.memory_source = "test";
  FastEngine eng(a);
  return run_layer(l, o, [&](Program* p, const std::string&) { return eng.run(p); });
}

MemoryConfig simple(double bw, int64_t latency, int64_t kb) {
  MemoryConfig m;
  m.dram.mode = DramMode::kSimple;
  m.dram.bandwidth_bytes_per_cycle = bw;
  m.dram.latency_cycles = latency;
  m.sram.ifmap_kb = m.sram.filter_kb = m.sram.ofmap_kb = kb;
  return m;
}

// The GEMM (4×3)·(3×2) of MemoryTiming.Gemm2x2ByHand (docs/memory.md §2.2): 2×2 OS array, DRAM
// 1 B/cycle, latency 2, 1 KiB scratchpads.
//   SRAM: the left feeders read A once per column fold (4·3 = 12), the top feeders B once per
//   row fold (3·2·2 = 12); the drain stores 8 outputs and the write-back reads them (8). Fills:
//   ifmap 2 × 6 B, filter 6 B.
//   DRAM bus: ifmap0 [0, 6), filter [6, 12), ifmap1 [14, 20); fold 0 (issued 14, K = 3) has its
//   last output at 14 + 7 = 21 and is written back on [21, 25) (done 27); fold 1 (issued 22)
//   at 29, on [29, 33), done 35 = the run's cycles. The run is shorter than 1000 cycles, so the
//   peak window is the run (35 cycles) and the peaks are the bytes / 35.
//   Feed windows: fold f reads from its issue edge to issue + rows + K − 2 (ifmap) and
//   issue + cols + K − 2 (filter): 14 .. 22 + 3 = 25 for both.
TEST(MemoryReports, Gemm2x2ByHand) {
  LayerSpec l;
  l.op = OpKind::kGemm;
  l.in_h = 4;
  l.in_c = 3;
  l.out_c = 2;
  ArrayConfig a;
  a.rows = a.cols = 2;
  const LayerResult r = run_mem(l, a, simple(1.0, 2, 1));
  ASSERT_TRUE(r.verified);
  ASSERT_EQ(r.stats.cycles, 35);
  const MemoryStats& m = r.stats.memory;
  const auto t = operand_traffic(r.stats.events, m, r.stats.cycles, 1);
  EXPECT_EQ(t[0].sram_reads, 12u);
  EXPECT_EQ(t[0].sram_writes, 12u);
  EXPECT_EQ(t[1].sram_reads, 12u);
  EXPECT_EQ(t[1].sram_writes, 6u);
  EXPECT_EQ(t[2].sram_reads, 8u);
  EXPECT_EQ(t[2].sram_writes, 8u);
  EXPECT_EQ(m.peak_window_cycles, 35);
  EXPECT_DOUBLE_EQ(t[0].dram_bw_peak, 12.0 / 35);
  EXPECT_DOUBLE_EQ(t[1].dram_bw_peak, 6.0 / 35);
  EXPECT_DOUBLE_EQ(t[2].dram_bw_peak, 8.0 / 35);
  EXPECT_DOUBLE_EQ(m.dram_peak_bytes_per_cycle, 26.0 / 35);
  EXPECT_DOUBLE_EQ(t[0].dram_bw_average, 12.0 / 35);
  EXPECT_EQ(m.activity[0].dram_start, 0);
  EXPECT_EQ(m.activity[0].dram_stop, 22);
  EXPECT_EQ(m.activity[1].dram_start, 0);
  EXPECT_EQ(m.activity[1].dram_stop, 14);
  EXPECT_EQ(m.activity[2].dram_start, 21);
  EXPECT_EQ(m.activity[2].dram_stop, 35);
  EXPECT_EQ(m.activity[0].sram_start, 14);
  EXPECT_EQ(m.activity[0].sram_stop, 25);
  EXPECT_EQ(m.activity[1].sram_start, 14);
  EXPECT_EQ(m.activity[1].sram_stop, 25);
  const nlohmann::json j = memory_json(m, t, r.stats.cycles);
  EXPECT_EQ(j["sram_accesses"]["filter"]["reads"], 12);
  EXPECT_EQ(j["activity"]["ofmap"]["dram_start"], 21);
  const std::string fields = memory_csv_fields(m, t, r.stats.cycles, nullptr);
  EXPECT_EQ(fields.substr(0, 18), ",12,12,12,6,8,8,0.");
}

// The same run priced (default 45 nm table, DDR4): the simulated traffic gives the energies of
// MemoryEnergy.Gemm2x2ByHand (SRAM 30 / 22.5 / 80 pJ, DRAM 528 / 264 / 298.4 pJ), the report's
// energy is the array's (buffers priced at the memory's 1 KiB) plus 1152.9 pJ, and the
// scratchpads' energy is the three buffer categories plus the DRAM side's accesses.
TEST(MemoryReports, Gemm2x2Energy) {
  LayerSpec l;
  l.op = OpKind::kGemm;
  l.in_h = 4;
  l.in_c = 3;
  l.out_c = 2;
  ArrayConfig a;
  a.rows = a.cols = 2;
  RunOptions o;
  o.array = a;
  o.memory = std::make_shared<const MemoryConfig>(simple(1.0, 2, 1));
  o.memory_source = "test";
  o.energy_table = std::make_shared<const EnergyTable>(load_energy_table(default_energy_table()));
  FastEngine eng(a);
  const LayerResult r = run_layer(l, o, [&](Program* p, const std::string&) { return eng.run(p); });
  ASSERT_TRUE(r.priced);
  const MemoryEnergy& m = r.memory_energy;
  EXPECT_DOUBLE_EQ(m.sram_pj[0], 30.0);
  EXPECT_DOUBLE_EQ(m.sram_pj[1], 22.5);
  EXPECT_DOUBLE_EQ(m.sram_pj[2], 80.0);
  EXPECT_DOUBLE_EQ(m.dram_pj[0], 528.0);
  EXPECT_DOUBLE_EQ(m.dram_pj[1], 264.0);
  EXPECT_DOUBLE_EQ(m.dram_pj[2], 298.4);
  EnergyParams ep;
  ep.buffers = energy_buffers(*o.memory);
  const EnergyReport array = price(r.stats.events, *o.energy_table, a, o.clock_mhz, ep);
  EXPECT_NEAR(r.energy.energy_pj - array.energy_pj, 1152.9, 1e-9);
  EXPECT_NEAR(m.sram_pj[0] + m.sram_pj[1] + m.sram_pj[2],
              array.category_pj("left_buffer") + array.category_pj("top_buffer") +
                  array.category_pj("bottom_buffer") + m.dram_side_sram_pj,
              1e-9);
  const std::string fields = memory_csv_fields(
      r.stats.memory, operand_traffic(r.stats.events, r.stats.memory, r.stats.cycles, 1),
      r.stats.cycles, &r.memory_energy);
  EXPECT_NE(fields.find(",30,22.5,80,528,264,298.4"), std::string::npos) << fields;
}

// A network on the FuSe array in IS with different ifmap and filter scratchpads: its IS layers
// read the ifmap through the top edge, its 1-D layers through the left edge, so the network is
// priced in two groups (one group with either buffer mapping would misprice the other's reads).
// Its energy and per-operand counts must be the sums of its layers'.
TEST(MemoryReports, NetworkSumsItsLayersInIs) {
  std::vector<LayerSpec> layers(3);
  layers[0].in_h = layers[0].in_w = 6;
  layers[0].in_c = 4;
  layers[0].out_c = 5;
  layers[1] = layers[0];
  layers[1].op = OpKind::kFuseRow;
  layers[1].in_c = layers[1].out_c = 5;
  layers[1].k_h = 1;
  layers[1].k_w = 3;
  layers[1].pad_w = 1;
  layers[2] = layers[0];
  layers[2].in_c = 5;
  layers[2].out_c = 7;
  RunOptions o;
  o.array.rows = o.array.cols = 4;
  o.array.fuse = true;
  o.mapping.dataflow = Dataflow::kIs;
  MemoryConfig m = simple(2.0, 3, 1);
  m.sram.ifmap_kb = 32;  // 20 pJ per 64 bits
  m.sram.filter_kb = 8;  // 10 pJ per 64 bits
  o.memory = std::make_shared<const MemoryConfig>(m);
  o.memory_source = "test";
  o.energy_table = std::make_shared<const EnergyTable>(load_energy_table(default_energy_table()));
  const ArrayConfig a = o.array;
  const NetworkResult r = run_network(layers, o, 1, [a](int) -> EngineFn {
    auto eng = std::make_shared<FastEngine>(a);
    return [eng](Program* p, const std::string&) { return eng->run(p); };
  });
  ASSERT_TRUE(r.verified);
  ASSERT_EQ(r.layers[0].program, "is");
  ASSERT_EQ(r.layers[1].program, "fuse-row");
  double energy = 0, dram = 0;
  std::array<uint64_t, 3> reads{};
  for (const LayerResult& l : r.layers) {
    energy += l.energy.energy_pj;
    dram += l.memory_energy.dram_total_pj();
    const auto t = operand_traffic(l.stats.events, l.stats.memory, l.stats.cycles, 1,
                                   input_stationary(l.program));
    for (size_t i = 0; i < 3; ++i) reads[i] += t[i].sram_reads;
  }
  EXPECT_NEAR(r.energy.energy_pj, energy, 1e-9 * energy);
  EXPECT_NEAR(r.memory_energy.dram_total_pj(), dram, 1e-9 * dram);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(r.operand[i].sram_reads, reads[i]) << i;
  // In the IS layer the ifmap is what the top feeders read.
  EXPECT_EQ(
      operand_traffic(r.layers[0].stats.events, r.layers[0].stats.memory, 1, 1, true)[0].sram_reads,
      r.layers[0].stats.events.get(Event::kTopRead));
}

// Over random layers and bandwidths, with windows of 1000 cycles on the longer runs: no window
// carries more than the interface can (B bytes per cycle in the simple mode); every operand's
// peak is at most the total's; the operands' DRAM bytes add up to the DRAM model's own count.
TEST(MemoryReports, PeaksNeverExceedTheInterface) {
  std::mt19937_64 rng(1130);
  int long_runs = 0;
  for (const RandomJob& j : random_jobs(false, rng, 16)) {
    for (double bw : {0.5, 3.0, 16.0}) {
      ArrayConfig a;
      a.rows = a.cols = 3;
      LayerResult r;
      try {
        r = run_mem(j.l, a, simple(bw, 5, 2), j.o);
      } catch (const InputError&) {
        continue;
      }
      const MemoryStats& m = r.stats.memory;
      long_runs += r.stats.cycles > kPeakWindowCycles;
      EXPECT_LE(m.dram_peak_bytes_per_cycle, bw * (1 + 1e-12)) << shape_string(j.l);
      for (const OperandActivity& op : m.activity)
        EXPECT_LE(op.dram_peak_bytes_per_cycle, m.dram_peak_bytes_per_cycle * (1 + 1e-12));
      EXPECT_EQ(uint64_t(m.dram_bytes()), r.dram.bytes_read + r.dram.bytes_written);
    }
  }
  EXPECT_GT(long_runs, 5);
}

// The timed DRAM: a window never carries more than the channels' buses can (bus_bytes per beat,
// beats_per_clock beats per DRAM cycle, converted to array cycles).
TEST(MemoryReports, TimedPeakWithinTheBuses) {
  MemoryConfig m = load_memory_file(memory_preset_path("ddr4-3200"));
  m.sram.ifmap_kb = m.sram.filter_kb = m.sram.ofmap_kb = 4;
  LayerSpec l;
  l.in_h = l.in_w = 24;
  l.in_c = 16;
  l.out_c = 32;
  l.k_h = l.k_w = 3;
  ArrayConfig a;
  a.rows = a.cols = 8;
  const LayerResult r = run_mem(l, a, m);
  ASSERT_TRUE(r.verified);
  const double bus = double(m.dram.channels) * m.dram.bus_bytes * m.dram.beats_per_clock *
                     m.dram.dram_clock_mhz / m.dram.array_clock_mhz;
  EXPECT_GT(r.stats.memory.dram_peak_bytes_per_cycle, 0.0);
  EXPECT_LE(r.stats.memory.dram_peak_bytes_per_cycle, bus * (1 + 1e-12));
  EXPECT_EQ(r.stats.memory.peak_window_cycles, kPeakWindowCycles);
}

}  // namespace
}  // namespace fusesim
