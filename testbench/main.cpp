// Thin main: parse, build, run, write, return non-zero on error (testbench/sc_cli.cpp).
#include <cstdlib>
#include <systemc>

#include "testbench/sc_cli.h"

int sc_main(int argc, char** argv) { return fusesim::run_cli(argc, argv); }

int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
