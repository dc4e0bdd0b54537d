// fusesim_array: the R×C systolic array of fusesim in synthesizable SystemVerilog, the RTL twin
// of hw/sc_systolic_array.* (SystolicArray): R×C fusesim_pe, a register-to-register link for
// every systolic path, and the boundary ports the controller (hw/array_controller.h, Boundary)
// drives during an edge.
//
// Links: h flows left → right, v, psum and the drain chain top → bottom. Row 0 sees the top
// feeders and an invalid zero partial sum / drain word; column 0 sees the left feeders.
// FUSE = 1 adds a broadcast bus and a DataEn per row (the bus fans out to every PE of the row,
// each PE's 2:1 mux selects it); FUSE = 0 leaves the bus and DataEn ports unconnected.
// SHADOW = 1 gives every PE an output (shadow) register (ArrayConfig::overlap_drain = true);
// SHADOW = 0 drains through the accumulators (overlap_drain = false): under the per-column drain
// index (the serial drain) or, while the array-wide out_sel is set, by global select through the
// psum registers (ArrayConfig::global_select; docs/timing.md §5b). The controller chooses at run
// time; SHADOW = 1 ignores out_sel.
//
// Ports carry the encodings of fusesim_pe: operands 11 bits {last, first, valid, val[7:0]},
// words 33 bits {valid, val[31:0]}, concatenated per row / per column (index 0 in the low
// bits: row r's left operand is left[r*11 +: 11]).
// psum_out / drain_out are the bottom row's registers, which the bottom buffer samples.
// In simulation (SYNTHESIS not defined) the debug ports show every PE register to the lock-step
// harness, one unpacked array per register, indexed r*C + c: dbg_h, dbg_v, dbg_s (11 bits),
// dbg_acc (32), dbg_acc_valid (1), dbg_psum, dbg_out (33). They are wires to the registers and
// add no logic; synthesis (Yosys defines SYNTHESIS) does not see them.
module fusesim_array #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int FUSE = 0,
    parameter int SHADOW = 1,
    parameter int IW = $clog2(R + 1)  // drain index width: 0 … R
) (
    input  logic                  clk,
    input  logic                  rst,           // synchronous: every PE register to zero
    input  logic                  cfg_ws,        // Program::pe_mode(): 1 weight stationary
    input  logic                  cfg_saturate,  // ArrayConfig::acc_overflow == kSaturate
    input  logic [R*11-1:0]       left,          // per row: left feeder register
    input  logic [C*11-1:0]       top,           // per column: top feeder register
    input  logic [R*11-1:0]       bus,           // per row: broadcast bus register (FUSE)
    input  logic [R-1:0]          data_en,       // per row: DataEn (FUSE)
    input  logic [C-1:0]          col_en,        // per column: compute enable
    input  logic [C*IW-1:0]       drain_idx,     // per column: drain shift index (0 = none)
    input  logic                  latch,         // stationary-register load strobe
    input  logic                  out_sel,       // global-select drain's output select (SHADOW 0)
    output logic [C*33-1:0]       psum_out,      // per column: PE(R-1, c).psum
    output logic [C*33-1:0]       drain_out      // per column: PE(R-1, c)'s drain-chain register
`ifndef SYNTHESIS
    ,
    output logic [10:0] dbg_h        [R*C],
    output logic [10:0] dbg_v        [R*C],
    output logic [10:0] dbg_s        [R*C],
    output logic [31:0] dbg_acc      [R*C],
    output logic        dbg_acc_valid[R*C],
    output logic [32:0] dbg_psum     [R*C],
    output logic [32:0] dbg_out      [R*C]
`endif
);
  // One generate block per PE holds the PE's outgoing links; a PE reads its left neighbour's
  // h (g_col[c-1]) and its upper neighbour's v, psum and drain (g_row[r-1].g_col[c]).
  for (genvar r = 0; r < R; r++) begin : g_row
    for (genvar c = 0; c < C; c++) begin : g_col
      logic [10:0] h, v, h_in, v_in;
      logic [32:0] psum, drain, psum_in, drain_in;
      logic [10:0] s;
      logic [31:0] acc;
      logic acc_valid;
      logic [32:0] out;
      if (c == 0) begin : g_left
        assign h_in = left[r*11+:11];
      end else begin : g_inner
        assign h_in = g_row[r].g_col[c-1].h;
      end
      if (r == 0) begin : g_top
        assign v_in = top[c*11+:11];
        assign psum_in = '0;
        assign drain_in = '0;
      end else begin : g_below
        assign v_in = g_row[r-1].g_col[c].v;
        assign psum_in = g_row[r-1].g_col[c].psum;
        assign drain_in = g_row[r-1].g_col[c].drain;
      end
      fusesim_pe #(
          .ROW(r),
          .FUSE(FUSE),
          .SHADOW(SHADOW),
          .IW(IW)
      ) pe (
          .clk(clk),
          .rst(rst),
          .cfg_ws(cfg_ws),
          .cfg_saturate(cfg_saturate),
          .act_in(h_in),
          .vert_in(v_in),
          .bcast_in((FUSE != 0) ? bus[r*11+:11] : 11'd0),
          .data_en((FUSE != 0) ? data_en[r] : 1'b0),
          .psum_in(psum_in),
          .drain_in(drain_in),
          .col_en(col_en[c]),
          .latch(latch),
          .drain_idx(drain_idx[c*IW+:IW]),
          .out_sel(out_sel),
          .act_out(h),
          .vert_out(v),
          .psum_out(psum),
          .drain_out(drain),
          .dbg_s(s),
          .dbg_acc(acc),
          .dbg_acc_valid(acc_valid),
          .dbg_out(out)
      );
      if (r == R - 1) begin : g_bottom
        assign psum_out[c*33+:33] = psum;
        assign drain_out[c*33+:33] = drain;
      end
      // The rightmost column's h and the bottom row's v leave the array.
      if (c == C - 1 || r == R - 1) begin : g_edge
        logic unused_edge;
        assign unused_edge = ^{h, v};
      end
`ifndef SYNTHESIS
      assign dbg_h[r*C+c] = h;
      assign dbg_v[r*C+c] = v;
      assign dbg_s[r*C+c] = s;
      assign dbg_acc[r*C+c] = acc;
      assign dbg_acc_valid[r*C+c] = acc_valid;
      assign dbg_psum[r*C+c] = psum;
      assign dbg_out[r*C+c] = out;
`else
      logic unused_dbg;
      assign unused_dbg = ^{s, acc, acc_valid, out};
`endif
    end
  end

  if (FUSE == 0) begin : g_plain
    logic unused_bus;
    assign unused_bus = ^{bus, data_en};
  end
endmodule
