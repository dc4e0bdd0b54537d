#include "workloads/scalesim_io.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>

namespace fusesim {
namespace {

using namespace std::string_literals;

std::string fixture(const std::string& name) {
  return std::string(FUSESIM_SOURCE_DIR) + "/workloads/testdata/scalesim/" + name;
}

/// Writes `text` to a fresh file in the test temp dir and returns its path.
std::string temp_file(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "fusesim_scalesim_" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return path;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Runs `fn`, expects an InputError whose first issue is at path:line in `field`, and whose what()
/// begins with "path:line: field: " and contains `detail`.
void expect_input_error(const std::function<void()>& fn, const std::string& path, int line,
                        const std::string& field, const std::string& detail) {
  try {
    fn();
    ADD_FAILURE() << "expected InputError for " << path;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(e.field(), field) << e.what();
    const std::string prefix = path + (line > 0 ? ":" + std::to_string(line) : std::string()) +
                               ": " + (field.empty() ? "" : field + ": ");
    EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0u) << e.what() << "\nwanted: " << prefix;
    EXPECT_NE(std::string(e.what()).find(detail), std::string::npos) << e.what();
  }
}

void expect_cfg_error(const std::string& name, const std::string& text, int line,
                      const std::string& field, const std::string& detail) {
  const std::string path = temp_file(name, text);
  expect_input_error([&] { read_scalesim_config(path, nullptr); }, path, line, field, detail);
}

void expect_topo_error(const std::string& name, const std::string& text, bool gemm, int line,
                       const std::string& field, const std::string& detail) {
  const std::string path = temp_file(name, text);
  expect_input_error([&] { read_scalesim_topology(path, gemm); }, path, line, field, detail);
}

const char* const kConvHeader =
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, "
    "Strides,\n";
const char* const kArchOk = "[architecture_presets]\nArrayHeight: 4\nArrayWidth: 4\nDataflow: ws\n";

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
  EXPECT_TRUE(warnings.empty());
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
  EXPECT_EQ(w[2].rfind(path + ":15: UseRamulatorTrace: unknown key in [run_presets]", 0), 0u)
      << w[2];
  // A null warnings pointer is allowed.
  EXPECT_NO_THROW(read_scalesim_config(path, nullptr));
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

// ---------------------------------------------------------------------------------------------
// Topology reader: conv

void expect_conv(const LayerSpec& l, const std::string& name, int h, int w, int kh, int kw, int c,
                 int n, int sh, int sw) {
  EXPECT_EQ(l.name, name);
  EXPECT_EQ(l.in_h, h) << name;
  EXPECT_EQ(l.in_w, w) << name;
  EXPECT_EQ(l.k_h, kh) << name;
  EXPECT_EQ(l.k_w, kw) << name;
  EXPECT_EQ(l.in_c, c) << name;
  EXPECT_EQ(l.out_c, n) << name;
  EXPECT_EQ(l.stride_h, sh) << name;
  EXPECT_EQ(l.stride_w, sw) << name;
  EXPECT_EQ(l.pad_h, 0) << name;
  EXPECT_EQ(l.pad_w, 0) << name;
  EXPECT_EQ(l.batch, 1) << name;
  EXPECT_EQ(l.op, (kh == 1 && kw == 1) ? OpKind::kPointwise : OpKind::kConv) << name;
}

TEST(ScaleSimTopology, AlexnetHeadFromScaleSim) {
  const auto layers = read_scalesim_topology(fixture("scalesim_alexnet_head.csv"), false);
  ASSERT_EQ(layers.size(), 3u);
  expect_conv(layers[0], "Conv1", 224, 224, 11, 11, 3, 96, 4, 4);
  expect_conv(layers[1], "Conv2", 27, 27, 5, 5, 96, 256, 1, 1);
  expect_conv(layers[2], "Conv3", 13, 13, 3, 3, 256, 384, 1, 1);
  // SCALE-Sim: ofmap = ceil((H - R + S) / S) with no padding: (224 - 11) / 4 + 1 = 54.
  EXPECT_EQ(layers[0].out_h(), 54);
  EXPECT_EQ(layers[0].out_w(), 54);
  EXPECT_EQ(layers[0].macs(), int64_t(54) * 54 * 11 * 11 * 3 * 96);
}

TEST(ScaleSimTopology, MobilenetPaperHeadFromScaleSim) {
  const auto layers = read_scalesim_topology(fixture("scalesim_mobilenet_paper_head.csv"), false);
  ASSERT_EQ(layers.size(), 7u);
  expect_conv(layers[0], "Conv1", 224, 224, 3, 3, 3, 32, 2, 2);
  expect_conv(layers[1], "Conv2_dw", 112, 112, 3, 3, 1, 1, 1, 1);  // "#dw" comment dropped
  expect_conv(layers[2], "Conv3", 112, 112, 1, 1, 32, 64, 1, 1);
  expect_conv(layers[3], "Conv11", 28, 28, 1, 1, 256, 256, 1, 1);   // no trailing comma
  expect_conv(layers[4], "Conv14_dw_0", 14, 14, 3, 3, 1, 1, 1, 1);  // leading tab
  expect_conv(layers[5], "Conv15_0", 14, 14, 1, 1, 512, 512, 1, 1);
  expect_conv(layers[6], "FC", 1, 1, 1, 1, 1024, 1000, 1, 1);
}

TEST(ScaleSimTopology, Resnet50HeadFromScaleSim) {
  const auto layers = read_scalesim_topology(fixture("scalesim_resnet50_head.csv"), false);
  ASSERT_EQ(layers.size(), 4u);
  expect_conv(layers[0], "CB2a_1", 56, 56, 1, 1, 64, 64, 1, 1);
  expect_conv(layers[1], "CB2a_2", 56, 56, 3, 3, 64, 64, 1, 1);
  expect_conv(layers[2], "CB3a_1", 56, 56, 1, 1, 256, 128, 2, 2);
  expect_conv(layers[3], "FC6", 1, 1, 1, 1, 2048, 1000, 1, 1);
}

TEST(ScaleSimTopology, StrideWidthColumnAndUnitSparsity) {
  const auto layers = read_scalesim_topology(fixture("conv_stride_w.csv"), false);
  ASSERT_EQ(layers.size(), 4u);
  expect_conv(layers[0], "rect", 32, 64, 3, 5, 8, 16, 1, 2);
  expect_conv(layers[1], "square", 32, 32, 3, 3, 8, 16, 2, 2);  // no ninth column
  expect_conv(layers[2], "tall", 64, 16, 7, 1, 4, 4, 3, 1);
  expect_conv(layers[3], "dense", 8, 8, 3, 3, 2, 6, 1, 1);  // 1:1 sparsity
  EXPECT_EQ(layers[0].out_w(), (64 - 5) / 2 + 1);
}

TEST(ScaleSimTopology, FilterEqualToIfmapIsAllowed) {
  const std::string path =
      temp_file("eq.csv", std::string(kConvHeader) + "fc_like, 7, 7, 7, 7, 512, 10, 1,\n");
  const auto layers = read_scalesim_topology(path, false);
  ASSERT_EQ(layers.size(), 1u);
  EXPECT_EQ(layers[0].out_h(), 1);
  EXPECT_EQ(layers[0].out_w(), 1);
}

// ---------------------------------------------------------------------------------------------
// Topology reader: GEMM

void expect_gemm(const LayerSpec& l, const std::string& name, int m, int n, int k) {
  EXPECT_EQ(l.name, name);
  EXPECT_EQ(l.op, OpKind::kGemm) << name;
  EXPECT_EQ(l.in_h, m) << name;
  EXPECT_EQ(l.in_w, 1) << name;
  EXPECT_EQ(l.in_c, k) << name;
  EXPECT_EQ(l.out_c, n) << name;
  EXPECT_EQ(l.k_h, 1) << name;
  EXPECT_EQ(l.k_w, 1) << name;
  EXPECT_EQ(l.stride_h, 1) << name;
  EXPECT_EQ(l.stride_w, 1) << name;
  // (M×K)·(K×N): M·N outputs, each a K-long dot product.
  EXPECT_EQ(l.out_h() * l.out_w(), m) << name;
  EXPECT_EQ(l.macs(), int64_t(m) * n * k) << name;
}

TEST(ScaleSimTopology, GemmTestMnkInputFromScaleSim) {
  const auto layers = read_scalesim_topology(fixture("scalesim_test_mnk_input.csv"), true);
  ASSERT_EQ(layers.size(), 1u);
  expect_gemm(layers[0], "Test 1", 256, 128, 256);
}

TEST(ScaleSimTopology, GemmGnmtHeadWithoutTrailingCommas) {
  const auto layers = read_scalesim_topology(fixture("scalesim_gnmt_head.csv"), true);
  ASSERT_EQ(layers.size(), 3u);
  expect_gemm(layers[0], "1", 2048, 4096, 32);
  expect_gemm(layers[1], "4", 32, 2048, 4096);
  expect_gemm(layers[2], "13", 1024, 36548, 1632);
}

TEST(ScaleSimTopology, GemmCrlfAndUnitSparsity) {
  const auto layers = read_scalesim_topology(fixture("gemm_crlf_sparsity.csv"), true);
  ASSERT_EQ(layers.size(), 2u);
  expect_gemm(layers[0], "qkv", 197, 1152, 384);
  expect_gemm(layers[1], "proj", 197, 384, 384);
}

// ---------------------------------------------------------------------------------------------
// Topology reader: errors

TEST(ScaleSimTopologyErrors, MissingAndEmptyFiles) {
  const std::string missing = fixture("nope.csv");
  expect_input_error([&] { read_scalesim_topology(missing, false); }, missing, 0, "file",
                     "cannot open file");
  expect_topo_error("empty.csv", "", false, 0, "file", "empty file");
  expect_topo_error("blank.csv", "\n  \n,,,\n", true, 0, "file", "empty file");
  expect_topo_error("headeronly.csv", std::string("\n") + kConvHeader, false, 2, "file",
                    "no layer rows after the header");
}

TEST(ScaleSimTopologyErrors, FolderIsNotAFile) {
  // Was "empty file: expected a header line".
  const std::string dir = ::testing::TempDir();
  for (bool gemm : {false, true})
    expect_input_error([&] { read_scalesim_topology(dir, gemm); }, dir, 0, "",
                       "is a folder, not a file");
}

TEST(ScaleSimTopologyErrors, NulByteInARowIsShownEscaped) {
  // The NUL used to cut what() after "got 'ab" (the CLI prints it with %s).
  const std::string path =
      temp_file("nul.csv", std::string(kConvHeader) + "c, 8, ab\0cd, 3, 3, 1, 1, 1,\n"s);
  try {
    read_scalesim_topology(path, false);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ":2: IFMAP Width: expected a positive integer, got 'ab\\x00cd'");
    EXPECT_EQ(std::strlen(e.what()), std::string(e.what()).size());
  }
}

TEST(ScaleSimTopologyErrors, LayerNameMustBeCleanUtf8) {
  // Names reach layers.csv (read as UTF-8 by the scripts), log lines and --trace-layer; a
  // control byte garbled them, and nlohmann::json throws on invalid UTF-8 wherever one is written.
  expect_topo_error("name_latin1.csv", std::string(kConvHeader) + "caf\xE9, 8, 8, 3, 3, 1, 1, 1,\n",
                    false, 2, "Layer name", "is not UTF-8 text without control characters");
  expect_topo_error("name_ctrl.csv", "Layer Name, M, N, K,\nfc\x1b[31m, 4, 4, 4,\n", true, 2,
                    "Layer Name", "'fc\\x1B[31m'");
  const auto ok = read_scalesim_topology(
      temp_file("name_utf8.csv", "Layer Name, M, N, K,\nfc_\xC3\xA9, 4, 4, 4,\n"), true);
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].name, "fc_\xC3\xA9");
}

