#pragma once
/// The plan of a sweep, as `fusesim sweep plan SPEC --out DIR` writes it into DIR:
///   spec.toml       the spec, byte for byte
///   manifest.jsonl  one configuration per line: {"axes":{...},"id":"...","index":N}
///   plan.json       command, fixed options, axis names, count, and the hashes that tie them
///                   together (plan_id = FNV-1a of spec.toml and manifest.jsonl)
/// A configuration's id is the FNV-1a hash of its command and every option (fixed and axes,
/// sorted by name): the same configuration has the same id in any spec and any order.
/// load_plan() recomputes every hash and id, so a manifest or plan edited after planning is
/// refused (InputError naming the file).

#include <string>
#include <vector>

#include "sweep/sweep_spec.h"

namespace fusesim {

/// 64-bit FNV-1a of the bytes, as 16 lowercase hex digits.
std::string fnv1a_hex(const std::string& bytes);

/// One configuration of the manifest.
struct SweepConfig {
  int index = 0;
  std::string id;
  std::vector<SweepOption> axes;  ///< in the plan's axis order
};

/// A planned sweep.
struct SweepPlan {
  std::string dir;
  std::string command;
  std::string spec_path;  ///< as given to `sweep plan`
  std::string plan_id;
  std::vector<std::string> axis_names;
  std::vector<SweepOption> fixed;
  std::vector<SweepConfig> configs;

  /// The command line of a configuration after `fusesim`: {command, --name, value, ...}.
  std::vector<std::string> args(const SweepConfig& c) const;
};

/// The id of a configuration.
std::string config_id(const std::string& command, const std::vector<SweepOption>& fixed,
                      const std::vector<SweepOption>& axes);

/// The three files of a plan, as text.
struct PlanFiles {
  std::string spec;
  std::string manifest;
  std::string plan;
};

/// Builds the plan files from a spec, its text and its configurations (expand_sweep()). Throws
/// InputError when two configurations are the same (same id).
PlanFiles make_plan_files(const SweepSpec& spec, const std::string& spec_text,
                          const std::vector<std::vector<SweepOption>>& configs);

/// Writes the plan into dir (created when missing). When dir already holds this very plan,
/// nothing changes and false is returned; a dir holding another plan or other files is refused
/// with an InputError (file dir, field "--out"), and nothing is written.
bool write_plan(const std::string& dir, const PlanFiles& files);

/// Reads dir's plan and checks it: every hash, every id, the manifest's order. InputError names
/// the file (and line) that does not match. only >= 0 (a task): the hashes are checked, but only
/// configuration `only` is read from its line; the others keep their index and an empty id.
SweepPlan load_plan(const std::string& dir, int only = -1);

/// Writes content to path through a temporary file beside it and a rename: readers see the old
/// file or the new one, never half of it. Throws std::runtime_error on failure.
void write_file_atomic(const std::string& path, const std::string& content);

}  // namespace fusesim
