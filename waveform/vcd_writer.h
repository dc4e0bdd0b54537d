#pragma once
/// VcdWriter: a small value-change-dump writer for the pin-level engine's trace monitor.
/// Names are hierarchical (`top.array.pe_0_1.h_reg`), split into $scope blocks on '.'. Only
/// changes are written; the time unit is one clock period.

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace fusesim {

/// Writes a VCD file signal by signal, time by time.
class VcdWriter {
 public:
  /// Opens `path`.part for writing (throws std::runtime_error when it cannot); close() renames
  /// it to `path`, so a failed run leaves no partial waveform.
  /// `display` names the file in messages (empty: `path`).
  explicit VcdWriter(const std::string& path, std::string display = "");
  /// Without close(): removes the partial file.
  ~VcdWriter();
  /// Declares a signal (before the first set_time); returns its handle.
  int add(const std::string& name, int width);
  /// Advances to time t (>= the previous time); writes the header on the first call.
  void set_time(int64_t t);
  /// Records the value of a signal at the current time (written only if it changed).
  void set(int id, int64_t value);
  void close();
  /// Drops the partial file (a failed run).
  void discard();
  const std::vector<std::string>& names() const { return names_; }
  int64_t bytes_written() const { return bytes_; }

 private:
  void header();
  void emit(int id, int64_t value);

  std::ofstream os_;
  std::string path_;
  std::string display_;
  std::vector<std::string> names_;
  std::vector<int> widths_;
  std::vector<std::string> codes_;
  std::vector<int64_t> last_;
  std::vector<bool> known_;
  bool started_ = false;
  int64_t time_ = -1;
  bool time_written_ = false;
  int64_t bytes_ = 0;
};

}  // namespace fusesim