TEST(ScaleSimTopology, TextReaderIsThePathReader) {
  const std::string path = fixture("scalesim_alexnet_head.csv");
  const auto a = read_scalesim_topology(path, false);
  const auto b = read_scalesim_topology_text(slurp(path), path, false);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].name, b[i].name);
}

TEST(ScaleSimTopologyErrors, HeaderMissing) {
  expect_topo_error("nohdr.csv", "Conv1, 224, 224, 3, 3, 3, 32, 2,\n", false, 1, "header",
                    "expected a header line");
}

TEST(ScaleSimTopologyErrors, WrongColumnCount) {
  expect_topo_error("cols7.csv", std::string(kConvHeader) + "c, 8, 8, 3, 3, 2, 4,\n", false, 2,
                    "columns", "expected 8 or 9 columns");
  // Resnet50.csv's Conv1 row carries three extra annotation columns.
  expect_topo_error("cols13.csv",
                    std::string(kConvHeader) + "Conv1,224,224,7,7,3,64,2,,,110,110,12100\n", false,
                    2, "columns", "got 13");
  expect_topo_error("gemm_as_conv.csv", "Layer Name, M, N, K,\nA, 4, 5, 6,\n", false, 2, "columns",
                    "is this an M,N,K GEMM topology?");
  expect_topo_error("conv_as_gemm.csv", std::string(kConvHeader) + "c, 8, 8, 3, 3, 2, 4, 1,\n",
                    true, 2, "columns", "is this a conv topology?");
  expect_topo_error("gemm3.csv", "Layer Name, M, N, K,\nA, 4, 5,\n", true, 2, "columns",
                    "expected 4 columns");
}

