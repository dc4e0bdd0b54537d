#pragma once
/// DramConfig, SramConfig and MemoryConfig: the parameters of the memory system (issue 10), and
/// load_memory_file(), which reads them from a TOML memory file (configs/memory/*.toml). The
/// models that use them are `Dram` (mem/dram.h) and `Scratchpad` (mem/scratchpad.h);
/// docs/memory.md describes the file format, the presets and their sources.
///
///   MemoryConfig m = load_memory_file(memory_preset_path("ddr4-3200"));  // throws InputError
///   Dram dram(m.dram);

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fusesim {

/// How `Dram` computes the completion time of a request.
enum class DramMode : uint8_t {
  /// SCALE-Sim-like: one interface, busy ceil(bytes / bandwidth) array cycles per request, then
  /// a fixed latency.
  kSimple,
  /// Simulated banks (open-row state machines) and per-channel data buses (docs/memory.md).
  kTimed,
  /// Latencies replayed from a file written by another DRAM simulator (mem/dram_trace.h).
  kReplay,
};

/// "simple", "timed" or "replay".
const char* to_string(DramMode m);
/// Parses "simple"/"timed"/"replay" (lower case only). Returns false and leaves *out alone when
/// unknown.
bool parse_dram_mode(const std::string& s, DramMode* out);

/// One field of a DRAM address (docs/memory.md, "Address mapping").
enum class AddrField : uint8_t { kRow, kRank, kBank, kChannel, kColumn };
constexpr int kNumAddrFields = 5;

/// The order of the address fields from the most to the least significant bit, parsed from a
/// string such as "row:rank:bank:channel:column". Below the lowest field sit the byte-in-burst
/// bits, which are always the least significant.
struct AddressMapping {
  std::array<AddrField, kNumAddrFields> msb_to_lsb{};
  int count = 0;  ///< fields listed (rank may be left out when there is one rank)
};

/// Parses a mapping: field names (row, rank, bank, channel, column) separated by ':', each at most
/// once; row, bank, channel and column are required, rank is optional. Returns an empty string on
/// success, else why the text is not a mapping (and leaves *out alone).
std::string parse_address_mapping(const std::string& s, AddressMapping* out);

/// The DRAM: its mode, geometry, timing in DRAM clock cycles, clocks and address mapping. The
/// defaults are DDR4-3200 22-22-22 with one x64 channel of 16 banks (configs/memory/ddr4-3200.toml
/// gives the sources).
struct DramConfig {
  std::string name = "ddr4-3200";
  DramMode mode = DramMode::kTimed;

  /// kSimple: bytes per array cycle (may be fractional, e.g. 25.6), resolved to 1e-6 byte.
  double bandwidth_bytes_per_cycle = 10.0;
  /// kSimple: array cycles from the end of a request's transfer to its completion.
  int64_t latency_cycles = 1;

  int channels = 1;          ///< independent channels, each with its own data bus (power of two)
  int ranks = 1;             ///< ranks per channel (power of two); share the channel's data bus
  int banks = 16;            ///< banks per rank (power of two); each has its own open row
  int64_t rows = 65536;      ///< rows per bank (power of two)
  int64_t row_bytes = 8192;  ///< row (page) size in bytes across the rank (power of two)
  int bus_bytes = 8;         ///< data bus width of a channel in bytes
  int burst_length = 8;      ///< beats per burst; bus_bytes × burst_length = one transaction
  int beats_per_clock = 2;   ///< 2 for double data rate (every DDR/LPDDR/HBM part), 1 for SDR
  int t_rcd = 22;            ///< ACT to READ/WRITE, DRAM clock cycles (TOML key tRCD)
  int t_cl = 22;             ///< READ/WRITE to first data beat (CAS latency), cycles (TOML key tCL)
  int t_rp = 22;             ///< PRE to ACT, cycles (TOML key tRP)
  int t_ras = 52;            ///< ACT to PRE, cycles (TOML key tRAS)
  double dram_clock_mhz = 1600.0;   ///< command clock (half the data rate in MT/s for DDR)
  double array_clock_mhz = 1000.0;  ///< the systolic array's clock
  std::string address_mapping = "row:rank:bank:channel:column";
  /// The DRAM technology whose energy per byte prices the traffic (energy table rows
  /// dram_<technology>): "ddr4", "lpddr4" or "hbm2". Timing-neutral.
  std::string technology = "ddr4";

  /// kReplay: file of per-transaction latencies (mem/dram_trace.h); relative paths in a memory
  /// file are resolved against the file's folder.
  std::string latency_file;

  /// Bytes moved by one burst: bus_bytes × burst_length (the transaction size of the traces).
  int64_t burst_bytes() const { return int64_t(bus_bytes) * burst_length; }
  /// DRAM clock cycles one burst holds the data bus: ceil(burst_length / beats_per_clock).
  int64_t burst_cycles() const {
    return (int64_t(burst_length) + beats_per_clock - 1) / beats_per_clock;
  }

  /// Every problem at once, each "dram.<field>: <reason>"; empty when valid. The geometry and
  /// clocks are checked in every mode (the traces need them), the timings in kTimed only.
  std::vector<std::string> validate() const;
};

/// The three double-buffered scratchpads (SCALE-Sim's defaults: 256/256/128 KiB, 1-byte words,
/// half of each buffer active).
struct SramConfig {
  int64_t ifmap_kb = 256;   ///< left (ifmap) scratchpad, KiB
  int64_t filter_kb = 256;  ///< top (filter) scratchpad, KiB
  int64_t ofmap_kb = 128;   ///< bottom (ofmap) scratchpad, KiB
  int word_bytes = 1;
  int banks = 1;
  int ports_per_bank = 2;
  /// Share of each scratchpad that the array works from; the rest is filled from (or drained
  /// to) DRAM. SCALE-Sim accepts [0.5, 1).
  double active_fraction = 0.5;

  /// Every problem at once, each "sram.<field>: <reason>"; empty when valid.
  std::vector<std::string> validate() const;
};

/// What a memory file holds.
struct MemoryConfig {
  DramConfig dram;
  SramConfig sram;
  /// dram.validate() followed by sram.validate().
  std::vector<std::string> validate() const;
};

/// Reads a TOML memory file: optional top-level `preset = "<name>"` (start from that preset and
/// override what the file sets), then the tables [dram] and [sram] with the keys of DramConfig
/// and SramConfig (timings as tRCD, tCL, tRP, tRAS). Without a preset every key the mode uses is
/// required, except ranks, rows, beats_per_clock, array_clock_mhz, address_mapping and
/// active_fraction, which keep their defaults. The result is validated. Throws InputError
/// listing every problem with file, line and field: a missing, negative or wrongly typed value,
/// an unknown key or table, an unknown preset or mode, a TOML syntax error, a failed
/// validate().
MemoryConfig load_memory_file(const std::string& path);

/// The folder of the preset files: FUSESIM_SOURCE_DIR "/configs/memory".
std::string memory_preset_dir();
/// Names of the presets (the .toml files in memory_preset_dir(), without extension), sorted.
std::vector<std::string> memory_preset_names();
/// memory_preset_dir() + "/<name>.toml". Throws InputError (file "<preset>", field "preset")
/// listing the known names when there is no such preset.
std::string memory_preset_path(const std::string& name);

}  // namespace fusesim
