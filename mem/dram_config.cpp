#include "mem/dram_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>

#include "workloads/input_error.h"

namespace fusesim {

namespace {

bool is_pow2(int64_t v) { return v >= 1 && (v & (v - 1)) == 0; }

int log2_exact(int64_t v) {
  int b = 0;
  while ((int64_t(1) << b) < v) ++b;
  return b;
}

constexpr const char* kFieldNames[kNumAddrFields] = {"row", "rank", "bank", "channel", "column"};

/// Largest clock accepted: the clocks become integer kHz in `Dram`, and a 1 THz clock is absurd.
constexpr double kMaxClockMhz = 1e6;
/// Largest timing or latency value (cycles) accepted: far above any real part, far below overflow.
constexpr int64_t kMaxTiming = 1'000'000;

void need_pow2(std::vector<std::string>& e, const char* field, int64_t v) {
  if (!is_pow2(v))
    e.push_back(std::string("dram.") + field + ": must be a power of two >= 1 (got " +
                std::to_string(v) + ")");
}

void need_range(std::vector<std::string>& e, const char* field, int64_t v, int64_t lo, int64_t hi) {
  if (v < lo || v > hi)
    e.push_back(std::string("dram.") + field + ": must be in [" + std::to_string(lo) + ", " +
                std::to_string(hi) + "] (got " + std::to_string(v) + ")");
}

void need_clock(std::vector<std::string>& e, const char* field, double v) {
  if (!(std::isfinite(v) && v >= 0.001 && v <= kMaxClockMhz))
    e.push_back(std::string("dram.") + field + ": must be a clock in [0.001, 1e6] MHz (got " +
                std::to_string(v) + ")");
}

}  // namespace

const char* to_string(DramMode m) {
  switch (m) {
    case DramMode::kSimple:
      return "simple";
    case DramMode::kTimed:
      return "timed";
    case DramMode::kReplay:
      return "replay";
  }
  return "?";
}

bool parse_dram_mode(const std::string& s, DramMode* out) {
  for (DramMode m : {DramMode::kSimple, DramMode::kTimed, DramMode::kReplay}) {
    if (s == to_string(m)) {
      *out = m;
      return true;
    }
  }
  return false;
}

std::string parse_address_mapping(const std::string& s, AddressMapping* out) {
  AddressMapping m;
  std::array<bool, kNumAddrFields> seen{};
  size_t start = 0;
  while (true) {
    const size_t end = std::min(s.find(':', start), s.size());
    const std::string name = s.substr(start, end - start);
    int f = 0;
    while (f < kNumAddrFields && name != kFieldNames[f]) ++f;
    if (f == kNumAddrFields)
      return "unknown field '" + name + "' (fields: row, rank, bank, channel, column)";
    if (seen[f]) return "field '" + name + "' listed twice";
    if (m.count == kNumAddrFields) return "too many fields";
    seen[f] = true;
    m.msb_to_lsb[m.count++] = static_cast<AddrField>(f);
    if (end == s.size()) break;
    start = end + 1;
  }
  for (AddrField f : {AddrField::kRow, AddrField::kBank, AddrField::kChannel, AddrField::kColumn})
    if (!seen[int(f)]) return std::string("field '") + kFieldNames[int(f)] + "' missing";
  *out = m;
  return "";
}

std::vector<std::string> DramConfig::validate() const {
  std::vector<std::string> e;
  if (name.empty() || std::any_of(name.begin(), name.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      }))
    e.push_back("dram.name: must be non-empty text without control characters");
  if (mode != DramMode::kSimple && mode != DramMode::kTimed && mode != DramMode::kReplay)
    e.push_back("dram.mode: unknown mode " + std::to_string(int(mode)));

  need_pow2(e, "channels", channels);
  need_pow2(e, "ranks", ranks);
  need_pow2(e, "banks", banks);
  need_pow2(e, "rows", rows);
  need_pow2(e, "row_bytes", row_bytes);
  need_pow2(e, "bus_bytes", bus_bytes);
  need_pow2(e, "burst_length", burst_length);
  if (beats_per_clock != 1 && beats_per_clock != 2)
    e.push_back("dram.beats_per_clock: must be 1 (SDR) or 2 (DDR) (got " +
                std::to_string(beats_per_clock) + ")");
  const bool geometry_ok = is_pow2(channels) && is_pow2(ranks) && is_pow2(banks) && is_pow2(rows) &&
                           is_pow2(row_bytes) && is_pow2(bus_bytes) && is_pow2(burst_length);
  if (geometry_ok) {
    if (burst_bytes() > row_bytes)
      e.push_back("dram.row_bytes: a row (" + std::to_string(row_bytes) +
                  " B) must hold at least one burst (bus_bytes x burst_length = " +
                  std::to_string(burst_bytes()) + " B)");
    const int bits = log2_exact(channels) + log2_exact(ranks) + log2_exact(banks) +
                     log2_exact(rows) + log2_exact(row_bytes);
    if (bits > 63)
      e.push_back("dram.rows: the capacity (channels x ranks x banks x rows x row_bytes) needs " +
                  std::to_string(bits) + " address bits, more than 63");
  }
  need_clock(e, "dram_clock_mhz", dram_clock_mhz);
  need_clock(e, "array_clock_mhz", array_clock_mhz);

