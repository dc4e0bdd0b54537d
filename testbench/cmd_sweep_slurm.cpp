// fusesim sweep slurm: the Slurm back-end. Writes an sbatch script whose job array runs
// `fusesim sweep task DIR --index $SLURM_ARRAY_TASK_ID` for every configuration not finished, and
// submits it (sbatch --parsable). Arrays hold at most --array-max tasks (Slurm's MaxArraySize,
// 1001 by default), so a larger sweep is submitted as several arrays with an index offset.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "sweep/sweep_store.h"
#include "testbench/cmd_sweep.h"

namespace fusesim {

namespace {

/// "0-4,7,9-12": the indices (sorted) as Slurm's --array ranges.
std::string ranges(const std::vector<int>& v) {
  std::string s;
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
    s += (s.empty() ? "" : ",") + std::to_string(v[i]);
    if (j > i) s += "-" + std::to_string(v[j]);
    i = j + 1;
  }
  return s;
}

std::string checked(const po::variables_map& vm, const char* opt) {
  if (!vm.count(opt)) return "";
  const std::string v = vm[opt].as<std::string>();
  if (v.empty() || v.find_first_of(" \t\n'\"\\$`;") != std::string::npos)
    throw UsageError(std::string("--") + opt + ": expected a plain value, got '" + printable(v) +
                     "'");
  return v;
}

/// Runs a shell command and returns its standard output; *rc gets its exit status.
std::string run_capture(const std::string& cmd, int* rc) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) {
    *rc = 127;
    return out;
  }
  char buf[512];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int st = pclose(p);
  *rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
  return out;
}

}  // namespace

int sweep_slurm(int argc, char** argv) {
  po::options_description od("sweep slurm options");
  od.add_options()("help,h", "show this help")("partition", po::value<std::string>(),
                                               "Slurm partition (default: the cluster's)")(
      "max-running", po::value<std::string>(), "at most K array tasks at a time (--array=...%K)")(
      "time", po::value<std::string>(), "time limit per task (Slurm syntax, e.g. 00:30:00)")(
      "cpus-per-task", po::value<std::string>()->default_value("1"), "cores per task")(
      "array-max", po::value<std::string>()->default_value("1000"),
      "largest array index the cluster accepts + 1 (MaxArraySize)")(
      "failed", "submit only the failed configurations")(
      "no-submit", "write the script(s) and print the sbatch command, submit nothing")(
      "wait", "wait for the array(s) to finish (sbatch --wait), then report");
  std::string dir;
  const po::variables_map vm = sweep_parse(od, argc, argv, "slurm", "DIR", &dir);
  if (vm.count("help")) {
    std::cout << "fusesim sweep slurm DIR [--partition P] [--max-running K] [--time T]\n" << od;
    return 0;
  }
  const std::string abs_dir = std::filesystem::absolute(dir).lexically_normal().string();
  const SweepPlan plan = load_plan(abs_dir);
  const std::string partition = checked(vm, "partition");
  const std::string time = checked(vm, "time");
  int64_t max_running = 0, cpus = 1, array_max = 1000;
  if (vm.count("max-running") &&
      !parse_int_strict(vm["max-running"].as<std::string>(), 1, 1000000, &max_running))
    throw UsageError("--max-running: expected a positive count, got '" +
                     printable(vm["max-running"].as<std::string>()) + "'");
  if (!parse_int_strict(vm["cpus-per-task"].as<std::string>(), 1, 4096, &cpus))
    throw UsageError("--cpus-per-task: expected 1 to 4096");
  if (!parse_int_strict(vm["array-max"].as<std::string>(), 1, 100000000, &array_max))
    throw UsageError("--array-max: expected a positive count");
  for (const auto& c : plan.configs)
    if (is_finished(plan, c)) check_result(plan, c);
  make_store_dirs(plan);
  const std::vector<int> todo = unfinished(plan, vm.count("failed") > 0);
  if (todo.empty()) {
    std::printf("%s: every configuration is finished; nothing to submit\n", dir.c_str());
    return 0;
  }
  const std::string sdir = abs_dir + "/slurm";
  std::filesystem::create_directories(sdir);
  int serial = 0;
  while (std::filesystem::exists(sdir + "/sweep-" + std::to_string(serial) + "-0.sbatch")) ++serial;
  const std::string exe = self_exe();
  std::vector<std::string> jobs;
  for (int64_t offset = 0, part = 0; offset <= todo.back(); offset += array_max, ++part) {
    std::vector<int> chunk;
    for (int i : todo)
      if (i >= offset && i < offset + array_max) chunk.push_back(int(i - offset));
    if (chunk.empty()) continue;
    std::string s = "#!/bin/bash\n";
    s += "#SBATCH --job-name=fusesim-sweep\n";
    s += "#SBATCH --array=" + ranges(chunk) +
         (max_running > 0 ? "%" + std::to_string(max_running) : "") + "\n";
    s += "#SBATCH --cpus-per-task=" + std::to_string(cpus) + "\n";
    s += "#SBATCH --ntasks=1\n";
    s += "#SBATCH --output=" + sdir + "/%A_%a.out\n";
    if (!partition.empty()) s += "#SBATCH --partition=" + partition + "\n";
    if (!time.empty()) s += "#SBATCH --time=" + time + "\n";
    s += "# plan " + plan.plan_id + ", " + std::to_string(chunk.size()) + " configurations\n";
    const std::string idx = offset == 0
                                ? "$SLURM_ARRAY_TASK_ID"
                                : "$((SLURM_ARRAY_TASK_ID + " + std::to_string(offset) + "))";
    s += "exec " + shell_quote(exe) + " sweep task " + shell_quote(abs_dir) + " --index " + idx +
         "\n";
    const std::string script =
        sdir + "/sweep-" + std::to_string(serial) + "-" + std::to_string(part) + ".sbatch";
    write_file_atomic(script, s);
    const std::string cmd = std::string("sbatch --parsable") +
                            (vm.count("wait") ? " --wait " : " ") + shell_quote(script);
    if (vm.count("no-submit")) {
      std::printf("%s\n", cmd.c_str());
      continue;
    }
    int rc = 0;
    std::string out = run_capture(cmd + " 2>&1", &rc);
    const std::string job = out.substr(0, out.find_first_of(";\n"));
    if (job.empty() || job.find_first_not_of("0123456789") != std::string::npos)
      throw UsageError("sbatch failed (exit " + std::to_string(rc) + "): " + printable(out) +
                       " (is Slurm reachable? SLURM_CONF, scripts/slurm-local.sh start)");
    jobs.push_back(job);
    FILE* f = std::fopen((sdir + "/jobs.txt").c_str(), "a");
    if (f) {
      std::fprintf(f, "%s %s %zu\n", job.c_str(), script.c_str(), chunk.size());
      std::fclose(f);
    }
    std::printf("submitted job %s: %zu configurations (%s)\n", job.c_str(), chunk.size(),
                script.c_str());
  }
  if (!vm.count("wait") || vm.count("no-submit")) return 0;
  const std::vector<int> left = unfinished(plan, false);
  std::printf("%s: %zu of %zu configurations finished\n", dir.c_str(),
              plan.configs.size() - left.size(), plan.configs.size());
  return left.empty() ? 0 : 1;
}

}  // namespace fusesim
