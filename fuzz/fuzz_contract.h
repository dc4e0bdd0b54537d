#pragma once
/// The contract every fuzz harness asserts, in one place: the function under test either returns
/// a valid result or throws its documented error type with a readable message; anything else
/// (another exception type, an empty or garbled message) aborts, so libFuzzer saves the input as
/// a crash and the replay test names the file. Crashes, UB, leaks and hangs are caught by the
/// sanitizers and libFuzzer themselves.
///
///   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
///     const std::string text = fuzz::as_text(data, size);
///     std::vector<LayerSpec> layers;
///     if (fuzz::returns_or_throws<InputError>([&] { layers = read(text); })) check(layers);
///     return 0;
///   }

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>
#include <utility>

#include "workloads/input_error.h"

/// libFuzzer's entry point; every harness defines it (fuzz/<name>_fuzz.cpp).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fusesim::fuzz {

/// Reports a broken contract and aborts.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz contract violated: %s\n", escape_control_bytes(what).c_str());
  std::fflush(stderr);
  std::abort();
}

inline void require(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

inline std::string as_text(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// A message for the user: non-empty, lines separated by single '\n' (one problem per line), no
/// other control byte (a NUL would cut it, an escape sequence garble the terminal).
inline void check_message(const std::string& m) {
  require(!m.empty(), "empty error message");
  require(m.front() != '\n' && m.back() != '\n', "message starts or ends with a line break: " + m);
  for (size_t i = 0; i < m.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(m[i]);
    if (c == '\n') {
      require(m[i + 1] != '\n', "empty line in message: " + m);
      continue;
    }
    require(c >= 0x20 && c != 0x7f, "raw control byte in message: " + m);
  }
}

/// An InputError from a reader given `name` for its file: every issue names that file, a line in
/// [0, lines + 1] and a non-empty detail, and every message is one clean line.
inline void check_input_error(const InputError& e, const std::string& name, size_t lines) {
  check_message(e.what());
  for (const InputIssue& i : e.issues()) {
    require(i.file == name, "issue names file '" + i.file + "', not '" + name + "'");
    require(i.line >= 0 && size_t(i.line) <= lines + 1,
            "issue line " + std::to_string(i.line) + " outside the file: " + i.message());
    require(!i.detail.empty(), "issue without detail: " + i.message());
    require(i.message().find('\n') == std::string::npos, "issue spans lines: " + i.message());
  }
}

/// Runs fn. True when it returned; false when it threw Err (then `check(err)` has run); aborts on
/// any other exception.
template <class Err, class Fn, class Check>
bool returns_or_throws(Fn&& fn, Check&& check) {
  try {
    fn();
    return true;
  } catch (const Err& e) {
    check(e);
    return false;
  } catch (const std::exception& e) {
    fail(std::string("unexpected exception type ") + typeid(e).name() + ": " + e.what());
  } catch (...) {
    fail("unexpected exception that is not a std::exception");
  }
}

/// The same with the default check: a non-empty, clean message.
template <class Err, class Fn>
bool returns_or_throws(Fn&& fn) {
  return returns_or_throws<Err>(std::forward<Fn>(fn),
                                [](const Err& e) { check_message(e.what()); });
}

}  // namespace fusesim::fuzz
