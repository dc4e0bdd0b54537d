#!/usr/bin/env bash
# The sweep runner's own overhead (docs/performance.md §Sweep runner) on the 200 single layers of
# configs/sweeps/bench_layers.toml:
#   1. measured inside: `fusesim sweep run --jobs 1 --timing` reports the CPU time of the pool
#      and of each task's own work (plan check, markers, publishing) against the CPU time of the
#      runs themselves (cmd_layer) — precise even on a loaded machine;
#   2. measured outside: the same 200 runs as plain `fusesim layer` commands from a shell loop
#      against `fusesim sweep run --jobs 1`, wall and CPU (user + sys): noisy on a shared machine.
# Usage: scripts/bench_sweep.sh [FUSESIM] [REPEATS]      (default build/fusesim, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
FS=$(realpath "${1:-build/fusesim}")
REPS=${2:-3}
W=$(mktemp -d /tmp/fusesim-bench-sweep.XXXXXX)
trap 'rm -rf "$W"' EXIT
"$FS" sweep plan configs/sweeps/bench_layers.toml --out "$W/plan" >/dev/null
# The same command lines the tasks run (threads 1, quiet), one process each.
python3 - "$FS" "$W" >"$W/direct.sh" <<'EOF'
import json, shlex, sys
fs, w = sys.argv[1], sys.argv[2]
plan = json.load(open(w + "/plan/plan.json"))
for line in open(w + "/plan/manifest.jsonl"):
    c = json.loads(line)
    args = [fs, plan["command"]]
    for k, v in plan["fixed"] + list(c["axes"].items()):
        args += ["--" + k, v]
    args += ["--threads", "1", "--quiet", "--out", "%s/direct/%d" % (w, c["index"])]
    print(" ".join(shlex.quote(a) for a in args) + " >/dev/null")
EOF
measure() {  # prints "wall cpu" of the command
  /usr/bin/time -f "%e %U %S" -o "$W/t" "$@" >/dev/null 2>&1
  awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$W/t"
}
echo "run  direct_wall direct_cpu  sweep_wall sweep_cpu  overhead_wall overhead_cpu"
for r in $(seq "$REPS"); do
  rm -rf "$W/direct" "$W/sweep"
  cp -r "$W/plan" "$W/sweep"
  read -r dw dc < <(measure bash "$W/direct.sh")
  read -r sw sc < <(measure "$FS" sweep run "$W/sweep" --jobs 1 --quiet)
  rm -rf "$W/sweep"
  cp -r "$W/plan" "$W/sweep"
  "$FS" sweep run "$W/sweep" --jobs 1 --quiet --timing | grep "runner CPU" >>"$W/inside"
  "$FS" sweep status "$W/sweep" >/dev/null || { echo "bench_sweep: the sweep did not finish" >&2; exit 1; }
  awk -v r="$r" -v dw="$dw" -v dc="$dc" -v sw="$sw" -v sc="$sc" 'BEGIN {
    printf "%-4d %10.2f %10.2f  %10.2f %9.2f  %12.1f%% %11.1f%%\n", r, dw, dc, sw, sc,
           100 * (sw - dw) / dw, 100 * (sc - dc) / dc }'
done
echo "measured inside (fusesim sweep run --jobs 1 --timing), one line per run:"
cat "$W/inside"
