// fusesim area: area of the plain and the FuSe array from a per-instance area table.
#include <cstdio>
#include <iostream>

#include "testbench/cmd_common.h"
#include "workloads/accelergy_export.h"
#include "workloads/area_model.h"

namespace fusesim {

int cmd_area(int argc, char** argv) {
  po::options_description od("options");
  od.add_options()("help,h", "show this help")(
      "array", po::value<std::string>()->default_value("32x32"), "array size RxC")(
      "area-table", po::value<std::string>(),
      "area per instance CSV (default configs/area/45nm.csv)")(
      "drain", po::value<std::string>()->default_value("overlap"), "overlap | serial")(
      "accelergy", "also write the Accelergy ART table")("out", po::value<std::string>(),
                                                         "output folder");
  po::variables_map vm = parse(od, argc, argv, "area");
  if (vm.count("help")) {
    std::cout << "fusesim area --array RxC [--area-table FILE] --out DIR\n" << od;
    return 0;
  }
  const ArrayConfig a = parse_array(vm, "baseline");  // area reports both arrays
  const std::string path =
      vm.count("area-table") ? vm["area-table"].as<std::string>() : default_area_table();
  const AreaTable t = load_area_table(path);
  OutputDir out(require_out(vm));
  const AreaReport rep = area(a, t);
  nlohmann::json j = rep.to_json();
  j["paper_fuse_overhead_pct"] = 4.35;
  j["paper_basis"] = "32x32 array, technology and word width not given";
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
  return 0;
}

}  // namespace fusesim
