#include "testbench/cli_parse.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "workloads/input_error.h"

namespace fusesim {

bool parse_int_strict(const std::string& s, int64_t lo, int64_t hi, int64_t* v) {
  if (s.empty()) return false;
  const size_t i0 = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i0 == s.size()) return false;
  const bool neg = s[0] == '-';
  // Accumulate as a negative number so that the full int64 range is reachable without overflow.
  int64_t acc = 0;
  for (size_t k = i0; k < s.size(); ++k) {
    const char ch = s[k];
    if (ch < '0' || ch > '9') return false;
    const int d = ch - '0';
    if (acc < (INT64_MIN + d) / 10) return false;  // would overflow
    acc = acc * 10 - d;
  }
  if (!neg && acc == INT64_MIN) return false;
  const int64_t val = neg ? acc : -acc;
  if (val < lo || val > hi) return false;
  *v = val;
  return true;
}

std::vector<int> parse_dims(const std::string& opt, const std::string& s, size_t n,
                            const char* form) {
  std::vector<int> out;
  std::string cur;
  const std::string t = s + "x";
  auto fail = [&]() {
    return UsageError(opt + ": expected " + form + ", got '" + printable(s) + "'");
  };
  for (char ch : t) {
    if (ch == 'x' || ch == 'X') {
      int64_t v = 0;
      if (!parse_int_strict(cur, -1000000000LL, 1000000000LL, &v)) throw fail();
      out.push_back(int(v));
      cur.clear();
    } else {
      cur += ch;
    }
  }
  if (out.size() != n) throw fail();
  return out;
}

std::vector<int> parse_pair(const std::string& opt, const std::string& s, const char* form) {
  if (s.find_first_of("xX") == std::string::npos)
    return std::vector<int>(2, parse_dims(opt, s, 1, form)[0]);
  return parse_dims(opt, s, 2, form);
}

void require_positive(const std::string& opt, const std::vector<int>& v) {
  for (int x : v)
    if (x < 1)
      throw UsageError(opt + ": every dimension must be >= 1 (got " + std::to_string(x) + ")");
}

namespace {

/// Splits "A<sep>B" at the first sep; false when sep is missing.
bool split2(const std::string& s, char sep, std::string* a, std::string* b) {
  const size_t p = s.find(sep);
  if (p == std::string::npos) return false;
  *a = s.substr(0, p);
  *b = s.substr(p + 1);
  return true;
}

}  // namespace

PeWindow parse_trace_pes(const std::string& s) {
  const UsageError err(
      "--trace-pes: expected R0:R1,C0:C1 (end exclusive, 0 <= R0 < R1, "
      "0 <= C0 < C1), got '" +
      printable(s) + "'");
  std::string rows, cols, r0, r1, c0, c1;
  if (!split2(s, ',', &rows, &cols) || !split2(rows, ':', &r0, &r1) || !split2(cols, ':', &c0, &c1))
    throw err;
  int64_t v[4];
  const std::string* f[4] = {&r0, &r1, &c0, &c1};
  for (int i = 0; i < 4; ++i)
    if (!parse_int_strict(*f[i], 0, 1000000000LL, &v[i])) throw err;
  if (v[1] <= v[0] || v[3] <= v[2]) throw err;
  return PeWindow{int(v[0]), int(v[1]), int(v[2]), int(v[3])};
}

std::pair<int64_t, int64_t> parse_trace_cycles(const std::string& s) {
  const UsageError err("--trace-cycles: expected FROM:TO with 0 <= FROM <= TO, got '" +
                       printable(s) + "'");
  std::string a, b;
  int64_t from = 0, to = 0;
  if (!split2(s, ':', &a, &b) || !parse_int_strict(a, 0, INT64_MAX, &from) ||
      !parse_int_strict(b, 0, INT64_MAX, &to) || to < from)
    throw err;
  return {from, to};
}

double parse_positive_real(const std::string& opt, const std::string& s) {
  const UsageError err(opt + ": expected a finite number > 0, got '" + printable(s) + "'");
  // Decimal notation only: no hex floats, no "infinity", no spaces.
  if (s.empty() || s.find_first_not_of("0123456789.eE+-") != std::string::npos) throw err;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v) || !(v > 0)) throw err;
  return v;
}

double parse_real_in(const std::string& opt, const std::string& s, double lo, double hi) {
  char range[64];
  std::snprintf(range, sizeof range, "from %g to %g", lo, hi);
  const UsageError err(opt + ": expected a number " + range + ", got '" + printable(s) + "'");
  double v = 0;
  try {
    v = parse_positive_real(opt, s);
  } catch (const UsageError&) {
    throw err;
  }
  if (v < lo || v > hi) throw err;
  return v;
}

std::string printable(const std::string& s, bool keep_newlines) {
  return escape_control_bytes(s, keep_newlines);
}

}  // namespace fusesim
