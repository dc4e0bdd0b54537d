// fusesim network: every layer of a built-in network, verified; optionally one layer traced.
#include <cstdio>
#include <iostream>

#include "testbench/cmd_common.h"
#include "testbench/option_warnings.h"

namespace fusesim {

po::options_description network_options() {
  po::options_description od = common_options();
  od.add_options()("net", po::value<std::string>(), "network name")(
      "variant", po::value<std::string>()->default_value("baseline"),
      "baseline|full|half|full50|half50")("onnx", po::value<std::string>(),
                                          "an ONNX model instead of --net (its Conv/Gemm/MatMul)")(
      "input-shape", po::value<std::string>(), "with --onnx: the input's NxCxHxW");
  od.add(dram_trace_options());
  return od;
}

int cmd_network(int argc, char** argv) {
  const po::options_description od = network_options();
  po::variables_map vm = parse(od, argc, argv, "network");
  if (vm.count("help")) {
    std::cout << "fusesim network --net NAME --variant V --array RxC --out DIR\n" << od;
    return 0;
  }
  std::string net, var;
  std::vector<LayerSpec> layers;
  OnnxModel onnx;
  const bool from_onnx = vm.count("onnx") > 0;
  if (from_onnx) {
    if (vm.count("net") || !vm["variant"].defaulted())
      throw UsageError("--onnx: the model is the network; drop --net/--variant");
    onnx = load_onnx(vm);
    layers = onnx.layers;
    net = vm["onnx"].as<std::string>();
    var = "onnx";
  } else {
    if (vm.count("input-shape")) throw UsageError("--input-shape: only with --onnx");
    if (!vm.count("net")) throw UsageError("--net NAME (or --onnx MODEL) is required");
    net = vm["net"].as<std::string>();
    var = vm["variant"].as<std::string>();
    layers = load_network(net, var);
  }
  RunOptions o = run_options(vm, !from_onnx && var != "baseline");
  warn_unused_options(layers, o,
                      {!vm["dataflow"].defaulted(), !vm["dw-convention"].defaulted(),
                       !vm["dw-mapping"].defaulted()});
  dram_trace_setup(vm, layers, &o);
  OutputDir out(require_out(vm));  // before --vcd, which may name a file inside it
  const TraceOptions tr = trace_options(vm, o.array);
  // A waveform of a whole network would be gigabytes: trace one layer on the pin-level engine
  // (the fast engine is lock-step equal to it) and run the network on the fast engine.
  const LayerSpec* traced = nullptr;
  size_t traced_index = 0;  // among the executed layers: its seed is seed + index
  if (!tr.vcd_path.empty()) {
    if (tr.layer.empty())
      throw UsageError("--vcd with network needs --trace-layer NAME (one layer of the network)");
    size_t idx = 0;
    for (const auto& l : layers) {
      if (!l.executed) continue;
      if (l.name == tr.layer) {
        traced = &l;
        traced_index = idx;
        break;
      }
      ++idx;
    }
    if (!traced)
      throw UsageError("--trace-layer: no executed layer named '" + printable(tr.layer) + "' in " +
                       net + "/" + var);
    if (!vm["engine"].defaulted() && vm["engine"].as<std::string>() == "pin")
      throw UsageError(
          "--vcd with network: the network runs on the fast engine and the traced "
          "layer is re-run on the pin-level engine; drop --engine pin");
    o.engine = "fast";
  }
  Engines engines(o, tr);
  const NetworkResult r = run_network(layers, o, engines.threads(), engines.factory(),
                                      make_progress(vm, net + "/" + var));
  if (traced) {
    RunOptions ot = o;
    ot.engine = "pin";
    ot.seed = o.seed + traced_index;
    ot.layer_index = int(traced_index);  // the same latency file when replaying
    const LayerSpec* prev = nullptr;     // the executed layer before it (inter-layer reuse)
    for (const auto& l : layers) {
      if (&l == traced) break;
      if (l.executed) prev = &l;
    }
    ot.ifmap_from_previous = prev && ifmap_on_chip_from_previous(*prev, *traced, o);
    ot.dram_trace = false;
    PinEngine& pin = engines.pin_engine();
    const LayerResult lr = run_layer(*traced, ot, [&](Program* p, const std::string& label) {
      return pin.run(p, nullptr, label);
    });
    const LayerResult& net_lr = r.layers[traced_index];
    if (lr.stats.cycles != net_lr.stats.cycles || lr.output_digest != net_lr.output_digest)
      throw std::logic_error("traced re-run of " + traced->name + " differs from the network run");
    std::printf("traced %s (%lld cycles) into %s\n", traced->name.c_str(),
                (long long)lr.stats.cycles, printable(tr.vcd_path).c_str());
  }
  nlohmann::json j = network_summary_json(r, o);
  if (from_onnx) {
    j["onnx"] = onnx_json(onnx, net);
  } else {
    j["network"] = net;
    j["variant"] = var;
  }
  require_finite(j, "summary.json");
  out.add("summary.json", j.dump(2) + "\n");
  out.add("layers.csv", layers_csv(r, o));
  if (vm.count("accelergy") && r.priced) add_accelergy(&out, o, r.energy);
  stage_dram_traces(vm, r.layers, &out);
  engines.finish(&out);
  commit(&out);
  print_network_line(from_onnx ? net : net + "/" + var, r, o);
  if (from_onnx) print_not_on_array(onnx);
  if (r.priced)
    std::printf("energy %.3f uJ, %.3f pJ/MAC, %.1f mW at %.0f MHz\n", r.energy.energy_pj / 1e6,
                r.energy.pj_per_mac, r.energy.power_mw, o.clock_mhz);
  return r.verified ? 0 : 1;
}

}  // namespace fusesim
