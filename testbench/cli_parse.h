#pragma once
/// Strict parsers for the command line's small value syntaxes (plain C++, no Boost, no SystemC):
/// dimensions "AxBxC", pairs "N" or "AxB", trace windows "R0:R1,C0:C1" and "FROM:TO". Every
/// function either returns a fully checked value or throws UsageError naming the option; no
/// value wraps, clamps or is partly read. These are also the fuzzing targets of fuzz/.
///
///   const auto d = parse_dims("--ifmap", "56x56x32", 3, "HxWxC");  // {56, 56, 32}

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace fusesim {

/// A command-line error: the message names the option; the CLI prints it and exits with 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A decimal integer with an optional sign, nothing else (no spaces, no hex, no exponent), whose
/// value lies in [lo, hi]. False otherwise (the value is then left untouched).
bool parse_int_strict(const std::string& s, int64_t lo, int64_t hi, int64_t* v);

/// "AxBxC" with exactly n integer fields ('x' or 'X' between them), each in
/// [-1e9, 1e9]. Throws UsageError "OPT: expected FORM, got 'S'".
std::vector<int> parse_dims(const std::string& opt, const std::string& s, size_t n,
                            const char* form);

/// "N" (both dimensions N) or "AxB".
std::vector<int> parse_pair(const std::string& opt, const std::string& s, const char* form);

/// Throws UsageError unless every value is >= 1.
void require_positive(const std::string& opt, const std::vector<int>& v);

/// Rows [row0, row1) and columns [col0, col1) of the array.
struct PeWindow {
  int row0 = 0, row1 = 0, col0 = 0, col1 = 0;
};

/// "R0:R1,C0:C1" with 0 <= R0 < R1 and 0 <= C0 < C1 (end exclusive). Throws UsageError.
PeWindow parse_trace_pes(const std::string& s);

/// "FROM:TO" with 0 <= FROM <= TO. Throws UsageError.
std::pair<int64_t, int64_t> parse_trace_cycles(const std::string& s);

/// A finite, strictly positive real ("1000", "1e3", "250.5"); throws UsageError naming opt for
/// anything else (inf, nan, 0, negative, trailing text).
double parse_positive_real(const std::string& opt, const std::string& s);

/// A real as parse_positive_real() reads it, within [lo, hi] (0 < lo <= hi): e.g. a clock that
/// keeps every derived figure (power, EDP) finite. Throws UsageError "OPT: expected a number
/// from LO to HI, got 'S'".
double parse_real_in(const std::string& opt, const std::string& s, double lo, double hi);

/// The text with every control byte (below 0x20, and 0x7f) shown as \xHH (so a NUL or an escape
/// sequence in a user's input cannot cut or garble a message).
std::string printable(const std::string& s, bool keep_newlines = false);

}  // namespace fusesim
