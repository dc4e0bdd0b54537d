# Checks the layering of docs/architecture.md §1 by reading every #include of the source tree:
#   1. a folder includes only its own layer or lower ones:
#        pe  <  hw, dataflows, workloads, waveform, mem  <  sweep  <  testbench, rtl
#      (folders of one layer may include each other: hw and dataflows are one library);
#   2. a core file (plain C++: not *_module.*, sc_*, cmd_*, main.cpp or *_sctest.cpp) includes
#      neither <systemc> nor <tlm> nor a project SystemC header (sc_*.h, *_module.h).
# Usage: cmake -DSOURCE_DIR=<tree> [-DCHECK=includes|systemc|all] -P check_layering.cmake
# Exits non-zero and lists every violation as "file:line: rule: include".
cmake_minimum_required(VERSION 3.16)

if(NOT SOURCE_DIR)
  message(FATAL_ERROR "check_layering: pass -DSOURCE_DIR=<source tree>")
endif()
if(NOT CHECK)
  set(CHECK all)
endif()

set(_layer_pe 0)
set(_layer_hw 1)
set(_layer_dataflows 1)
set(_layer_workloads 1)
set(_layer_waveform 1)
set(_layer_mem 1)
set(_layer_sweep 2)
set(_layer_testbench 3)
set(_layer_rtl 3)
set(_folders pe hw dataflows workloads waveform mem sweep testbench rtl)

set(_violations "")
set(_files_checked 0)
foreach(folder ${_folders})
  file(GLOB _files ${SOURCE_DIR}/${folder}/*.h ${SOURCE_DIR}/${folder}/*.cpp
       ${SOURCE_DIR}/${folder}/*.cc)
  foreach(f ${_files})
    math(EXPR _files_checked "${_files_checked} + 1")
    get_filename_component(_name ${f} NAME)
    set(_is_sc FALSE)
    if(_name MATCHES "_module\\.(h|cpp)$" OR _name MATCHES "^sc_" OR _name MATCHES "^cmd_"
       OR _name STREQUAL "main.cpp" OR _name MATCHES "_sctest\\.cpp$")
      set(_is_sc TRUE)
    endif()
    # One list element per line: characters that CMake lists treat specially are neutralised first.
    file(READ ${f} _text)
    string(REPLACE "\\" "/" _text "${_text}")
    string(REPLACE ";" "," _text "${_text}")
    string(REPLACE "[" "(" _text "${_text}")
    string(REPLACE "]" ")" _text "${_text}")
    string(REPLACE "\n" ";" _lines "${_text}")
    set(_line_no 0)
    foreach(line IN LISTS _lines)
      math(EXPR _line_no "${_line_no} + 1")
      if(NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*([<\"][^>\"]+[>\"])")
        continue()
      endif()
      set(_inc "${CMAKE_MATCH_1}")
      set(_where "${folder}/${_name}:${_line_no}")
      if(CHECK STREQUAL "all" OR CHECK STREQUAL "includes")
        if(_inc MATCHES "^\"([a-z_]+)/")
          set(_to ${CMAKE_MATCH_1})
          if(DEFINED _layer_${_to} AND _layer_${_to} GREATER _layer_${folder})
            list(APPEND _violations "${_where}: upward include (${folder} may not use ${_to}): ${_inc}")
          endif()
        endif()
      endif()
      if((CHECK STREQUAL "all" OR CHECK STREQUAL "systemc") AND NOT _is_sc)
        if(_inc MATCHES "^<(systemc|tlm)(\\.h)?>$" OR _inc MATCHES "^<(systemc|tlm)_"
           OR _inc MATCHES "/(sc_[a-z0-9_]+|[a-z0-9_]+_module)\\.h\"$")
          list(APPEND _violations "${_where}: SystemC in a core file: ${_inc}")
        endif()
      endif()
    endforeach()
  endforeach()
endforeach()

if(_files_checked EQUAL 0)
  message(FATAL_ERROR "check_layering: no source files under ${SOURCE_DIR}")
endif()
list(LENGTH _violations _n)
if(_n GREATER 0)
  string(REPLACE ";" "\n  " _text "${_violations}")
  message(FATAL_ERROR "check_layering: ${_n} violation(s) in ${SOURCE_DIR}:\n  ${_text}")
endif()
message(STATUS "check_layering (${CHECK}): ${_files_checked} files, layering respected")
