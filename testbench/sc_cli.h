#pragma once
/// The fusesim command line: `fusesim layer|network|paper|scalesim|demo ...`.

namespace fusesim {

/// Parses the arguments, runs the command and returns the process exit code:
/// 0 success, 1 a result failed verification, 2 bad input.
int run_cli(int argc, char** argv);

}  // namespace fusesim
