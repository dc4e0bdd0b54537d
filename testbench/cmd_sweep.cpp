// fusesim sweep: design-space sweeps (docs/sweeps.md). This file: dispatch, plan, task, status,
// merge. A task runs its configuration in this process through the same function as
// `fusesim network` / `fusesim layer`, writing into a private folder that one rename publishes.
#include "testbench/cmd_sweep.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <new>

#include "sweep/sweep_merge.h"
#include "sweep/sweep_store.h"
#include "workloads/input_error.h"

namespace fusesim {

namespace {

void sweep_usage() {
  std::cout << "fusesim sweep — design-space sweeps over one manifest (docs/sweeps.md)\n\n"
               "  sweep plan SPEC --out DIR      expand a TOML spec into DIR/manifest.jsonl\n"
               "  sweep run DIR [--jobs N]       run what is not finished on a local pool\n"
               "  sweep run DIR --emit-parallel  print a GNU parallel job list instead\n"
               "  sweep slurm DIR [--partition P] [--max-running K] [--time T]\n"
               "                                 submit a Slurm job array (sbatch)\n"
               "  sweep task DIR --index I       run configuration I (what every back-end runs)\n"
               "  sweep status DIR               finished, failed (with errors), missing\n"
               "  sweep merge DIR                results.sqlite and results.csv, manifest order\n";
}

/// CPU seconds (user + system) of this process so far.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

/// Runs one configuration through `fusesim network|layer` in this process. Returns the exit
/// code; *message says why it was not 0.
int run_configuration(const std::vector<std::string>& args, std::string* message) {
  std::vector<std::string> a = args;
  std::vector<char*> argv;
  for (auto& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  const int argc = int(a.size());
  try {
    const int rc =
        a[0] == "network" ? cmd_network(argc, argv.data()) : cmd_layer(argc, argv.data());
    if (rc == 1) *message = "a result failed verification (exit 1)";
    return rc;
  } catch (const UsageError& e) {
    *message = e.what();
    return 2;
  } catch (const InputError& e) {
    *message = e.what();
    return 2;
  } catch (const std::bad_alloc&) {
    *message = "internal error: out of memory";
    return 3;
  } catch (const std::exception& e) {
    *message = std::string("internal error: ") + e.what();
    return 3;
  }
}

/// The command's own checks of one configuration (everything short of simulating it).
void check_configuration(const SweepSpec& spec, const SweepPlan& plan, const SweepConfig& c) {
  std::vector<std::string> a = plan.args(c);
  std::vector<char*> argv;
  for (auto& s : a) argv.push_back(s.data());
  const int argc = int(a.size());
  try {
    if (plan.command == "network") {
      const po::variables_map vm = parse(network_options(), argc, argv.data(), "network");
      if (vm.count("onnx")) {
        if (vm.count("net") || !vm["variant"].defaulted())
          throw UsageError("--onnx: the model is the network; drop --net/--variant");
        load_onnx(vm);
        run_options(vm, false);
      } else {
        if (!vm.count("net"))
          throw UsageError("--net NAME (or --onnx MODEL) is required (an axis or in [fixed])");
        if (vm.count("input-shape")) throw UsageError("--input-shape: only with --onnx");
        const std::string var = vm["variant"].as<std::string>();
        load_network(vm["net"].as<std::string>(), var);
        run_options(vm, var != "baseline");
      }
    } else {
      const po::variables_map vm = parse(layer_options(), argc, argv.data(), "layer");
      const LayerSpec l = layer_from_options(vm);
      run_options(vm, l.op == OpKind::kFuseRow || l.op == OpKind::kFuseCol);
    }
  } catch (const std::exception& e) {
    // Name the axis the message is about (its line in the spec), else the configuration.
    const std::string m = e.what();
    std::string what = "configuration " + std::to_string(c.index) + " (" + describe(c) + "): ";
    size_t best = std::string::npos;
    const SweepAxis* axis = nullptr;
    for (const auto& ax : spec.axes) {
      const size_t p = m.find("--" + ax.name);
      if (p < best) {
        best = p;
        axis = &ax;
      }
    }
    if (axis) throw InputError(spec.path, axis->line, "axes." + axis->name, what + m);
    throw InputError(spec.path, 0, "", what + m);
  }
}

int sweep_plan(int argc, char** argv) {
  po::options_description od("sweep plan options");
  od.add_options()("help,h", "show this help")("out", po::value<std::string>(),
                                               "the sweep folder to create");
  std::string spec_path;
  const po::variables_map vm = sweep_parse(od, argc, argv, "plan", "SPEC", &spec_path);
  if (vm.count("help")) {
    std::cout << "fusesim sweep plan SPEC.toml --out DIR\n" << od;
    return 0;
  }
  if (!vm.count("out")) throw UsageError("--out DIR is required");
  const std::string dir = vm["out"].as<std::string>();
  const std::string text = read_input_file(spec_path);
  const SweepSpec spec = parse_sweep_spec(text, spec_path);
  const auto configs = expand_sweep(spec);
  const PlanFiles files = make_plan_files(spec, text, configs);
  SweepPlan plan;  // the configurations as the tasks will see them, to check each one
  plan.command = spec.command;
  plan.fixed = spec.fixed;
  for (size_t i = 0; i < configs.size(); ++i) {
    SweepConfig c;
    c.index = int(i);
    c.axes = configs[i];
    c.id = config_id(spec.command, spec.fixed, c.axes);
    check_configuration(spec, plan, c);
  }
  if (write_plan(dir, files))
    std::printf("planned %zu configurations of fusesim %s into %s\n", configs.size(),
                spec.command.c_str(), dir.c_str());
  else
    std::printf("%s already holds this plan (%zu configurations); nothing changed\n", dir.c_str(),
                configs.size());
  return 0;
}

int sweep_task(int argc, char** argv) {
  po::options_description od("sweep task options");
  od.add_options()("help,h", "show this help")("index", po::value<std::string>(),
                                               "the configuration's index in the manifest")(
      "timing", "write logs/ID.timing: CPU seconds of the task's own work and of the run");
  std::string dir;
  const po::variables_map vm = sweep_parse(od, argc, argv, "task", "DIR", &dir);
  if (vm.count("help")) {
    std::cout << "fusesim sweep task DIR --index I\n" << od;
    return 0;
  }
  const double cpu0 = cpu_seconds();
  if (!vm.count("index")) throw UsageError("--index I is required");
  int64_t idx = -1;
  const std::string is = vm["index"].as<std::string>();
  const bool number = parse_int_strict(is, 0, INT32_MAX, &idx);
  const SweepPlan plan = load_plan(dir, number ? int(idx) : -1);
  if (!number || idx >= int64_t(plan.configs.size()))
    throw UsageError("--index: expected 0 to " + std::to_string(plan.configs.size() - 1) +
                     ", got '" + printable(is) + "'");
  const SweepConfig& c = plan.configs[size_t(idx)];
  make_store_dirs(plan);
  if (is_finished(plan, c)) {
    check_result(plan, c);
    std::printf("configuration %d (%s) is already finished\n", c.index, c.id.c_str());
    return 0;
  }
  mark_started(plan, c);
  const std::string work = work_dir(plan, c);
  std::vector<std::string> args = plan.args(c);
  bool threads = false;  // one core per task unless the spec says otherwise (results do not
  for (size_t i = 1; i < args.size(); i += 2) threads |= args[i] == "--threads";  // depend on it)
  if (!threads) args.insert(args.end(), {"--threads", "1"});
  args.insert(args.end(), {"--out", work, "--quiet"});
  std::string message;
  const double cpu1 = cpu_seconds();
  const int rc = run_configuration(args, &message);
  const double cpu2 = cpu_seconds();
  if (rc == 0)
    publish_result(plan, c, work);
  else
    record_failure(plan, c, work, rc, message);
  if (vm.count("timing")) {  // the runner's own CPU time around the run (docs/performance.md)
    const double own = (cpu1 - cpu0) + (cpu_seconds() - cpu2);
    write_file_atomic(dir + "/logs/" + c.id + ".timing",
                      std::to_string(own) + " " + std::to_string(cpu2 - cpu1) + "\n");
  }
  if (rc == 0) return 0;
  std::fprintf(stderr, "fusesim sweep task: configuration %d (%s): %s\n", c.index, c.id.c_str(),
               printable(message, true).c_str());
  return rc;
}

int sweep_status(int argc, char** argv) {
  po::options_description od("sweep status options");
  od.add_options()("help,h", "show this help");
  std::string dir;
  const po::variables_map vm = sweep_parse(od, argc, argv, "status", "DIR", &dir);
  if (vm.count("help")) {
    std::cout << "fusesim sweep status DIR   (exit 0 when every configuration is finished)\n" << od;
    return 0;
  }
  const SweepPlan plan = load_plan(dir);
  int n[4] = {0, 0, 0, 0};
  std::string lines;
  for (const auto& c : plan.configs) {
    const TaskStatus s = task_status(plan, c);
    ++n[int(s.state)];
    if (s.state == TaskState::kFailed)
      lines += "  failed      " + describe(c) + "\n    exit " + std::to_string(s.exit_code) + ": " +
               printable(s.error) + "\n";
    else if (s.state == TaskState::kInterrupted)
      lines += "  interrupted " + describe(c) + " (started, never finished: killed or running)\n";
  }
  std::printf("%s: %zu configurations: %d finished, %d failed, %d interrupted, %d missing\n%s",
              dir.c_str(), plan.configs.size(), n[0], n[1], n[2], n[3], lines.c_str());
  if (n[0] != int(plan.configs.size()))
    std::printf("re-run what is not finished: fusesim sweep run %s (or sweep slurm %s)\n",
                dir.c_str(), dir.c_str());
  return n[0] == int(plan.configs.size()) ? 0 : 1;
}

int sweep_merge(int argc, char** argv) {
  po::options_description od("sweep merge options");
  od.add_options()("help,h", "show this help")(
      "partial", "merge the finished configurations only (the others are listed on stderr)");
  std::string dir;
  const po::variables_map vm = sweep_parse(od, argc, argv, "merge", "DIR", &dir);
  if (vm.count("help")) {
    std::cout << "fusesim sweep merge DIR   (writes DIR/results.sqlite, results.csv, "
                 "results_layers.csv)\n"
              << od;
    return 0;
  }
  const SweepPlan plan = load_plan(dir);
  const bool partial = vm.count("partial") > 0;
  const std::vector<SweepTable> t = merge_tables(plan, partial);
  if (partial)
    for (const auto& c : plan.configs)
      if (!is_finished(plan, c))
        std::fprintf(stderr, "fusesim sweep merge: left out (%s): %s\n",
                     to_string(task_status(plan, c).state), describe(c).c_str());
  write_sqlite(dir + "/results.sqlite", t);
  write_file_atomic(dir + "/results.csv", t[1].csv());
  write_file_atomic(dir + "/results_layers.csv", t[2].csv());
  std::printf(
      "merged %zu of %zu configurations (%zu layer rows) into %s/results.sqlite and "
      "results.csv\n",
      t[1].rows.size(), plan.configs.size(), t[2].rows.size(), dir.c_str());
  return 0;
}

}  // namespace

po::variables_map sweep_parse(const po::options_description& od, int argc, char** argv,
                              const std::string& sub, const std::string& what,
                              std::string* target) {
  return parse_with_target(od, argc, argv, "sweep " + sub, what, target);
}

std::string self_exe() {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) throw std::runtime_error("cannot find the fusesim binary (/proc/self/exe)");
  return std::string(buf, size_t(n));
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}

std::vector<int> unfinished(const SweepPlan& plan, bool failed_only) {
  std::vector<int> v;
  for (const auto& c : plan.configs) {
    const TaskStatus s = task_status(plan, c);
    if (s.state == TaskState::kFinished) continue;
    if (failed_only && s.state != TaskState::kFailed) continue;
    v.push_back(c.index);
  }
  return v;
}

std::string describe(const SweepConfig& c) {
  std::string s = "#" + std::to_string(c.index) + " " + c.id;
  for (const auto& [k, v] : c.axes) s += " " + k + "=" + v;
  return s;
}

int cmd_sweep(int argc, char** argv) {
  if (argc < 2) {
    sweep_usage();
    throw UsageError("a subcommand is required (plan, run, slurm, task, status or merge)");
  }
  const std::string sub = argv[1];
  if (sub == "plan") return sweep_plan(argc - 1, argv + 1);
  if (sub == "run") return sweep_run(argc - 1, argv + 1);
  if (sub == "slurm") return sweep_slurm(argc - 1, argv + 1);
  if (sub == "task") return sweep_task(argc - 1, argv + 1);
  if (sub == "status") return sweep_status(argc - 1, argv + 1);
  if (sub == "merge") return sweep_merge(argc - 1, argv + 1);
  if (sub == "--help" || sub == "-h" || sub == "help") {
    sweep_usage();
    return 0;
  }
  throw UsageError("unknown subcommand '" + printable(sub) +
                   "' (plan, run, slurm, task, status or merge)");
}

}  // namespace fusesim
