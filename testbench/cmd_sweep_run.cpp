// fusesim sweep run: the local back-end (a pool of `fusesim sweep task` processes with a progress
// bar) and the GNU parallel back-end (--emit-parallel prints the same task commands).
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <thread>

#include "sweep/sweep_store.h"
#include "testbench/cmd_sweep.h"

extern char** environ;

namespace fusesim {

namespace {

std::string clock_text(double s) {
  const long t = long(s + 0.5);
  char buf[32];
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  return buf;
}

/// The progress bar on stderr: done / total, failures, elapsed time and ETA.
class Bar {
 public:
  Bar(int total, bool show) : total_(total), show_(show), t0_(std::chrono::steady_clock::now()) {}
  void draw(int done, int failed, int running) {
    if (!show_) return;
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    const int w = 30;
    const int fill = total_ ? int(double(w) * (done + failed) / total_) : w;
    std::string bar(size_t(fill), '#');
    bar.resize(size_t(w), '.');
    std::string eta = "--:--";
    if (done + failed > 0) eta = clock_text(el / (done + failed) * double(total_ - done - failed));
    std::fprintf(stderr, "\r[%s] %d/%d done, %d failed, %d running, %s elapsed, ETA %s ",
                 bar.c_str(), done, total_, failed, running, clock_text(el).c_str(), eta.c_str());
    std::fflush(stderr);
  }
  void end() {
    if (show_) std::fputc('\n', stderr);
  }
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  }

 private:
  int total_;
  bool show_;
  std::chrono::steady_clock::time_point t0_;
};

/// Starts `fusesim sweep task DIR --index I` with its output in logs/ID.log.
pid_t spawn_task(const std::string& exe, const SweepPlan& plan, const SweepConfig& c, bool timing) {
  const std::string log = plan.dir + "/logs/" + c.id + ".log";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> a = {exe, "sweep", "task", plan.dir, "--index", std::to_string(c.index)};
  if (timing) a.push_back("--timing");
  std::vector<char*> argv;
  for (auto& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int err = posix_spawn(&pid, exe.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (err != 0) throw std::runtime_error("cannot start " + exe + ": error " + std::to_string(err));
  return pid;
}

}  // namespace

int sweep_run(int argc, char** argv) {
  po::options_description od("sweep run options");
  od.add_options()("help,h", "show this help")("jobs,j", po::value<std::string>(),
                                               "tasks at a time (default: the number of cores)")(
      "failed", "re-run only the failed configurations")(
      "timing", "report the runner's own CPU time against the runs' (docs/performance.md)")(
      "emit-parallel",
      "print one `fusesim sweep task` command per configuration to run, for "
      "GNU parallel, and run nothing")("quiet,q", "no progress bar");
  std::string dir;
  const po::variables_map vm = sweep_parse(od, argc, argv, "run", "DIR", &dir);
  if (vm.count("help")) {
    std::cout << "fusesim sweep run DIR [--jobs N] [--failed] [--emit-parallel]\n" << od;
    return 0;
  }
  const SweepPlan plan = load_plan(dir);
  int jobs = int(std::thread::hardware_concurrency());
  if (vm.count("jobs")) {
    int64_t j = 0;
    const std::string s = vm["jobs"].as<std::string>();
    if (!parse_int_strict(s, 1, 4096, &j))
      throw UsageError("--jobs: expected 1 to 4096, got '" + printable(s) + "'");
    jobs = int(j);
  }
  if (jobs < 1) jobs = 1;
  if (vm.count("emit-parallel") && vm.count("jobs"))
    throw UsageError("--jobs: GNU parallel chooses the parallelism (parallel -j N); drop --jobs");
  for (const auto& c : plan.configs)
    if (is_finished(plan, c)) check_result(plan, c);  // a results folder of another spec
  make_store_dirs(plan);
  const std::vector<int> todo = unfinished(plan, vm.count("failed") > 0);
  const std::string exe = self_exe();
  if (vm.count("emit-parallel")) {
    const std::string head = shell_quote(exe) + " sweep task " + shell_quote(dir) + " --index ";
    for (int i : todo) std::printf("%s%d\n", head.c_str(), i);
    return 0;
  }
  const int skipped = int(plan.configs.size()) - int(todo.size());
  if (skipped > 0)
    std::fprintf(stderr, "fusesim sweep run: %d of %zu configurations already finished\n", skipped,
                 plan.configs.size());
  Bar bar(int(todo.size()), !vm.count("quiet") && isatty(2));
  std::map<pid_t, int> running;
  size_t next = 0;
  int done = 0;
  std::vector<std::pair<int, int>> failed;  // index, exit code
  bar.draw(0, 0, 0);
  while (next < todo.size() || !running.empty()) {
    while (next < todo.size() && int(running.size()) < jobs) {
      const int i = todo[next++];
      running[spawn_task(exe, plan, plan.configs[size_t(i)], vm.count("timing") > 0)] = i;
    }
    int st = 0;
    const pid_t pid = waitpid(-1, &st, 0);
    if (pid < 0) break;
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    if (code == 0)
      ++done;
    else
      failed.emplace_back(it->second, code);
    running.erase(it);
    bar.draw(done, int(failed.size()), int(running.size()));
  }
  bar.end();
  std::printf("%s: %d configurations run in %s (%d jobs), %d failed, %d were already finished\n",
              dir.c_str(), done + int(failed.size()), clock_text(bar.elapsed()).c_str(), jobs,
              int(failed.size()), skipped);
  for (size_t k = 0; k < failed.size() && k < 20; ++k) {
    const auto& [i, code] = failed[k];
    std::printf("  failed (exit %d): %s  (log: %s/logs/%s.log)\n", code,
                describe(plan.configs[size_t(i)]).c_str(), dir.c_str(),
                plan.configs[size_t(i)].id.c_str());
  }
  if (failed.size() > 20) std::printf("  ... and %zu more\n", failed.size() - 20);
  if (!failed.empty()) std::printf("details: fusesim sweep status %s\n", dir.c_str());
  if (vm.count("timing")) {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    const double pool = double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
                        1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
    double own = 0, run = 0;
    for (int i : todo) {
      const std::string f = dir + "/logs/" + plan.configs[size_t(i)].id + ".timing";
      double a = 0, b = 0;
      if (FILE* t = std::fopen(f.c_str(), "r")) {
        if (std::fscanf(t, "%lf %lf", &a, &b) == 2) {
          own += a;
          run += b;
        }
        std::fclose(t);
      }
    }
    std::printf(
        "runner CPU: pool %.3f s + tasks' own work %.3f s = %.3f s, %.2f %% of the runs' %.3f s\n",
        pool, own, pool + own, run > 0 ? 100.0 * (pool + own) / run : 0.0, run);
  }
  return failed.empty() ? 0 : 1;
}

}  // namespace fusesim
