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
  return *this;
}

bool MemoryStats::operator==(const MemoryStats& o) const {
  return stall_ifmap == o.stall_ifmap && stall_filter == o.stall_filter &&
         stall_ofmap == o.stall_ofmap && dram_ifmap_bytes == o.dram_ifmap_bytes &&
         dram_filter_bytes == o.dram_filter_bytes && dram_ofmap_bytes == o.dram_ofmap_bytes &&
         ifmap_fetches == o.ifmap_fetches && filter_fetches == o.filter_fetches &&
         ifmap_reuses == o.ifmap_reuses && filter_reuses == o.filter_reuses &&
         writeback_tail == o.writeback_tail;
}

nlohmann::json MemoryStats::to_json() const {
  return {{"stall_cycles", stall_cycles()},
          {"stall_cycles_by_cause",
           {{"ifmap", stall_ifmap}, {"filter", stall_filter}, {"ofmap", stall_ofmap}}},
          {"dram_bytes",
           {{"ifmap", dram_ifmap_bytes},
            {"filter", dram_filter_bytes},
            {"ofmap", dram_ofmap_bytes},
            {"total", dram_bytes()}}},
          {"tile_fetches", {{"ifmap", ifmap_fetches}, {"filter", filter_fetches}}},
          {"tile_reuses", {{"ifmap", ifmap_reuses}, {"filter", filter_reuses}}},
          {"writeback_tail_cycles", writeback_tail}};
}

bool MemorySystem::Resident::holds(const Tile& t) const {
  return std::find(tiles.begin(), tiles.end(), t) != tiles.end();
}

void MemorySystem::Resident::insert(const Tile& t) {
  while (!tiles.empty() && bytes + t.bytes > capacity) {
    bytes -= tiles.front().bytes;
    tiles.pop_front();
  }
  tiles.push_back(t);
  bytes += t.bytes;
}

MemorySystem::MemorySystem(const MemoryConfig& cfg, std::string source)
    : cfg_(cfg), source_(std::move(source)), dram_(cfg.dram) {
  ifmap_.capacity = cfg.sram.ifmap_kb * 1024;
  filter_.capacity = cfg.sram.filter_kb * 1024;
  ofmap_capacity_ = cfg.sram.ofmap_kb * 1024;
}

void MemorySystem::begin(std::vector<FoldTraffic> traffic) {
  traffic_ = std::move(traffic);
  const double a = cfg_.sram.active_fraction;
  const double half = std::min(a, 1.0 - a);
  auto too_small = [&](const char* field, int64_t kb, int64_t need, const char* what) {
    throw InputError(source_, 0, std::string("sram.") + field,
                     std::to_string(kb) + " KiB cannot hold one fold's " + what + " (" +
                         std::to_string(need) + " bytes" +
                         (std::string(what) == "outputs" ? "" : " in the half being filled") +
                         "); the layer needs a larger scratchpad");
  };
  for (const FoldTraffic& t : traffic_) {
    if (double(t.ifmap.bytes) > half * double(ifmap_.capacity))
      too_small("ifmap_kb", cfg_.sram.ifmap_kb, t.ifmap.bytes, "ifmap tile");
    if (double(t.filter.bytes) > half * double(filter_.capacity))
      too_small("filter_kb", cfg_.sram.filter_kb, t.filter.bytes, "filter tile");
    if (t.ofmap.bytes > ofmap_capacity_)
      too_small("ofmap_kb", cfg_.sram.ofmap_kb, t.ofmap.bytes, "outputs");
  }
  ready_ifmap_.assign(traffic_.size() + 1, 0);
  ready_filter_.assign(traffic_.size() + 1, 0);
  if (!traffic_.empty()) fetch(0, 0);
}

void MemorySystem::fetch(int f, int64_t e) {
  const FoldTraffic& t = traffic_[size_t(f)];
  auto one = [&](const Tile& tile, Resident* res, int64_t* ready, int64_t* bytes, int64_t* fetches,
                 int64_t* reuses) {
    if (tile.bytes == 0 || res->holds(tile)) {
      *ready = e;
      if (tile.bytes > 0) ++*reuses;
      return;
    }
    *ready = dram_.access(DramRequest{tile.addr, uint32_t(tile.bytes), false, e});
    *bytes += tile.bytes;
    ++*fetches;
    res->insert(tile);
  };
  one(t.ifmap, &ifmap_, &ready_ifmap_[size_t(f)], &stats_.dram_ifmap_bytes, &stats_.ifmap_fetches,
      &stats_.ifmap_reuses);
  one(t.filter, &filter_, &ready_filter_[size_t(f)], &stats_.dram_filter_bytes,
      &stats_.filter_fetches, &stats_.filter_reuses);
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

void MemorySystem::issued(int f, int64_t e) {
  ofmap_held_ += traffic_[size_t(f)].ofmap.bytes;
  if (size_t(f) + 1 < traffic_.size()) fetch(f + 1, e);
}

void MemorySystem::drained(int f, int64_t e) {
  const Tile& o = traffic_[size_t(f)].ofmap;
  if (o.bytes == 0) return;
  const int64_t done = dram_.access(DramRequest{o.addr, uint32_t(o.bytes), true, e});
  writebacks_.emplace_back(done, o.bytes);
  writeback_done_ = std::max(writeback_done_, done);
  stats_.dram_ofmap_bytes += o.bytes;
}

void MemorySystem::stall(StallCause c) {
  switch (c) {
    case StallCause::kIfmap:
      ++stats_.stall_ifmap;
      break;
    case StallCause::kFilter:
      ++stats_.stall_filter;
      break;
    case StallCause::kOfmap:
      ++stats_.stall_ofmap;
      break;
  }
}

void MemorySystem::finish(int64_t last_arrival_edge) {
  stats_.writeback_tail = std::max<int64_t>(0, writeback_done_ - (last_arrival_edge + 1));
}

}  // namespace fusesim
