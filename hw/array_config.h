#pragma once
/// ArrayConfig: the hardware that is built (size, FuSe extension, output registers).

#include <cstdint>
#include <string>
#include <vector>

namespace fusesim {

/// Size and options of a systolic array.
struct ArrayConfig {
  int rows = 8;
  int cols = 8;
  /// FuSe array: a broadcast bus per row and a DataEn 2:1 mux per PE (`--hw fuse`).
  bool fuse = false;
  /// An output (shadow) register per PE so that a fold's drain overlaps the next fold's work.
  /// Without it the accumulators themselves shift out and the next fold waits for the drain.
  bool overlap_drain = true;

  /// Every problem at once; empty when valid. Arrays above kMaxPes are refused (memory).
  std::vector<std::string> validate() const;
  static constexpr int64_t kMaxPes = int64_t(1) << 20;
  /// Longest side: the drain-shift index of a column is a 16-bit control word.
  static constexpr int kMaxSide = 32767;
};

}  // namespace fusesim
