#include "workloads/scalesim_io.h"

#include <gtest/gtest.h>

#include "workloads/scalesim_test_util.h"

namespace fusesim {
namespace {

using namespace scalesim_test;  // NOLINT
using namespace std::string_literals;

// ---------------------------------------------------------------------------------------------
// InputError

TEST(InputError, MessageFormats) {
  InputError e("a.cfg", 7, "ArrayHeight", "expected a positive integer, got 'abc'");
  EXPECT_STREQ(e.what(), "a.cfg:7: ArrayHeight: expected a positive integer, got 'abc'");
  InputError whole("b.csv", 0, "file", "cannot open file");
  EXPECT_STREQ(whole.what(), "b.csv: file: cannot open file");
  InputError two({{"c.cfg", 1, "x", "bad"}, {"c.cfg", 3, "y", "worse"}});
  EXPECT_STREQ(two.what(), "c.cfg:1: x: bad\nc.cfg:3: y: worse");
  EXPECT_EQ(two.line(), 1);
  EXPECT_EQ(two.issues().size(), 2u);
  InputError none(std::vector<InputIssue>{});
  EXPECT_EQ(none.issues().size(), 1u);
}

TEST(InputError, ControlBytesInMessagesAreEscaped) {
  // A NUL from a file used to end what() early (printf("%s") stopped there); a line break or an
  // escape sequence split or garbled it.
  InputError e("a\x1b.csv", 3, "na\0me"s, "got 'x\ny\x7f'");
  EXPECT_EQ(std::string(e.what()), "a\\x1B.csv:3: na\\x00me: got 'x\\x0Ay\\x7F'");
  EXPECT_EQ(std::strlen(e.what()), std::string(e.what()).size());
  EXPECT_EQ(e.field(), "na\0me"s);  // the issue itself keeps the raw bytes
  EXPECT_EQ(escape_control_bytes("\xC3\xA9\t"), "\xC3\xA9\\x09");  // UTF-8 passes
}

TEST(InputFile, FolderIsNotAFile) {
  const std::string dir = ::testing::TempDir();
  try {
    read_input_file(dir);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), dir + ": is a folder, not a file");
  }
}

TEST(InputFile, EndlessFileIsRefusedAtTheSizeLimit) {
  expect_input_error([] { read_input_file("/dev/zero"); }, "/dev/zero", 0, "file",
                     "larger than 64 MiB");
}

