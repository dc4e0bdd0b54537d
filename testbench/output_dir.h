#pragma once
/// OutputDir: results are written only once a run has succeeded, each file first to a temporary
/// name and then renamed, so a failed or interrupted run leaves no partial files.

#include <string>
#include <utility>
#include <vector>

namespace fusesim {

/// A results folder being assembled.
class OutputDir {
 public:
  /// Creates the folder if needed and checks it is writable; throws std::runtime_error if not.
  explicit OutputDir(const std::string& path);
  /// Queues a file (relative name) for writing.
  void add(const std::string& name, std::string content);
  /// Writes every queued file (temporary name, then rename).
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::vector<std::pair<std::string, std::string>> files_;
};

}  // namespace fusesim
