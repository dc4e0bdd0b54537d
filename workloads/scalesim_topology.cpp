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

const char* const kConvColumns[] = {"Layer name",   "IFMAP Height", "IFMAP Width", "Filter Height",
                                    "Filter Width", "Channels",     "Num Filter",  "Strides"};
const char* const kGemmColumns[] = {"Layer Name", "M", "N", "K"};

/// What a column after the fixed ones holds, by its header name.
enum class Extra { kStrideWidth, kSparsity, kBatch };

/// The meaning of an extra column's header name: "Stride width" / "Stride W" (SCALE-Sim v2.0),
/// "Sparsity" (v2 sparsity runs, v3), "Batch" / "Batch Size" (v3). False for any other name.
bool extra_column(const std::string& header_name, Extra* out) {
  const std::string n = lower(header_name);
  if (n.find("stride") != std::string::npos) {
    *out = Extra::kStrideWidth;
  } else if (n.find("sparsity") != std::string::npos) {
    *out = Extra::kSparsity;
  } else if (n.find("batch") != std::string::npos) {
    *out = Extra::kBatch;
  } else {
    return false;
  }
  return true;
}

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
  const size_t fixed = gemm ? 4 : 8;
  const char* format = gemm ? "Layer Name, M, N, K"
                            : "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, "
                              "Channels, Num Filter, Strides";
  const char* extras = gemm ? "Sparsity or Batch" : "Stride width, Sparsity or Batch";

  bool have_header = false;
  int header_line = 0;
  std::vector<std::string> header;  // names of the columns after the fixed ones
  std::vector<Extra> extra;         // their meaning
  std::vector<bool> known;          // whether fusesim reads them
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
        continue;
      }
      // Columns after the fixed ones mean what their header names say (issue 16: v3's Batch
      // column must not become a stride width because it is the ninth). A column of another
      // name (Resnet50.csv's Eh, Ew annotations) is an error only in a row that fills it.
      for (size_t c = fixed; c < f.size(); ++c) {
        Extra e{};
        known.push_back(extra_column(f[c], &e) && !(gemm && e == Extra::kStrideWidth));
        header.push_back(f[c]);
        extra.push_back(e);
      }
      continue;
    }

    std::string unread;  // the first filled column fusesim does not read, and its header name
    for (size_t c = fixed; c < f.size() && unread.empty(); ++c) {
      if (f[c].empty() || (c - fixed < known.size() && known[c - fixed])) continue;
      unread = "column " + std::to_string(c + 1) +
               (c - fixed < header.size() && !header[c - fixed].empty()
                    ? " " + quoted(header[c - fixed])
                    : std::string(" (no header name)"));
    }
    if (f.size() < fixed || !unread.empty()) {
      std::string detail = "expected " + std::to_string(fixed) + " columns (" + format;
      for (size_t c = 0; c < header.size(); ++c)
        if (known[c]) detail += ", " + header[c];
      detail += "), got " + std::to_string(f.size());
      if (!unread.empty())
        detail += "; " + unread + " is not read: after " + columns[fixed - 1] +
                  " fusesim reads only columns the header names " + extras;
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

    std::vector<int> v(fixed, 0);
    bool ok = true;
    auto positive = [&](const std::string& text, const std::string& field, int* out) {
      int64_t x = 0;
      if (!parse_int64(text, &x) || x <= 0) {
        error(ln, field, "expected a positive integer, got " + quoted(text));
        ok = false;
      } else if (x > INT_MAX) {
        error(ln, field, "value " + text + " is out of range");
        ok = false;
      } else {
        *out = static_cast<int>(x);
      }
    };
    for (size_t c = 1; c < fixed; ++c) positive(f[c], columns[c], &v[c]);
    int stride_w = 0;
    int batch = 1;
    for (size_t c = fixed; c < f.size(); ++c) {
      if (f[c].empty()) continue;  // an empty cell: the column's default
      const std::string& name = header[c - fixed];
      switch (extra[c - fixed]) {
        case Extra::kStrideWidth:
          positive(f[c], name, &stride_w);
          break;
        case Extra::kBatch:
          positive(f[c], name, &batch);
          break;
        case Extra::kSparsity:
          if (f[c] != "1:1") {
            error(ln, name,
                  "sparsity ratio " + quoted(f[c]) +
                      " is not supported (fusesim simulates dense arrays); only 1:1 is accepted");
            ok = false;
          }
          break;
      }
    }
    if (!ok) continue;

    LayerSpec l;
    l.name = f[0];
    l.batch = batch;
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
      l.stride_w = stride_w > 0 ? stride_w : v[7];
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

const char* const kComputeReportHeaderV3 =
    "LayerID, Total Cycles (incl. prefetch), Total Cycles, Stall Cycles, Overall Util %, "
    "Mapping Efficiency %, Compute Util %,\n";

std::string format_compute_report(const std::vector<ComputeReportRow>& rows, int version) {
  std::ostringstream out;
  out << (version == 3 ? kComputeReportHeaderV3 : kComputeReportHeader);
  for (const ComputeReportRow& r : rows) {
    out << r.layer_id;
    if (version == 3) out << ", " << r.total_cycles_incl_prefetch;
    out << ", " << r.total_cycles << ", " << r.stall_cycles << ", "
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
