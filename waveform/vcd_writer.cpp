#include "waveform/vcd_writer.h"

#include <cstdio>
#include <ctime>
#include <map>
#include <stdexcept>

#include "workloads/input_error.h"

namespace fusesim {

VcdWriter::VcdWriter(const std::string& path, std::string display)
    : os_(path + ".part"), path_(path), display_(display.empty() ? path : std::move(display)) {
  if (!os_) throw InputError(display_, 0, "", "cannot open the waveform for writing");
}

VcdWriter::~VcdWriter() { discard(); }

void VcdWriter::discard() {
  if (os_.is_open()) {
    os_.close();
    std::remove((path_ + ".part").c_str());
  }
}

int VcdWriter::add(const std::string& name, int width) {
  if (started_) throw std::logic_error("VcdWriter: signal added after the header");
  const int id = int(names_.size());
  names_.push_back(name);
  widths_.push_back(width);
  std::string code;
  int n = id;
  do {
    code += char(33 + n % 94);
    n /= 94;
  } while (n > 0);
  codes_.push_back(code);
  last_.push_back(0);
  known_.push_back(false);
  return id;
}

void VcdWriter::header() {
  // $date holds the date of the run (IEEE 1364 §18.2.3.1 leaves its text free).
  const std::time_t now = std::time(nullptr);
  char date[64] = "unknown";
  std::tm tm{};
  if (gmtime_r(&now, &tm)) std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", &tm);
  os_ << "$date " << date
      << " $end\n$version fusesim pin-level engine $end\n$timescale 1 ns $end\n";
  os_ << "$comment one time unit = one clock period $end\n";
  // Group signals by scope path, keeping first-seen order.
  std::vector<std::string> open;
  for (size_t i = 0; i < names_.size(); ++i) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : names_[i]) {
      if (c == '.') {
        parts.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    const std::string leaf = cur;
    size_t common = 0;
    while (common < open.size() && common < parts.size() && open[common] == parts[common]) ++common;
    for (size_t k = open.size(); k > common; --k) os_ << "$upscope $end\n";
    open.resize(common);
    for (size_t k = common; k < parts.size(); ++k) {
      os_ << "$scope module " << parts[k] << " $end\n";
      open.push_back(parts[k]);
    }
    os_ << "$var wire " << widths_[i] << " " << codes_[i] << " " << leaf;
    if (widths_[i] > 1) os_ << " [" << widths_[i] - 1 << ":0]";
    os_ << " $end\n";
  }
  for (size_t k = open.size(); k > 0; --k) os_ << "$upscope $end\n";
  os_ << "$enddefinitions $end\n";
  started_ = true;
}

void VcdWriter::set_time(int64_t t) {
  if (!started_) header();
  if (t < time_) throw std::logic_error("VcdWriter: time goes backwards");
  if (t != time_) {
    time_ = t;
    time_written_ = false;
  }
}

void VcdWriter::emit(int id, int64_t value) {
  if (!time_written_) {
    os_ << "#" << time_ << "\n";
    time_written_ = true;
  }
  const int w = widths_[id];
  std::string s;
  if (w == 1) {
    s = (value ? "1" : "0") + codes_[id] + "\n";
  } else {
    s = "b";
    bool lead = true;
    for (int b = w - 1; b >= 0; --b) {
      const bool bit = (uint64_t(value) >> b) & 1u;
      if (bit) lead = false;
      if (!lead || b == 0) s += bit ? '1' : '0';
    }
    s += " " + codes_[id] + "\n";
  }
  os_ << s;
  bytes_ += int64_t(s.size());
}

void VcdWriter::set(int id, int64_t value) {
  if (known_[id] && last_[id] == value) return;
  known_[id] = true;
  last_[id] = value;
  emit(id, value);
}

void VcdWriter::close() {
  if (os_.is_open()) {
    if (!started_) header();
    os_ << "#" << (time_ + 1) << "\n";
    os_.close();
    if (!os_) {  // e.g. a full disk: nothing of the waveform may remain
      std::remove((path_ + ".part").c_str());
      throw InputError(display_, 0, "", "cannot write the waveform (is the disk full?)");
    }
    if (std::rename((path_ + ".part").c_str(), path_.c_str()) != 0)
      throw std::runtime_error("--vcd " + path_ + ": cannot rename the finished waveform");
  }
}

}  // namespace fusesim
