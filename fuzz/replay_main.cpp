/// Replays saved fuzz inputs through a harness without libFuzzer, so the corpus and every past
/// crash run as regression tests in the normal build (g++ or clang, with or without sanitizers):
///
///   fuzz_replay_scalesim_topology fuzz/corpus/scalesim_topology fuzz/regressions/scalesim_topology
///
/// Each argument is a folder (its regular files, recursively, in name order; names starting with
/// '.' are skipped) or a single file. The name of each input is printed before it runs, so an
/// abort or a sanitizer report names the input. A missing folder holds nothing to replay (a
/// harness without regressions has no regressions/<name> folder); replaying nothing at all fails.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

bool hidden(const fs::path& p) {
  const std::string n = p.filename().string();
  return !n.empty() && n[0] == '.';
}

/// The inputs under `arg`, sorted; false when arg exists but cannot be listed.
bool collect(const std::string& arg, std::vector<fs::path>* out) {
  std::error_code ec;
  const fs::file_status st = fs::status(arg, ec);
  if (ec || !fs::exists(st)) {
    std::printf("%s: no such folder (nothing to replay)\n", arg.c_str());
    return true;
  }
  if (!fs::is_directory(st)) {
    out->push_back(arg);
    return true;
  }
  std::vector<fs::path> found;
  for (fs::recursive_directory_iterator it(arg, ec), end; !ec && it != end; it.increment(ec)) {
    if (hidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) found.push_back(it->path());
  }
  if (ec) {
    std::fprintf(stderr, "%s: cannot list: %s\n", arg.c_str(), ec.message().c_str());
    return false;
  }
  std::sort(found.begin(), found.end());
  out->insert(out->end(), found.begin(), found.end());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
    return 2;
  }
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i)
    if (!collect(argv[i], &inputs)) return 2;
  if (inputs.empty()) {
    std::fprintf(stderr, "no input to replay\n");
    return 1;
  }
  for (const fs::path& p : inputs) {
    std::printf("replay %s\n", p.c_str());
    std::fflush(stdout);
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "%s: cannot read\n", p.c_str());
      return 2;
    }
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
    // A buffer of exactly the input's size, as libFuzzer passes it: ASan sees any overread.
    std::vector<uint8_t> data(bytes.begin(), bytes.end());
    static uint8_t none = 0;
    LLVMFuzzerTestOneInput(data.empty() ? &none : data.data(), data.size());
  }
  std::printf("replayed %zu inputs\n", inputs.size());
  return 0;
}
