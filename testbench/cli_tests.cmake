# End-to-end CLI tests: bad input → exit 2 with a clear message and no output files; the
# issue's acceptance runs → verified with cycles equal to the closed form.
set(_cli_script ${CMAKE_CURRENT_SOURCE_DIR}/testbench/cli_test.sh)
add_test(NAME cli.end_to_end COMMAND bash ${_cli_script} $<TARGET_FILE:fusesim> ${CMAKE_CURRENT_BINARY_DIR}/cli_test_out)
set_tests_properties(cli.end_to_end PROPERTIES TIMEOUT 600)
