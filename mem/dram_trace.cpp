#include "mem/dram_trace.h"

#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "workloads/input_error.h"

namespace fusesim {

const char* to_string(DramTraceFormat f) {
  switch (f) {
    case DramTraceFormat::kRamulator2:
      return "ramulator2";
    case DramTraceFormat::kDramsim3:
      return "dramsim3";
  }
  return "?";
}

bool parse_dram_trace_format(const std::string& s, DramTraceFormat* out) {
  for (DramTraceFormat f : {DramTraceFormat::kRamulator2, DramTraceFormat::kDramsim3}) {
    if (s == to_string(f)) {
      *out = f;
      return true;
    }
  }
  return false;
}

void DramTraceWriter::write(uint64_t addr, bool is_write, int64_t dram_cycle) {
  char buf[64];
  int n = 0;
  if (format_ == DramTraceFormat::kRamulator2) {
    n = std::snprintf(buf, sizeof buf, "%s 0x%" PRIx64 "\n", is_write ? "ST" : "LD", addr);
  } else {
    n = std::snprintf(buf, sizeof buf, "0x%" PRIx64 " %s %" PRId64 "\n", addr,
                      is_write ? "WRITE" : "READ", dram_cycle);
  }
  out_.write(buf, n);
  ++lines_;
  if (next_) next_->write(addr, is_write, dram_cycle);
}

DramLatencies read_latency_file(const std::string& path) {
  constexpr int64_t kMaxLatency = int64_t(1) << 40;
  std::error_code ec;
  std::ifstream in;
  if (!std::filesystem::is_directory(path, ec)) in.open(path);
  if (!in) throw InputError(path, 0, "file", "cannot open file");
  DramLatencies out;
  out.file = path;
  std::vector<InputIssue> issues;
  std::string l;
  for (size_t i = 0; std::getline(in, l); ++i) {
    out.line_count = int(i + 1);
    if (!l.empty() && l.back() == '\r') l.pop_back();
    size_t b = l.find_first_not_of(" \t");
    if (b == std::string::npos || l[b] == '#') continue;
    size_t e = l.find_last_not_of(" \t") + 1;
    const std::string tok = l.substr(b, e - b);
    int64_t v = 0;
    bool ok = !tok.empty() && tok.size() <= 13;
    for (char c : tok) {
      if (c < '0' || c > '9') {
        ok = false;
        break;
      }
      v = v * 10 + (c - '0');
    }
    if (!ok || v >= kMaxLatency) {
      issues.push_back(InputIssue{
          path, int(i + 1), "latency",
          "expected a non-negative integer below 2^40, got '" + tok.substr(0, 40) + "'"});
      if (issues.size() >= 20) break;
      continue;
    }
    out.cycles.push_back(v);
  }
  if (!issues.empty()) throw InputError(issues);
  return out;
}

}  // namespace fusesim
