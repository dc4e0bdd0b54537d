// ONNX models in: `fusesim network --onnx MODEL` (the helpers here) and
// `fusesim onnx-topology MODEL --out FILE.csv` (a SCALE-Sim v2 topology of the mappable layers).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "testbench/cmd_common.h"
#include "workloads/input_error.h"

namespace fusesim {

OnnxModel load_onnx(const po::variables_map& vm) {
  const std::string path = vm["onnx"].as<std::string>();
  std::optional<std::array<int64_t, 4>> shape;
  if (vm.count("input-shape")) {
    const auto d = parse_dims("--input-shape", vm["input-shape"].as<std::string>(), 4,
                              "NxCxHxW (e.g. 1x3x224x224)");
    require_positive("--input-shape", d);
    shape = std::array<int64_t, 4>{d[0], d[1], d[2], d[3]};
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(path, 0, "file", "is a folder, not an ONNX model");
  OnnxModel m = import_onnx(path, shape);
  if (m.layers.empty())
    throw InputError(path, 0, "graph",
                     "no node maps onto the array (no Conv, Gemm or MatMul with constant "
                     "weights)");
  return m;
}

nlohmann::json onnx_json(const OnnxModel& m, const std::string& path) {
  nlohmann::json off = nlohmann::json::object();
  int64_t n = 0;
  for (const auto& [op, count] : m.not_on_array) {
    off[op] = count;
    n += count;
  }
  return {{"model", path},           {"graph", m.graph_name},
          {"opset", m.opset},        {"layers_on_array", m.layers.size()},
          {"nodes_not_on_array", n}, {"not_on_array", off}};
}

void print_not_on_array(const OnnxModel& m) {
  if (m.not_on_array.empty()) return;
  std::string s;
  int64_t n = 0;
  for (const auto& [op, count] : m.not_on_array) {
    s += (s.empty() ? "" : ", ") + printable(op) + " " + std::to_string(count);
    n += count;
  }
  std::printf("not on the array: %lld nodes (%s)\n", (long long)n, s.c_str());
}

int cmd_onnx_topology(int argc, char** argv) {
  po::options_description od("options");
  od.add_options()("help,h", "show this help")("input-shape", po::value<std::string>(),
                                               "the input's NxCxHxW (for a dynamic input)")(
      "out", po::value<std::string>(), "the topology CSV to write");
  std::string model;
  po::variables_map vm = parse_with_target(od, argc, argv, "onnx-topology", "MODEL", &model);
  if (vm.count("help")) {
    std::cout << "fusesim onnx-topology MODEL.onnx [--input-shape NxCxHxW] --out FILE.csv\n" << od;
    return 0;
  }
  if (!vm.count("out")) throw UsageError("--out FILE.csv is required");
  const std::string out = vm["out"].as<std::string>();
  check_output_file("--out", out);
  po::variables_map mv;
  mv.insert({"onnx", po::variable_value(model, false)});
  if (vm.count("input-shape")) mv.insert({"input-shape", vm["input-shape"]});
  const OnnxModel m = load_onnx(mv);
  for (const LayerSpec& l : m.layers)
    if (l.batch > 1 && l.op != OpKind::kLinear)
      throw InputError(model, 0, "layer '" + printable(l.name) + "'",
                       "batch " + std::to_string(l.batch) +
                           ": a SCALE-Sim topology has no batch; give --input-shape 1xCxHxW");
  const std::string text = scalesim_topology_text(m.layers);
  const std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary);
    f << text;
    f.close();
    if (!f) {
      std::filesystem::remove(tmp);
      throw UsageError("--out " + printable(out) + ": cannot write");
    }
  }
  std::filesystem::rename(tmp, out);
  std::printf("%zu layers of %s written to %s (SCALE-Sim v2 conv topology)\n", m.layers.size(),
              printable(model).c_str(), printable(out).c_str());
  print_not_on_array(m);
  return 0;
}

}  // namespace fusesim