  AddressMapping m;
  const std::string why = parse_address_mapping(address_mapping, &m);
  if (!why.empty()) {
    e.push_back("dram.address_mapping: " + why);
  } else if (ranks > 1 && std::find(m.msb_to_lsb.begin(), m.msb_to_lsb.begin() + m.count,
                                    AddrField::kRank) == m.msb_to_lsb.begin() + m.count) {
    e.push_back("dram.address_mapping: must place 'rank' when there are " + std::to_string(ranks) +
                " ranks");
  }

  if (mode == DramMode::kSimple) {
    if (!(std::isfinite(bandwidth_bytes_per_cycle) && bandwidth_bytes_per_cycle >= 1e-6 &&
          bandwidth_bytes_per_cycle <= 1e9))
      e.push_back("dram.bandwidth_bytes_per_cycle: must be in [1e-6, 1e9] (got " +
                  std::to_string(bandwidth_bytes_per_cycle) + ")");
    need_range(e, "latency_cycles", latency_cycles, 0, kMaxTiming);
  }
  if (mode == DramMode::kTimed) {
    need_range(e, "tRCD", t_rcd, 1, kMaxTiming);
    need_range(e, "tCL", t_cl, 1, kMaxTiming);
    need_range(e, "tRP", t_rp, 1, kMaxTiming);
    need_range(e, "tRAS", t_ras, 0, kMaxTiming);
  }
  if (mode == DramMode::kReplay && latency_file.empty())
    e.push_back("dram.latency_file: replay mode needs a latency file");
  if (technology != "ddr4" && technology != "lpddr4" && technology != "hbm2")
    e.push_back("dram.technology: must be ddr4, lpddr4 or hbm2 (got '" + technology + "')");
  return e;
}

std::vector<std::string> SramConfig::validate() const {
  std::vector<std::string> e;
  const int64_t kMaxKb = int64_t(1) << 30;  // 1 TiB: far above any scratchpad, no overflow
  const std::pair<const char*, int64_t> sizes[] = {
      {"ifmap_kb", ifmap_kb}, {"filter_kb", filter_kb}, {"ofmap_kb", ofmap_kb}};
  for (const auto& [field, kb] : sizes) {
    if (kb < 1 || kb > kMaxKb)
      e.push_back(std::string("sram.") + field + ": must be in [1, 2^30] KiB (got " +
                  std::to_string(kb) + ")");
    else if (word_bytes >= 1 && (kb * 1024) % word_bytes != 0)
      e.push_back(std::string("sram.") + field + ": " + std::to_string(kb) +
                  " KiB is not a whole number of " + std::to_string(word_bytes) + "-byte words");
  }
  if (word_bytes < 1 || word_bytes > 1024)
    e.push_back("sram.word_bytes: must be in [1, 1024] (got " + std::to_string(word_bytes) + ")");
  if (banks < 1 || banks > 65536)
    e.push_back("sram.banks: must be in [1, 65536] (got " + std::to_string(banks) + ")");
  if (ports_per_bank < 1 || ports_per_bank > 64)
    e.push_back("sram.ports_per_bank: must be in [1, 64] (got " + std::to_string(ports_per_bank) +
                ")");
  if (!(active_fraction >= 0.5 && active_fraction < 1.0))
    e.push_back("sram.active_fraction: must be in [0.5, 1) (got " +
                std::to_string(active_fraction) + ")");
  return e;
}

std::vector<std::string> MemoryConfig::validate() const {
  std::vector<std::string> e = dram.validate();
  for (std::string& s : sram.validate()) e.push_back(std::move(s));
  return e;
}

std::string memory_preset_dir() { return std::string(FUSESIM_SOURCE_DIR) + "/configs/memory"; }

std::vector<std::string> memory_preset_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(memory_preset_dir(), ec)) {
    if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string memory_preset_path(const std::string& name) {
  const std::vector<std::string> names = memory_preset_names();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
    throw InputError("<preset>", 0, "preset",
                     "unknown preset '" + name + "' (known: " + known + ")");
  }
  return memory_preset_dir() + "/" + name + ".toml";
}

