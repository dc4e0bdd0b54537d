#pragma once
/// BandwidthMeter: the bytes a DRAM interface moved, as transfers over time, and the most bytes
/// moved in any window of W cycles (docs/memory.md, "DRAM bandwidth used").
///
/// A transfer is `bytes` spread evenly over the half-open interval [begin, end) of integer
/// *ticks* (end > begin); a tick is 1 / ticks_per_cycle of an array cycle, so that the DRAM
/// model's bus intervals (in DRAM cycles) and the simple interface's (in array cycles) are both
/// exact (Dram::ticks_per_array_cycle()). Transfers may overlap (several channels).
///
/// peak_bytes(W) is max over every real t of the bytes moved inside [t, t + W): the moved-bytes
/// curve F(x) is piecewise linear, so G(t) = F(t + W) − F(t) is too, and its maximum lies where t
/// or t + W meets a transfer's begin or end; those candidates are evaluated exactly by one sweep
/// (O(n log n) for n transfers).
///
///   BandwidthMeter m(1);                  // ticks = array cycles
///   m.add(0, 10, 40);                     // 40 bytes over cycles 0..9
///   m.peak_bytes(5);                      // 20: any 5 cycles inside the transfer
///
/// Reset: a new meter (or clear()) holds no transfer.

#include <cstdint>
#include <vector>

namespace fusesim {

/// Transfers over time and the peak bytes in a sliding window; see the file comment.
class BandwidthMeter {
 public:
  explicit BandwidthMeter(int64_t ticks_per_cycle = 1);

  /// Records `bytes` moved evenly over ticks [begin, end). Throws std::invalid_argument unless
  /// end > begin >= 0 and bytes >= 0.
  void add(int64_t begin, int64_t end, double bytes);
  void clear() { spans_.clear(); }

  int64_t ticks_per_cycle() const { return ticks_per_cycle_; }
  bool empty() const { return spans_.empty(); }
  double total_bytes() const;
  /// The most bytes moved in any window of `window_cycles` array cycles (> 0; std::invalid_argument
  /// otherwise); 0 without transfers.
  double peak_bytes(int64_t window_cycles) const;

 private:
  struct Span {
    int64_t begin;
    int64_t end;
    double bytes;
  };
  int64_t ticks_per_cycle_;
  std::vector<Span> spans_;
};

}  // namespace fusesim