TEST(ScaleSimTopologyErrors, NonIntegerAndNonPositive) {
  expect_topo_error(
      "nonint.csv",
      std::string(kConvHeader) + "ok, 8, 8, 3, 3, 2, 4, 1,\n" + "c, 8, eight, 3, 3, 2, 4, 1,\n",
      false, 3, "IFMAP Width", "expected a positive integer, got 'eight'");
  expect_topo_error("zero.csv", std::string(kConvHeader) + "c, 8, 8, 3, 3, 0, 4, 1,\n", false, 2,
                    "Channels", "got '0'");
  expect_topo_error("negstride.csv", std::string(kConvHeader) + "c, 8, 8, 3, 3, 2, 4, -1,\n", false,
                    2, "Strides", "got '-1'");
  expect_topo_error("zerosw.csv", std::string(kConvHeader) + "c, 8, 8, 3, 3, 2, 4, 1, 0,\n", false,
                    2, "Stride width", "got '0'");
  expect_topo_error("gemmk.csv", "Layer Name, M, N, K,\nA, 4, 5, 0,\n", true, 2, "K", "got '0'");
  expect_topo_error("gemmm.csv", "Layer Name, M, N, K,\nA, 2.5, 5, 6,\n", true, 2, "M",
                    "got '2.5'");
  expect_topo_error("noname.csv", std::string(kConvHeader) + ", 8, 8, 3, 3, 2, 4, 1,\n", false, 2,
                    "Layer name", "empty layer name");
  expect_topo_error("big.csv", std::string(kConvHeader) + "c, 8, 8, 3, 3, 2, 4444444444, 1,\n",
                    false, 2, "Num Filter", "out of range");
}

