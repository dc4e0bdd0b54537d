/// Fuzz harness: the command line's value parsers (testbench/cli_parse.h). The first input byte
/// picks the parser (and its parameters), the rest is the option's value. Contract: each parser
/// returns a fully checked value (field count, ranges, order; parse_int_strict agrees with
/// std::from_chars on every input) or throws UsageError with a one-line message naming the option.

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "fuzz/fuzz_contract.h"
#include "testbench/cli_parse.h"

using namespace fusesim;

namespace {

constexpr int64_t kDimLimit = 1000000000;

void check_usage(const UsageError& e, const std::string& opt) {
  fuzz::check_message(e.what());
  fuzz::require(std::string(e.what()).find('\n') == std::string::npos, "message spans lines");
  fuzz::require(std::string(e.what()).rfind(opt + ":", 0) == 0,
                std::string("message does not start with the option: ") + e.what());
}

void check_dims(const std::vector<int>& v, size_t n) {
  fuzz::require(v.size() == n, "wrong field count");
  for (int x : v) fuzz::require(x >= -kDimLimit && x <= kDimLimit, "dimension out of range");
}

/// parse_int_strict against std::from_chars, which reads an optional '-' and digits; a leading
/// '+' (not followed by '-') is the one extra parse_int_strict allows.
void check_int_strict(const std::string& s, int64_t lo, int64_t hi) {
  int64_t got = 7;
  const bool ok = parse_int_strict(s, lo, hi, &got);
  const bool plus = !s.empty() && s[0] == '+';
  const std::string body = plus ? s.substr(1) : s;
  int64_t ref = 0;
  const char* end = body.data() + body.size();
  const auto [ptr, ec] = std::from_chars(body.data(), end, ref);
  const bool ref_ok = !(plus && !body.empty() && body[0] == '-') && ec == std::errc() &&
                      ptr == end && ref >= lo && ref <= hi;
  fuzz::require(ok == ref_ok, "parse_int_strict and from_chars disagree on '" + s + "'");
  if (ok) fuzz::require(got == ref, "parse_int_strict read a different value from '" + s + "'");
  if (!ok) fuzz::require(got == 7, "parse_int_strict changed the value on failure");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t pick = data[0];
  const std::string s = fuzz::as_text(data + 1, size - 1);
  switch (pick % 6) {
    case 0: {
      const size_t n = 1 + (pick / 6) % 4;
      std::vector<int> v;
      if (fuzz::returns_or_throws<UsageError>(
              [&] { v = parse_dims("--ifmap", s, n, "HxWxC"); },
              [](const UsageError& e) { check_usage(e, "--ifmap"); }))
        check_dims(v, n);
      break;
    }
    case 1: {
      std::vector<int> v;
      if (fuzz::returns_or_throws<UsageError>(
              [&] { v = parse_pair("--kernel", s, "N or AxB"); },
              [](const UsageError& e) { check_usage(e, "--kernel"); }))
        check_dims(v, 2);
      if (v.size() == 2) {
        bool positive = true;
        fuzz::returns_or_throws<UsageError>([&] { require_positive("--kernel", v); },
                                            [&](const UsageError& e) {
                                              check_usage(e, "--kernel");
                                              positive = false;
                                            });
        fuzz::require(positive == (v[0] >= 1 && v[1] >= 1), "require_positive is wrong");
      }
      break;
    }
    case 2: {
      PeWindow w;
      if (fuzz::returns_or_throws<UsageError>(
              [&] { w = parse_trace_pes(s); },
              [](const UsageError& e) { check_usage(e, "--trace-pes"); }))
        fuzz::require(0 <= w.row0 && w.row0 < w.row1 && w.row1 <= kDimLimit && 0 <= w.col0 &&
                          w.col0 < w.col1 && w.col1 <= kDimLimit,
                      "trace window out of order or range");
      break;
    }
    case 3: {
      std::pair<int64_t, int64_t> c;
      if (fuzz::returns_or_throws<UsageError>(
              [&] { c = parse_trace_cycles(s); },
              [](const UsageError& e) { check_usage(e, "--trace-cycles"); }))
        fuzz::require(0 <= c.first && c.first <= c.second, "trace cycles out of order");
      break;
    }
    case 4: {
      double v = 0;
      if (fuzz::returns_or_throws<UsageError>(
              [&] { v = parse_positive_real("--clock-mhz", s); },
              [](const UsageError& e) { check_usage(e, "--clock-mhz"); }))
        fuzz::require(std::isfinite(v) && v > 0, "parse_positive_real returned a bad value");
      break;
    }
    default: {
      const int64_t ranges[][2] = {
          {INT64_MIN, INT64_MAX}, {0, kDimLimit}, {-kDimLimit, kDimLimit}, {1, 1}};
      const auto& r = ranges[(pick / 6) % 4];
      check_int_strict(s, r[0], r[1]);
      break;
    }
  }
  return 0;
}
