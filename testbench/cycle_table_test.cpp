// The cycle-table generator against hand-derived register values of tiny runs.
#include "testbench/cycle_table.h"

#include <gtest/gtest.h>

#include "dataflows/gemm_dataflows.h"

namespace fusesim {
namespace {

// O = A·B with A = [1 2; 3 4], B = [5 6; 7 8]: O = [19 22; 43 50].
Program gemm_2x2() {
  Program p;
  p.M = 2;
  p.K = 2;
  p.N = 2;
  p.a = {1, 2, 3, 4};
  p.b = {5, 6, 7, 8};
  return p;
}

ArrayConfig array(int r, int c, bool overlap = true, bool fuse = false) {
  ArrayConfig a;
  a.rows = r;
  a.cols = c;
  a.overlap_drain = overlap;
  a.fuse = fuse;
  return a;
}

// OS, one fold issued at edge 0: the feeders load at edge 0, PE(r, c) sees operand k at edge
// r + c + k + 1 and captures its sum at edge r + c + K; column c drains with shifts j = 1..R at
// edges R − 1 + K + c + j, the bottom row's word arriving in the bottom buffer at each of them.
TEST(CycleTable, OutputStationary2x2HandDerived) {
  Program p = gemm_2x2();
  make_os_folds(&p, 2, 2);
  const CycleTrace t = trace_program(array(2, 2), p);
  EXPECT_TRUE(check_boundary(t).empty());
  ASSERT_EQ(t.stats.cycles, 7);
  ASSERT_EQ(t.edges.size(), 7u);
  EXPECT_EQ(t.stats.first_arrival_edge, 4);

  // Edge 0: the feeders load; nothing has entered the array yet.
  EXPECT_FALSE(t.edges[0].boundary.left[0].valid());
  EXPECT_FALSE(t.pe(0, 0, 0).h.valid());
  // Edge 1: A[0][0] = 1 and B[0][0] = 5 (first) enter PE(0,0), which multiplies them.
  EXPECT_EQ(t.edges[1].boundary.left[0], Operand::make(1));
  EXPECT_EQ(t.edges[1].boundary.top[0], Operand::make(5, kOpFirst));
  EXPECT_EQ(t.pe(1, 0, 0).acc, 5);
  EXPECT_FALSE(t.pe(1, 1, 0).h.valid());
  // Edge 2: PE(0,0) captures 1·5 + 2·7 into its output register; PE(0,1), PE(1,0) start.
  EXPECT_EQ(t.pe(2, 0, 0).out, (Word32{19, true}));
  EXPECT_EQ(t.pe(2, 0, 1).acc, 6);
  EXPECT_EQ(t.pe(2, 1, 0).acc, 15);
  // PE(1,1) sees A[1][0] = 3 (through PE(1,0)) and B[0][1] = 6 (through PE(0,1)) at edge 3 ...
  EXPECT_EQ(t.pe(3, 1, 1).h, Operand::make(3));
  EXPECT_EQ(t.pe(3, 1, 1).v, Operand::make(6, kOpFirst));
  EXPECT_FALSE(t.pe(3, 1, 1).out.valid);
  // ... and captures its output at edge r + c + K = 4.
  EXPECT_EQ(t.pe(4, 1, 1).out, (Word32{50, true}));
  // Drain of column 0: j = 1 at edge 4 (O[1][0] arrives, PE(1,0) takes PE(0,0)'s word),
  // j = 2 at edge 5 (O[0][0] arrives); column 1 one edge later.
  EXPECT_EQ(t.edges[4].boundary.drain_idx, (std::vector<int16_t>{1, 0}));
  EXPECT_EQ(t.edges[5].boundary.drain_idx, (std::vector<int16_t>{2, 1}));
  EXPECT_EQ(t.edges[6].boundary.drain_idx, (std::vector<int16_t>{0, 2}));
  EXPECT_EQ(t.edges[4].arrivals[0], (Word32{43, true}));
  EXPECT_EQ(t.pe(4, 1, 0).out, (Word32{19, true}));
  EXPECT_FALSE(t.pe(4, 0, 0).out.valid);
  EXPECT_EQ(t.edges[5].arrivals[0], (Word32{19, true}));
  EXPECT_EQ(t.edges[5].arrivals[1], (Word32{50, true}));
  EXPECT_EQ(t.edges[6].arrivals[1], (Word32{22, true}));
  EXPECT_FALSE(t.edges[6].arrivals[0].valid);
  EXPECT_EQ(t.result.out, (std::vector<int32_t>{19, 22, 43, 50}));

  const std::string md = render_cycle_table(t, CycleTableOptions{});
  EXPECT_NE(md.find("| edge | L0 | L1 | T0 | T1 | drain j | arrive | PE(0,0) |"),
            std::string::npos);
  EXPECT_NE(md.find("| 1 | 1 | . | 5F | . | . |  | 1 / 5F / 5 / . |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 5 | . | . | . | . | 2,1 | c0:19 c1:50 |"), std::string::npos) << md;
}

// Without the shadow register the finished sum stays in the accumulator (marked valid) and the
// accumulators themselves shift; on a full fold the timing is the same.
TEST(CycleTable, OutputStationaryNoShadow) {
  Program p = gemm_2x2();
  make_os_folds(&p, 2, 2);
  const CycleTrace t = trace_program(array(2, 2, false), p);
  EXPECT_TRUE(check_boundary(t).empty());
  EXPECT_EQ(t.stats.cycles, 7);
  EXPECT_EQ(t.pe(4, 1, 1).acc, 50);
  EXPECT_TRUE(t.pe(4, 1, 1).acc_valid);
  EXPECT_FALSE(t.pe(3, 1, 1).acc_valid);
  EXPECT_EQ(t.pe(4, 1, 0).acc, 19);  // shifted down from PE(0,0)
  const std::string md = render_cycle_table(t, CycleTableOptions{});
  EXPECT_NE(md.find("50*"), std::string::npos);
}

// WS: B row R−1−d enters at edge d + 1, the array-wide latch is at edge R, A[m][k] enters row k
// at edge R + 1 + m + k, and column c's sum for m arrives at edge 2R + 1 + m + c.
TEST(CycleTable, WeightStationary2x2HandDerived) {
  Program p = gemm_2x2();
  make_ws_folds(&p, 2, 2);
  const CycleTrace t = trace_program(array(2, 2), p);
  EXPECT_TRUE(check_boundary(t).empty());
  EXPECT_TRUE(t.edges[2].boundary.latch);
  EXPECT_EQ(t.pe(2, 0, 0).s, Operand::make(5));
  EXPECT_EQ(t.pe(2, 1, 0).s, Operand::make(7));
  EXPECT_EQ(t.pe(3, 0, 0).h, Operand::make(1));
  EXPECT_EQ(t.pe(4, 1, 0).psum, (Word32{19, true}));
  EXPECT_EQ(t.stats.first_arrival_edge, 5);
  EXPECT_EQ(t.edges[5].arrivals[0], (Word32{19, true}));
  EXPECT_EQ(t.stats.cycles, 2 * 2 + 2 + 2);  // 2R + M + c
  EXPECT_EQ(t.result.out, (std::vector<int32_t>{19, 22, 43, 50}));
}

// 1-D broadcast on one row of 8 PEs, 1×3 filter, x = 1..10: the inputs enter last-first, one per
// edge from edge 1; tap w[K−1−q] is on the bus at edge P + q; all PEs capture at P + K − 1.
TEST(CycleTable, Conv1dRowOf8HandDerived) {
  Program p;
  p.convs = 1;
  p.length = 10;
  p.taps = 3;
  for (int j = 1; j <= 10; ++j) p.x.push_back(int8_t(j));
  p.w = {1, 2, 3};
  make_conv1d_folds(&p, 1, 8);
  const CycleTrace t = trace_program(array(1, 8, true, true), p);
  EXPECT_TRUE(check_boundary(t).empty());
  EXPECT_EQ(t.edges[1].boundary.left[0], Operand::make(10));
  EXPECT_EQ(t.edges[0].boundary.data_en[0], 0);
  EXPECT_EQ(t.edges[1].boundary.data_en[0], 1);
  EXPECT_FALSE(t.edges[7].boundary.bus[0].valid());
  EXPECT_EQ(t.edges[8].boundary.bus[0], Operand::make(3, kOpFirst));
  EXPECT_EQ(t.edges[10].boundary.bus[0], Operand::make(1, kOpLast));
  EXPECT_EQ(t.pe(8, 0, 7).h, Operand::make(10));
  EXPECT_EQ(t.pe(8, 0, 0).acc, 3 * 3);
  EXPECT_FALSE(t.pe(9, 0, 0).out.valid);
  // y[j] = x[j] + 2 x[j+1] + 3 x[j+2] = 6 j + 14 with x[j] = j + 1.
  for (int c = 0; c < 8; ++c) EXPECT_EQ(t.pe(10, 0, c).out, (Word32{6 * c + 14, true}));
  EXPECT_EQ(t.stats.first_arrival_edge, 11);
  EXPECT_EQ(t.stats.cycles, 8 + 3 + 1);  // P + K + R
}

// Input prefetch (docs/timing.md §5d) on the two-fold run of x = 1..17: the first window is fed
// last element first by the prefetch feeder at edges 1–8 (x[9] … x[2] = 10 … 3), the swap at
// edge 8 puts x[j + 2] into PE j's h, the left feeder then slides 2 and 1 in (edges 9, 10). The
// second fold (P′ = 7) issues P = 8 edges after the first instead of P + K − 1 = 10: its
// prefetch loads run under the first fold's taps. Same outputs, 19 cycles instead of 21.
TEST(CycleTable, Conv1dPrefetchTwoFoldsHandDerived) {
  Program p;
  p.convs = 1;
  p.length = 17;
  p.taps = 3;
  for (int j = 1; j <= 17; ++j) p.x.push_back(int8_t(j));
  p.w = {1, 2, 3};
  make_conv1d_folds(&p, 1, 8);
  ArrayConfig a = array(1, 8, true, true);
  a.input_prefetch = true;
  const CycleTrace t = trace_program(a, p);
  EXPECT_TRUE(check_boundary(t).empty());
  for (int e = 1; e <= 8; ++e)
    EXPECT_EQ(t.edges[size_t(e)].boundary.prefetch[0], Operand::make(int8_t(11 - e)));
  EXPECT_TRUE(t.edges[8].boundary.swap);
  EXPECT_FALSE(t.edges[7].boundary.swap);
  EXPECT_FALSE(t.edges[8].boundary.left[0].valid());
  EXPECT_EQ(t.edges[9].boundary.left[0], Operand::make(2));
  EXPECT_EQ(t.edges[10].boundary.left[0], Operand::make(1));
  for (int c = 0; c < 8; ++c) EXPECT_EQ(t.pe(8, 0, c).h, Operand::make(int8_t(c + 3)));
  EXPECT_EQ(t.stats.issue_edges, (std::vector<int64_t>{0, 8}));
  // The second fold's window (x[16] … x[10] = 17 … 11) loads at edges 9–15, under the first
  // fold's taps at 9 and 10; its swap is at edge 15.
  EXPECT_EQ(t.edges[9].boundary.prefetch[0], Operand::make(17));
  EXPECT_TRUE(t.edges[15].boundary.swap);
  EXPECT_FALSE(t.edges[16].boundary.swap);
  EXPECT_EQ(t.stats.cycles, 19);
  Program q = p;
  const CycleTrace plain = trace_program(array(1, 8, true, true), q);
  EXPECT_EQ(plain.stats.cycles, 21);
  EXPECT_EQ(t.result.out, plain.result.out);
  const std::string md = render_cycle_table(t, CycleTableOptions{});
  EXPECT_NE(md.find("| edge | L0 | P0 | swap | bus0 |"), std::string::npos) << md;
}

}  // namespace
}  // namespace fusesim