TEST(ScaleSimTopologyErrors, FilterLargerThanIfmap) {
  expect_topo_error("fh.csv", std::string(kConvHeader) + "c, 2, 8, 3, 3, 2, 4, 1,\n", false, 2,
                    "Filter Height", "filter height 3 is larger than the IFMAP height 2");
  expect_topo_error("fw.csv", std::string(kConvHeader) + "c, 8, 4, 3, 5, 2, 4, 1,\n", false, 2,
                    "Filter Width", "filter width 5 is larger than the IFMAP width 4");
}

TEST(ScaleSimTopologyErrors, SparsityOtherThanDenseIsRejected) {
  expect_topo_error("sp.csv", std::string(kConvHeader) + "c, 5, 5, 3, 3, 2, 6, 1, 2:4,\n", false, 2,
                    "Sparsity", "sparsity ratio '2:4' is not supported");
  expect_topo_error("gsp.csv", "Layer Name, M, N, K, Sparsity,\nG, 3, 5, 16, 3:4,\n", true, 2,
                    "Sparsity", "'3:4'");
}

TEST(ScaleSimTopologyErrors, ReportsEveryBadRow) {
  const std::string path =
      temp_file("manyrows.csv", std::string(kConvHeader) + "a, 8, 8, 3, 3, 2, 4, 1,\n" +
                                    "b, x, 8, 3, 3, 2, 4, 1,\n" + "c, 8, 8, 3, 3, 2,\n" +
                                    "d, 8, 8, 9, 3, 2, 4, 1,\n");
  try {
    read_scalesim_topology(path, false);
    ADD_FAILURE();
  } catch (const InputError& e) {
    ASSERT_EQ(e.issues().size(), 3u) << e.what();
    EXPECT_EQ(e.issues()[0].line, 3);
    EXPECT_EQ(e.issues()[0].field, "IFMAP Height");
    EXPECT_EQ(e.issues()[1].line, 4);
    EXPECT_EQ(e.issues()[1].field, "columns");
    EXPECT_EQ(e.issues()[2].line, 5);
    EXPECT_EQ(e.issues()[2].field, "Filter Height");
  }
}

