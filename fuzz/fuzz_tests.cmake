# Fuzz harnesses: every fuzz/<name>_fuzz.cpp is one harness (libFuzzer's LLVMFuzzerTestOneInput).
# Adding a harness is adding that file plus a seed corpus folder fuzz/corpus/<name>/.
#
# Normal build: fuzz_replay_<name> = the harness + fuzz/replay_main.cpp, and one ctest per harness
#   (label "fuzz") replaying fuzz/corpus/<name> and fuzz/regressions/<name>.
# -DFUSESIM_FUZZ=ON with clang++: fuzz_<name> = the harness linked with libFuzzer, everything built
#   with -fsanitize=fuzzer-no-link,address,undefined; scripts/fuzz.sh drives them.
option(FUSESIM_FUZZ "Build the libFuzzer harnesses of fuzz/ (clang++ only)" OFF)

file(GLOB _fuzz_harnesses CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/*_fuzz.cpp)
set(_fuzz_dir ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)

if(FUSESIM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "FUSESIM_FUZZ=ON needs clang++ (-DCMAKE_CXX_COMPILER=clang++)")
  endif()
  set(_fuzz_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=all
                       -fno-omit-frame-pointer)
  # Coverage instrumentation and sanitizers for the code under test, and for what links it.
  target_compile_options(fusesim_core PUBLIC -fsanitize=fuzzer-no-link ${_fuzz_sanitizers})
  target_link_options(fusesim_core PUBLIC ${_fuzz_sanitizers})
  add_custom_target(fuzz_all)
  foreach(src ${_fuzz_harnesses})
    get_filename_component(_h ${src} NAME_WE)
    string(REGEX REPLACE "_fuzz$" "" _h ${_h})
    add_executable(fuzz_${_h} ${src})
    target_link_libraries(fuzz_${_h} PRIVATE fusesim_core)
    target_link_options(fuzz_${_h} PRIVATE -fsanitize=fuzzer)
    set_target_properties(fuzz_${_h} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
    add_dependencies(fuzz_all fuzz_${_h})
  endforeach()
else()
  add_custom_target(fuzz_replay_all)
  foreach(src ${_fuzz_harnesses})
    get_filename_component(_h ${src} NAME_WE)
    string(REGEX REPLACE "_fuzz$" "" _h ${_h})
    add_executable(fuzz_replay_${_h} ${src} ${_fuzz_dir}/replay_main.cpp)
    target_link_libraries(fuzz_replay_${_h} PRIVATE fusesim_core)
    add_dependencies(fuzz_replay_all fuzz_replay_${_h})
    add_test(NAME fuzz_replay.${_h}
             COMMAND fuzz_replay_${_h} ${_fuzz_dir}/corpus/${_h} ${_fuzz_dir}/regressions/${_h})
    set_tests_properties(fuzz_replay.${_h} PROPERTIES LABELS fuzz TIMEOUT 300)
  endforeach()
endif()