namespace {

/// Reads one memory file; collects every problem before throwing.
class MemoryFileReader {
 public:
  explicit MemoryFileReader(std::string path) : path_(std::move(path)) {}

  MemoryConfig read(bool allow_preset) {
    std::error_code ec;
    if (std::filesystem::is_directory(path_, ec))
      throw InputError(path_, 0, "", "is a folder, not a file");
    if (!std::filesystem::is_regular_file(path_, ec))
      throw InputError(path_, 0, "file", "cannot open file");
    toml::table root;
    try {
      root = toml::parse_file(path_);
    } catch (const toml::parse_error& err) {
      throw InputError(path_, int(err.source().begin.line), "",
                       "TOML syntax error: " + std::string(err.description()));
    }
    MemoryConfig m;
    bool from_preset = false;
    for (const auto& [key, node] : root) {
      const std::string k(key.str());
      if (k != "preset" && k != "dram" && k != "sram")
        add(&node, k, "unknown key (expected preset, [dram], [sram])");
    }
    if (const toml::node* p = root.get("preset")) {
      if (!allow_preset) {
        add(p, "preset", "a preset file cannot name another preset");
      } else if (!p->is_string()) {
        add(p, "preset", "expected a string");
      } else {
        try {
          const std::string preset = memory_preset_path(**p->as_string());
          m = MemoryFileReader(preset).read(false);
          from_preset = true;
        } catch (const InputError& e) {
          if (e.file() != "<preset>") throw;
          add(p, "preset", e.detail());
        }
      }
    }
    required_ = !from_preset;
    read_dram(root, &m.dram);
    read_sram(root, &m.sram);
    if (issues_.empty() && m.dram.mode == DramMode::kReplay && !m.dram.latency_file.empty()) {
      const std::filesystem::path lf(m.dram.latency_file);
      if (lf.is_relative() && dram_ && dram_->contains("latency_file"))
        m.dram.latency_file =
            (std::filesystem::path(path_).parent_path() / lf).lexically_normal().string();
    }
    if (issues_.empty()) {
      for (const std::string& msg : m.validate()) {
        const size_t colon = msg.find(": ");
        const std::string field = msg.substr(0, colon);
        add(find_key(field), field, msg.substr(colon + 2));
      }
    }
    if (!issues_.empty()) throw InputError(issues_);
    return m;
  }

 private:
  void add(const toml::node* n, const std::string& field, const std::string& detail) {
    issues_.push_back(InputIssue{path_, n ? int(n->source().begin.line) : 0, field, detail});
  }

  const toml::node* find_key(const std::string& dotted) const {
    const size_t dot = dotted.find('.');
    const toml::table* t = dotted.compare(0, dot, "dram") == 0 ? dram_ : sram_;
    return t ? t->get(dotted.substr(dot + 1)) : nullptr;
  }

  const toml::table* table(const toml::table& root, const char* name) {
    const toml::node* n = root.get(name);
    if (n == nullptr) {
      if (required_) add(nullptr, name, std::string("missing table [") + name + "]");
      return nullptr;
    }
    if (!n->is_table()) {
      add(n, name, "expected a table");
      return nullptr;
    }
    return n->as_table();
  }

  /// The node of `key`, or nullptr when absent (an issue if required and no preset).
  const toml::node* get(const toml::table* t, const char* tname, const char* key, bool required) {
    const toml::node* n = t ? t->get(key) : nullptr;
    if (n == nullptr && required && required_ && t != nullptr)
      add(nullptr, std::string(tname) + "." + key, "missing");
    return n;
  }

  template <typename T>
  void integer(const toml::table* t, const char* tname, const char* key, bool required, T* out) {
    const toml::node* n = get(t, tname, key, required);
    if (n == nullptr) return;
    const std::string field = std::string(tname) + "." + key;
    if (!n->is_integer()) {
      add(n, field, "expected an integer");
      return;
    }
    const int64_t v = **n->as_integer();
    if (v < 0)
      add(n, field, "must not be negative (got " + std::to_string(v) + ")");
    else if (v > int64_t(std::numeric_limits<T>::max()))
      add(n, field, "too large (got " + std::to_string(v) + ")");
    else
      *out = static_cast<T>(v);
  }

  void real(const toml::table* t, const char* tname, const char* key, bool required, double* out) {
    const toml::node* n = get(t, tname, key, required);
    if (n == nullptr) return;
    const std::string field = std::string(tname) + "." + key;
    double v = 0;
    if (n->is_integer()) {
      v = double(**n->as_integer());
    } else if (n->is_floating_point()) {
      v = **n->as_floating_point();
    } else {
      add(n, field, "expected a number");
      return;
    }
    if (std::isnan(v) || v < 0)
      add(n, field, "must be a non-negative number (got " + std::to_string(v) + ")");
    else
      *out = v;
  }

