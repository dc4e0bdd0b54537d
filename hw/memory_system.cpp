#include "hw/memory_system.h"

#include <algorithm>

#include "workloads/input_error.h"

namespace fusesim {

const char* to_string(StallCause c) {
  switch (c) {
    case StallCause::kIfmap:
      return "ifmap";
    case StallCause::kFilter:
      return "filter";
    case StallCause::kOfmap:
      return "ofmap";
  }
  return "?";
}

MemoryStats& MemoryStats::operator+=(const MemoryStats& o) {
  stall_ifmap += o.stall_ifmap;
  stall_filter += o.stall_filter;
  stall_ofmap += o.stall_ofmap;
  dram_ifmap_bytes += o.dram_ifmap_bytes;
  dram_filter_bytes += o.dram_filter_bytes;
  dram_ofmap_bytes += o.dram_ofmap_bytes;
  ifmap_fetches += o.ifmap_fetches;
  filter_fetches += o.filter_fetches;
  ifmap_reuses += o.ifmap_reuses;
  filter_reuses += o.filter_reuses;
  writeback_tail += o.writeback_tail;
  streamed_chunks += o.streamed_chunks;
  ifmap_on_chip_bytes += o.ifmap_on_chip_bytes;
  // A sum of runs has no activity window; its peak is the largest of any run.
  for (size_t i = 0; i < activity.size(); ++i) {
    const double peak =
        std::max(activity[i].dram_peak_bytes_per_cycle, o.activity[i].dram_peak_bytes_per_cycle);
    activity[i] = OperandActivity{};
    activity[i].dram_peak_bytes_per_cycle = peak;
  }
  dram_peak_bytes_per_cycle = std::max(dram_peak_bytes_per_cycle, o.dram_peak_bytes_per_cycle);
  peak_window_cycles = std::max(peak_window_cycles, o.peak_window_cycles);
  return *this;
}

bool OperandActivity::operator==(const OperandActivity& o) const {
  return dram_start == o.dram_start && dram_stop == o.dram_stop && sram_start == o.sram_start &&
         sram_stop == o.sram_stop && dram_peak_bytes_per_cycle == o.dram_peak_bytes_per_cycle;
}

bool MemoryStats::operator==(const MemoryStats& o) const {
  return stall_ifmap == o.stall_ifmap && stall_filter == o.stall_filter &&
         stall_ofmap == o.stall_ofmap && dram_ifmap_bytes == o.dram_ifmap_bytes &&
         dram_filter_bytes == o.dram_filter_bytes && dram_ofmap_bytes == o.dram_ofmap_bytes &&
         ifmap_fetches == o.ifmap_fetches && filter_fetches == o.filter_fetches &&
         ifmap_reuses == o.ifmap_reuses && filter_reuses == o.filter_reuses &&
         writeback_tail == o.writeback_tail && streamed_chunks == o.streamed_chunks &&
         ifmap_on_chip_bytes == o.ifmap_on_chip_bytes && activity == o.activity &&
         dram_peak_bytes_per_cycle == o.dram_peak_bytes_per_cycle &&
         peak_window_cycles == o.peak_window_cycles;
}

nlohmann::json MemoryStats::to_json() const {
  return {{"stall_cycles", stall_cycles()},
          {"stall_cycles_by_cause",
           {{"ifmap", stall_ifmap},
            {"filter", stall_filter},
            {"ofmap", stall_ofmap},
            {"writeback_tail", writeback_tail}}},
          {"dram_bytes",
           {{"ifmap", dram_ifmap_bytes},
            {"filter", dram_filter_bytes},
            {"ofmap", dram_ofmap_bytes},
            {"total", dram_bytes()}}},
          {"tile_fetches", {{"ifmap", ifmap_fetches}, {"filter", filter_fetches}}},
          {"tile_reuses", {{"ifmap", ifmap_reuses}, {"filter", filter_reuses}}},
          {"streamed_chunks", streamed_chunks},
          {"ifmap_on_chip_bytes", ifmap_on_chip_bytes},
          {"dram_bytes_per_cycle_peak",
           {{"ifmap", activity[0].dram_peak_bytes_per_cycle},
            {"filter", activity[1].dram_peak_bytes_per_cycle},
            {"ofmap", activity[2].dram_peak_bytes_per_cycle},
            {"total", dram_peak_bytes_per_cycle}}},
          {"peak_window_cycles", peak_window_cycles}};
}

bool MemorySystem::Resident::holds(const Tile& t) const {
  return std::find(tiles.begin(), tiles.end(), t) != tiles.end();
}

void MemorySystem::Resident::insert(const Tile& t) {
  if (t.bytes > capacity) return;  // streamed through, never resident as a whole
  while (!tiles.empty() && bytes + t.bytes > capacity) {
    bytes -= tiles.front().bytes;
    tiles.pop_front();
  }
  tiles.push_back(t);
  bytes += t.bytes;
}

MemorySystem::MemorySystem(const MemoryConfig& cfg, std::string source)
    : cfg_(cfg),
      source_(std::move(source)),
      dram_(cfg.dram),
      meters_{BandwidthMeter(dram_.ticks_per_array_cycle()),
              BandwidthMeter(dram_.ticks_per_array_cycle()),
              BandwidthMeter(dram_.ticks_per_array_cycle())},
      all_(dram_.ticks_per_array_cycle()) {
  dram_.set_transfer_log(&transfers_);
  ifmap_.capacity = cfg.sram.ifmap_kb * 1024;
  filter_.capacity = cfg.sram.filter_kb * 1024;
  ofmap_capacity_ = cfg.sram.ofmap_kb * 1024;
}

void MemorySystem::begin(std::vector<FoldTraffic> traffic) {
  traffic_ = std::move(traffic);
  stats_.ifmap_on_chip_bytes = ifmap_on_chip_;
  for (BandwidthMeter& m : meters_) m.clear();
  all_.clear();
  const double fill = 1.0 - cfg_.sram.active_fraction;
  ifmap_.fill_half = int64_t(double(ifmap_.capacity) * fill);
  filter_.fill_half = int64_t(double(filter_.capacity) * fill);
  auto check = [&](const Tile& t, int64_t span, const Resident& r, const char* field, int64_t kb,
                   const char* what) {
    if (t.bytes == 0) return;
    // A stationary tile must be whole before the fold starts; a streamed one needs room for the
    // bytes of one edge in the half being filled.
    const int64_t need = span == 0 ? t.bytes : (t.bytes + span - 1) / span;
    const int64_t room = span == 0 ? r.capacity : r.fill_half;
    if (need <= room) return;
    throw InputError(source_, 0, std::string("sram.") + field,
                     std::to_string(kb) + " KiB cannot hold " +
                         (span == 0 ? std::string("one fold's stationary ") + what + " tile ("
                                    : std::string("one edge of a fold's ") + what +
                                          " stream in the half being filled (") +
                         std::to_string(need) + " bytes); the layer needs a larger scratchpad");
  };
  for (const FoldTraffic& t : traffic_) {
    check(t.ifmap, t.ifmap_span, ifmap_, "ifmap_kb", cfg_.sram.ifmap_kb, "ifmap");
    check(t.filter, t.filter_span, filter_, "filter_kb", cfg_.sram.filter_kb, "filter");
    if (t.ofmap.bytes > ofmap_capacity_)
      throw InputError(source_, 0, "sram.ofmap_kb",
                       std::to_string(cfg_.sram.ofmap_kb) + " KiB cannot hold one fold's " +
                           std::to_string(t.ofmap.bytes) +
                           " bytes of outputs; the layer needs a larger scratchpad");
  }
  ready_ifmap_.assign(traffic_.size() + 1, 0);
  ready_filter_.assign(traffic_.size() + 1, 0);
  if (!traffic_.empty()) fetch(0, 0);
}

int64_t MemorySystem::access(StallCause op, const DramRequest& r) {
  transfers_.clear();
  const int64_t done = dram_.access(r);
  if (r.bytes == 0) return done;
  events_.push_back(DramEvent{r.issue_cycle, done, int64_t(r.bytes), r.write});
  OperandActivity& a = stats_.activity[size_t(op)];
  if (a.dram_start < 0 || r.issue_cycle < a.dram_start) a.dram_start = r.issue_cycle;
  a.dram_stop = std::max(a.dram_stop, done);
  for (const DramTransfer& t : transfers_) {
    meters_[size_t(op)].add(t.begin, t.end, double(t.bytes));
    all_.add(t.begin, t.end, double(t.bytes));
  }
  return done;
}

int64_t MemorySystem::load(StallCause op, const Tile& t, int64_t span, Resident* res, int64_t e) {
  if (t.bytes <= res->fill_half) {
    res->insert(t);
    return access(op, DramRequest{t.addr, uint32_t(t.bytes), false, e});
  }
  // Larger than the half being filled: streamed in chunks of that half, requested back to back.
  // The fold may start once every chunk arrives no later than the feeders first read it (chunk
  // i at edge i·half·span / bytes after the issue; a stationary tile is read at once), so the
  // feeders never starve mid-fold.
  int64_t ready = e;
  for (int64_t off = 0; off < t.bytes; off += res->fill_half) {
    const int64_t n = std::min(res->fill_half, t.bytes - off);
    const int64_t arrival = access(op, DramRequest{t.addr + uint64_t(off), uint32_t(n), false, e});
    const int64_t first_read = span == 0 ? 0 : off * span / t.bytes;
    ready = std::max(ready, arrival - first_read);
    ++stats_.streamed_chunks;
  }
  if (t.bytes <= res->capacity) res->insert(t);
  return ready;
}

void MemorySystem::fetch(int f, int64_t e) {
  const FoldTraffic& t = traffic_[size_t(f)];
  auto one = [&](StallCause op, const Tile& tile, int64_t span, Resident* res, int64_t* ready,
                 int64_t* bytes, int64_t* fetches, int64_t* reuses) {
    if (tile.bytes == 0 || res->holds(tile) || (op == StallCause::kIfmap && ifmap_on_chip_ > 0)) {
      *ready = e;
      if (tile.bytes > 0) ++*reuses;
      return;
    }
    *ready = load(op, tile, span, res, e);
    *bytes += tile.bytes;
    ++*fetches;
  };
  one(StallCause::kIfmap, t.ifmap, t.ifmap_span, &ifmap_, &ready_ifmap_[size_t(f)],
      &stats_.dram_ifmap_bytes, &stats_.ifmap_fetches, &stats_.ifmap_reuses);
  one(StallCause::kFilter, t.filter, t.filter_span, &filter_, &ready_filter_[size_t(f)],
      &stats_.dram_filter_bytes, &stats_.filter_fetches, &stats_.filter_reuses);
}

int64_t MemorySystem::occupancy(StallCause op, int64_t e) const {
  switch (op) {
    case StallCause::kIfmap:
      return ifmap_.bytes + ifmap_on_chip_;
    case StallCause::kFilter:
      return filter_.bytes;
    case StallCause::kOfmap:
      break;
  }
  int64_t held = ofmap_held_;
  for (const auto& w : writebacks_)
    if (w.first <= e) held -= w.second;
  return held;
}

bool MemorySystem::ofmap_room(int f, int64_t e) {
  for (auto it = writebacks_.begin(); it != writebacks_.end();) {
    if (it->first <= e) {
      ofmap_held_ -= it->second;
      it = writebacks_.erase(it);
    } else {
      ++it;
    }
  }
  return ofmap_held_ + traffic_[size_t(f)].ofmap.bytes <= ofmap_capacity_;
}

int64_t MemorySystem::ofmap_room_from(int f, int64_t e) const {
  const int64_t need = traffic_[size_t(f)].ofmap.bytes;
  std::vector<std::pair<int64_t, int64_t>> wb(writebacks_.begin(), writebacks_.end());
  std::sort(wb.begin(), wb.end());
  int64_t held = ofmap_held_;
  for (const auto& w : wb)
    if (w.first <= e) held -= w.second;
  if (held + need <= ofmap_capacity_) return e;
  for (const auto& w : wb) {
    if (w.first <= e) continue;
    held -= w.second;
    if (held + need <= ofmap_capacity_) return w.first;
  }
  return e;  // unreachable: begin() checked that one fold's outputs fit the empty buffer
}

void MemorySystem::stall(StallCause c, int64_t n) {
  switch (c) {
    case StallCause::kIfmap:
      stats_.stall_ifmap += n;
      break;
    case StallCause::kFilter:
      stats_.stall_filter += n;
      break;
    case StallCause::kOfmap:
      stats_.stall_ofmap += n;
      break;
  }
}

void MemorySystem::issued(int f, int64_t e) {
  const FoldTraffic& t = traffic_[size_t(f)];
  ofmap_held_ += t.ofmap.bytes;
  // The feed windows of the fold's feeders (FoldTraffic's read offsets after the issue edge).
  auto window = [e](OperandActivity& a, const ReadWindow& w) {
    if (w.last < w.first) return;
    if (a.sram_start < 0 || e + w.first < a.sram_start) a.sram_start = e + w.first;
    a.sram_stop = std::max(a.sram_stop, e + w.last);
  };
  window(stats_.activity[0], t.ifmap_read);
  window(stats_.activity[1], t.filter_read);
  if (size_t(f) + 1 < traffic_.size()) fetch(f + 1, e);
}

void MemorySystem::drained(int f, int64_t e) {
  const Tile& o = traffic_[size_t(f)].ofmap;
  if (o.bytes == 0) return;
  const int64_t done = access(StallCause::kOfmap, DramRequest{o.addr, uint32_t(o.bytes), true, e});
  writebacks_.emplace_back(done, o.bytes);
  writeback_done_ = std::max(writeback_done_, done);
  stats_.dram_ofmap_bytes += o.bytes;
}

void MemorySystem::stall(StallCause c) { stall(c, 1); }

void MemorySystem::finish(int64_t last_arrival_edge) {
  stats_.writeback_tail = std::max<int64_t>(0, writeback_done_ - (last_arrival_edge + 1));
  // The peaks over the run's windows of W cycles (a run shorter than W: the whole run).
  const int64_t run = std::max(last_arrival_edge + 1, writeback_done_);
  const int64_t w = std::max<int64_t>(1, std::min(kPeakWindowCycles, run));
  stats_.peak_window_cycles = w;
  for (size_t i = 0; i < meters_.size(); ++i)
    stats_.activity[i].dram_peak_bytes_per_cycle = meters_[i].peak_bytes(w) / double(w);
  stats_.dram_peak_bytes_per_cycle = all_.peak_bytes(w) / double(w);
}

}  // namespace fusesim
