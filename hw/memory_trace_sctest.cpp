// The memory system in the waveform (issue 10): top.memory.stall is high on exactly the edges the
// memory counted as stalls, with their cause; the DRAM request and response signals carry every
// byte the memory moved; the scratchpad occupancy never exceeds the scratchpad.
#include <gtest/gtest.h>

#include <filesystem>

#include "dataflows/fold_traffic.h"
#include "dataflows/layer_mapping.h"
#include "hw/memory_system.h"
#include "hw/sc_top.h"
#include "waveform/vcd_reader.h"

namespace fusesim {
namespace {

TEST(MemoryTrace, StallAndDramSignalsMatchTheCounters) {
  ArrayConfig a;
  a.rows = a.cols = 4;
  LayerSpec l;
  l.in_h = l.in_w = 6;
  l.in_c = 8;
  l.out_c = 8;
  l.k_h = l.k_w = 3;
  l.pad_h = l.pad_w = 1;
  MemoryConfig m;
  m.dram.mode = DramMode::kSimple;
  m.dram.bandwidth_bytes_per_cycle = 2;
  m.sram.ifmap_kb = m.sram.filter_kb = m.sram.ofmap_kb = 1;
  const std::string path =
      (std::filesystem::temp_directory_path() / "fusesim_memory_trace.vcd").string();
  TraceOptions t;
  t.vcd_path = path;
  t.memory = true;
  RunStats st;
  MemoryStats ms;
  int64_t dram_bytes = 0, after_end = 0;
  {
    PinEngine pin(a, t);
    const LayerData d = make_layer_data(l, 3);
    MappingOptions o;
    Program p = map_layer(l, d, a, o);
    MemorySystem mem(m, "test");
    mem.begin(fold_traffic(l, mapping_kind(l, a, o), p, 1));
    p.memory = &mem;
    st = pin.run(&p, nullptr, "l");
    ms = mem.stats();
    dram_bytes = ms.dram_bytes();
    for (const DramEvent& ev : mem.dram_events())
      if (ev.done >= st.cycles) after_end += ev.bytes;
    pin.close_trace();
  }
  ASSERT_GT(ms.stall_ifmap + ms.stall_filter, 0);
  const VcdReader vcd = VcdReader::load(path);
  int64_t stall_edges = 0, by_cause[4] = {0, 0, 0, 0}, req = 0, resp = 0, peak[3] = {0, 0, 0};
  for (int64_t e = 0; e < st.cycles; ++e) {
    const uint64_t s = vcd.value_at("memory.stall", e);
    const uint64_t c = vcd.value_at("memory.stall_cause", e);
    EXPECT_EQ(s != 0, c != 0) << e;
    stall_edges += int64_t(s);
    ++by_cause[c];
    // A request/response bit is high exactly when its byte count is not zero.
    const uint64_t rq = vcd.value_at("memory.dram_req_bytes", e);
    const uint64_t rs = vcd.value_at("memory.dram_resp_bytes", e);
    EXPECT_EQ(vcd.value_at("memory.dram_req", e) != 0, rq != 0) << e;
    EXPECT_EQ(vcd.value_at("memory.dram_resp", e) != 0, rs != 0) << e;
    req += int64_t(rq);
    resp += int64_t(rs);
    peak[0] = std::max<int64_t>(peak[0], vcd.value_at("memory.ifmap_spad_bytes", e));
    peak[1] = std::max<int64_t>(peak[1], vcd.value_at("memory.filter_spad_bytes", e));
    peak[2] = std::max<int64_t>(peak[2], vcd.value_at("memory.ofmap_spad_bytes", e));
  }
  // The first fold's requests are issued at edge 0, before the first sample: they count too.
  EXPECT_EQ(stall_edges, ms.stall_ifmap + ms.stall_filter + ms.stall_ofmap);
  EXPECT_EQ(by_cause[1], ms.stall_ifmap);
  EXPECT_EQ(by_cause[2], ms.stall_filter);
  EXPECT_EQ(by_cause[3], ms.stall_ofmap);
  EXPECT_EQ(req, dram_bytes);
  // The last write-back completes at the run's end (edge `cycles`, the edge after the last one
  // sampled): every other response is in the waveform.
  EXPECT_EQ(resp + after_end, dram_bytes);
  EXPECT_LT(after_end, dram_bytes);
  for (int64_t p : peak) {
    EXPECT_GT(p, 0);
    EXPECT_LE(p, 1024);
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace fusesim
