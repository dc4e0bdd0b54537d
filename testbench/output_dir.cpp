#include "testbench/output_dir.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "testbench/cli_parse.h"

namespace fusesim {

namespace fs = std::filesystem;

namespace {

/// Creates and removes a probe file in `dir`; false when that fails (a read-only mount, /proc,
/// a folder the user may not write — checked by trying, which also holds for root).
bool probe_writable(const fs::path& dir) {
  const fs::path probe = dir / (".fusesim-probe-" + std::to_string(getpid()));
  {
    std::ofstream os(probe, std::ios::binary);
    if (!os) return false;
    os << "probe";
    os.flush();
    if (!os) {
      std::error_code ec;
      fs::remove(probe, ec);
      return false;
    }
  }
  std::error_code ec;
  fs::remove(probe, ec);
  return true;
}

bool is_temporary(const std::string& name) {
  return name.rfind(".fusesim-probe-", 0) == 0 || name.rfind(".fusesim-tmp-", 0) == 0;
}

/// A name a run may write inside its folder: no path ("../x", "a/b"), no control byte.
bool is_plain_name(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
    return false;
  for (unsigned char ch : name)
    if (ch < 0x20 || ch == 0x7f) return false;
  return name != OutputDir::kManifest && !is_temporary(name);
}

std::vector<std::string> read_manifest(const fs::path& dir) {
  std::vector<std::string> names;
  std::ifstream is(dir / OutputDir::kManifest);
  std::string line;
  while (std::getline(is, line))
    if (!line.empty()) names.push_back(line);
  return names;
}

}  // namespace

OutputDir::OutputDir(const std::string& path) : path_(path) {
  if (path.empty()) throw UsageError("--out: an output folder is required");
  const std::string p = printable(path);
  std::error_code ec;
  if (fs::exists(path, ec)) {
    if (!fs::is_directory(path, ec))
      throw UsageError("--out " + p + ": exists and is not a folder");
  } else {
    fs::create_directories(path, ec);
    if (ec) throw UsageError("--out " + p + ": cannot create the folder (" + ec.message() + ")");
    created_ = true;
  }
  if (!probe_writable(path)) {
    cleanup();
    throw UsageError("--out " + p + ": the folder is not writable");
  }
  if (created_) return;
  // An existing folder: ours (every entry listed in its manifest) or refused.
  previous_ = read_manifest(path);
  // Only fusesim writes the manifest, and only plain names: any other entry (e.g. "../x", which
  // the update would remove outside the folder) means the folder is not an earlier run's.
  for (const auto& n : previous_)
    if (!is_plain_name(n))
      throw UsageError("--out " + p + ": its " + kManifest + " lists '" + printable(n) +
                       "', not a file name fusesim writes; choose a new or empty folder");
  const std::set<std::string> listed(previous_.begin(), previous_.end());
  std::vector<std::string> foreign;
  for (const auto& e : fs::directory_iterator(path, ec)) {
    const std::string n = e.path().filename().string();
    if (n == kManifest || is_temporary(n) || listed.count(n)) continue;
    foreign.push_back(n);
  }
  if (!foreign.empty()) {
    std::sort(foreign.begin(), foreign.end());
    std::string list;
    for (size_t i = 0; i < foreign.size() && i < 3; ++i)
      list += (i ? ", " : "") + printable(foreign[i]);
    if (foreign.size() > 3) list += ", ...";
    throw UsageError("--out " + p + ": the folder holds " + std::to_string(foreign.size()) +
                     " file(s) that no fusesim run wrote there (" + list +
                     "); choose a new or empty folder");
  }
}

OutputDir::~OutputDir() {
  if (!committed_) cleanup();
}

void OutputDir::cleanup() {
  std::error_code ec;
  for (const auto& t : temps_) fs::remove(t, ec);
  temps_.clear();
  for (const auto& a : adopted_) fs::remove(a.first, ec);
  if (created_ && fs::is_empty(path_, ec)) fs::remove(path_, ec);
}

void OutputDir::add(const std::string& name, std::string content) {
  if (!is_plain_name(name))
    throw std::logic_error("OutputDir::add: '" + printable(name) + "' is not a plain file name");
  files_.emplace_back(name, std::move(content));
}

void OutputDir::adopt(const std::string& staged, const std::string& final_path) {
  adopted_.emplace_back(staged, final_path);
}

std::vector<std::string> OutputDir::commit() {
  const std::string p = printable(path_);
  const std::string tag = ".fusesim-tmp-" + std::to_string(getpid()) + "-";
  std::vector<std::pair<std::string, std::string>> moves;  // temporary -> final
  std::ostringstream manifest;
  auto write = [&](const std::string& name, const std::string& content) {
    const std::string tmp = path_ + "/" + tag + std::to_string(temps_.size());
    temps_.push_back(tmp);
    std::ofstream os(tmp, std::ios::binary);
    os << content;
    os.close();
    if (!os) {
      cleanup();
      throw UsageError("--out " + p + ": cannot write " + printable(name));
    }
    moves.emplace_back(tmp, path_ + "/" + name);
  };
  std::set<std::string> now;  // names in the folder after the commit
  for (const auto& f : files_) {
    write(f.first, f.second);
    now.insert(f.first);
  }
  // An adopted file that lands in this folder (e.g. --vcd DIR/run.vcd) belongs to the run too.
  std::error_code ec;
  const fs::path here = fs::weakly_canonical(path_, ec);
  for (const auto& a : adopted_) {
    const fs::path fp = fs::weakly_canonical(a.second, ec);
    if (fp.parent_path() == here) now.insert(fp.filename().string());
  }
  for (const auto& n : now) manifest << n << "\n";
  write(kManifest, manifest.str());
  for (const auto& a : adopted_) moves.push_back(a);
  // A rename onto a folder would fail half-way through the set: refuse it before the first one.
  for (const auto& m : moves) {
    std::error_code ec2;
    if (fs::is_directory(m.second, ec2)) {
      cleanup();
      throw UsageError("--out " + p + ": cannot write " + printable(m.second) +
                       ": a folder of that name is in the way");
    }
  }
  // Every file is written: rename them into place (renames within a folder do not fail for want
  // of space), then remove what the earlier run wrote and this one did not.
  for (const auto& m : moves) {
    if (std::rename(m.first.c_str(), m.second.c_str()) != 0) {
      cleanup();
      throw UsageError("--out " + p + ": cannot move " + printable(m.second) + " into place");
    }
  }
  temps_.clear();
  adopted_.clear();
  committed_ = true;
  std::vector<std::string> replaced;
  for (const auto& old : previous_) {
    replaced.push_back(old);
    if (!now.count(old)) fs::remove(fs::path(path_) / old, ec);
  }
  files_.clear();
  return replaced;
}

void check_output_file(const std::string& opt, const std::string& file) {
  const std::string f = printable(file);
  if (file.empty()) throw UsageError(opt + ": a file name is required");
  std::error_code ec;
  if (fs::is_directory(file, ec)) throw UsageError(opt + " " + f + ": is a folder, not a file");
  fs::path dir = fs::path(file).parent_path();
  if (dir.empty()) dir = ".";
  if (!fs::is_directory(dir, ec))
    throw UsageError(opt + " " + f + ": the folder " + printable(dir.string()) + " does not exist");
  if (!probe_writable(dir))
    throw UsageError(opt + " " + f + ": the folder " + printable(dir.string()) +
                     " is not writable");
}

}  // namespace fusesim
