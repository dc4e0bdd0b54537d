#include "mem/scratchpad.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fusesim {

nlohmann::json ScratchpadStats::to_json() const {
  return nlohmann::json{{"reads", reads},
                        {"writes", writes},
                        {"bank_conflict_cycles", bank_conflict_cycles},
                        {"swaps", swaps},
                        {"peak_active_bytes", peak_active_bytes},
                        {"peak_fill_bytes", peak_fill_bytes}};
}

Scratchpad::Scratchpad(std::string name, int64_t size_bytes, const SramConfig& cfg)
    : name_(std::move(name)) {
  std::vector<std::string> errors = cfg.validate();
  if (size_bytes < 1 || (cfg.word_bytes >= 1 && size_bytes % cfg.word_bytes != 0))
    errors.push_back("scratchpad " + name_ + ": size " + std::to_string(size_bytes) +
                     " B is not a positive whole number of words");
  if (!errors.empty()) {
    std::string m = "invalid scratchpad configuration:";
    for (const std::string& e : errors) m += "\n  " + e;
    throw std::invalid_argument(m);
  }
  word_bytes_ = cfg.word_bytes;
  ports_ = cfg.ports_per_bank;
  // SCALE-Sim: active = ceil(words × active fraction), fill = the rest.
  const int64_t total_words = size_bytes / word_bytes_;
  const int64_t active_words =
      std::min(total_words, int64_t(std::ceil(double(total_words) * cfg.active_fraction)));
  active_capacity_ = active_words * word_bytes_;
  fill_capacity_ = (total_words - active_words) * word_bytes_;
  bank_count_.assign(size_t(cfg.banks), 0);
}

bool Scratchpad::fill(int64_t bytes) {
  if (!fits(bytes)) return false;
  fill_bytes_ += bytes;
  stats_.writes += uint64_t(words(bytes));
  stats_.peak_fill_bytes = std::max(stats_.peak_fill_bytes, fill_bytes_);
  return true;
}

bool Scratchpad::drain(int64_t bytes) {
  if (bytes < 0 || bytes > fill_bytes_) return false;
  fill_bytes_ -= bytes;
  stats_.reads += uint64_t(words(bytes));
  return true;
}

bool Scratchpad::store(int64_t bytes) {
  if (bytes < 0 || active_bytes_ + bytes > active_capacity_) return false;
  active_bytes_ += bytes;
  stats_.writes += uint64_t(words(bytes));
  stats_.peak_active_bytes = std::max(stats_.peak_active_bytes, active_bytes_);
  return true;
}

void Scratchpad::read(int64_t n) {
  if (n > 0) stats_.reads += uint64_t(n);
}

int64_t Scratchpad::access(const uint64_t* word_addrs, int n, bool write) {
  if (n <= 0) return 0;
  const uint64_t banks = bank_count_.size();
  int most = 0;
  for (int i = 0; i < n; ++i) most = std::max(most, ++bank_count_[word_addrs[i] % banks]);
  for (int i = 0; i < n; ++i) bank_count_[word_addrs[i] % banks] = 0;
  const int64_t cycles = (most + ports_ - 1) / ports_;
  (write ? stats_.writes : stats_.reads) += uint64_t(n);
  stats_.bank_conflict_cycles += uint64_t(cycles - 1);
  return cycles;
}

bool Scratchpad::swap() {
  if (fill_bytes_ > active_capacity_ || active_bytes_ > fill_capacity_) return false;
  std::swap(active_bytes_, fill_bytes_);
  ++stats_.swaps;
  stats_.peak_active_bytes = std::max(stats_.peak_active_bytes, active_bytes_);
  stats_.peak_fill_bytes = std::max(stats_.peak_fill_bytes, fill_bytes_);
  return true;
}

}  // namespace fusesim
