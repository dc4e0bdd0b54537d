#include "mem/dram_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "workloads/input_error.h"

namespace fusesim {
namespace {

/// Writes `text` to a file named after the running test (tests run in parallel processes).
std::string write_file(const std::string& text, const std::string& suffix = ".toml") {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string path =
      ::testing::TempDir() + "fusesim_mem_" + info->test_suite_name() + "_" + info->name() + suffix;
  std::ofstream(path) << text;
  return path;
}

/// The InputError that loading `text` throws (fails the test when nothing is thrown).
InputError load_error(const std::string& text) {
  const std::string path = write_file(text);
  try {
    load_memory_file(path);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError for:\n" << text;
  return InputError(path, 0, "", "none");
}

const char* kSram = R"(
[sram]
ifmap_kb = 64
filter_kb = 32
ofmap_kb = 16
word_bytes = 2
banks = 4
ports_per_bank = 1
)";

TEST(DramConfig, DefaultsAreValid) {
  EXPECT_TRUE(DramConfig{}.validate().empty());
  EXPECT_TRUE(SramConfig{}.validate().empty());
  EXPECT_EQ(DramConfig{}.burst_bytes(), 64);
  EXPECT_EQ(DramConfig{}.burst_cycles(), 4);
}

TEST(DramConfig, ValidateListsEveryError) {
  DramConfig c;
  c.channels = 3;
  c.banks = 0;
  c.t_rcd = 0;
  c.t_ras = -1;
  c.dram_clock_mhz = -5;
  c.address_mapping = "row:bank:channel";
  c.beats_per_clock = 4;
  const std::vector<std::string> e = c.validate();
  ASSERT_EQ(e.size(), 7u) << ::testing::PrintToString(e);
  EXPECT_EQ(e[0], "dram.channels: must be a power of two >= 1 (got 3)");
  EXPECT_EQ(e[1], "dram.banks: must be a power of two >= 1 (got 0)");
  EXPECT_EQ(e[2], "dram.beats_per_clock: must be 1 (SDR) or 2 (DDR) (got 4)");
  EXPECT_EQ(e[3].rfind("dram.dram_clock_mhz: ", 0), 0u);
  EXPECT_EQ(e[4], "dram.address_mapping: field 'column' missing");
  EXPECT_EQ(e[5], "dram.tRCD: must be in [1, 1000000] (got 0)");
  EXPECT_EQ(e[6], "dram.tRAS: must be in [0, 1000000] (got -1)");
}

TEST(DramConfig, TimingsCheckedInTimedModeOnly) {
  DramConfig c;
  c.mode = DramMode::kSimple;
  c.t_rcd = 0;
  EXPECT_TRUE(c.validate().empty());
  c.bandwidth_bytes_per_cycle = 0;
  c.latency_cycles = -1;
  EXPECT_EQ(c.validate().size(), 2u);
  c = DramConfig{};
  c.mode = DramMode::kReplay;
  ASSERT_EQ(c.validate().size(), 1u);
  EXPECT_EQ(c.validate()[0], "dram.latency_file: replay mode needs a latency file");
}

TEST(DramConfig, GeometryLimits) {
  DramConfig c;
  c.row_bytes = 32;  // smaller than a 64-byte burst
  ASSERT_EQ(c.validate().size(), 1u);
  EXPECT_EQ(c.validate()[0].rfind("dram.row_bytes: a row (32 B)", 0), 0u);
  c = DramConfig{};
  c.rows = int64_t(1) << 50;
  ASSERT_EQ(c.validate().size(), 1u);
  EXPECT_NE(c.validate()[0].find("more than 63"), std::string::npos);
  c = DramConfig{};
  c.ranks = 2;
  c.address_mapping = "row:bank:channel:column";
  ASSERT_EQ(c.validate().size(), 1u);
  EXPECT_EQ(c.validate()[0], "dram.address_mapping: must place 'rank' when there are 2 ranks");
}

TEST(AddressMapping, Parse) {
  AddressMapping m;
  EXPECT_EQ(parse_address_mapping("row:bank:channel:column", &m), "");
  EXPECT_EQ(m.count, 4);
  EXPECT_EQ(m.msb_to_lsb[0], AddrField::kRow);
  EXPECT_EQ(m.msb_to_lsb[3], AddrField::kColumn);
  EXPECT_EQ(parse_address_mapping("channel:row:rank:column:bank", &m), "");
  EXPECT_EQ(m.count, 5);
  EXPECT_EQ(m.msb_to_lsb[0], AddrField::kChannel);
  EXPECT_EQ(parse_address_mapping("row:bank:bank:channel:column", &m), "field 'bank' listed twice");
  EXPECT_EQ(parse_address_mapping("row:bnk:channel:column", &m),
            "unknown field 'bnk' (fields: row, rank, bank, channel, column)");
  EXPECT_EQ(parse_address_mapping("row:rank:channel:column", &m), "field 'bank' missing");
  EXPECT_EQ(parse_address_mapping("", &m).rfind("unknown field ''", 0), 0u);
}

TEST(DramMode, Names) {
  DramMode m = DramMode::kTimed;
  EXPECT_TRUE(parse_dram_mode("simple", &m));
  EXPECT_EQ(m, DramMode::kSimple);
  EXPECT_FALSE(parse_dram_mode("Timed", &m));
  EXPECT_STREQ(to_string(DramMode::kReplay), "replay");
}

TEST(SramConfig, ValidateListsEveryError) {
  SramConfig s;
  s.ifmap_kb = 0;
  s.filter_kb = 3;
  s.word_bytes = 2048;
  s.banks = 0;
  s.ports_per_bank = 0;
  s.active_fraction = 0.4;
  const std::vector<std::string> e = s.validate();
  ASSERT_EQ(e.size(), 6u) << ::testing::PrintToString(e);
  EXPECT_EQ(e[0], "sram.ifmap_kb: must be in [1, 2^30] KiB (got 0)");
  EXPECT_EQ(e[1], "sram.filter_kb: 3 KiB is not a whole number of 2048-byte words");
  EXPECT_EQ(e[2], "sram.word_bytes: must be in [1, 1024] (got 2048)");
  EXPECT_EQ(e[3], "sram.banks: must be in [1, 65536] (got 0)");
  EXPECT_EQ(e[4], "sram.ports_per_bank: must be in [1, 64] (got 0)");
  EXPECT_EQ(e[5], "sram.active_fraction: must be in [0.5, 1) (got 0.400000)");
}

TEST(MemoryFile, EveryPresetLoadsAndValidates) {
  const std::vector<std::string> names = memory_preset_names();
  EXPECT_EQ(names, (std::vector<std::string>{"ddr4-3200", "hbm2", "lpddr4-4266", "scalesim"}));
  for (const std::string& n : names) {
    SCOPED_TRACE(n);
    const MemoryConfig m = load_memory_file(memory_preset_path(n));
    EXPECT_TRUE(m.validate().empty());
    EXPECT_EQ(m.dram.name, n);
    EXPECT_EQ(m.sram.ifmap_kb, 256);
    EXPECT_EQ(m.sram.filter_kb, 256);
    EXPECT_EQ(m.sram.ofmap_kb, 128);
    EXPECT_DOUBLE_EQ(m.sram.active_fraction, 0.5);
  }
  const DramConfig d = load_memory_file(memory_preset_path("ddr4-3200")).dram;
  EXPECT_EQ(d.mode, DramMode::kTimed);
  EXPECT_EQ(d.t_rcd, 22);
  EXPECT_EQ(d.t_cl, 22);
  EXPECT_EQ(d.t_rp, 22);
  EXPECT_EQ(d.t_ras, 52);
  EXPECT_EQ(d.burst_bytes(), 64);
  const DramConfig h = load_memory_file(memory_preset_path("hbm2")).dram;
  EXPECT_EQ(h.channels, 8);
  EXPECT_EQ(h.t_cl, 14);
  const DramConfig l = load_memory_file(memory_preset_path("lpddr4-4266")).dram;
  EXPECT_EQ(l.burst_bytes(), 32);
  EXPECT_DOUBLE_EQ(l.dram_clock_mhz, 2133.333);
  const DramConfig s = load_memory_file(memory_preset_path("scalesim")).dram;
  EXPECT_EQ(s.mode, DramMode::kSimple);
  EXPECT_DOUBLE_EQ(s.bandwidth_bytes_per_cycle, 10.0);
  EXPECT_EQ(s.latency_cycles, 1);
}

TEST(MemoryFile, UnknownPresetName) {
  try {
    memory_preset_path("ddr5");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "preset");
    EXPECT_NE(e.detail().find("unknown preset 'ddr5' (known: ddr4-3200, hbm2"), std::string::npos);
  }
  const InputError e = load_error("preset = \"ddr5\"\n");
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.field(), "preset");
  EXPECT_NE(e.detail().find("unknown preset 'ddr5'"), std::string::npos);
}

