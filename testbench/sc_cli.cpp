#include "testbench/sc_cli.h"

#include <cstdio>
#include <iostream>
#include <new>
#include <string>

#include "testbench/cmd_common.h"
#include "workloads/input_error.h"

namespace fusesim {

namespace {

/// "fusesim CMD: MESSAGE" on stderr, control bytes escaped (a NUL cannot cut the message).
void report(const std::string& cmd, const std::string& msg) {
  const std::string who = cmd.empty() ? "fusesim" : "fusesim " + printable(cmd);
  const std::string line = who + ": " + printable(msg, true) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void usage() {
  std::cout << "fusesim — cycle-accurate systolic array and FuSeConv simulator\n\n"
               "commands:\n"
               "  layer     simulate one layer        (fusesim layer --help)\n"
               "  network   simulate a whole network  (fusesim network --help)\n"
               "  paper     reproduce the paper's speed-up table by simulation\n"
               "  scalesim  run SCALE-Sim config and topology files\n"
               "  area      area of the plain and the FuSe array\n"
               "  onnx-topology  an ONNX model's layers as a SCALE-Sim topology\n"
               "  sweep     design-space sweeps     (fusesim sweep --help)\n"
               "  demo      the paper table on a 64x64 array\n";
}

}  // namespace

int run_cli(int argc, char** argv) {
  if (argc < 2) {
    report("",
           "a command is required (layer, network, paper, scalesim, area, onnx-topology or demo)");
    usage();
    return 2;
  }
  const std::string cmd = argv[1];
  try {
    if (cmd == "layer") return cmd_layer(argc - 1, argv + 1);
    if (cmd == "network") return cmd_network(argc - 1, argv + 1);
    if (cmd == "paper") return cmd_paper(argc - 1, argv + 1);
    if (cmd == "scalesim") return cmd_scalesim(argc - 1, argv + 1);
    if (cmd == "demo") return cmd_demo(argc - 1, argv + 1);
    if (cmd == "area") return cmd_area(argc - 1, argv + 1);
    if (cmd == "onnx-topology") return cmd_onnx_topology(argc - 1, argv + 1);
    if (cmd == "sweep") return cmd_sweep(argc - 1, argv + 1);
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      usage();
      return 0;
    }
    const std::string m = "fusesim: unknown command '" + printable(cmd) + "'\n";
    std::fwrite(m.data(), 1, m.size(), stderr);
    usage();
    return 2;
  } catch (const UsageError& e) {
    report(cmd, e.what());
    return 2;
  } catch (const InputError& e) {
    report(cmd, e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    report(cmd, "internal error: out of memory");
    return 3;
  } catch (const std::exception& e) {
    // Every input problem is a UsageError or an InputError; anything else is fusesim's fault
    // (a broken invariant, a SystemC report, an I/O failure it did not foresee).
    report(cmd, std::string("internal error: ") + e.what());
    return 3;
  } catch (...) {
    report(cmd, "internal error: unknown exception");
    return 3;
  }
}

}  // namespace fusesim
