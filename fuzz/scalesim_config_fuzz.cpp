/// Fuzz harness: the SCALE-Sim .cfg reader (read_scalesim_config_text). Contract: the reader
/// returns a config whose validate() is empty, whose array sides, sizes and banks are in range and
/// whose names are clean UTF-8 — or throws InputError whose every issue names the file and a line
/// of it, with a one-line message. Warnings are clean one-line messages too.

#include <climits>
#include <string>
#include <vector>

#include "fuzz/fuzz_contract.h"
#include "workloads/scalesim_io.h"

using namespace fusesim;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::as_text(data, size);
  const std::string name = "fuzz.cfg";
  const size_t lines = split_input_lines(text).size();
  std::vector<std::string> warnings;
  ScaleSimConfig c;
  const bool ok = fuzz::returns_or_throws<InputError>(
      [&] { c = read_scalesim_config_text(text, name, &warnings); },
      [&](const InputError& e) { fuzz::check_input_error(e, name, lines); });
  for (const std::string& w : warnings) {
    fuzz::check_message(w);
    fuzz::require(w.find('\n') == std::string::npos, "warning spans lines: " + w);
    fuzz::require(w.rfind(name + ":", 0) == 0, "warning does not name the file: " + w);
  }
  if (!ok) return 0;
  const std::vector<std::string> problems = c.validate();
  fuzz::require(problems.empty(), "returned config fails validate(): " +
                                      (problems.empty() ? std::string() : problems.front()));
  fuzz::require(c.array_height >= 1 && c.array_width >= 1 && c.memory_banks >= 1,
                "array sides and banks must be >= 1");
  fuzz::require(c.ifmap_sram_kb <= INT64_MAX / 1024 && c.filter_sram_kb <= INT64_MAX / 1024 &&
                    c.ofmap_sram_kb <= INT64_MAX / 1024,
                "an SRAM size in bytes overflows int64");
  fuzz::require(is_clean_utf8_text(c.run_name) && is_clean_utf8_text(c.topology_path),
                "run_name or TopologyCsvLoc is not clean UTF-8: " + c.run_name);
  return 0;
}