TEST(MemoryFile, PresetWithOverrides) {
  const std::string path =
      write_file("preset = \"hbm2\"\n[dram]\nchannels = 4\n" + std::string(kSram));
  const MemoryConfig m = load_memory_file(path);
  EXPECT_EQ(m.dram.name, "hbm2");
  EXPECT_EQ(m.dram.channels, 4);
  EXPECT_EQ(m.dram.t_cl, 14);
  EXPECT_EQ(m.sram.ifmap_kb, 64);
  EXPECT_EQ(m.sram.word_bytes, 2);
  EXPECT_DOUBLE_EQ(m.sram.active_fraction, 0.5);
}

TEST(MemoryFile, SimpleModeNeedsOnlyItsKeys) {
  const std::string path = write_file(
      "[dram]\nname = \"mine\"\nmode = \"simple\"\nbandwidth_bytes_per_cycle = 25.6\n"
      "latency_cycles = 100\n" +
      std::string(kSram) + "active_fraction = 0.75\n");
  const MemoryConfig m = load_memory_file(path);
  EXPECT_DOUBLE_EQ(m.dram.bandwidth_bytes_per_cycle, 25.6);
  EXPECT_EQ(m.dram.latency_cycles, 100);
  EXPECT_DOUBLE_EQ(m.sram.active_fraction, 0.75);
}

