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

/// Size and options of a systolic array.
struct ArrayConfig {
  int rows = 8;
  int cols = 8;
  /// FuSe array: a broadcast bus per row and a DataEn 2:1 mux per PE (`--hw fuse`).
  bool fuse = false;
  /// An output (shadow) register per PE so that a fold's drain overlaps the next fold's work.
  /// Without it the accumulators themselves shift out and the next fold waits for the drain.
  bool overlap_drain = true;
  /// Overflow rule of the int32 accumulators (`--acc-overflow wrap|saturate`).
  AccOverflow acc_overflow = AccOverflow::kWrap;

  /// Every problem at once; empty when valid. Arrays above kMaxPes are refused (memory).
  std::vector<std::string> validate() const;
  static constexpr int64_t kMaxPes = int64_t(1) << 20;
  /// Longest side: the drain-shift index of a column is a 16-bit control word.
  static constexpr int kMaxSide = 32767;
};

}  // namespace fusesim
