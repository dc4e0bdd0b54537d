#pragma once
/// VcdReader: a small Value Change Dump (IEEE 1364 §18) reader for waveform tests. Plain C++.
///
/// It reads the header ($timescale, nested $scope … $upscope, $var), turns every variable into a
/// hierarchical name (scopes and reference joined by '.', bit range dropped:
/// `SystemC.array.pe_0_1.h_reg.val`), and keeps every variable's value changes (scalars `0 1 x z`,
/// vectors `b…`, reals `r…`; $dumpvars/$dumpall blocks count as changes at the current time).
/// Identifier codes shared by several $var lines (aliases) are followed for all of them.
///
/// A name can be given in full or as any suffix that starts after a '.', as long as it matches
/// one variable only: `value_at("pe_0_1.h_reg.val", 12)` finds
/// `SystemC.array.pe_0_1.h_reg.val`. Times are in timescale units, as written after '#'.
///
/// Usage:
///   const VcdReader vcd = VcdReader::load("run.vcd");
///   EXPECT_EQ(vcd.value_at("array.pe_0_0.acc", 7), 47u);
///   EXPECT_EQ(vcd.signed_value_at("array.pe_0_0.h_reg.val", 7), -3);
///   EXPECT_EQ(vcd.bits_at("array.latch", 0), "0");
///
/// Malformed input (unknown identifier code, unterminated section, bad time) throws
/// std::runtime_error naming the line; an unknown or ambiguous name throws std::out_of_range.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fusesim {

/// One declared variable.
struct VcdVar {
  std::string name;   ///< hierarchical name without bit range: scope.scope.reference
  std::string type;   ///< wire, reg, integer, real, …
  int width = 1;      ///< declared size in bits
  std::string range;  ///< bit range as declared ("[31:0]"), empty if none
  std::string id;     ///< identifier code
};

/// One value change: time and value (bits MSB first, extended to the variable's width; for
/// reals the decimal text).
struct VcdChange {
  int64_t time = 0;
  std::string value;
};

/// A parsed VCD file. Copyable; no file stays open.
class VcdReader {
 public:
  /// Parses VCD text.
  static VcdReader parse(const std::string& text);
  /// Reads and parses a file; throws std::runtime_error if it cannot be read.
  static VcdReader load(const std::string& path);

  /// Timescale magnitude and unit as declared (e.g. 1 and "ns"); 1 and "s" if absent.
  int timescale_magnitude() const { return ts_mag_; }
  const std::string& timescale_unit() const { return ts_unit_; }
  /// One timescale unit in seconds (1e-9 for "1 ns").
  double timescale_seconds() const;
  /// Last time stamp in the file (0 if none).
  int64_t end_time() const { return end_time_; }

  /// Every variable in declaration order.
  const std::vector<VcdVar>& vars() const { return vars_; }
  /// True if `name` (full or a unique suffix) names exactly one variable.
  bool has(const std::string& name) const;
  /// The variable `name` resolves to.
  const VcdVar& var(const std::string& name) const;
  /// All changes of a variable, in time order.
  const std::vector<VcdChange>& changes(const std::string& name) const;

  /// Value after every change at or before `time`, as bits MSB first ('0' '1' 'x' 'z'), width
  /// characters; all 'x' before the first change.
  std::string bits_at(const std::string& name, int64_t time) const;
  /// Same, as an unsigned number; throws std::runtime_error if a bit is x or z, or the variable
  /// is wider than 64 bits or real.
  uint64_t value_at(const std::string& name, int64_t time) const;
  /// Same, sign-extended from the variable's width (two's complement).
  int64_t signed_value_at(const std::string& name, int64_t time) const;

 private:
  size_t resolve(const std::string& name) const;

  int ts_mag_ = 1;
  std::string ts_unit_ = "s";
  int64_t end_time_ = 0;
  std::vector<VcdVar> vars_;
  std::vector<size_t> var_series_;                   // var index → series index
  std::vector<std::vector<VcdChange>> series_;       // one per identifier code
  std::unordered_map<std::string, size_t> by_name_;  // full name → var index
};

}  // namespace fusesim