  void text(const toml::table* t, const char* tname, const char* key, bool required,
            std::string* out) {
    const toml::node* n = get(t, tname, key, required);
    if (n == nullptr) return;
    if (!n->is_string()) {
      add(n, std::string(tname) + "." + key, "expected a string");
      return;
    }
    *out = **n->as_string();
  }

  void unknown_keys(const toml::table* t, const char* tname,
                    std::initializer_list<const char*> known) {
    if (t == nullptr) return;
    for (const auto& [key, node] : *t) {
      const std::string k(key.str());
      bool ok = false;
      for (const char* kk : known) ok = ok || k == kk;
      if (!ok) add(&node, std::string(tname) + "." + k, "unknown key");
    }
  }

  void read_dram(const toml::table& root, DramConfig* d) {
    dram_ = table(root, "dram");
    const toml::table* t = dram_;
    unknown_keys(t, "dram",
                 {"name",
                  "mode",
                  "bandwidth_bytes_per_cycle",
                  "latency_cycles",
                  "channels",
                  "ranks",
                  "banks",
                  "rows",
                  "row_bytes",
                  "bus_bytes",
                  "burst_length",
                  "beats_per_clock",
                  "tRCD",
                  "tCL",
                  "tRP",
                  "tRAS",
                  "dram_clock_mhz",
                  "array_clock_mhz",
                  "address_mapping",
                  "latency_file",
                  "technology"});
    text(t, "dram", "name", true, &d->name);
    std::string mode;
    const toml::node* mode_node = get(t, "dram", "mode", true);
    text(t, "dram", "mode", false, &mode);
    if (mode_node && mode_node->is_string() && !parse_dram_mode(mode, &d->mode))
      add(mode_node, "dram.mode", "unknown mode '" + mode + "' (simple, timed, replay)");
    const bool simple = d->mode == DramMode::kSimple;
    const bool timed = d->mode == DramMode::kTimed;
    const bool replay = d->mode == DramMode::kReplay;
    real(t, "dram", "bandwidth_bytes_per_cycle", simple, &d->bandwidth_bytes_per_cycle);
    integer(t, "dram", "latency_cycles", simple, &d->latency_cycles);
    integer(t, "dram", "channels", !simple, &d->channels);
    integer(t, "dram", "ranks", false, &d->ranks);
    integer(t, "dram", "banks", !simple, &d->banks);
    integer(t, "dram", "rows", false, &d->rows);
    integer(t, "dram", "row_bytes", !simple, &d->row_bytes);
    integer(t, "dram", "bus_bytes", !simple, &d->bus_bytes);
    integer(t, "dram", "burst_length", !simple, &d->burst_length);
    integer(t, "dram", "beats_per_clock", false, &d->beats_per_clock);
    integer(t, "dram", "tRCD", timed, &d->t_rcd);
    integer(t, "dram", "tCL", timed, &d->t_cl);
    integer(t, "dram", "tRP", timed, &d->t_rp);
    integer(t, "dram", "tRAS", timed, &d->t_ras);
    real(t, "dram", "dram_clock_mhz", !simple, &d->dram_clock_mhz);
    real(t, "dram", "array_clock_mhz", false, &d->array_clock_mhz);
    text(t, "dram", "address_mapping", false, &d->address_mapping);
    text(t, "dram", "latency_file", replay, &d->latency_file);
    text(t, "dram", "technology", false, &d->technology);
  }

  void read_sram(const toml::table& root, SramConfig* s) {
    sram_ = table(root, "sram");
    const toml::table* t = sram_;
    unknown_keys(t, "sram",
                 {"ifmap_kb", "filter_kb", "ofmap_kb", "word_bytes", "banks", "ports_per_bank",
                  "active_fraction"});
    integer(t, "sram", "ifmap_kb", true, &s->ifmap_kb);
    integer(t, "sram", "filter_kb", true, &s->filter_kb);
    integer(t, "sram", "ofmap_kb", true, &s->ofmap_kb);
    integer(t, "sram", "word_bytes", true, &s->word_bytes);
    integer(t, "sram", "banks", true, &s->banks);
    integer(t, "sram", "ports_per_bank", true, &s->ports_per_bank);
    real(t, "sram", "active_fraction", false, &s->active_fraction);
  }

  std::string path_;
  std::vector<InputIssue> issues_;
  bool required_ = true;
  const toml::table* dram_ = nullptr;
  const toml::table* sram_ = nullptr;
};

}  // namespace

MemoryConfig load_memory_file(const std::string& path) { return MemoryFileReader(path).read(true); }

}  // namespace fusesim
