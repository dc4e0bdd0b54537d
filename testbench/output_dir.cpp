#include "testbench/output_dir.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fusesim {

OutputDir::OutputDir(const std::string& path) : path_(path) {
  namespace fs = std::filesystem;
  if (path.empty()) throw std::runtime_error("--out: an output folder is required");
  std::error_code ec;
  if (fs::exists(path, ec)) {
    if (!fs::is_directory(path, ec))
      throw std::runtime_error("--out " + path + ": exists and is not a folder");
    if (access(path.c_str(), W_OK) != 0)
      throw std::runtime_error("--out " + path + ": folder is not writable");
    return;
  }
  // The folder is created only when results are written; its nearest existing ancestor must be
  // a writable folder.
  fs::path p = fs::absolute(path, ec).parent_path();
  while (!p.empty() && !fs::exists(p, ec)) p = p.parent_path();
  if (p.empty() || !fs::is_directory(p, ec) || access(p.c_str(), W_OK) != 0)
    throw std::runtime_error("--out " + path + ": cannot create folder (" + p.string() +
                             " is not a writable folder)");
}

void OutputDir::add(const std::string& name, std::string content) {
  files_.emplace_back(name, std::move(content));
}

void OutputDir::commit() {
  std::error_code ec;
  std::filesystem::create_directories(path_, ec);
  if (ec)
    throw std::runtime_error("--out " + path_ + ": cannot create folder (" + ec.message() + ")");
  for (const auto& f : files_) {
    const std::string final_path = path_ + "/" + f.first;
    const std::string tmp = final_path + ".tmp";
    {
      std::ofstream os(tmp, std::ios::binary);
      os << f.second;
      if (!os) throw std::runtime_error("cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), final_path.c_str()) != 0)
      throw std::runtime_error("cannot rename " + tmp + " to " + final_path);
  }
  files_.clear();
}

}  // namespace fusesim