// ---------------------------------------------------------------------------------------------
// COMPUTE_REPORT writer

TEST(ComputeReport, HeaderIsByteExact) {
  EXPECT_STREQ(kComputeReportHeader,
               "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, "
               "Compute Util %,\n");
  const std::string path = ::testing::TempDir() + "fusesim_empty_COMPUTE_REPORT.csv";
  write_compute_report(path, {});
  EXPECT_EQ(slurp(path),
            "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, "
            "Compute Util %,\n");
}

TEST(ComputeReport, RowsFormattedLikeScaleSim) {
  const std::string path = ::testing::TempDir() + "fusesim_COMPUTE_REPORT.csv";
  write_compute_report(path, {{0, 1234, 0, 98.4375, 100.0, 100.0 / 3.0},
                              {1, 56789012345, 17, 0.1 + 0.2, 1.5e-5, 0.0}});
  EXPECT_EQ(slurp(path),
            "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, "
            "Compute Util %,\n"
            "0, 1234, 0, 98.4375, 100.0, 33.333333333333336,\n"
            "1, 56789012345, 17, 0.30000000000000004, 1.5e-05, 0.0,\n");
}

TEST(ComputeReport, UnwritablePathThrows) {
  EXPECT_THROW(write_compute_report("/nonexistent_dir_fusesim/COMPUTE_REPORT.csv", {}),
               std::runtime_error);
}

TEST(PythonFloatRepr, MatchesCPythonRepr) {
  // Expected strings are CPython 3 repr() of the same doubles.
  EXPECT_EQ(python_float_repr(0.0), "0.0");
  EXPECT_EQ(python_float_repr(-0.0), "-0.0");
  EXPECT_EQ(python_float_repr(100.0), "100.0");
  EXPECT_EQ(python_float_repr(98.4375), "98.4375");
  EXPECT_EQ(python_float_repr(100.0 / 3.0), "33.333333333333336");
  EXPECT_EQ(python_float_repr(1e16), "1e+16");
  EXPECT_EQ(python_float_repr(1.5e-5), "1.5e-05");
  EXPECT_EQ(python_float_repr(0.0001), "0.0001");
  EXPECT_EQ(python_float_repr(0.00012345), "0.00012345");
  EXPECT_EQ(python_float_repr(123456789012345.6), "123456789012345.6");
  EXPECT_EQ(python_float_repr(1234567890123456.7), "1234567890123456.8");
  EXPECT_EQ(python_float_repr(2.5e-300), "2.5e-300");
  EXPECT_EQ(python_float_repr(-7.25), "-7.25");
  EXPECT_EQ(python_float_repr(99.99999999999999), "99.99999999999999");
  EXPECT_EQ(python_float_repr(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(python_float_repr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(python_float_repr(-std::numeric_limits<double>::infinity()), "-inf");
}

}  // namespace
}  // namespace fusesim
