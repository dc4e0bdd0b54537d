#include "hw/array_config.h"

#include <cerrno>
#include <cstdlib>

namespace fusesim {

std::vector<std::string> ArrayConfig::validate() const {
  std::vector<std::string> e;
  if (rows < 1) e.push_back("array rows must be >= 1 (got " + std::to_string(rows) + ")");
  if (cols < 1) e.push_back("array columns must be >= 1 (got " + std::to_string(cols) + ")");
  if (rows >= 1 && cols >= 1 && int64_t(rows) * cols > kMaxPes)
    e.push_back("array " + std::to_string(rows) + "x" + std::to_string(cols) + " has more than " +
                std::to_string(kMaxPes) + " PEs");
  return e;
}

static bool parse_int(const std::string& s, int* v) {
  if (s.empty()) return false;
  for (char c : s)
    if ((c < '0' || c > '9') && c != '-') return false;
  errno = 0;
  char* end = nullptr;
  long x = std::strtol(s.c_str(), &end, 10);
  if (errno || *end || x < -1000000000L || x > 1000000000L) return false;
  *v = int(x);
  return true;
}

bool parse_array_dims(const std::string& s, int* rows, int* cols, std::string* err) {
  const auto x = s.find_first_of("xX");
  if (x == std::string::npos || !parse_int(s.substr(0, x), rows) ||
      !parse_int(s.substr(x + 1), cols)) {
    *err = "expected RxC (e.g. 64x64), got '" + s + "'";
    return false;
  }
  return true;
}

}  // namespace fusesim