TEST(InputFile, LinesLikeGetlineWithoutCrAndBom) {
  EXPECT_EQ(split_input_lines(""), std::vector<std::string>{});
  EXPECT_EQ(split_input_lines("\xEF\xBB\xBF"
                              "a\r\n\nb"),
            (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(split_input_lines("a\n"), std::vector<std::string>{"a"});
  EXPECT_EQ(split_input_lines("a\r\r\n"), std::vector<std::string>{"a\r"});
}

TEST(InputFile, CleanUtf8Text) {
  EXPECT_TRUE(is_clean_utf8_text("conv1 \xC3\xA9\xE2\x82\xAC\xF0\x9F\x99\x82"));
  EXPECT_FALSE(is_clean_utf8_text("a\tb"));
  EXPECT_FALSE(is_clean_utf8_text("\xFF"));
  EXPECT_FALSE(is_clean_utf8_text("\xC3"));          // truncated
  EXPECT_FALSE(is_clean_utf8_text("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(is_clean_utf8_text("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_clean_utf8_text("\xC2\x85"));      // C1 control (NEL)
}

// ---------------------------------------------------------------------------------------------
// Config reader

TEST(ScaleSimConfig, ReadsColonStyleLikeScaleCfg) {
  std::vector<std::string> warnings;
  const ScaleSimConfig c = read_scalesim_config(fixture("scale_colon.cfg"), &warnings);
  EXPECT_EQ(c.run_name, "scale_example_run_32x32_os");
  EXPECT_EQ(c.array_height, 32);
  EXPECT_EQ(c.array_width, 32);
  EXPECT_EQ(c.ifmap_sram_kb, 64);
  EXPECT_EQ(c.filter_sram_kb, 64);
  EXPECT_EQ(c.ofmap_sram_kb, 64);
  EXPECT_EQ(c.ifmap_offset, 0);
  EXPECT_EQ(c.filter_offset, 10000000);
  EXPECT_EQ(c.ofmap_offset, 20000000);
  EXPECT_EQ(c.dataflow, ScaleSimDataflow::kOs);
  EXPECT_EQ(c.bandwidths, std::vector<int64_t>{64});
  EXPECT_EQ(c.memory_banks, 1);
  EXPECT_TRUE(c.use_user_bandwidth);  // "USER " with a trailing blank
  EXPECT_TRUE(c.validate().empty());
  // OnChipMemoryBanks (line 15) and [sparsity] (line 18): warnings, not errors.
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].rfind(fixture("scale_colon.cfg") + ":15: OnChipMemoryBanks: ", 0), 0u)
      << warnings[0];
  EXPECT_EQ(warnings[1].rfind(fixture("scale_colon.cfg") + ":18: [sparsity]: ", 0), 0u)
      << warnings[1];
}

TEST(ScaleSimConfig, ReadsEqualsStyleWithComments) {
  std::vector<std::string> warnings;
  const ScaleSimConfig c = read_scalesim_config(fixture("scale_equals.cfg"), &warnings);
  // Keys read but not modelled are named, never dropped in silence: TopologyCsvLoc (--topology
  // names the topology) and the non-default address offsets.
  const std::string f = fixture("scale_equals.cfg");
  ASSERT_EQ(warnings.size(), 4u);
  EXPECT_EQ(warnings[0].rfind(f + ":24: TopologyCsvLoc: not used", 0), 0u) << warnings[0];
  EXPECT_EQ(warnings[1].rfind(f + ":13: IfmapOffset: not modelled", 0), 0u) << warnings[1];
  EXPECT_EQ(warnings[2].rfind(f + ":14: FilterOffset: not modelled", 0), 0u) << warnings[2];
  EXPECT_EQ(warnings[3].rfind(f + ":15: OfmapOffset: not modelled", 0), 0u) << warnings[3];
  EXPECT_EQ(c.version, 2);
  EXPECT_EQ(c.run_name, "eq_run");
  EXPECT_EQ(c.array_height, 8);
  EXPECT_EQ(c.array_width, 16);
  EXPECT_EQ(c.ifmap_sram_kb, 128);
  EXPECT_EQ(c.filter_sram_kb, 256);
  EXPECT_EQ(c.ofmap_sram_kb, 32);
  EXPECT_EQ(c.ifmap_offset, 5);
  EXPECT_EQ(c.filter_offset, 1000);
  EXPECT_EQ(c.ofmap_offset, 2000);
  EXPECT_EQ(c.dataflow, ScaleSimDataflow::kWs);
  EXPECT_EQ(c.bandwidths, (std::vector<int64_t>{10, 20}));
  EXPECT_EQ(c.memory_banks, 2);
  EXPECT_FALSE(c.use_user_bandwidth);
  EXPECT_EQ(c.topology_path, "topologies/conv_nets/alexnet.csv");
}

TEST(ScaleSimConfig, MinimalFileTakesScaleSimDefaults) {
  const ScaleSimConfig c = read_scalesim_config(fixture("minimal.cfg"), nullptr);
  const ScaleSimConfig d;
  EXPECT_EQ(c.dataflow, ScaleSimDataflow::kIs);
  EXPECT_EQ(c.run_name, d.run_name);
  EXPECT_EQ(c.ifmap_sram_kb, 256);
  EXPECT_EQ(c.filter_sram_kb, 256);
  EXPECT_EQ(c.ofmap_sram_kb, 128);
  EXPECT_EQ(c.filter_offset, 10000000);
  EXPECT_EQ(c.ofmap_offset, 20000000);
  EXPECT_FALSE(c.use_user_bandwidth);
}

TEST(ScaleSimConfig, DataflowIsCaseInsensitive) {
  for (const char* df : {"os", "OS", "Ws", "iS"}) {
    const std::string path = temp_file(
        "df.cfg", std::string("[architecture_presets]\nArrayHeight: 2\nArrayWidth: 2\nDataflow: ") +
                      df + "\n");
    EXPECT_NO_THROW(read_scalesim_config(path, nullptr)) << df;
  }
  EXPECT_STREQ(to_string(ScaleSimDataflow::kIs), "is");
}

TEST(ScaleSimConfig, UnknownKeysAndSectionsWarnWithFileLineAndKey) {
  std::vector<std::string> w;
  const std::string path = fixture("unknown_keys.cfg");
  const ScaleSimConfig c = read_scalesim_config(path, &w);
  EXPECT_EQ(c.array_height, 2);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].rfind(path + ":8: IfmapCustomLayout: unknown key in [architecture_presets]", 0),
            0u)
      << w[0];
  EXPECT_EQ(w[1].rfind(path + ":10: [my_section]: unknown section", 0), 0u) << w[1];
  // UseRamulatorTrace is SCALE-Sim v3's: recognised (the file is a v3 config), not modelled.
  EXPECT_EQ(w[2].rfind(path + ":15: UseRamulatorTrace: SCALE-Sim v3 key, not modelled", 0), 0u)
      << w[2];
  EXPECT_EQ(c.version, 3);
  EXPECT_EQ(c.version_key, "UseRamulatorTrace");
  // A null warnings pointer is allowed.
  EXPECT_NO_THROW(read_scalesim_config(path, nullptr));
}

