# The RTL twin (docs/rtl.md): lint of the SystemVerilog array.
# Included by one line of the root CMakeLists.txt. Verilator (Debian 12: 5.006) is installed by
# scripts/setup.sh and is required.

find_package(verilator HINTS $ENV{VERILATOR_ROOT} /usr/share/verilator QUIET)
if(NOT verilator_FOUND)
  message(FATAL_ERROR
    "verilator not found: the RTL twin (rtl/) needs Debian's verilator package (5.006); "
    "run ./scripts/setup.sh or 'apt-get install verilator'")
endif()

set(FUSESIM_RTL_DIR ${CMAKE_CURRENT_SOURCE_DIR}/rtl)
set(FUSESIM_RTL_SOURCES ${FUSESIM_RTL_DIR}/fusesim_array.sv ${FUSESIM_RTL_DIR}/fusesim_pe.sv)

# Lint: `verilator --lint-only -Wall` must be silent for every parameter set (a warning fails).
function(fusesim_rtl_lint name top)
  add_test(NAME rtl.lint.${name}
           COMMAND ${VERILATOR_BIN} --lint-only -Wall --top-module ${top} ${ARGN}
                   ${FUSESIM_RTL_SOURCES})
  set_tests_properties(rtl.lint.${name} PROPERTIES LABELS rtl)
endfunction()
fusesim_rtl_lint(pe_plain fusesim_pe -GROW=0)
fusesim_rtl_lint(pe_fuse_noshadow fusesim_pe -GROW=5 -GFUSE=1 -GSHADOW=0 -GIW=3)
fusesim_rtl_lint(array_2x2 fusesim_array -GR=2 -GC=2)
fusesim_rtl_lint(array_3x5_fuse fusesim_array -GR=3 -GC=5 -GFUSE=1)
fusesim_rtl_lint(array_1x6_fuse_noshadow fusesim_array -GR=1 -GC=6 -GFUSE=1 -GSHADOW=0)
fusesim_rtl_lint(array_6x1_noshadow fusesim_array -GR=6 -GC=1 -GSHADOW=0)
fusesim_rtl_lint(array_16x16_fuse fusesim_array -GR=16 -GC=16 -GFUSE=1)
# What synthesis sees (Yosys defines SYNTHESIS: no debug ports).
fusesim_rtl_lint(array_8x8_synthesis fusesim_array -GR=8 -GC=8 -DSYNTHESIS)
fusesim_rtl_lint(array_4x4_fuse_synthesis fusesim_array -GR=4 -GC=4 -GFUSE=1 -DSYNTHESIS)

