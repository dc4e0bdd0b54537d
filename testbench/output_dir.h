#pragma once
/// OutputDir: a run's result files, committed as a set. Everything is written to temporary names
/// first and renamed into place only once every file has been written; on any failure (or when
/// the run ends without commit()) the temporaries are removed, and a folder that this run created
/// is removed again. A waveform written elsewhere during the run joins the same commit (adopt()).
///
/// Earlier results: each commit writes `.fusesim-manifest`, the names it wrote. A folder that
/// holds files not listed in its manifest (or no manifest at all) is someone else's and is
/// refused before the run; a folder of an earlier fusesim run is updated in place — its listed
/// files are replaced or, when the new run does not write them, removed — and commit() returns
/// their names.
///
///   OutputDir out(path);            // checks (and creates) the folder before the simulation
///   out.add("summary.json", text);
///   const auto replaced = out.commit();

#include <string>
#include <utility>
#include <vector>

namespace fusesim {

/// A results folder being assembled.
class OutputDir {
 public:
  /// Name of the manifest file inside the folder.
  static constexpr const char* kManifest = ".fusesim-manifest";

  /// Checks the folder (creating it when missing) with a probe write; throws UsageError naming
  /// --out when it is not a folder, cannot be created or written, or holds foreign files.
  explicit OutputDir(const std::string& path);
  /// Without commit(): removes temporaries and adopted files, and the folder if this run made it.
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  /// Queues a file (a plain name inside the folder) for writing.
  void add(const std::string& name, std::string content);
  /// Queues a file already written at `staged` (e.g. a waveform) to be renamed to `final_path`
  /// (anywhere) in the commit; `staged` is removed if the run fails.
  void adopt(const std::string& staged, const std::string& final_path);
  /// Writes every queued file to a temporary name, then renames them all into place and updates
  /// the manifest. Returns the files of an earlier run that were replaced or removed. Throws
  /// UsageError (naming --out and the file) when a write fails; nothing new is then left behind.
  std::vector<std::string> commit();
  const std::string& path() const { return path_; }

 private:
  void cleanup();

  std::string path_;
  bool created_ = false;               ///< this run created the folder
  bool committed_ = false;             ///< commit() succeeded
  std::vector<std::string> previous_;  ///< names in the folder's manifest before this run
  std::vector<std::pair<std::string, std::string>> files_;
  std::vector<std::pair<std::string, std::string>> adopted_;
  std::vector<std::string> temps_;  ///< temporaries written by commit() and not yet renamed
};

/// Throws UsageError "OPT FILE: ..." unless FILE can be created in an existing, writable folder
/// (checked by creating and removing a probe file beside it). For output files such as --vcd.
void check_output_file(const std::string& opt, const std::string& file);

}  // namespace fusesim
