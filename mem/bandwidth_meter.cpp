#include "mem/bandwidth_meter.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace fusesim {

BandwidthMeter::BandwidthMeter(int64_t ticks_per_cycle) : ticks_per_cycle_(ticks_per_cycle) {
  if (ticks_per_cycle < 1) throw std::invalid_argument("BandwidthMeter: ticks_per_cycle < 1");
}

void BandwidthMeter::add(int64_t begin, int64_t end, double bytes) {
  if (begin < 0 || end <= begin || !(bytes >= 0))
    throw std::invalid_argument("BandwidthMeter::add: needs end > begin >= 0 and bytes >= 0");
  spans_.push_back(Span{begin, end, bytes});
}

double BandwidthMeter::total_bytes() const {
  double s = 0;
  for (const Span& p : spans_) s += p.bytes;
  return s;
}

double BandwidthMeter::peak_bytes(int64_t window_cycles) const {
  if (window_cycles <= 0) throw std::invalid_argument("BandwidthMeter::peak_bytes: window <= 0");
  if (spans_.empty()) return 0.0;
  const int64_t w = window_cycles * ticks_per_cycle_;
  // Slope changes of F: +rate at a begin, -rate at an end.
  std::vector<std::pair<int64_t, double>> slope;
  slope.reserve(2 * spans_.size());
  // Candidate window starts t, and every point where F is needed (t and t + w).
  std::vector<int64_t> starts;
  starts.reserve(4 * spans_.size());
  for (const Span& p : spans_) {
    const double rate = p.bytes / double(p.end - p.begin);
    slope.emplace_back(p.begin, rate);
    slope.emplace_back(p.end, -rate);
    for (int64_t x : {p.begin, p.end}) {
      starts.push_back(x);
      starts.push_back(x - w);
    }
  }
  std::sort(slope.begin(), slope.end());
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  std::vector<int64_t> points = starts;
  for (int64_t t : starts) points.push_back(t + w);
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  // F at every point, by one sweep over the slope changes (F = 0 before the first begin).
  std::vector<double> f(points.size());
  size_t k = 0;
  double rate = 0.0;
  double value = 0.0;
  int64_t at = slope.front().first;
  for (size_t i = 0; i < points.size(); ++i) {
    const int64_t x = points[i];
    while (k < slope.size() && slope[k].first <= x) {
      if (slope[k].first > at) {
        value += rate * double(slope[k].first - at);
        at = slope[k].first;
      }
      rate += slope[k].second;
      ++k;
    }
    if (x > at) {
      value += rate * double(x - at);
      at = x;
    }
    f[i] = x < slope.front().first ? 0.0 : value;
  }
  auto f_at = [&](int64_t x) {
    return f[size_t(std::lower_bound(points.begin(), points.end(), x) - points.begin())];
  };
  double best = 0.0;
  for (int64_t t : starts) best = std::max(best, f_at(t + w) - f_at(t));
  return best;
}

}  // namespace fusesim
