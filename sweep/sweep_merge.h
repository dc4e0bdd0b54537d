#pragma once
/// The merge of a finished sweep: every configuration's result, in manifest order, into
///   results.csv     one row per configuration (the configurations table)
///   results.sqlite  tables sweep (one row), configurations, layers (docs/sweeps.md §Schema)
/// Only simulated quantities go in: no wall time, host or path, so the files are byte-identical
/// whatever back-end and however many workers produced the results.

#include <string>
#include <vector>

#include "sweep/sweep_plan.h"

namespace fusesim {

/// A value of a row: text, an integer, a real, or NULL.
struct SweepCell {
  enum class Kind { kNull, kInt, kReal, kText } kind = Kind::kNull;
  long long i = 0;
  double r = 0;
  std::string t;
  static SweepCell integer(long long v) { return {Kind::kInt, v, 0, {}}; }
  static SweepCell real(double v) { return {Kind::kReal, 0, v, {}}; }
  static SweepCell text(std::string v) { return {Kind::kText, 0, 0, std::move(v)}; }
  /// The CSV form (reals with 9 significant digits; text quoted when needed).
  std::string csv() const;
};

/// A table: column names (with their SQL types) and rows.
struct SweepTable {
  std::string name;
  std::vector<std::pair<std::string, std::string>> columns;  ///< name, SQL type
  std::vector<std::vector<SweepCell>> rows;
  std::string csv() const;
};

/// The merged tables of a sweep whose every configuration is finished. Reads results/ID/ (the
/// run's summary.json, layers.csv for networks, task.json); the area of each configuration comes
/// from the area model (configs/area/45nm.csv). Throws InputError naming the file at fault, or
/// naming DIR when configurations are not finished (partial: they are left out, and the sweep
/// table counts the finished ones).
std::vector<SweepTable> merge_tables(const SweepPlan& plan, bool partial = false);

/// Writes the tables into a new SQLite file at path (replacing it through a temporary file).
/// Throws std::runtime_error.
void write_sqlite(const std::string& path, const std::vector<SweepTable>& tables);

}  // namespace fusesim
