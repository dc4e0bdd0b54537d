#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through ctest; then the core unit tests and
# the fuzz corpus replays (fuzz/) again under AddressSanitizer and UndefinedBehaviorSanitizer, and a
# clang-format check.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)" --timeout 600) | tee build/ctest.log
ctest_n=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' build/ctest.log | tail -1)

echo "== core unit tests and fuzz corpus replays under ASan/UBSan"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFUSESIM_RTL=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
  >/dev/null
cmake --build build-asan -j "$(nproc)" --target core_tests fuzz_replay_all
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ./build-asan/core_tests --gtest_brief=1 | tee build-asan/core_tests.log
asan_n=$(sed -n 's/.*PASSED  \] \([0-9]*\) tests.*/\1/p' build-asan/core_tests.log | tail -1)
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest -L fuzz --output-on-failure -j "$(nproc)") | tee build-asan/fuzz_replay.log
asan_n=$((asan_n + $(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' \
  build-asan/fuzz_replay.log | tail -1)))

echo "== clang-format"
if command -v clang-format >/dev/null && git rev-parse --git-dir >/dev/null 2>&1; then
  git ls-files '*.h' '*.cpp' '*.cc' | xargs clang-format --dry-run --Werror
  echo "formatting clean"
fi
echo "all: $((ctest_n + asan_n)) passed, 0 failed"
