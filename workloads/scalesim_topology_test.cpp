// SCALE-Sim topology reader and COMPUTE_REPORT.csv writer.
#include <gtest/gtest.h>

#include "workloads/scalesim_io.h"
#include "workloads/scalesim_test_util.h"

namespace fusesim {
namespace {

using namespace scalesim_test;  // NOLINT
using namespace std::string_literals;

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
  // The layer itself: (224 - 11) div 4 + 1 = 54 (SCALE-Sim's own count is 55, see
  // scalesim_formula_test.cpp).
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

// SCALE-Sim's own UNet: five layers have more im2col elements than 2^30 (Conv1b: 2044 x 2044
// pixels x 9 x 64 = 2.4e9); the reader validates every layer, so all are accepted now that the
// ifmap scratchpad holds the input tensor, not an im2col copy.
TEST(ScaleSimTopology, UNetWithIm2colOver2To30IsAccepted) {
  const auto layers = read_scalesim_topology(fixture("scalesim_unet_2d.csv"), false);
  ASSERT_EQ(layers.size(), 19u);
  int over = 0;
  for (const LayerSpec& l : layers) {
    EXPECT_TRUE(l.validate().empty()) << l.name;
    const int64_t im2col = int64_t(l.out_h()) * l.out_w() * l.k_h * l.k_w * l.in_c;
    over += im2col > (int64_t(1) << 30);
  }
  EXPECT_EQ(over, 5);
  expect_conv(layers[1], "Conv1b", 2046, 2046, 3, 3, 64, 64, 1, 1);
  EXPECT_EQ(layers[1].macs(), int64_t(2044) * 2044 * 9 * 64 * 64);
}

TEST(ScaleSimTopology, StrideWidthColumnByHeaderName) {
  const auto layers = read_scalesim_topology(fixture("conv_stride_w.csv"), false);
  ASSERT_EQ(layers.size(), 3u);
  expect_conv(layers[0], "rect", 32, 64, 3, 5, 8, 16, 1, 2);
  expect_conv(layers[1], "square", 32, 32, 3, 3, 8, 16, 2, 2);  // no ninth column
  expect_conv(layers[2], "tall", 64, 16, 7, 1, 4, 4, 3, 1);
  EXPECT_EQ(layers[0].out_w(), (64 - 5) / 2 + 1);
}

TEST(ScaleSimTopology, SparsityColumnByHeaderName) {
  const auto layers = read_scalesim_topology(
      temp_file("sp11.csv",
                "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, "
                "Channels, Num Filter, Strides, Sparsity,\ndense, 8, 8, 3, 3, 2, 6, 2, "
                "1:1,\n"),
      false);
  ASSERT_EQ(layers.size(), 1u);
  expect_conv(layers[0], "dense", 8, 8, 3, 3, 2, 6, 2, 2);  // 1:1 is dense; stride W = Strides
}

// SCALE-Sim v3's ninth column is the batch size (its tests write `...,Strides,Batch,`): read as
// the batch, never as a stride width.
TEST(ScaleSimTopology, V3BatchColumnIsTheBatchNotAStride) {
  for (const char* name : {"Batch", "Batch Size"}) {
    const auto layers = read_scalesim_topology(
        temp_file("batch.csv",
                  "Layer name,IFMAP Height,IFMAP Width,Filter Height,Filter Width,"
                  "Channels,Num Filter,Strides," +
                      std::string(name) + ",\ntoy,4,4,1,1,1,2,1,4,\n"),
        false);
    ASSERT_EQ(layers.size(), 1u);
    EXPECT_EQ(layers[0].batch, 4) << name;
    EXPECT_EQ(layers[0].stride_w, 1) << name;
    EXPECT_EQ(layers[0].macs(), 4 * 4 * 4 * 2) << name;
  }
  // Batch and stride width together, in either order.
  const auto both = read_scalesim_topology(
      temp_file("batch_sw.csv",
                std::string(kConvHeader).substr(0, std::string(kConvHeader).size() - 1) +
                    " Batch, Stride width,\nc, 9, 9, 3, 3, 2, 4, 1, 3, 2,\n"),
      false);
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].batch, 3);
  EXPECT_EQ(both[0].stride_h, 1);
  EXPECT_EQ(both[0].stride_w, 2);
}

TEST(ScaleSimTopologyErrors, NinthColumnNeedsAHeaderName) {
  expect_topo_error("unnamed9.csv", std::string(kConvHeader) + "c, 8, 8, 3, 3, 2, 4, 1, 2,\n",
                    false, 2, "columns", "column 9 (no header name) is not read");
  expect_topo_error("dilation.csv",
                    std::string(kConvHeader).substr(0, std::string(kConvHeader).size() - 1) +
                        " Dilation,\nc, 8, 8, 3, 3, 2, 4, 1, 2,\n",
                    false, 2, "columns", "column 9 'Dilation' is not read");
  expect_topo_error("gemm_sw.csv", "Layer Name, M, N, K, Stride width,\nA, 4, 5, 6, 1,\n", true, 2,
                    "columns", "column 5 'Stride width' is not read");
  // An unread column left empty is no error (Resnet50.csv's Eh, Ew annotation columns).
  const auto ok = read_scalesim_topology(
      temp_file("dilation_empty.csv",
                std::string(kConvHeader).substr(0, std::string(kConvHeader).size() - 1) +
                    " Dilation,\nc, 8, 8, 3, 3, 2, 4, 1, ,\n"),
      false);
  EXPECT_EQ(ok.size(), 1u);
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
                    "columns", "expected 8 columns");
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
  expect_topo_error("zerosw.csv",
                    std::string(kConvHeader).substr(0, std::string(kConvHeader).size() - 1) +
                        " Stride width,\nc, 8, 8, 3, 3, 2, 4, 1, 0,\n",
                    false, 2, "Stride width", "got '0'");
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
  expect_topo_error("sp.csv",
                    std::string(kConvHeader).substr(0, std::string(kConvHeader).size() - 1) +
                        " Sparsity,\nc, 5, 5, 3, 3, 2, 6, 1, 2:4,\n",
                    false, 2, "Sparsity", "sparsity ratio '2:4' is not supported");
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
