#pragma once
/// CycleTable: runs a small Program on the FastEngine and records, for every edge, what the
/// controller drove into the array and what every PE register holds after the edge; renders the
/// record as a markdown table (docs/timing.md is generated with it). Plain C++, no SystemC.
///
/// The engine's Observer sees only the PE registers. The boundary of each edge is recovered by
/// stepping a second ArrayController in lock step with the engine: the controller is a
/// deterministic function of the bottom row it samples, and the bottom row before edge e is in
/// the registers the observer saw after edge e − 1. check_boundary() cross-checks the recovered
/// boundary against what PE(r, 0) and PE(0, c) latched, so the reconstruction is itself tested.
///
/// Usage:
///   Program p = ...;  make_os_folds(&p, 2, 2);
///   ArrayConfig a; a.rows = 2; a.cols = 2;
///   CycleTrace t = trace_program(a, p);
///   std::cout << render_cycle_table(t, CycleTableOptions{});

#include <cstdint>
#include <string>
#include <vector>

#include "dataflows/program.h"
#include "hw/array_config.h"
#include "hw/array_controller.h"
#include "hw/run_stats.h"
#include "pe/pe_core.h"

namespace fusesim {

/// One edge of a traced run.
struct CycleRecord {
  int64_t edge = 0;
  Boundary boundary;             ///< registers the controller drove during this edge
  std::vector<Word32> arrivals;  ///< per column: the word written to the bottom buffer at this edge
  std::vector<PeRegs> regs;      ///< every PE's registers after this edge (row-major)
};

/// A whole traced run.
struct CycleTrace {
  ArrayConfig cfg;
  ProgramKind kind = ProgramKind::kGemmOs;
  RunStats stats;
  std::vector<CycleRecord> edges;  ///< edges[e].edge == e
  Program result;                  ///< the program after the run (outputs filled in)

  const PeRegs& pe(int64_t edge, int r, int c) const {
    return edges[size_t(edge)].regs[size_t(r) * cfg.cols + c];
  }
};

/// Runs a copy of `prog` on the FastEngine and records every edge.
CycleTrace trace_program(const ArrayConfig& cfg, const Program& prog);

/// Mismatches between the recovered boundary and what the edge PEs latched (empty when the
/// reconstruction is consistent): PE(r, 0).h == left[r]; PE(0, c).v == top[c] unless DataEn
/// selects the bus, in which case every PE(r, c).v == bus[r].
std::vector<std::string> check_boundary(const CycleTrace& t);

/// Which PE registers a table shows.
enum : unsigned {
  kShowH = 1,
  kShowV = 2,
  kShowS = 4,
  kShowAcc = 8,
  kShowOut = 16,
  kShowPsum = 32,
  kShowHp = 64,  ///< the prefetch register (input prefetch)
};

/// What render_cycle_table() prints.
struct CycleTableOptions {
  /// Bit set of kShow*; 0 picks by program kind: OS h/v/acc/out, WS h/v/s/psum, 1-D h/acc/out
  /// (on the FuSe array the 1-D v register equals the row's bus, shown among the inputs), and
  /// hp with input prefetch (then the boundary also shows the prefetch feeders P<r> and swap).
  unsigned registers = 0;
  int64_t first_edge = 0;
  int64_t last_edge = -1;  ///< −1: to the end of the run
  bool boundary = true;    ///< the controller's registers (left, top, bus, DataEn, drain, latch)
};

/// Cell notation: an operand is its value with `F` (first) and `L` (last) flags, `.` when
/// invalid; a 32-bit word is its value or `.`; acc is always its value, with `*` when it holds a
/// finished sum waiting to drain (no shadow register). One row per edge; the table is preceded
/// by a legend line.
std::string render_cycle_table(const CycleTrace& t, const CycleTableOptions& o);

/// Operand and word notation used in the table.
std::string format_operand(const Operand& op);
std::string format_word(const Word32& w);

}  // namespace fusesim
