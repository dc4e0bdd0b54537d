#pragma once
/// Test helpers of the SCALE-Sim reader tests (scalesim_io_test.cpp, scalesim_topology_test.cpp):
/// fixtures, temporary files, and InputError expectations. Header-only, test code only.

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>

#include "workloads/scalesim_io.h"

namespace fusesim {
namespace scalesim_test {

inline std::string fixture(const std::string& name) {
  return std::string(FUSESIM_SOURCE_DIR) + "/workloads/testdata/scalesim/" + name;
}

/// Writes `text` to a fresh file in the test temp dir and returns its path.
inline std::string temp_file(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "fusesim_scalesim_" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return path;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Runs `fn`, expects an InputError whose first issue is at path:line in `field`, and whose what()
/// begins with "path:line: field: " and contains `detail`.
inline void expect_input_error(const std::function<void()>& fn, const std::string& path, int line,
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

inline void expect_cfg_error(const std::string& name, const std::string& text, int line,
                             const std::string& field, const std::string& detail) {
  const std::string path = temp_file(name, text);
  expect_input_error([&] { read_scalesim_config(path, nullptr); }, path, line, field, detail);
}

inline void expect_topo_error(const std::string& name, const std::string& text, bool gemm, int line,
                              const std::string& field, const std::string& detail) {
  const std::string path = temp_file(name, text);
  expect_input_error([&] { read_scalesim_topology(path, gemm); }, path, line, field, detail);
}

inline const char* const kConvHeader =
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, "
    "Strides,\n";
inline const char* const kArchOk =
    "[architecture_presets]\nArrayHeight: 4\nArrayWidth: 4\nDataflow: ws\n";

}  // namespace scalesim_test
}  // namespace fusesim
