#include "mem/dram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "workloads/input_error.h"

namespace fusesim {

namespace {

int log2_exact(int64_t v) {
  int b = 0;
  while ((int64_t(1) << b) < v) ++b;
  return b;
}

/// ceil(a * num / den) for a >= 0, num, den >= 1, without overflow.
int64_t ceil_scale(int64_t a, int64_t num, int64_t den) {
  const __int128 p = static_cast<__int128>(a) * num;
  return static_cast<int64_t>((p + den - 1) / den);
}

DramConfig checked(const DramConfig& cfg) {
  const std::vector<std::string> errors = cfg.validate();
  if (!errors.empty()) {
    std::string m = "invalid DRAM configuration:";
    for (const std::string& e : errors) m += "\n  " + e;
    throw std::invalid_argument(m);
  }
  return cfg;
}

}  // namespace

const DramStats::Counter DramStats::kCounters[8] = {
    {"reads", "requests", "read requests", &DramStats::reads},
    {"writes", "requests", "write requests", &DramStats::writes},
    {"bytes_read", "bytes", "bytes requested by reads", &DramStats::bytes_read},
    {"bytes_written", "bytes", "bytes requested by writes", &DramStats::bytes_written},
    {"bursts", "transactions", "bursts of bus_bytes x burst_length issued", &DramStats::bursts},
    {"row_hits", "bursts", "bursts to the open row (timed mode)", &DramStats::row_hits},
    {"row_misses", "bursts", "bursts to a closed bank: activate (timed mode)",
     &DramStats::row_misses},
    {"row_conflicts", "bursts", "bursts to another row: precharge, activate (timed mode)",
     &DramStats::row_conflicts},
};

nlohmann::json DramStats::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const Counter& c : kCounters) j[c.name] = this->*c.member;
  j["last_completion"] = last_completion;
  j["channel_busy_cycles"] = channel_busy_cycles;
  j["busy_cycle_unit"] = busy_cycle_unit;
  j["row_hit_rate"] = bursts == 0 ? 0.0 : double(row_hits) / double(bursts);
  return j;
}

Dram::Dram(const DramConfig& cfg) : Dram(cfg, DramLatencies{}) {
  if (cfg_.mode == DramMode::kReplay) latencies_ = read_latency_file(cfg_.latency_file);
}

Dram::Dram(const DramConfig& cfg, DramLatencies latencies)
    : cfg_(checked(cfg)), latencies_(std::move(latencies)) {
  AddressMapping m;
  parse_address_mapping(cfg_.address_mapping, &m);
  int width[kNumAddrFields] = {};
  width[int(AddrField::kRow)] = log2_exact(cfg_.rows);
  width[int(AddrField::kRank)] = log2_exact(cfg_.ranks);
  width[int(AddrField::kBank)] = log2_exact(cfg_.banks);
  width[int(AddrField::kChannel)] = log2_exact(cfg_.channels);
  width[int(AddrField::kColumn)] = log2_exact(cfg_.row_bytes / cfg_.burst_bytes());
  burst_shift_ = log2_exact(cfg_.burst_bytes());
  int pos = burst_shift_;
  for (int i = m.count - 1; i >= 0; --i) {
    const int f = int(m.msb_to_lsb[i]);
    shift_[f] = pos;
    mask_[f] = (uint64_t(1) << width[f]) - 1;
    pos += width[f];
  }
  banks_per_channel_ = int64_t(cfg_.ranks) * cfg_.banks;
  dram_khz_ = std::max<int64_t>(1, std::llround(cfg_.dram_clock_mhz * 1000.0));
  array_khz_ = std::max<int64_t>(1, std::llround(cfg_.array_clock_mhz * 1000.0));
  bw_micro_bytes_ = std::max<int64_t>(1, std::llround(cfg_.bandwidth_bytes_per_cycle * 1e6));
  banks_.resize(size_t(cfg_.channels * banks_per_channel_));
  channels_.resize(size_t(cfg_.channels));
  reset();
}

void Dram::reset() {
  std::fill(banks_.begin(), banks_.end(), Bank{});
  std::fill(channels_.begin(), channels_.end(), Channel{});
  stats_ = DramStats{};
  stats_.channel_busy_cycles.assign(size_t(cfg_.channels), 0);
  stats_.busy_cycle_unit = cfg_.mode == DramMode::kSimple ? "array" : "dram";
  next_latency_ = 0;
  iface_free_ = 0;
}

int64_t Dram::to_array_cycle(int64_t d) const { return ceil_scale(d, array_khz_, dram_khz_); }

int64_t Dram::to_dram_cycle(int64_t a) const { return ceil_scale(a, dram_khz_, array_khz_); }

DramCoord Dram::decode(uint64_t addr) const {
  auto field = [&](AddrField f) { return (addr >> shift_[int(f)]) & mask_[int(f)]; };
  DramCoord c;
  c.channel = int(field(AddrField::kChannel));
  c.rank = int(field(AddrField::kRank));
  c.bank = int(field(AddrField::kBank));
  c.row = int64_t(field(AddrField::kRow));
  c.column = int64_t(field(AddrField::kColumn));
  return c;
}

