#include "workloads/memory_energy.h"

namespace fusesim {

namespace {
constexpr std::array<const char*, 3> kNames = {"ifmap", "filter", "ofmap"};
}

nlohmann::json MemoryEnergy::to_json() const {
  nlohmann::json sram = nlohmann::json::object();
  nlohmann::json dram = nlohmann::json::object();
  nlohmann::json each = nlohmann::json::object();
  for (size_t i = 0; i < kNames.size(); ++i) {
    sram[kNames[i]] = sram_pj[i];
    dram[kNames[i]] = dram_pj[i];
    each[kNames[i]] = access_pj[i];
  }
  sram["total"] = sram_pj[0] + sram_pj[1] + sram_pj[2];
  dram["total"] = dram_total_pj();
  return {
      {"sram_pj", sram},
      {"dram_pj", dram},
      {"sram_access_pj", each},
      {"dram_component", dram_component},
      {"dram_pj_per_byte", {{"read", dram_read_pj_per_byte}, {"write", dram_write_pj_per_byte}}},
      {"dram_side_sram_pj", dram_side_sram_pj},
      {"added_pj", added_pj()}};
}

MemoryEnergy price_memory(const MemoryTraffic& t, const EnergyTable& table) {
  MemoryEnergy m;
  m.dram_component = "dram_" + t.dram_technology;
  m.dram_read_pj_per_byte = table.energy(m.dram_component, "read_byte");
  m.dram_write_pj_per_byte = table.energy(m.dram_component, "write_byte");
  for (size_t i = 0; i < 3; ++i)
    m.access_pj[i] = table.sram_access_64b_pj(t.sram_bytes[i]) / 64.0 * kMemoryWordBits[i];
  const double tap_pj = table.sram_access_64b_pj(t.sram_bytes[0]) / 64.0 * kMemoryWordBits[1];
  for (size_t i = 0; i < 3; ++i) {
    const double side = double(t.dram_side_accesses[i]) * m.access_pj[i];
    m.sram_pj[i] = double(t.array_accesses[i]) * m.access_pj[i] + side;
    m.dram_side_sram_pj += side;
    m.dram_pj[i] = double(t.dram_read_bytes[i]) * m.dram_read_pj_per_byte +
                   double(t.dram_write_bytes[i]) * m.dram_write_pj_per_byte;
  }
  m.sram_pj[1] += double(t.bus_taps) * tap_pj;
  const char* const spad[3] = {"ifmap_spad", "filter_spad", "ofmap_spad"};
  const char* const side_action[3] = {"write", "write", "read"};  // fills; write-back reads
  for (size_t i = 0; i < 3; ++i)
    m.actions.push_back(
        {spad[i], side_action[i], t.dram_side_accesses[i], m.access_pj[i], "memory"});
  uint64_t rd = 0, wr = 0;
  for (size_t i = 0; i < 3; ++i) {
    rd += uint64_t(t.dram_read_bytes[i]);
    wr += uint64_t(t.dram_write_bytes[i]);
  }
  m.actions.push_back({m.dram_component, "read_byte", rd, m.dram_read_pj_per_byte, "memory"});
  m.actions.push_back({m.dram_component, "write_byte", wr, m.dram_write_pj_per_byte, "memory"});
  return m;
}

MemoryEnergy& MemoryEnergy::operator+=(const MemoryEnergy& o) {
  if (dram_component.empty()) {
    *this = o;
    return *this;
  }
  for (size_t i = 0; i < 3; ++i) {
    sram_pj[i] += o.sram_pj[i];
    dram_pj[i] += o.dram_pj[i];
  }
  dram_side_sram_pj += o.dram_side_sram_pj;
  for (const PricedAction& a : o.actions) {
    bool merged = false;
    for (PricedAction& x : actions)
      if (x.component == a.component && x.action == a.action &&
          x.energy_each_pj == a.energy_each_pj) {
        x.count += a.count;
        merged = true;
        break;
      }
    if (!merged) actions.push_back(a);
  }
  return *this;
}

namespace {

void derive(EnergyReport* r) {
  const double seconds = double(r->cycles) / (r->clock_mhz * 1e6);
  r->power_mw = r->cycles > 0 ? r->energy_pj * 1e-12 / seconds * 1e3 : 0.0;
  r->pj_per_mac = r->macs > 0 ? r->energy_pj / double(r->macs) : 0.0;
  r->edp_pj_cycles = r->energy_pj * double(r->cycles);
  r->edp_pj_s = r->energy_pj * seconds;
}

}  // namespace

EnergyReport combine_reports(const std::vector<EnergyReport>& parts) {
  EnergyReport r = parts.front();
  for (size_t k = 1; k < parts.size(); ++k) {
    const EnergyReport& p = parts[k];
    r.energy_pj += p.energy_pj;
    r.cycles += p.cycles;
    r.macs += p.macs;
    for (auto& b : r.breakdown) b.second += p.category_pj(b.first);
    for (const PricedAction& a : p.actions) {
      bool merged = false;
      for (PricedAction& x : r.actions) {
        if (x.component == a.component && x.action == a.action && x.category == a.category &&
            x.energy_each_pj == a.energy_each_pj) {
          x.count += a.count;
          merged = true;
          break;
        }
      }
      if (!merged) r.actions.push_back(a);
    }
  }
  derive(&r);
  return r;
}

void add_memory_energy(EnergyReport* r, const MemoryEnergy& m) {
  r->energy_pj += m.added_pj();
  r->actions.insert(r->actions.end(), m.actions.begin(), m.actions.end());
  derive(r);
  r->memory = m.to_json();
}

}  // namespace fusesim
