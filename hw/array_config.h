#pragma once
/// ArrayConfig: the hardware that is built (size, FuSe extension, output registers).

#include <cstdint>
#include <string>
#include <vector>

namespace fusesim {

/// What an int32 accumulator does when the exact sum of an addition does not fit (the PE
/// accumulators, the WS/IS partial-sum chain and the bottom buffer's read-modify-write adder).
/// Either way the event is counted (`Event::kAccOverflow`); docs/timing.md, "Accumulator
/// overflow".
enum class AccOverflow : uint8_t {
  kWrap,      ///< two's-complement wrap (the sum modulo 2^32), as a plain int32 adder does
  kSaturate,  ///< clamp to INT32_MAX / INT32_MIN
};

/// "wrap" or "saturate".
const char* to_string(AccOverflow m);
/// Parses "wrap"/"saturate" in any letter case. Returns false (and leaves *out alone) when
/// unknown.
bool parse_acc_overflow(const std::string& s, AccOverflow* out);

/// The three drain models (docs/timing.md): shadow registers with the drain overlapped, the
/// accumulators shifted down a per-column drain-index chain (serial), or the accumulators shifted
/// under one global output select (global-select). ArrayConfig holds them as two flags.
enum class DrainModel : uint8_t { kOverlap, kSerial, kGlobalSelect };
inline constexpr DrainModel kDrainModels[] = {DrainModel::kOverlap, DrainModel::kSerial,
                                              DrainModel::kGlobalSelect};
/// "overlap", "serial" or "global-select" (as `--drain` spells them).
const char* to_string(DrainModel d);
/// Parses those names. Returns false (and leaves *out alone) when unknown.
bool parse_drain_model(const std::string& s, DrainModel* out);

struct ArrayConfig;
/// The array's drain model, and the way to set it.
DrainModel drain_model(const ArrayConfig& a);
void set_drain_model(ArrayConfig* a, DrainModel d);
/// to_string(drain_model(a)).
const char* drain_name(const ArrayConfig& a);

/// Size and options of a systolic array.
struct ArrayConfig {
  int rows = 8;
  int cols = 8;
  /// FuSe array: a broadcast bus per row and a DataEn 2:1 mux per PE (`--hw fuse`).
  bool fuse = false;
  /// An output (shadow) register per PE so that a fold's drain overlaps the next fold's work.
  /// Without it the accumulators themselves shift out and the next fold waits for the drain.
  bool overlap_drain = true;
  /// Without the shadow register (overlap_drain false), drain through the accumulators under one
  /// global output-select signal instead of the per-column drain-index chain: while it is on,
  /// every PE's psum register takes the accumulator of the PE above and its accumulator takes
  /// its own psum register, so a finished sum moves down one row every two edges, in all PEs at
  /// once (`--drain global-select`; how SCALE-Sim's example RTL array drains; docs/timing.md).
  bool global_select = false;
  /// Overflow rule of the int32 accumulators (`--acc-overflow wrap|saturate`).
  AccOverflow acc_overflow = AccOverflow::kWrap;
  /// Input prefetch (FuSe array only, `--input-prefetch on`): per PE a prefetch register hp
  /// forming a second rightward shift chain along each row, fed by a per-row prefetch feeder, and
  /// a 2:1 mux on the PE's horizontal input that takes hp_in instead of h_in on the edges of the
  /// array-wide swap strobe. The 1-D dataflow loads the next pass's window into the hp chain while
  /// the current pass's taps run, so a pass takes max(P, K) edges instead of P + K − 1
  /// (docs/timing.md §5d). Other dataflows never drive it.
  bool input_prefetch = false;

  /// Every problem at once; empty when valid. Arrays above kMaxPes are refused (memory).
  std::vector<std::string> validate() const;
  static constexpr int64_t kMaxPes = int64_t(1) << 20;
  /// Longest side: the drain-shift index of a column is a 16-bit control word.
  static constexpr int kMaxSide = 32767;
};

}  // namespace fusesim
