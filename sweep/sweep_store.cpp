#include "sweep/sweep_store.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "workloads/input_error.h"

namespace fusesim {

namespace fs = std::filesystem;

namespace {

std::string host_name() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "host";
  return buf;
}

}  // namespace

const char* to_string(TaskState s) {
  switch (s) {
    case TaskState::kFinished:
      return "finished";
    case TaskState::kFailed:
      return "failed";
    case TaskState::kInterrupted:
      return "interrupted";
    case TaskState::kMissing:
      return "missing";
  }
  return "?";
}

std::string result_dir(const SweepPlan& p, const SweepConfig& c) {
  return p.dir + "/results/" + c.id;
}
std::string failed_file(const SweepPlan& p, const SweepConfig& c) {
  return p.dir + "/failed/" + c.id + ".json";
}
std::string started_file(const SweepPlan& p, const SweepConfig& c) {
  return p.dir + "/started/" + c.id;
}
std::string work_dir(const SweepPlan& p, const SweepConfig& c) {
  return p.dir + "/work/" + c.id + "." + host_name() + "." + std::to_string(getpid());
}

bool is_finished(const SweepPlan& p, const SweepConfig& c) {
  std::error_code ec;
  return fs::is_regular_file(result_dir(p, c) + "/task.json", ec);
}

TaskStatus task_status(const SweepPlan& p, const SweepConfig& c) {
  TaskStatus s;
  std::error_code ec;
  if (is_finished(p, c)) {
    s.state = TaskState::kFinished;
  } else if (fs::is_regular_file(failed_file(p, c), ec)) {
    s.state = TaskState::kFailed;
    const nlohmann::json j =
        nlohmann::json::parse(read_input_file(failed_file(p, c)), nullptr, false);
    if (j.is_object()) {
      s.exit_code = j.value("exit_code", 0);
      s.error = j.value("error", std::string());
    }
  } else if (fs::exists(started_file(p, c), ec)) {
    s.state = TaskState::kInterrupted;
  }
  return s;
}

void make_store_dirs(const SweepPlan& p) {
  for (const char* d : {"results", "failed", "started", "work", "logs"}) {
    std::error_code ec;
    fs::create_directories(p.dir + "/" + d, ec);
    if (ec) throw std::runtime_error("cannot create " + p.dir + "/" + d + ": " + ec.message());
  }
}

void mark_started(const SweepPlan& p, const SweepConfig& c) {
  nlohmann::json j = {{"host", host_name()}, {"pid", getpid()}};
  if (const char* job = std::getenv("SLURM_JOB_ID")) j["slurm_job"] = job;
  write_file_atomic(started_file(p, c), j.dump() + "\n");
}

bool publish_result(const SweepPlan& p, const SweepConfig& c, const std::string& work) {
  nlohmann::json axes = nlohmann::json::object();
  for (const auto& [k, v] : c.axes) axes[k] = v;
  const nlohmann::json t = {
      {"plan_id", p.plan_id}, {"index", c.index}, {"id", c.id}, {"axes", axes}};
  write_file_atomic(work + "/task.json", t.dump(2) + "\n");
  std::error_code ec;
  fs::rename(work, result_dir(p, c), ec);
  const bool won = !ec;
  if (!won) fs::remove_all(work, ec);  // the same configuration finished elsewhere first
  fs::remove(failed_file(p, c), ec);
  fs::remove(started_file(p, c), ec);
  return won;
}

void record_failure(const SweepPlan& p, const SweepConfig& c, const std::string& work,
                    int exit_code, const std::string& message) {
  nlohmann::json j = {{"index", c.index},
                      {"id", c.id},
                      {"exit_code", exit_code},
                      {"error", message},
                      {"host", host_name()}};
  if (const char* job = std::getenv("SLURM_JOB_ID")) j["slurm_job"] = job;
  write_file_atomic(failed_file(p, c), j.dump(2) + "\n");
  std::error_code ec;
  if (!work.empty()) fs::remove_all(work, ec);
  fs::remove(started_file(p, c), ec);
}

void check_result(const SweepPlan& p, const SweepConfig& c) {
  const std::string f = result_dir(p, c) + "/task.json";
  const nlohmann::json j = nlohmann::json::parse(read_input_file(f), nullptr, false);
  if (!j.is_object()) throw InputError(f, 0, "", "not a task record (JSON object)");
  if (j.value("plan_id", std::string()) != p.plan_id)
    throw InputError(f, 0, "plan_id",
                     "this result comes from another plan (" +
                         j.value("plan_id", std::string("?")) + ", this sweep is " + p.plan_id +
                         "): a results folder of a different spec");
  if (j.value("id", std::string()) != c.id || j.value("index", -1) != c.index)
    throw InputError(f, 0, "id", "does not match configuration " + std::to_string(c.index));
}

}  // namespace fusesim
