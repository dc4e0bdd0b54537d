// SCALE-Sim topology CSVs and COMPUTE_REPORT.csv (the config reader is in scalesim_io.cpp).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "workloads/scalesim_io.h"
#include "workloads/scalesim_text.h"

namespace fusesim {

using namespace scalesim_text;  // NOLINT: the readers' own helpers

namespace {

// Topology

/// Splits a CSV row after removing a '#' comment; fields trimmed, trailing empty fields dropped.
std::vector<std::string> split_row(const std::string& line) {
  std::string s = line.substr(0, line.find('#'));
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t comma = s.find(',', start);
    fields.push_back(
        trim(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  while (!fields.empty() && fields.back().empty()) fields.pop_back();
  return fields;
}

const char* const kConvColumns[] = {"Layer name",    "IFMAP Height", "IFMAP Width",
                                    "Filter Height", "Filter Width", "Channels",
                                    "Num Filter",    "Strides",      "Stride width"};
const char* const kGemmColumns[] = {"Layer Name", "M", "N", "K", "Sparsity"};

}  // namespace

std::vector<LayerSpec> read_scalesim_topology(const std::string& path, bool gemm) {
  return read_scalesim_topology_text(read_input_file(path), path, gemm);
}

std::vector<LayerSpec> read_scalesim_topology_text(const std::string& text, const std::string& path,
                                                   bool gemm) {
  const std::vector<std::string> lines = split_input_lines(text);

  std::vector<LayerSpec> layers;
  std::vector<InputIssue> errors;
  auto error = [&](int line, const std::string& field, const std::string& detail) {
    errors.push_back(InputIssue{path, line, field, detail});
  };
  const char* const* columns = gemm ? kGemmColumns : kConvColumns;
  const char* format = gemm ? "Layer Name, M, N, K"
                            : "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, "
                              "Channels, Num Filter, Strides[, Stride width]";

  bool have_header = false;
  int header_line = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const int ln = static_cast<int>(i) + 1;
    const std::vector<std::string> f = split_row(lines[i]);
    if (f.empty()) continue;

    if (!have_header) {
      have_header = true;
      header_line = ln;
      int64_t probe = 0;
      if (f.size() > 1 && parse_int64(f[1], &probe)) {
        error(ln, "header", std::string("expected a header line (") + format + "), got a data row");
      }
      continue;
    }

    const size_t min_cols = gemm ? 4 : 8;
    const size_t max_cols = gemm ? 5 : 9;
    if (f.size() < min_cols || f.size() > max_cols) {
      std::string detail = "expected " + std::to_string(min_cols) +
                           (gemm ? "" : " or " + std::to_string(max_cols)) + " columns (" + format +
                           "), got " + std::to_string(f.size());
      if (!gemm && f.size() == 4) detail += "; is this an M,N,K GEMM topology?";
      if (gemm && (f.size() == 8 || f.size() == 9)) detail += "; is this a conv topology?";
      error(ln, "columns", detail);
      continue;
    }
    if (f[0].empty()) {
      error(ln, columns[0], "empty layer name");
      continue;
    }
    if (!is_clean_utf8_text(f[0])) {
      error(ln, columns[0],
            "layer name " + quoted(f[0]) + " is not UTF-8 text without control characters");
      continue;
    }

    const size_t n_int = gemm ? 4 : f.size();
    std::vector<int> v(n_int, 0);
    bool ok = true;
    for (size_t c = 1; c < n_int; ++c) {
      int64_t x = 0;
      if (!gemm && c == 8 && f[c].find(':') != std::string::npos) {
        // Later SCALE-Sim versions: ninth column is an N:M sparsity ratio.
        if (f[c] != "1:1") {
          error(ln, "Sparsity",
                "sparsity ratio " + quoted(f[c]) +
                    " is not supported (fusesim simulates dense "
                    "arrays); only 1:1 is accepted");
          ok = false;
        }
        v[c] = 0;  // no stride-width column
        continue;
      }
      if (!parse_int64(f[c], &x) || x <= 0) {
        error(ln, columns[c], "expected a positive integer, got " + quoted(f[c]));
        ok = false;
      } else if (x > INT_MAX) {
        error(ln, columns[c], "value " + f[c] + " is out of range");
        ok = false;
      } else {
        v[c] = static_cast<int>(x);
      }
    }
    if (gemm && f.size() == 5 && f[4] != "1:1") {
      error(ln, "Sparsity",
            "sparsity ratio " + quoted(f[4]) +
                " is not supported (fusesim simulates dense "
                "arrays); only 1:1 is accepted");
      ok = false;
    }
    if (!ok) continue;

    LayerSpec l;
    l.name = f[0];
    if (gemm) {
      l.op = OpKind::kGemm;
      l.in_h = v[1];  // M: rows of the left operand (output pixels)
      l.in_w = 1;
      l.out_c = v[2];  // N: columns of the result (filters)
      l.in_c = v[3];   // K: reduction
    } else {
      l.in_h = v[1];
      l.in_w = v[2];
      l.k_h = v[3];
      l.k_w = v[4];
      l.in_c = v[5];
      l.out_c = v[6];
      l.stride_h = v[7];
      l.stride_w = (n_int > 8 && v[8] > 0) ? v[8] : v[7];
      l.op = (l.k_h == 1 && l.k_w == 1) ? OpKind::kPointwise : OpKind::kConv;
      if (l.k_h > l.in_h) {
        error(ln, columns[3],
              "filter height " + std::to_string(l.k_h) + " is larger than the IFMAP height " +
                  std::to_string(l.in_h));
        ok = false;
      }
      if (l.k_w > l.in_w) {
        error(ln, columns[4],
              "filter width " + std::to_string(l.k_w) + " is larger than the IFMAP width " +
                  std::to_string(l.in_w));
        ok = false;
      }
      if (!ok) continue;
    }
    for (const std::string& p : l.validate()) error(ln, "layer", p);
    layers.push_back(l);
  }

  if (!have_header) {
    error(0, "file", "empty file: expected a header line (" + std::string(format) + ")");
  } else if (layers.empty() && errors.empty()) {
    error(header_line, "file", "no layer rows after the header");
  }
  if (!errors.empty()) throw InputError(std::move(errors));
  return layers;
}

const char* const kComputeReportHeader =
    "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,\n";

std::string python_float_repr(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string sci(buf, res.ptr);  // shortest round-trip, e.g. "-3.3333333333333336e+01"
  std::string sign;
  if (sci[0] == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  const size_t e_pos = sci.find('e');
  std::string digits = sci.substr(0, e_pos);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exp = std::stoi(sci.substr(e_pos + 1));
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();

  std::string out;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      std::string int_part = digits.substr(0, std::min(digits.size(), size_t(exp) + 1));
      int_part.append(size_t(exp) + 1 - int_part.size(), '0');
      std::string frac = digits.size() > size_t(exp) + 1 ? digits.substr(size_t(exp) + 1) : "0";
      out = int_part + "." + frac;
    } else {
      out = "0." + std::string(size_t(-exp - 1), '0') + digits;
    }
  } else {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    const int a = std::abs(exp);
    out += std::string("e") + (exp < 0 ? "-" : "+") + (a < 10 ? "0" : "") + std::to_string(a);
  }
  return sign + out;
}

std::string format_compute_report(const std::vector<ComputeReportRow>& rows) {
  std::ostringstream out;
  out << kComputeReportHeader;
  for (const ComputeReportRow& r : rows) {
    out << r.layer_id << ", " << r.total_cycles << ", " << r.stall_cycles << ", "
        << python_float_repr(r.overall_util_pct) << ", "
        << python_float_repr(r.mapping_efficiency_pct) << ", "
        << python_float_repr(r.compute_util_pct) << ",\n";
  }
  return out.str();
}

void write_compute_report(const std::string& path, const std::vector<ComputeReportRow>& rows) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(path + ": cannot open for writing");
  out << format_compute_report(rows);
  out.flush();
  if (!out) throw std::runtime_error(path + ": write failed");
}

}  // namespace fusesim
