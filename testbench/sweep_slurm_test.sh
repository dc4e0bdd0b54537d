#!/usr/bin/env bash
# The Slurm back-end on a real single-node cluster (issue 12), started here with
# scripts/slurm-local.sh in a scratch folder and stopped at the end, also on failure:
#   1. 28 configurations submitted as a job array merge byte-identical to the local pool's;
#   2. one array element killed mid-run (scancel JOB_0) is reported as interrupted by
#      `sweep status`, and `sweep slurm` (which submits only what is unfinished) completes it.
# Usage: sweep_slurm_test.sh FUSESIM WORKDIR      (exit 77: skipped, not root)
set -euo pipefail
FS=$(realpath "$1")
W=$(realpath -m "$2")
SRC=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: slurmd and munged need root"
  exit 77
fi
rm -rf "$W"
mkdir -p "$W"
cd "$W"
CLUSTER=$(mktemp -d /tmp/fusesim-slurm-test.XXXXXX)  # short: munge's socket path is limited
export FUSESIM_SLURM_PORT=$((20000 + RANDOM % 20000))
cleanup() {
  if [ -n "${SLURM_CONF:-}" ]; then scancel --name=fusesim-sweep 2>/dev/null || true; fi
  "$SRC/scripts/slurm-local.sh" stop "$CLUSTER" || true
  rm -rf "$CLUSTER"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$CLUSTER"/log/*.log; do echo "== $f" >&2; tail -n 20 "$f" >&2; done
  exit 1
}

eval "$("$SRC/scripts/slurm-local.sh" start "$CLUSTER")"
[ -n "${SLURM_CONF:-}" ] || fail "slurm-local.sh start printed no SLURM_CONF"
"$SRC/scripts/slurm-local.sh" start "$CLUSTER" >/dev/null || fail "a second start is not a no-op"

# Configuration 0 is a bigger layer (about 5 s of CPU): the one killed mid-run. The other 36 are tiny.
cat >spec.toml <<'EOF'
command = "layer"
zip = [["ifmap", "filters"]]
[fixed]
op = "conv"
kernel = "3x3"
[axes]
array = ["4x4", "6x6", "8x8"]
dataflow = ["os", "ws", "is"]
ifmap = ["192x192x32", "8x8x4", "10x10x8", "6x6x16", "12x12x2"]
filters = [32, 8, 4, 16, 6]
[[exclude]]
ifmap = "192x192x32"
array = ["6x6", "8x8"]
[[exclude]]
ifmap = "192x192x32"
dataflow = ["ws", "is"]
EOF
"$FS" sweep plan spec.toml --out local >/dev/null
"$FS" sweep plan spec.toml --out slurm >/dev/null
n=$(wc -l <slurm/manifest.jsonl)
[ "$n" -eq 37 ] || fail "expected 37 configurations, planned $n"
"$FS" sweep run local --jobs 2 --quiet >/dev/null
"$FS" sweep merge local >/dev/null

victim=$(head -1 slurm/manifest.jsonl | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
"$FS" sweep slurm slurm --max-running 2 --time 00:10:00 >submit.txt
job=$(sed -n 's/^submitted job \([0-9]*\):.*/\1/p' submit.txt)
[ -n "$job" ] || fail "no job submitted: $(cat submit.txt)"
grep -q "^#SBATCH --array=0-36%2$" slurm/slurm/sweep-0-0.sbatch || fail "array line"
grep -q "sweep task .* --index \$SLURM_ARRAY_TASK_ID$" slurm/slurm/sweep-0-0.sbatch || fail "task line"
# Kill configuration 0 once its task has started simulating.
for _ in $(seq 600); do
  [ -e "slurm/started/$victim" ] && break
  sleep 0.05
done
[ -e "slurm/started/$victim" ] || fail "configuration 0 never started"
scancel "${job}_0"
for _ in $(seq 600); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 0.5
done
[ -z "$(squeue -h -j "$job")" ] || fail "job $job did not finish"
[ ! -e "slurm/results/$victim" ] || fail "configuration 0 finished before scancel reached it"
if "$FS" sweep status slurm >status.txt; then fail "status after scancel exits 0"; fi
grep -q "36 finished, 0 failed, 1 interrupted, 0 missing" status.txt || fail "status: $(cat status.txt)"
grep -q "interrupted #0 $victim" status.txt || fail "status does not name the killed task"
# The re-run submits configuration 0 alone and waits for it.
"$FS" sweep slurm slurm --wait >resubmit.txt || fail "re-run: $(cat resubmit.txt)"
grep -q "submitted job [0-9]*: 1 configurations" resubmit.txt || fail "re-run: $(cat resubmit.txt)"
grep -q "^#SBATCH --array=0$" slurm/slurm/sweep-1-0.sbatch || fail "re-run array line"
"$FS" sweep status slurm >/dev/null || fail "unfinished after the re-run"
"$FS" sweep merge slurm >/dev/null
for f in results.sqlite results.csv results_layers.csv; do
  cmp local/$f slurm/$f || fail "$f: Slurm and the local pool differ"
done
echo "sweep_slurm_test: all checks passed"
