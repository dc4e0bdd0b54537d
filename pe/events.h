#pragma once
/// Hardware event counters shared by both engines (pin-level and fast).

#include <array>
#include <cstdint>
#include <string>

namespace fusesim {

/// Every event the hardware model counts. Both engines count exactly the same events, so a
/// lock-step test can compare the counters one by one.
enum class Event : uint8_t {
  kCycle,           ///< clock edges of the run (first feeder load .. last bottom-buffer write)
  kMac,             ///< multiply-accumulates performed
  kMacZeroOperand,  ///< of those, with at least one zero operand
  kHRegWrite,       ///< horizontal operand register writes (valid data)
  kVRegWrite,       ///< vertical operand register writes (valid data, systolic or bus)
  kSRegWrite,       ///< stationary operand register writes (WS/IS preload latch)
  kAccUpdate,       ///< accumulator writes (MAC result or drain shift)
  kOutRegWrite,     ///< output (shadow) register writes: capture or drain shift
  kPsumRegWrite,    ///< partial-sum register writes (WS/IS)
  kLinkTransfer,    ///< valid words moved from one PE to a neighbour (h, v, psum, drain)
  kBusDrive,        ///< cycles in which a row's broadcast bus carries a valid tap
  kBusFanout,       ///< PE inputs reached by those drives (drives × active columns)
  kDataEnSwitch,    ///< changes of a row's DataEn select
  kLeftRead,        ///< left scratchpad reads (operands and bus taps)
  kTopRead,         ///< top scratchpad reads
  kBottomRead,      ///< bottom scratchpad reads (read-modify-write of partial sums)
  kBottomWrite,     ///< bottom scratchpad writes
  kIdlePeCycle,     ///< PE-cycles without a MAC
  /// int32 additions whose exact result does not fit in 32 bits: a PE's accumulate or partial
  /// sum, or the bottom buffer's accumulate (WS/IS). A flag for the reports, not an action that
  /// costs energy; counted alike with wrap and with saturate (ArrayConfig::acc_overflow).
  kAccOverflow,
  // Input prefetch (ArrayConfig::input_prefetch; zero without it).
  kPrefetchRegWrite,      ///< prefetch (hp) register writes (valid data)
  kPrefetchLinkTransfer,  ///< valid operands moved along the hp chain (hp <- left hp)
  kPrefetchSwapWrite,     ///< h register writes through the swap mux (h <- hp_in on swap edges)
  kPrefetchRead,          ///< prefetch feeder loads (left scratchpad reads)
  kCount
};

constexpr int kNumEvents = static_cast<int>(Event::kCount);

/// Name of an event as used in reports (snake_case).
const char* event_name(Event e);

/// A plain array of counters indexed by Event.
struct EventCounters {
  std::array<uint64_t, kNumEvents> n{};

  void add(Event e, uint64_t k = 1) { n[static_cast<int>(e)] += k; }
  uint64_t get(Event e) const { return n[static_cast<int>(e)]; }
  EventCounters& operator+=(const EventCounters& o) {
    for (int i = 0; i < kNumEvents; ++i) n[i] += o.n[i];
    return *this;
  }
  bool operator==(const EventCounters& o) const { return n == o.n; }
  bool operator!=(const EventCounters& o) const { return n != o.n; }
};

}  // namespace fusesim
