#pragma once
/// A design-space sweep described in TOML (docs/sweeps.md): the fusesim command every
/// configuration runs (`network` or `layer`), the options they all share (`[fixed]`), the axes
/// whose cartesian product makes the configurations (`[axes]`, in file order: the first axis
/// varies slowest), axes that vary together (`zip`), and exclusion filters (`[[exclude]]`).
///
///   command = "layer"
///   zip = [["ifmap", "filters"]]
///   [fixed]
///   op = "conv"
///   [axes]
///   array = ["16x16", "32x32"]
///   dataflow = ["os", "ws", "is"]
///   ifmap = ["28x28x32", "14x14x64"]
///   filters = [32, 64]
///   [[exclude]]
///   array = "16x16"
///   dataflow = "is"
///
/// Every problem is reported as an InputError naming the file, the line and the key.

#include <string>
#include <utility>
#include <vector>

namespace fusesim {

/// One option name and its value, as `fusesim COMMAND --name value` takes it.
using SweepOption = std::pair<std::string, std::string>;

/// One axis: an option and the values it takes.
struct SweepAxis {
  std::string name;
  std::vector<std::string> values;
  int line = 0;  ///< of its key in the spec
};

/// One [[exclude]] entry: a configuration is dropped when every key matches one of its values.
struct SweepExclude {
  std::vector<std::pair<std::string, std::vector<std::string>>> match;
  int line = 0;
};

/// A parsed spec.
struct SweepSpec {
  std::string path;
  std::string command;             ///< "network" or "layer"
  std::vector<SweepOption> fixed;  ///< options of every configuration, sorted by name
  std::vector<SweepAxis> axes;     ///< in file order
  std::vector<std::vector<std::string>> zips;
  std::vector<SweepExclude> excludes;
  int command_line = 0;

  /// The axis of that name, or null.
  const SweepAxis* axis(const std::string& name) const;
};

/// The options a command's configurations may set (axes or fixed): the simulating options of
/// `fusesim network` / `fusesim layer`, without output, tracing and display options.
const std::vector<std::string>& sweepable_options(const std::string& command);

/// Reads and checks a spec. Relative file values (energy-table, a memory .toml) are made absolute
/// against the spec's folder, so tasks may run from any directory. Throws InputError.
SweepSpec read_sweep_spec(const std::string& path);
/// The same over the file's text (`path` names it in messages and resolves relative files).
SweepSpec parse_sweep_spec(const std::string& text, const std::string& path);

/// The configurations: each is the list of axis values (in axis order). Throws InputError naming
/// the spec when the product (after the exclusions) is empty.
std::vector<std::vector<SweepOption>> expand_sweep(const SweepSpec& spec);

}  // namespace fusesim
