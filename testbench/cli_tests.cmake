# End-to-end CLI tests: bad input → exit 2 with a clear message and no output files; the
# issue's acceptance runs → verified with cycles equal to the closed form.
set(_cli_script ${CMAKE_CURRENT_SOURCE_DIR}/testbench/cli_test.sh)
add_test(NAME cli.end_to_end COMMAND bash ${_cli_script} $<TARGET_FILE:fusesim> ${CMAKE_CURRENT_BINARY_DIR}/cli_test_out)
set_tests_properties(cli.end_to_end PROPERTIES TIMEOUT 1500)

# The bad-input corpus (issue 15): ~260 cases over every command, each pinning the exit code,
# the message (option, or file:line: field) and the state of --out afterwards.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME cli.bad_input_corpus
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/testbench/bad_input_test.py
                 $<TARGET_FILE:fusesim> ${CMAKE_CURRENT_BINARY_DIR}/bad_input_corpus)
set_tests_properties(cli.bad_input_corpus PROPERTIES TIMEOUT 600)

# scripts/plot.py in every --format, with --dpi, the heat map and the side-by-side pair (issue 16);
# skipped (exit 77) only without matplotlib.
add_test(NAME cli.plot COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/testbench/plot_test.sh
                                $<TARGET_FILE:fusesim> ${CMAKE_CURRENT_BINARY_DIR}/plot_test_out)
set_tests_properties(cli.plot PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77)
