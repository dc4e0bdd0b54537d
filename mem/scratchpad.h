#pragma once
/// Scratchpad: one double-buffered SRAM (ifmap/left, filter/top or ofmap/bottom), as occupancy
/// and access counts, without data and without time: the controller decides when things happen
/// and asks this class whether they fit.
///
/// The buffer is split like SCALE-Sim's double-buffered scratchpad: the *active* half, which the
/// array reads (ifmap, filter) or writes (ofmap), holds ceil(words × active_fraction) words; the
/// *fill* half, which the DRAM side fills (prefetch) or drains (write-back), holds the rest.
/// swap() exchanges the contents of the halves (their capacities stay).
///
///   Read buffer (ifmap, filter):            Write buffer (ofmap):
///     if (sp.fits(n)) sp.fill(n);  // DRAM     sp.store(n);           // array results
///     sp.clear_active(); sp.swap();            sp.swap();              // results to drain side
///     sp.access(addrs, k, false);  // array    sp.drain(sp.fill_bytes());  // to DRAM
///
/// Banks: word address w lives in bank w mod banks; each bank serves ports_per_bank words per
/// cycle, so access() of one cycle's words takes max over banks of ceil(words in bank / ports)
/// cycles, and the cycles beyond the first are counted as bank-conflict cycles.
///
/// Reset: a new Scratchpad is empty with zero stats.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mem/dram_config.h"

namespace fusesim {

/// Access counts of one scratchpad (words are SramConfig::word_bytes bytes).
struct ScratchpadStats {
  uint64_t reads = 0;                 ///< words read: by the array and drained to DRAM
  uint64_t writes = 0;                ///< words written: filled from DRAM and stored by the array
  uint64_t bank_conflict_cycles = 0;  ///< extra cycles access() needed beyond one per call
  uint64_t swaps = 0;
  int64_t peak_active_bytes = 0;
  int64_t peak_fill_bytes = 0;

  nlohmann::json to_json() const;
};

/// One double-buffered scratchpad; see the file comment.
class Scratchpad {
 public:
  /// `size_bytes` (a whole number of words, >= 1) with the word width, banks, ports and active
  /// fraction of `cfg`, which must validate. Throws std::invalid_argument otherwise.
  Scratchpad(std::string name, int64_t size_bytes, const SramConfig& cfg);

  const std::string& name() const { return name_; }
  int64_t size_bytes() const { return active_capacity_ + fill_capacity_; }
  int64_t active_capacity() const { return active_capacity_; }
  int64_t fill_capacity() const { return fill_capacity_; }
  int64_t active_bytes() const { return active_bytes_; }
  int64_t fill_bytes() const { return fill_bytes_; }

  /// True when `bytes` more fit in the fill half.
  bool fits(int64_t bytes) const { return bytes >= 0 && fill_bytes_ + bytes <= fill_capacity_; }
  /// DRAM side writes `bytes` into the fill half. False (and no change) when they do not fit.
  bool fill(int64_t bytes);
  /// DRAM side reads `bytes` out of the fill half. False (and no change) when it holds fewer.
  bool drain(int64_t bytes);
  /// Array writes `bytes` into the active half. False (and no change) when they do not fit.
  bool store(int64_t bytes);
  /// Array reads `words` words from the active half (counted, no bank model).
  void read(int64_t words);
  /// One cycle of array accesses to the given word addresses: counts them and returns the cycles
  /// the banks need (0 for n = 0, else >= 1).
  int64_t access(const uint64_t* word_addrs, int n, bool write);

  /// Exchanges the halves' contents. False (and no change) when either content exceeds the
  /// other half's capacity (possible only with active_fraction > 0.5).
  bool swap();
  void clear_active() { active_bytes_ = 0; }
  void clear_fill() { fill_bytes_ = 0; }

  const ScratchpadStats& stats() const { return stats_; }

 private:
  int64_t words(int64_t bytes) const { return (bytes + word_bytes_ - 1) / word_bytes_; }

  std::string name_;
  int word_bytes_ = 1;
  int ports_ = 1;
  int64_t active_capacity_ = 0;
  int64_t fill_capacity_ = 0;
  int64_t active_bytes_ = 0;
  int64_t fill_bytes_ = 0;
  std::vector<int> bank_count_;  ///< scratch for access(), all zero between calls
  ScratchpadStats stats_;
};

}  // namespace fusesim
