// fusesim area: area of the plain and the FuSe array from a per-instance area table, and (with
// --synth) from the RTL twin synthesized by scripts/synth.sh.
#include <cstdio>
#include <iostream>

#include "testbench/cmd_common.h"
#include "workloads/accelergy_export.h"
#include "workloads/area_model.h"
#include "workloads/synth_area.h"

namespace fusesim {

int cmd_area(int argc, char** argv) {
  po::options_description od("options");
  od.add_options()("help,h", "show this help")(
      "array", po::value<std::string>()->default_value("32x32"), "array size RxC")(
      "area-table", po::value<std::string>(),
      "area per instance CSV (default configs/area/45nm.csv)")(
      "drain", po::value<std::string>()->default_value("overlap"), "overlap | serial")(
      "input-prefetch", po::value<std::string>()->default_value("off"),
      "on | off: also report the FuSe array with input prefetch")(
      "accelergy", "also write the Accelergy ART table")(
      "synth", po::value<std::string>(),
      "also price the RTL twin's synthesis: the JSON written by scripts/synth.sh")(
      "cell-areas", po::value<std::string>(),
      "cell area CSV for --synth (default configs/area/nangate45_cells.csv)")(
      "out", po::value<std::string>(), "output folder");
  po::variables_map vm = parse(od, argc, argv, "area");
  if (vm.count("help")) {
    std::cout << "fusesim area --array RxC [--area-table FILE] [--synth FILE] --out DIR\n" << od;
    return 0;
  }
  // Area reports both arrays (and, with --input-prefetch on, the FuSe array with the option).
  const ArrayConfig a = [&] {
    ArrayConfig c = parse_array(vm, "baseline");
    if (c.input_prefetch) c.fuse = true;
    return c;
  }();
  const std::string path =
      vm.count("area-table") ? vm["area-table"].as<std::string>() : default_area_table();
  const AreaTable t = load_area_table(path);
  if (vm.count("cell-areas") && !vm.count("synth"))
    throw UsageError("--cell-areas prices --synth; give --synth FILE too");
  bool have_synth = false;
  SynthAreaReport syn;
  if (vm.count("synth")) {
    const std::string cells =
        vm.count("cell-areas") ? vm["cell-areas"].as<std::string>() : default_cell_area_table();
    syn = synth_area(load_synth_result(vm["synth"].as<std::string>()), load_cell_area_table(cells));
    have_synth = true;
  }
  OutputDir out(require_out(vm));
  const AreaReport rep = area(a, t);
  nlohmann::json j = rep.to_json();
  j["paper_fuse_overhead_pct"] = 4.35;
  j["paper_basis"] = "32x32 array, technology and word width not given";
  if (have_synth) j["synthesized"] = syn.to_json();
  require_finite(j, "area.json");
  out.add("area.json", j.dump(2) + "\n");
  if (vm.count("accelergy")) out.add("ART.yaml", to_art_yaml(t));
  commit(&out);
  std::printf("area of a %dx%d array (%s)\n", a.rows, a.cols, printable(path).c_str());
  std::printf("  baseline %.0f um2, FuSe %.0f um2: +%.2f %% with the scratchpads\n",
              rep.baseline_um2, rep.fuse_um2, rep.fuse_overhead_pct);
  std::printf(
      "  PE array only: +%.2f %% (bus tracks charged), +%.2f %% (cells only); paper: +4.35 %%\n",
      rep.fuse_overhead_array_pct, rep.fuse_overhead_array_cells_only_pct);
  if (rep.input_prefetch)
    std::printf(
        "  input prefetch: %.1f um2 per PE, %.0f um2 in all: +%.2f %% on the FuSe PE array, "
        "+%.2f %% on the plain one\n",
        rep.prefetch_pe_extra_um2, rep.prefetch_um2, rep.prefetch_overhead_vs_fuse_array_pct,
        rep.fuse_prefetch_overhead_array_pct);
  if (have_synth) {
    std::printf("synthesized (%s, %s)\n", printable(syn.tool).c_str(),
                printable(syn.synth_path).c_str());
    std::printf("  PE: plain %.1f um2, FuSe %.1f um2: +%.2f %%\n", syn.pe_plain_um2,
                syn.pe_fuse_um2, syn.pe_fuse_overhead_pct);
    for (const SynthArrayPair& p : syn.arrays)
      std::printf(
          "  %dx%d array: plain %.0f um2, FuSe %.0f um2: +%.2f %% (paper, 32x32: +4.35 %%)\n",
          p.rows, p.cols, p.plain_um2, p.fuse_um2, p.fuse_overhead_pct);
  }
  return 0;
}

}  // namespace fusesim
