#pragma once
/// Where a sweep's tasks keep their results and state, and how they publish them so that a
/// configuration is either finished or not, never half-written (docs/sweeps.md):
///   results/ID/     a finished configuration: the run's summary.json (and layers.csv), plus
///                   task.json (plan id, index, id, axes); published by one rename of the folder
///                   the run wrote under work/
///   failed/ID.json  the last failure: exit code and message (written atomically)
///   started/ID      a task began; left behind by a task that was killed
///   work/ID.HOST.PID/  where a running task's command writes
/// Nothing in these folders holds wall times that the merge reads.

#include <string>

#include "sweep/sweep_plan.h"

namespace fusesim {

/// What became of one configuration.
enum class TaskState { kFinished, kFailed, kInterrupted, kMissing };
const char* to_string(TaskState s);

/// The state of one configuration, with the failure's exit code and message when failed.
struct TaskStatus {
  TaskState state = TaskState::kMissing;
  int exit_code = 0;
  std::string error;
};

/// Paths of one configuration's files.
std::string result_dir(const SweepPlan& p, const SweepConfig& c);
std::string failed_file(const SweepPlan& p, const SweepConfig& c);
std::string started_file(const SweepPlan& p, const SweepConfig& c);
/// A fresh work folder name for this process.
std::string work_dir(const SweepPlan& p, const SweepConfig& c);

TaskStatus task_status(const SweepPlan& p, const SweepConfig& c);
bool is_finished(const SweepPlan& p, const SweepConfig& c);

/// Creates results/, failed/, started/, work/ (and logs/). Throws std::runtime_error.
void make_store_dirs(const SweepPlan& p);
/// Marks the task as started (host and pid, and the Slurm job when there is one).
void mark_started(const SweepPlan& p, const SweepConfig& c);
/// Adds task.json to the finished run's folder and renames it to results/ID; clears the failure
/// and start marks. Returns false (and removes the work folder) when another task finished the
/// same configuration first.
bool publish_result(const SweepPlan& p, const SweepConfig& c, const std::string& work);
/// Records a failure (removing the work folder and the start mark).
void record_failure(const SweepPlan& p, const SweepConfig& c, const std::string& work,
                    int exit_code, const std::string& message);
/// Checks that results/ID belongs to this plan and configuration: InputError naming its
/// task.json otherwise (a results folder from a different spec).
void check_result(const SweepPlan& p, const SweepConfig& c);

}  // namespace fusesim