TEST(MemoryFile, MissingFieldAndTable) {
  const InputError e = load_error("[dram]\nname = \"x\"\nmode = \"simple\"\nlatency_cycles = 1\n");
  ASSERT_EQ(e.issues().size(), 2u) << e.what();
  EXPECT_EQ(e.issues()[0].field, "dram.bandwidth_bytes_per_cycle");
  EXPECT_EQ(e.issues()[0].detail, "missing");
  EXPECT_EQ(e.issues()[0].line, 0);
  EXPECT_EQ(e.issues()[1].field, "sram");
  EXPECT_EQ(e.issues()[1].detail, "missing table [sram]");
}

TEST(MemoryFile, NegativeField) {
  const InputError e = load_error("preset = \"ddr4-3200\"\n[dram]\ntRCD = -3\n");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.field(), "dram.tRCD");
  EXPECT_EQ(e.detail(), "must not be negative (got -3)");
  EXPECT_NE(std::string(e.what()).find("fusesim_mem_MemoryFile_NegativeField.toml:3: dram.tRCD"),
            std::string::npos)
      << e.what();
}

TEST(MemoryFile, UnknownKeys) {
  const InputError e =
      load_error("preset = \"hbm2\"\nextra = 1\n[dram]\ntRCDD = 3\n[sram]\nbank = 2\n");
  ASSERT_EQ(e.issues().size(), 3u) << e.what();
  EXPECT_EQ(e.issues()[0].field, "extra");
  EXPECT_EQ(e.issues()[0].line, 2);
  EXPECT_EQ(e.issues()[1].field, "dram.tRCDD");
  EXPECT_EQ(e.issues()[1].line, 4);
  EXPECT_EQ(e.issues()[2].field, "sram.bank");
  EXPECT_EQ(e.issues()[2].line, 6);
}

