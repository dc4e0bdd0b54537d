#pragma once
/// Errors in user-supplied input files, located by file, line and field; and the small helpers
/// every input reader shares (reading a whole file, splitting it into lines, showing its bytes
/// safely in a message).

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace fusesim {

/// The text with every control byte (below 0x20, and 0x7f) shown as \xHH, so that a NUL, a line
/// break or an escape sequence taken from a user's file cannot cut or garble a message. Other
/// bytes, UTF-8 included, pass unchanged: escape_control_bytes("a\0b") == "a\\x00b".
/// keep_newlines: '\n' passes too (for messages of several lines).
inline std::string escape_control_bytes(const std::string& s, bool keep_newlines = false) {
  std::string o;
  o.reserve(s.size());
  for (unsigned char ch : s) {
    if ((ch >= 0x20 && ch != 0x7f) || (keep_newlines && ch == '\n')) {
      o += char(ch);
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02X", unsigned(ch));
      o += buf;
    }
  }
  return o;
}

/// One problem in an input file. `line` is 1-based; 0 means "the file as a whole" (a missing
/// file, a missing key, an empty file).
struct InputIssue {
  std::string file;
  int line = 0;
  std::string field;
  std::string detail;

  /// "file:line: field: detail", or "file: field: detail" when line is 0, or "file: detail" when
  /// field is empty; control bytes escaped (escape_control_bytes), so the message is one line.
  std::string message() const {
    std::string m = file;
    if (line > 0) m += ":" + std::to_string(line);
    m += ": ";
    if (!field.empty()) m += field + ": ";
    return escape_control_bytes(m + detail);
  }
};

/// Thrown by the input readers (SCALE-Sim config and topology files, energy and area tables).
/// Carries every problem found in the file; file(), line() and field() describe the first one,
/// what() lists them all, one per line, e.g. `scale.cfg:7: ArrayHeight: expected a positive
/// integer, got 'abc'`.
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

/// Largest input file the readers accept (their files are a few KB; this stops /dev/zero or a
/// mistaken multi-GB file from exhausting memory).
constexpr size_t kMaxInputFileBytes = size_t(64) << 20;

/// The whole content of the file at `path`, byte for byte. Throws InputError "<path>: is a
/// folder, not a file" (field empty) for a folder, "<path>: file: cannot open file" for a missing
/// or unreadable file, and "<path>: file: larger than 64 MiB" past kMaxInputFileBytes.
inline std::string read_input_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    throw InputError(path, 0, "", "is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "file", "cannot open file");
  std::string text;
  char buf[1 << 14];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, size_t(in.gcount()));
    if (text.size() > kMaxInputFileBytes)
      throw InputError(path, 0, "file",
                       "larger than " + std::to_string(kMaxInputFileBytes >> 20) + " MiB");
  }
  if (in.bad()) throw InputError(path, 0, "file", "read error");
  return text;
}

/// The lines of a text file as std::getline sees them ('\n' ends a line; a last line without one
/// still counts), each without a trailing '\r', the first without a UTF-8 byte order mark.
inline std::vector<std::string> split_input_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    const size_t next = end == std::string::npos ? text.size() : end + 1;
    if (end == std::string::npos) end = text.size();
    if (end > start && text[end - 1] == '\r') --end;
    lines.push_back(text.substr(start, end - start));
    start = next;
  }
  return lines;
}

/// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF) without
/// control bytes: the names a reader hands on end up in result files (CSV read as UTF-8, JSON,
/// which nlohmann::json refuses to write with invalid UTF-8) and in terminal output.
inline bool is_clean_utf8_text(const std::string& s) {
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp < 0xA0))
      return false;
    i += len;
  }
  return true;
}

}  // namespace fusesim