// SCALE-Sim v3's configs/scale.cfg (scale-sim-v3 commit 0cd4d7d), as written there.
TEST(ScaleSimConfig, V3ConfigIsRecognisedByItsKeys) {
  std::vector<std::string> w;
  const ScaleSimConfig c = read_scalesim_config_text(
      "[general]\nrun_name = scale_example_run_32x32_ws\n\n[architecture_presets]\n"
      "ArrayHeight:    32\nArrayWidth:     32\nIfmapSramSzkB:   64 \nFilterSramSzkB:  64 \n"
      "OfmapSramSzkB:   64 \nIfmapOffset:    0\nFilterOffset:   10000000\n"
      "OfmapOffset:    20000000\nBandwidth : 10\nDataflow : os\nMemoryBanks:   1\n"
      "ReadRequestBuffer: 512\nWriteRequestBuffer: 512\n\n[run_presets]\n"
      "InterfaceBandwidth: CALC\nUseRamulatorTrace: False\n",
      "v3.cfg", &w);
  EXPECT_EQ(c.version, 3);
  EXPECT_EQ(c.version_key, "ReadRequestBuffer");
  EXPECT_EQ(c.array_height, 32);
  EXPECT_EQ(c.dataflow, ScaleSimDataflow::kOs);
  // One warning per unmodelled v3 key, with its line; the default offsets are not warned about.
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].rfind("v3.cfg:16: ReadRequestBuffer: SCALE-Sim v3 key", 0), 0u) << w[0];
  EXPECT_EQ(w[1].rfind("v3.cfg:17: WriteRequestBuffer: SCALE-Sim v3 key", 0), 0u) << w[1];
  EXPECT_EQ(w[2].rfind("v3.cfg:21: UseRamulatorTrace: SCALE-Sim v3 key", 0), 0u) << w[2];
}

TEST(ScaleSimConfig, KeyInTheWrongSectionIsAWarning) {
  std::vector<std::string> w;
  const std::string path =
      temp_file("wrongsec.cfg", std::string(kArchOk) + "[general]\nArrayHeight: 9\n");
  const ScaleSimConfig c = read_scalesim_config(path, &w);
  EXPECT_EQ(c.array_height, 4);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].rfind(path + ":6: ArrayHeight: unknown key in [general]", 0), 0u) << w[0];
}

TEST(ScaleSimConfigErrors, MissingFile) {
  const std::string path = fixture("does_not_exist.cfg");
  expect_input_error([&] { read_scalesim_config(path, nullptr); }, path, 0, "file",
                     "cannot open file");
}

TEST(ScaleSimConfigErrors, FolderIsNotAFile) {
  // Was "empty file"-like errors (missing ArrayHeight, ...) for a folder passed as --config.
  const std::string dir = ::testing::TempDir();
  expect_input_error([&] { read_scalesim_config(dir, nullptr); }, dir, 0, "",
                     "is a folder, not a file");
}

TEST(ScaleSimConfig, TextReaderIsThePathReader) {
  std::vector<std::string> w1, w2;
  const ScaleSimConfig a = read_scalesim_config(fixture("unknown_keys.cfg"), &w1);
  const ScaleSimConfig b = read_scalesim_config_text(slurp(fixture("unknown_keys.cfg")),
                                                     fixture("unknown_keys.cfg"), &w2);
  EXPECT_EQ(a.array_height, b.array_height);
  EXPECT_EQ(a.run_name, b.run_name);
  EXPECT_EQ(w1, w2);
}

