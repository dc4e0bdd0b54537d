#pragma once
/// Small text helpers shared by the SCALE-Sim readers (scalesim_io.cpp, scalesim_topology.cpp);
/// internal to workloads/.

#include <cctype>
#include <charconv>
#include <cstdint>
#include <string>
#include <system_error>

namespace fusesim {
namespace scalesim_text {

inline std::string trim(const std::string& s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

inline std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// A whole-string decimal integer with an optional sign; false on anything else or on overflow.
inline bool parse_int64(const std::string& text, int64_t* out) {
  std::string s = trim(text);
  if (!s.empty() && s[0] == '+') s.erase(0, 1);
  if (s.empty()) return false;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || ptr != last) return false;
  *out = v;
  return true;
}

/// A value shown in a message: quoted, and cut after 60 bytes (at a UTF-8 character boundary)
/// so that a runaway line does not flood the terminal.
inline std::string quoted(const std::string& s) {
  constexpr size_t kMax = 60;
  if (s.size() <= kMax) return "'" + s + "'";
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return "'" + s.substr(0, cut) + "...' (" + std::to_string(s.size()) + " bytes)";
}

}  // namespace scalesim_text
}  // namespace fusesim
