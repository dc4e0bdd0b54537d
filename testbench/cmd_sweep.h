#pragma once
/// What the `fusesim sweep` subcommands share (cmd_sweep.cpp: dispatch, plan, task, status,
/// merge; cmd_sweep_run.cpp: the local pool and the GNU parallel job list; cmd_sweep_slurm.cpp:
/// Slurm job arrays). The plain-C++ part (spec, plan, result store, merge) lives in sweep/.

#include <string>
#include <vector>

#include "sweep/sweep_plan.h"
#include "testbench/cmd_common.h"

namespace fusesim {

/// Parses a subcommand's options with exactly one positional argument (the spec or the sweep
/// folder) into *target. UsageError names the option or the missing argument.
po::variables_map sweep_parse(const po::options_description& od, int argc, char** argv,
                              const std::string& sub, const std::string& what, std::string* target);
/// The absolute path of this fusesim binary (for the commands that start tasks).
std::string self_exe();
/// The text quoted for a POSIX shell.
std::string shell_quote(const std::string& s);
/// Indices of configurations that are not finished (all, or only the failed ones).
std::vector<int> unfinished(const SweepPlan& plan, bool failed_only);
/// One line describing a configuration: "#I ID axis=value ...".
std::string describe(const SweepConfig& c);

int sweep_run(int argc, char** argv);
int sweep_slurm(int argc, char** argv);

}  // namespace fusesim