TEST(ScaleSimConfigErrors, NamesMustBeCleanUtf8) {
  // run_name and TopologyCsvLoc end up in results (JSON needs UTF-8); a NUL, a tab or a Latin-1
  // byte is refused with the line and key, and the message shows it escaped.
  expect_cfg_error("runname_nul.cfg", "[general]\nrun_name: a\0b\n"s + kArchOk, 2, "run_name",
                   "'a\\x00b' is not UTF-8 text without control characters");
  expect_cfg_error("topo_latin1.cfg",
                   std::string(kArchOk) + "[network_presets]\nTopologyCsvLoc: caf\xE9.csv\n", 6,
                   "TopologyCsvLoc", "is not UTF-8");
}

TEST(ScaleSimConfigErrors, LongValuesAreCutInMessages) {
  const std::string path = temp_file(
      "longval.cfg", std::string(kArchOk) + "MemoryBanks: " + std::string(5000, '9') + "\n");
  try {
    read_scalesim_config(path, nullptr);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_LT(std::string(e.what()).size(), 200u) << e.what();
    EXPECT_NE(std::string(e.what()).find("...' (5000 bytes)"), std::string::npos) << e.what();
  }
}

TEST(ScaleSimConfigErrors, NonIntegerNamesLineAndKey) {
  expect_cfg_error("nonint.cfg",
                   "[general]\nrun_name: x\n\n[architecture_presets]\nArrayWidth: 4\nDataflow: os\n"
                   "ArrayHeight: abc\n",
                   7, "ArrayHeight", "expected a positive integer, got 'abc'");
  const std::string path = temp_file("nonint2.cfg", std::string(kArchOk) + "OfmapSramSzkB: 1.5\n");
  try {
    read_scalesim_config(path, nullptr);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ":5: OfmapSramSzkB: expected a positive integer, got '1.5'");
  }
}

TEST(ScaleSimConfigErrors, ZeroAndNegativeSizes) {
  expect_cfg_error("zero.cfg",
                   "[architecture_presets]\nArrayHeight: 0\nArrayWidth: 4\nDataflow: os\n", 2,
                   "ArrayHeight", "expected a positive integer, got '0'");
  expect_cfg_error("neg.cfg", std::string(kArchOk) + "IfmapSramSzkB = -64\n", 5, "IfmapSramSzkB",
                   "got '-64'");
  expect_cfg_error("negoff.cfg", std::string(kArchOk) + "FilterOffset: -1\n", 5, "FilterOffset",
                   "expected a non-negative integer, got '-1'");
  expect_cfg_error("banks0.cfg", std::string(kArchOk) + "MemoryBanks: 0\n", 5, "MemoryBanks",
                   "positive integer");
  expect_cfg_error(
      "huge.cfg", "[architecture_presets]\nArrayHeight: 4\nArrayWidth: 99999999999\nDataflow: os\n",
      3, "ArrayWidth", "out of range");
}

TEST(ScaleSimConfigErrors, MissingRequiredKeys) {
  expect_cfg_error("noheight.cfg", "[architecture_presets]\nArrayWidth: 4\nDataflow: os\n", 0,
                   "ArrayHeight", "required key missing from [architecture_presets]");
  expect_cfg_error("nodf.cfg", "[architecture_presets]\nArrayHeight: 4\nArrayWidth: 4\n", 0,
                   "Dataflow", "required key missing");
  // An empty file misses all three, and says so in one throw.
  const std::string path = temp_file("emptycfg.cfg", "");
  try {
    read_scalesim_config(path, nullptr);
    ADD_FAILURE();
  } catch (const InputError& e) {
    ASSERT_EQ(e.issues().size(), 3u);
    EXPECT_EQ(e.issues()[0].field, "ArrayHeight");
    EXPECT_EQ(e.issues()[1].field, "ArrayWidth");
    EXPECT_EQ(e.issues()[2].field, "Dataflow");
  }
}

