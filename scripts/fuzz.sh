#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ with clang++ (ASan + UBSan, no recovery) into build-fuzz/
# and runs each for SECONDS (default 60), seeded with fuzz/corpus/<name>/ (and the past crashes of
# fuzz/regressions/<name>/, which must not crash any more), with fuzz/dict/<name>.dict if present.
#
#   scripts/fuzz.sh [SECONDS] [HARNESS...]     e.g. scripts/fuzz.sh 600, scripts/fuzz.sh 30 table_csv
#
# Environment: JOBS (harnesses run at once, default nproc), MERGE=1 (afterwards, merge the inputs
# that add coverage into fuzz/corpus/<name>/; otherwise the saved corpus is left untouched and new
# inputs stay in build-fuzz/corpus/<name>/).
# A crash, leak, timeout (10 s per input) or out-of-memory input is stored under
# fuzz/regressions/<name>/ (crash-<sha1>, leak-..., timeout-..., oom-...), replayed from then on by
# ctest (fuzz_replay.<name>); the script then exits 1. Summary: build-fuzz/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER=${1:-60}
shift || true
JOBS=${JOBS:-$(nproc)}
MERGE=${MERGE:-0}
case "$SECONDS_PER" in '' | *[!0-9]*)
  echo "usage: scripts/fuzz.sh [SECONDS] [HARNESS...]" >&2
  exit 2
  ;;
esac
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found (apt-get install -y clang)" >&2; exit 2; }

harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for f in fuzz/*_fuzz.cpp; do
    b=$(basename "$f" .cpp)
    harnesses+=("${b%_fuzz}")
  done
fi
for h in "${harnesses[@]}"; do
  [ -f "fuzz/${h}_fuzz.cpp" ] || { echo "fuzz.sh: no harness fuzz/${h}_fuzz.cpp" >&2; exit 2; }
done

echo "== building ${harnesses[*]} (clang++, libFuzzer, ASan, UBSan) in build-fuzz/"
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DFUSESIM_FUZZ=ON >/dev/null
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}"

mkdir -p build-fuzz/logs
# A 16 MB quarantine (ASan's default is 256 MB): with the default, the allocator's free lists
# grew past the 2 GB RSS limit while reloading a 460-input table corpus (24 MB live heap), a false
# out-of-memory; the short quarantine also runs the harnesses 2-3x faster.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1:quarantine_size_mb=16}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# run_one NAME: fuzzes one harness; its log is build-fuzz/logs/NAME.log, its exit code in .rc.
run_one() {
  local h=$1
  local work=build-fuzz/corpus/$h
  local reg=fuzz/regressions/$h
  mkdir -p "$work" "$reg" "fuzz/corpus/$h"
  local args=(-max_total_time="$SECONDS_PER" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix="$reg/")
  [ -f "fuzz/dict/$h.dict" ] && args+=(-dict="fuzz/dict/$h.dict")
  local seeds=("$work" "fuzz/corpus/$h")
  [ -n "$(ls -A "$reg")" ] && seeds+=("$reg")
  local rc=0
  "build-fuzz/fuzz/fuzz_$h" "${args[@]}" "${seeds[@]}" >"build-fuzz/logs/$h.log" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ] && [ "$MERGE" = 1 ]; then
    "build-fuzz/fuzz/fuzz_$h" -merge=1 "fuzz/corpus/$h" "$work" >>"build-fuzz/logs/$h.log" 2>&1 || rc=$?
  fi
  rmdir "$reg" 2>/dev/null || true # no folder for a harness without regressions
  echo "$rc" >"build-fuzz/logs/$h.rc"
}

echo "== fuzzing ${#harnesses[@]} harness(es) for ${SECONDS_PER} s each, ${JOBS} at a time"
running=0
for h in "${harnesses[@]}"; do
  run_one "$h" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

failed=0
{
  printf '%-20s %12s %8s %8s %8s  %s\n' harness execs exec/s cov ft result
  for h in "${harnesses[@]}"; do
    log=build-fuzz/logs/$h.log
    rc=$(cat "build-fuzz/logs/$h.rc")
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    # The fuzzing run's last status line (a MERGE=1 merge appends its own after it).
    last=$(sed -n '/^stat::number_of_executed_units/q;/^#[0-9]/p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' <<<"$last" | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' <<<"$last" | cut -d' ' -f2)
    if [ "$rc" -eq 0 ]; then
      result=ok
    else
      failed=1
      found=$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | sed 's/Test unit written to //')
      result="FOUND (exit $rc) ${found:-see $log}"
    fi
    printf '%-20s %12s %8s %8s %8s  %s\n' "$h" "${execs:--}" "${rate:--}" "${cov:--}" "${ft:--}" "$result"
  done
} | tee build-fuzz/summary.txt
if [ "$failed" -ne 0 ]; then
  echo "fuzz: findings stored under fuzz/regressions/ (logs in build-fuzz/logs/)" >&2
  exit 1
fi
echo "fuzz: no findings"