int64_t Dram::access(const DramRequest& r) {
  if (r.issue_cycle < 0) throw std::invalid_argument("Dram::access: negative issue cycle");
  (r.write ? stats_.writes : stats_.reads) += 1;
  (r.write ? stats_.bytes_written : stats_.bytes_read) += r.bytes;
  if (r.bytes == 0) return r.issue_cycle;

  const uint64_t bb = uint64_t(cfg_.burst_bytes());
  const uint64_t first = r.addr & ~(bb - 1);
  const uint64_t n = (((r.addr & (bb - 1)) + r.bytes - 1) >> burst_shift_) + 1;
  stats_.bursts += n;
  const int64_t issue_dram = to_dram_cycle(r.issue_cycle);
  if (trace_ != nullptr) {
    for (uint64_t k = 0; k < n; ++k) trace_->write(first + k * bb, r.write, issue_dram);
  }

  int64_t done = r.issue_cycle;
  switch (cfg_.mode) {
    case DramMode::kSimple: {
      const int64_t occ = int64_t((static_cast<__int128>(r.bytes) * 1000000 + bw_micro_bytes_ - 1) /
                                  bw_micro_bytes_);
      const int64_t start = std::max(r.issue_cycle, iface_free_);
      iface_free_ = start + occ;
      stats_.channel_busy_cycles[0] += occ;
      if (transfers_) transfers_->push_back(DramTransfer{start, start + occ, r.bytes});
      done = iface_free_ + cfg_.latency_cycles;
      break;
    }
    case DramMode::kTimed: {
      int64_t end = issue_dram;
      for (uint64_t k = 0; k < n; ++k) {
        // The request's bytes within burst k.
        const uint64_t lo = std::max(r.addr, first + k * bb);
        const uint64_t hi = std::min(r.addr + r.bytes, first + (k + 1) * bb);
        end = std::max(end, burst_timed(first + k * bb, issue_dram, uint32_t(hi - lo)));
      }
      done = to_array_cycle(end);
      break;
    }
    case DramMode::kReplay: {
      int64_t end = issue_dram;
      for (uint64_t k = 0; k < n; ++k) {
        const int64_t done_k = burst_replay(issue_dram);
        end = std::max(end, done_k);
        if (transfers_) {
          const uint64_t lo = std::max(r.addr, first + k * bb);
          const uint64_t hi = std::min(r.addr + r.bytes, first + (k + 1) * bb);
          transfers_->push_back(DramTransfer{issue_dram * array_khz_,
                                             std::max(done_k, issue_dram + 1) * array_khz_,
                                             uint32_t(hi - lo)});
        }
      }
      done = to_array_cycle(end);
      break;
    }
  }
  stats_.last_completion = std::max(stats_.last_completion, done);
  return done;
}

int64_t Dram::burst_timed(uint64_t addr, int64_t issue_dram, uint32_t bytes) {
  const DramCoord c = decode(addr);
  Channel& ch = channels_[size_t(c.channel)];
  Bank& bk = banks_[size_t(c.channel * banks_per_channel_ + int64_t(c.rank) * cfg_.banks + c.bank)];
  // FCFS: a burst starts no earlier than the previous burst of its channel started.
  const int64_t start = std::max(issue_dram, ch.start_cycle);
  int64_t cmd = 0;  // column command (READ/WRITE)
  if (bk.open_row == c.row) {
    ++stats_.row_hits;
    cmd = std::max(start, bk.cmd_cycle);
  } else if (bk.open_row < 0) {
    ++stats_.row_misses;
    const int64_t act = std::max(start, bk.cmd_cycle);
    bk.act_cycle = act;
    cmd = act + cfg_.t_rcd;
  } else {
    ++stats_.row_conflicts;
    const int64_t pre = std::max({start, bk.act_cycle + cfg_.t_ras, bk.cmd_cycle});
    const int64_t act = pre + cfg_.t_rp;
    bk.act_cycle = act;
    cmd = act + cfg_.t_rcd;
  }
  // The data follows the previous burst's on the bus; the column command is delayed to match.
  const int64_t data_start = std::max(cmd + cfg_.t_cl, ch.bus_free);
  const int64_t data_end = data_start + cfg_.burst_cycles();
  bk.cmd_cycle = data_start - cfg_.t_cl;
  bk.open_row = c.row;
  ch.start_cycle = start;
  ch.bus_free = data_end;
  stats_.channel_busy_cycles[size_t(c.channel)] += cfg_.burst_cycles();
  if (transfers_)
    transfers_->push_back(DramTransfer{data_start * array_khz_, data_end * array_khz_, bytes});
  return data_end;
}

int64_t Dram::burst_replay(int64_t issue_dram) {
  if (next_latency_ >= latencies_.cycles.size())
    throw InputError(latencies_.file, latencies_.line_count + 1, "latency",
                     "the file has " + std::to_string(latencies_.cycles.size()) +
                         " latencies but the run issues more transactions (transaction " +
                         std::to_string(next_latency_ + 1) + " has none)");
  return issue_dram + latencies_.cycles[next_latency_++];
}

}  // namespace fusesim
