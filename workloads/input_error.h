#pragma once
/// Errors in user-supplied input files, located by file, line and field.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace fusesim {

/// One problem in an input file. `line` is 1-based; 0 means "the file as a whole" (a missing
/// file, a missing key, an empty file).
struct InputIssue {
  std::string file;
  int line = 0;
  std::string field;
  std::string detail;

  /// "file:line: field: detail", or "file: field: detail" when line is 0.
  std::string message() const {
    std::string m = file;
    if (line > 0) m += ":" + std::to_string(line);
    m += ": ";
    if (!field.empty()) m += field + ": ";
    return m + detail;
  }
};

/// Thrown by the input readers (SCALE-Sim config and topology files). Carries every problem found
/// in the file; file(), line() and field() describe the first one, what() lists them all, one per
/// line, e.g. `scale.cfg:7: ArrayHeight: expected a positive integer, got 'abc'`.
///
///   try { read_scalesim_topology(path, false); }
///   catch (const InputError& e) { std::cerr << e.what() << '\n'; return 1; }
class InputError : public std::runtime_error {
 public:
  InputError(const std::string& file, int line, const std::string& field, const std::string& detail)
      : InputError(std::vector<InputIssue>{InputIssue{file, line, field, detail}}) {}
  /// An empty list becomes a single "unknown input error".
  explicit InputError(std::vector<InputIssue> issues)
      : std::runtime_error(join(non_empty(issues))), issues_(non_empty(std::move(issues))) {}

  const std::string& file() const { return issues_.front().file; }
  int line() const { return issues_.front().line; }
  const std::string& field() const { return issues_.front().field; }
  const std::string& detail() const { return issues_.front().detail; }
  const std::vector<InputIssue>& issues() const { return issues_; }

 private:
  static std::vector<InputIssue> non_empty(std::vector<InputIssue> issues) {
    if (issues.empty()) issues.push_back(InputIssue{"<input>", 0, "", "unknown input error"});
    return issues;
  }
  static std::string join(const std::vector<InputIssue>& issues) {
    std::string s;
    for (const InputIssue& i : issues) s += (s.empty() ? "" : "\n") + i.message();
    return s;
  }

  std::vector<InputIssue> issues_;
};

}  // namespace fusesim
