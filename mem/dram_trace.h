#pragma once
/// DramTraceWriter writes the stream of DRAM transactions (one line per burst of
/// DramConfig::burst_bytes() bytes, in issue order) in the trace format of another DRAM
/// simulator; read_latency_file() reads back the per-transaction latencies that simulator
/// reported, for Dram's kReplay mode (the two-pass flow of SCALE-Sim v3's Ramulator integration:
/// docs/memory.md, "Traces and latency replay").
///
/// Formats (one transaction per line, '\n' line ends, lower-case hex addresses):
///  - kRamulator2: Ramulator 2's LoadStoreTrace frontend, `LD 0x1f40` / `ST 0x1f40` (no time:
///    the frontend sends one request per frontend tick as fast as the controller accepts).
///  - kDramsim3: DRAMsim3's trace-driven CPU, `0x1f40 READ 123` / `0x1f40 WRITE 123`, the last
///    field being the DRAM clock cycle at which the transaction may be sent.
///
///   std::ofstream f("dram.trace");
///   DramTraceWriter w(f, DramTraceFormat::kDramsim3);
///   dram.set_trace(&w);
///
/// Latency file: one decimal integer per line, the latency in DRAM clock cycles of the k-th
/// transaction of the trace on line k (issue to last data beat). Blank lines and lines starting
/// with '#' are skipped; surrounding spaces and a '\r' are allowed; anything else is an error.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace fusesim {

enum class DramTraceFormat : uint8_t { kRamulator2, kDramsim3 };

/// "ramulator2" or "dramsim3".
const char* to_string(DramTraceFormat f);
/// Parses "ramulator2"/"dramsim3". Returns false and leaves *out alone when unknown.
bool parse_dram_trace_format(const std::string& s, DramTraceFormat* out);

/// Writes one trace line per transaction to a stream it does not own.
class DramTraceWriter {
 public:
  DramTraceWriter(std::ostream& out, DramTraceFormat format) : out_(out), format_(format) {}

  /// One transaction: address of its first byte, direction, DRAM cycle of its issue.
  void write(uint64_t addr, bool is_write, int64_t dram_cycle);
  /// Every transaction is also written to `next` (not owned; nullptr: none), so that one DRAM
  /// writes both formats at once.
  void tee(DramTraceWriter* next) { next_ = next; }

  int64_t lines() const { return lines_; }
  DramTraceFormat format() const { return format_; }

 private:
  std::ostream& out_;
  DramTraceFormat format_;
  DramTraceWriter* next_ = nullptr;
  int64_t lines_ = 0;
};

/// Latencies of a replayed run, with the file they came from (for error messages).
struct DramLatencies {
  std::string file;
  std::vector<int64_t> cycles;  ///< per transaction, DRAM clock cycles, in order
  int line_count = 0;           ///< lines in the file (a missing latency is "on" line_count + 1)
};

/// Reads a latency file (format above). Throws InputError naming the file, line and field
/// "latency" for a value that is not a non-negative integer below 2^40, or a missing file.
DramLatencies read_latency_file(const std::string& path);

}  // namespace fusesim
