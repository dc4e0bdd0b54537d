// The Python module's native part (pybind11, Debian's pybind11-dev): runs a fusesim command
// in-process, exactly as the CLI does (same option parsing, same runners, same reports), into a
// private temporary folder, and returns the files the run wrote. python/fusesim/__init__.py turns
// keyword arguments into options and the files into dicts (and pandas DataFrames).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "testbench/cmd_common.h"
#include "workloads/input_error.h"

// libsystemc's main() refers to sc_main (extern "C"); the module never calls it (Python owns the
// process), but the symbol must resolve and be visible when Python loads the module.
extern "C" __attribute__((visibility("default"))) int sc_main(int, char**) { return 0; }

namespace py = pybind11;
namespace fs = std::filesystem;

namespace {

/// A fresh folder for one run, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("fusesim-py-" + std::to_string(getpid()) + "-" + std::to_string(++n));
    fs::remove_all(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

/// Runs `fusesim COMMAND ARGS... --out TMP`; returns {"exit_code": code, "files": {name: text}}.
/// Bad options or input raise ValueError with the CLI's message (the CLI's exit code 2).
py::dict run(const std::string& command, const std::vector<std::string>& args) {
  using Cmd = int (*)(int, char**);
  static const std::map<std::string, Cmd> kCommands = {{"layer", fusesim::cmd_layer},
                                                       {"network", fusesim::cmd_network},
                                                       {"paper", fusesim::cmd_paper}};
  auto it = kCommands.find(command);
  if (it == kCommands.end()) throw py::value_error("fusesim: unknown command '" + command + "'");
  for (const auto& a : args)
    if (a == "--out") throw py::value_error("fusesim." + command + ": out is chosen by the module");
  TempDir tmp;
  std::vector<std::string> store{command};
  store.insert(store.end(), args.begin(), args.end());
  store.push_back("--out");
  store.push_back((tmp.path / "out").string());
  std::vector<char*> argv;
  for (auto& s : store) argv.push_back(s.data());
  int code = 0;
  {
    py::gil_scoped_release release;  // the run uses worker threads, never Python
    try {
      code = it->second(int(argv.size()), argv.data());
    } catch (const fusesim::UsageError& e) {
      py::gil_scoped_acquire acquire;
      throw py::value_error("fusesim." + command + ": " + e.what());
    } catch (const fusesim::InputError& e) {
      py::gil_scoped_acquire acquire;
      throw py::value_error("fusesim." + command + ": " + e.what());
    }
  }
  py::dict files;
  for (const auto& entry : fs::directory_iterator(tmp.path / "out")) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name[0] == '.') continue;
    std::ifstream f(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    files[py::str(name)] = py::str(ss.str());
  }
  py::dict out;
  out["exit_code"] = code;
  out["files"] = files;
  return out;
}

}  // namespace

PYBIND11_MODULE(_fusesim, m) {
  m.doc() = "fusesim's native part: run(command, args) -> {exit_code, files}";
  m.def("run", &run, py::arg("command"), py::arg("args"));
}
