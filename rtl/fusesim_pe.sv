// fusesim_pe: one processing element of the fusesim systolic array in synthesizable
// SystemVerilog, register for register the PE of pe/pe_core.h (pe_step()).
//
// Registers (all on the rising edge of clk, synchronous active-high reset to zero/invalid):
//   h    horizontal operand (from the left, forwarded right)          11 bits {last,first,valid,val}
//   v    vertical operand (from above or, FUSE with DataEn, the bus)   11 bits
//   s    stationary operand (WS/IS), loaded from the vertical input on `latch`
//   acc  accumulator (OS and 1-D) and acc_valid (no-shadow drain only)
//   psum partial sum forwarded down (WS/IS); with SHADOW = 0 also the global-select drain's
//        input register (OS/1-D while out_sel is set)                  33 bits {valid,val}
//   out  output (shadow) register, SHADOW = 1 only; with SHADOW = 0 the accumulator itself is the
//        drain-chain register and `out` stays zero
// Latency: one edge per register. Initiation interval: one MAC per edge.
//
// Drains (OS/1-D): SHADOW = 1 shifts the out registers along the drain chain under the column's
// drain index; SHADOW = 0 shifts {acc_valid, acc} under the drain index (the serial drain) or,
// while the array-wide out_sel is set, drains by global select (docs/timing.md §5b,
// pe_global_select_shift()): psum <- the word of the PE above (drain_in, an invalid zero when it
// is invalid), {acc_valid, acc} <- psum, so a finished sum moves down one row every two edges.
// Which of the two a run uses is the controller's choice at run time; SHADOW = 1 ignores out_sel
// (ArrayConfig rejects the global-select drain with a shadow register).
//
// Encodings (shared with fusesim_array and rtl/rtl_harness_test.cpp):
//   operand  [7:0] int8 value, [8] valid, [9] first (the accumulator restarts), [10] last
//            (the finished sum is captured for draining)
//   word     [31:0] int32 value, [32] valid
// The registers h, v, psum are the link outputs; s, acc, acc_valid and out leave on dbg_* ports
// (fusesim_array's simulation-only debug ports).
//
// Arithmetic: int8 × int8 → int16 (exact); every add is a 32-bit add of which cfg_saturate
// selects the overflow rule: wrap (two's complement) or saturate to INT32_MAX / INT32_MIN
// (acc_add() in pe/pe_core.h).
module fusesim_pe #(
    parameter int ROW = 0,     // this PE's row (the drain index compares against it)
    parameter int FUSE = 0,   // the DataEn 2:1 mux in front of the vertical register
    parameter int SHADOW = 1, // output (shadow) register: the drain overlaps the next fold
    parameter int IW = 8       // width of the drain index
) (
    input  logic          clk,
    input  logic          rst,
    input  logic          cfg_ws,        // 1: weight/input stationary, 0: output stationary / 1-D
    input  logic          cfg_saturate,  // 1: saturating adds, 0: wrapping adds
    input  logic [  10:0] act_in,        // left neighbour's h (or the row's left feeder)
    input  logic [  10:0] vert_in,       // upper neighbour's v (or the column's top feeder)
    input  logic [  10:0] bcast_in,      // the row's broadcast bus (FUSE only)
    input  logic          data_en,       // the row's DataEn: 1 selects the bus (FUSE, OS mode)
    input  logic [  32:0] psum_in,       // upper neighbour's psum (invalid zero at the top)
    input  logic [  32:0] drain_in,      // upper neighbour's drain-chain register
    input  logic          col_en,        // the column's compute enable
    input  logic          latch,         // load s from the vertical input (WS)
    input  logic [IW-1:0] drain_idx,     // the column's drain shift index j (0: no shift)
    input  logic          out_sel,       // global-select drain: shift through psum/acc (SHADOW 0)
    output logic [  10:0] act_out,       // h
    output logic [  10:0] vert_out,      // v
    output logic [  32:0] psum_out,      // psum
    output logic [  32:0] drain_out,     // drain-chain register: out (SHADOW) or {acc_valid, acc}
    // The registers that no link shows, for the lock-step harness (fusesim_array's debug ports).
    output logic [  10:0] dbg_s,
    output logic [  31:0] dbg_acc,
    output logic          dbg_acc_valid,
    output logic [  32:0] dbg_out
);
  localparam int VALID = 8;
  localparam int FIRST = 9;
  localparam int LAST = 10;

  // The 32-bit adder of acc_add(): a + b, wrapped or saturated on overflow.
  function automatic logic [31:0] add32(input logic [31:0] a, input logic [31:0] b,
                                        input logic sat);
    logic [32:0] exact;
    exact = {a[31], a} + {b[31], b};
    if (sat && (exact[32] != exact[31])) add32 = exact[32] ? 32'h8000_0000 : 32'h7fff_ffff;
    else add32 = exact[31:0];
  endfunction

  logic [10:0] h_q, v_q, s_q;
  logic [31:0] acc_q;
  logic        acc_valid_q;
  logic [32:0] psum_q, out_q;

  logic [10:0] h_d, v_d, s_d;
  logic [31:0] acc_d;
  logic        acc_valid_d;
  logic [32:0] psum_d, out_d;

  // The DataEn 2:1 mux (OS mode only; WS ignores DataEn).
  logic        use_bus;
  logic [10:0] vsel;
  assign use_bus = (FUSE != 0) && data_en && !cfg_ws;
  assign vsel = use_bus ? bcast_in : vert_in;

  // One multiplier: the horizontal operand times the stationary (WS) or the vertical (OS) one.
  logic [ 7:0] mul_b;
  logic [15:0] prod;
  logic [31:0] prod32;
  assign mul_b = cfg_ws ? s_q[7:0] : vsel[7:0];
  assign prod = 16'($signed(act_in[7:0]) * $signed(mul_b));
  assign prod32 = {{16{prod[15]}}, prod};

  // WS: psum_out = psum_in + h × s.
  logic        mac_ws;
  logic [31:0] psum_sum;
  assign mac_ws = act_in[VALID] && s_q[VALID];
  assign psum_sum = add32(psum_in[32] ? psum_in[31:0] : 32'd0, mac_ws ? prod32 : 32'd0,
                          cfg_saturate);

  // OS / 1-D: acc = (first ? 0 : acc) + h × v.
  logic        mac_os;
  logic [31:0] acc_sum;
  assign mac_os = act_in[VALID] && vsel[VALID] && col_en;
  assign acc_sum = add32(vsel[FIRST] ? 32'd0 : acc_q, prod32, cfg_saturate);

  // Drain chain: shift in rows >= j; row j − 1 gives its word away.
  logic shift, vacate, captured;
  assign shift = (drain_idx != '0) && (IW'(ROW) >= drain_idx);
  assign vacate = (drain_idx != '0) && (IW'(ROW + 1) == drain_idx);
  assign captured = mac_os && vsel[LAST];

  always_comb begin
    h_d = act_in;
    v_d = cfg_ws ? vert_in : vsel;
    s_d = s_q;
    acc_d = acc_q;
    acc_valid_d = acc_valid_q;
    psum_d = psum_q;
    out_d = out_q;
    if (cfg_ws) begin
      if (latch) s_d = vert_in;
      psum_d = {psum_in[32] || mac_ws, psum_sum};
    end else begin
      if (mac_os) begin
        if ((SHADOW != 0) && vsel[LAST]) begin
          out_d = {1'b1, acc_sum};
        end else begin
          acc_d = acc_sum;
          acc_valid_d = vsel[LAST];
        end
      end
      if (shift) begin
        if (SHADOW != 0) begin
          out_d = drain_in;
        end else begin
          acc_d = drain_in[31:0];
          acc_valid_d = drain_in[32];
        end
      end else if (vacate && !captured) begin
        if (SHADOW != 0) out_d[32] = 1'b0;
        else acc_valid_d = 1'b0;
      end
      // Global select last, as in pe_step(): it overrides a multiply of the same edge (a schedule
      // conflict the controller never produces).
      if ((SHADOW == 0) && out_sel) begin
        psum_d = drain_in[32] ? drain_in : '0;
        acc_d = psum_q[31:0];
        acc_valid_d = psum_q[32];
      end
    end
  end

  always_ff @(posedge clk) begin
    if (rst) begin
      h_q <= '0;
      v_q <= '0;
      s_q <= '0;
      acc_q <= '0;
      acc_valid_q <= 1'b0;
      psum_q <= '0;
      out_q <= '0;
    end else begin
      h_q <= h_d;
      v_q <= v_d;
      s_q <= s_d;
      acc_q <= acc_d;
      acc_valid_q <= acc_valid_d;
      psum_q <= psum_d;
      out_q <= out_d;
    end
  end

  assign act_out = h_q;
  assign vert_out = v_q;
  assign psum_out = psum_q;
  assign drain_out = (SHADOW != 0) ? out_q : {acc_valid_q, acc_q};
  assign dbg_s = s_q;
  assign dbg_acc = acc_q;
  assign dbg_acc_valid = acc_valid_q;
  assign dbg_out = out_q;

  // The bus inputs exist on every PE so that the array wires one port list; FUSE = 0 leaves
  // them unused.
  if (FUSE == 0) begin : g_no_mux
    logic unused_bus;
    assign unused_bus = ^{bcast_in, data_en};
  end
  // The shadow-register PE has no global-select drain.
  if (SHADOW != 0) begin : g_no_global_select
    logic unused_out_sel;
    assign unused_out_sel = out_sel;
  end
endmodule
