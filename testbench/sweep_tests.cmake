# Design-space sweeps (issue 12, docs/sweeps.md): the local pool and GNU parallel give
# byte-identical merged results and resume without recomputing; the Slurm back-end on a real
# single-node cluster (started and stopped by the test; label `slurm`, needs root: exit 77 skips).
add_test(NAME cli.sweep_backends
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/testbench/sweep_test.sh $<TARGET_FILE:fusesim>
                 ${CMAKE_CURRENT_BINARY_DIR}/sweep_test_out)
set_tests_properties(cli.sweep_backends PROPERTIES TIMEOUT 300 LABELS sweep)
add_test(NAME cli.sweep_slurm
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/testbench/sweep_slurm_test.sh
                 $<TARGET_FILE:fusesim> ${CMAKE_CURRENT_BINARY_DIR}/sweep_slurm_test_out)
set_tests_properties(cli.sweep_slurm PROPERTIES TIMEOUT 600 LABELS "sweep;slurm"
                     SKIP_RETURN_CODE 77)