TEST(ScaleSimConfigErrors, BadDataflowAndBandwidthMode) {
  expect_cfg_error("baddf.cfg",
                   "[architecture_presets]\nArrayHeight: 4\nArrayWidth: 4\nDataflow: xs\n", 4,
                   "Dataflow", "expected os, ws or is, got 'xs'");
  expect_cfg_error("badmode.cfg",
                   std::string(kArchOk) + "[run_presets]\nInterfaceBandwidth: FAST\n", 6,
                   "InterfaceBandwidth", "expected USER or CALC, got 'FAST'");
  expect_cfg_error("badbw.cfg", std::string(kArchOk) + "Bandwidth: 10,x\n", 5, "Bandwidth",
                   "comma-separated list of positive integers, got '10,x'");
}

TEST(ScaleSimConfigErrors, UserBandwidthNeedsOnePerBank) {
  expect_cfg_error("bwcount.cfg",
                   std::string(kArchOk) +
                       "Bandwidth: 10, 20\nMemoryBanks: 1\n[run_presets]\n"
                       "InterfaceBandwidth: USER\n",
                   5, "Bandwidth", "one bandwidth per memory bank: got 2 for MemoryBanks 1");
  expect_cfg_error("bwnone.cfg", std::string(kArchOk) + "[run_presets]\nInterfaceBandwidth: USER\n",
                   0, "Bandwidth", "required when InterfaceBandwidth is USER");
  // Reported together with an unrelated value error.
  const std::string path =
      temp_file("bwplus.cfg",
                "[architecture_presets]\nArrayHeight: x\nArrayWidth: 4\nDataflow: os\n"
                "[run_presets]\nInterfaceBandwidth: USER\n");
  try {
    read_scalesim_config(path, nullptr);
    ADD_FAILURE();
  } catch (const InputError& e) {
    ASSERT_EQ(e.issues().size(), 2u) << e.what();
    EXPECT_EQ(e.issues()[0].field, "ArrayHeight");
    EXPECT_EQ(e.issues()[1].field, "Bandwidth");
  }
  ScaleSimConfig c;
  c.use_user_bandwidth = true;
  c.memory_banks = 2;
  c.bandwidths = {8};
  ASSERT_EQ(c.validate().size(), 1u);
  EXPECT_EQ(c.validate()[0].rfind("Bandwidth: ", 0), 0u);
}

TEST(ScaleSimConfigErrors, SyntaxErrors) {
  expect_cfg_error("nosection.cfg", "ArrayHeight: 4\n", 1, "ArrayHeight", "outside any [section]");
  expect_cfg_error("nosep.cfg", std::string(kArchOk) + "ArrayHeight 4\n", 5, "ArrayHeight 4",
                   "expected 'key: value' or 'key = value'");
  expect_cfg_error("badsec.cfg", std::string(kArchOk) + "[run_presets\n", 5, "section",
                   "malformed section header");
  expect_cfg_error("dupkey.cfg", std::string(kArchOk) + "arrayheight = 8\n", 5, "arrayheight",
                   "duplicate key (first at line 2)");
  expect_cfg_error("dupsec.cfg", std::string(kArchOk) + "[architecture_presets]\n", 5,
                   "[architecture_presets]", "duplicate section (first at line 1)");
  expect_cfg_error("emptykey.cfg", std::string(kArchOk) + ": 4\n", 5, "key", "empty key");
}

TEST(ScaleSimConfigErrors, ReportsEveryErrorAtOnce) {
  const std::string path = temp_file(
      "many.cfg", "[architecture_presets]\nArrayHeight: abc\nArrayWidth: -2\nDataflow: xy\n");
  try {
    read_scalesim_config(path, nullptr);
    ADD_FAILURE();
  } catch (const InputError& e) {
    ASSERT_EQ(e.issues().size(), 3u) << e.what();
    EXPECT_EQ(e.issues()[0].line, 2);
    EXPECT_EQ(e.issues()[1].line, 3);
    EXPECT_EQ(e.issues()[2].line, 4);
    EXPECT_EQ(std::string(e.what()),
              path + ":2: ArrayHeight: expected a positive integer, got 'abc'\n" + path +
                  ":3: ArrayWidth: expected a positive integer, got '-2'\n" + path +
                  ":4: Dataflow: expected os, ws or is, got 'xy'");
  }
}

}  // namespace
}  // namespace fusesim