TEST(MemoryFile, WrongTypes) {
  const InputError e = load_error(
      "preset = \"hbm2\"\n[dram]\nchannels = \"8\"\ndram_clock_mhz = true\nname = 3\n"
      "[sram]\nactive_fraction = \"half\"\n");
  ASSERT_EQ(e.issues().size(), 4u) << e.what();
  EXPECT_EQ(e.issues()[0].field, "dram.name");
  EXPECT_EQ(e.issues()[0].detail, "expected a string");
  EXPECT_EQ(e.issues()[1].field, "dram.channels");
  EXPECT_EQ(e.issues()[1].detail, "expected an integer");
  EXPECT_EQ(e.issues()[1].line, 3);
  EXPECT_EQ(e.issues()[2].field, "dram.dram_clock_mhz");
  EXPECT_EQ(e.issues()[2].detail, "expected a number");
  EXPECT_EQ(e.issues()[3].field, "sram.active_fraction");
  const InputError t = load_error("dram = 3\n");
  EXPECT_EQ(t.field(), "dram");
  EXPECT_EQ(t.detail(), "expected a table");
}

TEST(MemoryFile, UnknownMode) {
  const InputError e = load_error("preset = \"hbm2\"\n[dram]\nmode = \"fast\"\n");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.field(), "dram.mode");
  EXPECT_EQ(e.detail(), "unknown mode 'fast' (simple, timed, replay)");
}

TEST(MemoryFile, SyntaxError) {
  const InputError e = load_error("[dram]\nname = \"x\"\nmode = \n");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.detail().rfind("TOML syntax error: ", 0), 0u);
}

TEST(MemoryFile, ValidationErrorsCarryTheLine) {
  const InputError e =
      load_error("preset = \"ddr4-3200\"\n[dram]\nchannels = 3\n[sram]\nactive_fraction = 1.0\n");
  ASSERT_EQ(e.issues().size(), 2u) << e.what();
  EXPECT_EQ(e.issues()[0].field, "dram.channels");
  EXPECT_EQ(e.issues()[0].line, 3);
  EXPECT_EQ(e.issues()[0].detail, "must be a power of two >= 1 (got 3)");
  EXPECT_EQ(e.issues()[1].field, "sram.active_fraction");
  EXPECT_EQ(e.issues()[1].line, 5);
}

TEST(MemoryFile, MissingFile) {
  try {
    load_memory_file(::testing::TempDir() + "fusesim_mem_no_such_file.toml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.detail(), "cannot open file");
  }
}

TEST(MemoryFile, LatencyFileRelativeToTheMemoryFile) {
  const std::string path = write_file(
      "preset = \"hbm2\"\n[dram]\nmode = \"replay\"\n"
      "latency_file = \"lat.txt\"\n");
  const MemoryConfig m = load_memory_file(path);
  EXPECT_EQ(m.dram.mode, DramMode::kReplay);
  EXPECT_EQ(m.dram.latency_file,
            (std::filesystem::path(path).parent_path() / "lat.txt").lexically_normal().string());
}

}  // namespace
}  // namespace fusesim

namespace fusesim {
namespace {

// The DRAM technology prices the traffic (docs/energy-area.md): each preset names its own, an
// unknown one is bad input naming the file, the line and dram.technology.
TEST(MemoryFile, Technology) {
  EXPECT_EQ(load_memory_file(memory_preset_path("ddr4-3200")).dram.technology, "ddr4");
  EXPECT_EQ(load_memory_file(memory_preset_path("lpddr4-4266")).dram.technology, "lpddr4");
  EXPECT_EQ(load_memory_file(memory_preset_path("hbm2")).dram.technology, "hbm2");
  EXPECT_EQ(load_memory_file(memory_preset_path("scalesim")).dram.technology, "ddr4");
  const InputError e = load_error("preset = \"hbm2\"\n[dram]\ntechnology = \"ddr5\"\n");
  ASSERT_EQ(e.issues().size(), 1u);
  EXPECT_EQ(e.issues()[0].line, 3);
  EXPECT_EQ(e.issues()[0].field, "dram.technology");
}

}  // namespace
}  // namespace fusesim
