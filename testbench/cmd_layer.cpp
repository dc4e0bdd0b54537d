// fusesim layer: one layer on the array, verified bit-exactly.
#include <cstdio>
#include <iostream>
#include <sstream>

#include "testbench/cmd_common.h"
#include "testbench/option_warnings.h"

namespace fusesim {

LayerSpec layer_from_options(const po::variables_map& vm) {
  LayerSpec l;
  l.name = "layer";
  const std::string op = vm["op"].as<std::string>();
  if (!parse_op_kind(op, &l.op))
    throw UsageError(
        "--op: expected conv, pointwise, dw, fuse-row, fuse-col, linear or gemm, got '" +
        printable(op) + "'");
  if (l.op == OpKind::kGemm) {
    if (!vm.count("gemm")) throw UsageError("--op gemm needs --gemm MxKxN");
    for (const char* o : {"ifmap", "kernel", "stride", "pad", "filters"})
      if (vm.count(o) && !vm[o].defaulted())
        throw UsageError(std::string("--") + o + ": not used with --op gemm (give --gemm MxKxN)");
    const auto g = parse_dims("--gemm", vm["gemm"].as<std::string>(), 3, "MxKxN");
    require_positive("--gemm", g);
    l.in_h = g[0];
    l.in_w = 1;
    l.in_c = g[1];
    l.out_c = g[2];
  } else {
    if (vm.count("gemm")) throw UsageError("--gemm: only with --op gemm");
    if (!vm.count("ifmap")) throw UsageError("--ifmap HxWxC is required");
    const auto d = parse_dims("--ifmap", vm["ifmap"].as<std::string>(), 3, "HxWxC");
    l.in_h = d[0];
    l.in_w = d[1];
    l.in_c = d[2];
    const auto k = parse_pair("--kernel", vm["kernel"].as<std::string>(), "K or KhxKw");
    l.k_h = k[0];
    l.k_w = k[1];
    const auto s = parse_pair("--stride", vm["stride"].as<std::string>(), "S or SHxSW");
    l.stride_h = s[0];
    l.stride_w = s[1];
    const std::string pd = vm["pad"].as<std::string>();
    const auto p = parse_pair("--pad", pd, "P or PHxPW");
    l.pad_h = p[0];
    l.pad_w = p[1];
    // A single --pad on a FuSe layer pads only along its convolution.
    const bool one_pad = pd.find_first_of("xX") == std::string::npos;
    if (l.op == OpKind::kFuseRow && one_pad) l.pad_h = 0;
    if (l.op == OpKind::kFuseCol && one_pad) l.pad_w = 0;
    if (l.op == OpKind::kLinear && (l.in_h != 1 || l.in_w != 1 || l.k_h != 1 || l.k_w != 1))
      throw UsageError("--op linear takes --ifmap 1x1xC and a 1x1 kernel");
    if (vm.count("filters")) {
      const auto f = parse_dims("--filters", vm["filters"].as<std::string>(), 1, "a count M");
      require_positive("--filters", f);
      l.out_c = f[0];
    } else if (l.is_channelwise()) {
      l.out_c = l.in_c;
    } else {
      throw UsageError("--filters M is required");
    }
  }
  const auto b = parse_dims("--batch", vm["batch"].as<std::string>(), 1, "a count N");
  require_positive("--batch", b);
  l.batch = b[0];
  const auto errs = l.validate();
  if (!errs.empty()) {
    std::string m = "invalid layer:";
    for (const auto& e : errs) m += "\n  " + e;
    throw UsageError(m);
  }
  return l;
}

po::options_description layer_options() {
  po::options_description od = common_options();
  od.add_options()("op", po::value<std::string>()->default_value("conv"),
                   "conv | pointwise | dw | fuse-row | fuse-col | linear | gemm")(
      "ifmap", po::value<std::string>(), "input HxWxC")(
      "filters", po::value<std::string>(), "number of filters (default: C for dw/fuse)")(
      "kernel", po::value<std::string>()->default_value("1x1"), "KhxKw")(
      "stride", po::value<std::string>()->default_value("1"), "S or SHxSW")(
      "pad", po::value<std::string>()->default_value("0"),
      "P or PHxPW (fuse-*: along the convolution)")(
      "batch", po::value<std::string>()->default_value("1"), "images")(
      "gemm", po::value<std::string>(), "with --op gemm: MxKxN")(
      "heatmap", "also write heatmap.csv (row,col,macs per PE; runs the pin-level engine)");
  od.add(dram_trace_options());
  return od;
}

int cmd_layer(int argc, char** argv) {
  const po::options_description od = layer_options();
  po::variables_map vm = parse(od, argc, argv, "layer");
  if (vm.count("help")) {
    std::cout << "fusesim layer --op OP --ifmap HxWxC --filters M --kernel KhxKw --stride S "
                 "--pad P --array RxC --dataflow os|ws|is --out DIR\n"
              << od;
    return 0;
  }
  const LayerSpec l = layer_from_options(vm);
  const bool want_fuse = l.op == OpKind::kFuseRow || l.op == OpKind::kFuseCol;
  RunOptions o = run_options(vm, want_fuse);
  warn_unused_options({l}, o,
                      {!vm["dataflow"].defaulted(), !vm["dw-convention"].defaulted(),
                       !vm["dw-mapping"].defaulted()});
  if (vm.count("heatmap")) {
    if (o.engine == "fast" && !vm["engine"].defaulted())
      throw UsageError(
          "--heatmap: per-PE counts come from the pin-level engine; drop --engine fast");
    o.engine = "pin";
  }
  dram_trace_setup(vm, {l}, &o);
  OutputDir out(require_out(vm));  // before --vcd, which may name a file inside it
  const TraceOptions tr = trace_options(vm, o.array);
  if (!tr.layer.empty() && tr.layer != l.name)
    throw UsageError("--trace-layer: the layer command runs one layer, named '" + l.name + "'");
  Engines engines(o, tr);
  EngineFn eng = engines.factory()(0);
  // Long runs show progress on stderr (by simulated cycles against the closed form).
  ProgressTicker ticker(make_progress(vm, "layer"), engines.edges(),
                        double(analytical_cycles(l, o).model));
  const LayerResult r = run_layer(l, o, eng);
  ticker.stop();
  nlohmann::json j = layer_summary_json(r, o);
  require_finite(j, "summary.json");
  out.add("summary.json", j.dump(2) + "\n");
  if (vm.count("accelergy") && r.priced) add_accelergy(&out, o, r.energy);
  if (vm.count("heatmap")) {
    const std::vector<uint64_t> m = engines.pin()->pe_macs();
    std::ostringstream hm;
    hm << "row,col,macs\n";
    for (int rr = 0; rr < o.array.rows; ++rr)
      for (int cc = 0; cc < o.array.cols; ++cc)
        hm << rr << "," << cc << "," << m[size_t(rr) * o.array.cols + cc] << "\n";
    out.add("heatmap.csv", hm.str());
  }
  stage_dram_traces(vm, {r}, &out);
  engines.finish(&out);
  commit(&out);
  std::printf(
      "%s %s on %dx%d %s (%s): %lld cycles, %lld MACs, %lld folds, utilisation %.1f %%, %s\n",
      to_string(l.op), shape_string(l).c_str(), o.array.rows, o.array.cols,
      o.array.fuse ? "fuse" : "baseline", r.program.c_str(), (long long)r.stats.cycles,
      (long long)r.macs, (long long)r.folds, 100.0 * r.utilization(),
      r.verified ? "verified" : "NOT VERIFIED");
  std::printf(
      "analytical: model %lld, authors (published) %lld, authors (public) %lld, SCALE-Sim %lld\n",
      (long long)r.analytical.model, (long long)r.analytical.authors_published,
      (long long)r.analytical.authors_public, (long long)r.analytical.scalesim);
  if (o.memory) {
    const MemoryStats& m = r.stats.memory;
    std::printf(
        "memory: %lld stall cycles (ifmap %lld, filter %lld, ofmap %lld, write-back %lld), "
        "%lld B from DRAM, %lld B to DRAM\n",
        (long long)m.stall_cycles(), (long long)m.stall_ifmap, (long long)m.stall_filter,
        (long long)m.stall_ofmap, (long long)m.writeback_tail,
        (long long)(m.dram_ifmap_bytes + m.dram_filter_bytes), (long long)m.dram_ofmap_bytes);
  }
  if (r.priced)
    std::printf("energy %.1f pJ (%.3f pJ/MAC), %.2f mW at %.0f MHz\n", r.energy.energy_pj,
                r.energy.pj_per_mac, r.energy.power_mw, o.clock_mhz);
  return r.verified ? 0 : 1;
}

}  // namespace fusesim
