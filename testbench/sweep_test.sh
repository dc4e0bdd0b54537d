#!/usr/bin/env bash
# End-to-end test of `fusesim sweep` without Slurm (issue 12): the local pool with 1 and 2 workers
# and GNU parallel over the emitted job list merge into byte-identical results.sqlite and
# results.csv; a pool killed mid-sweep resumes without recomputing a finished configuration;
# status reports a failed task with its error and a re-run of the failed ones completes it.
# Usage: sweep_test.sh FUSESIM WORKDIR
set -euo pipefail
FS=$(realpath "$1")
W=$(realpath -m "$2")
rm -rf "$W"
mkdir -p "$W"
cd "$W"
fail() { echo "FAIL: $*" >&2; exit 1; }

# 24 configurations of tiny layers (milliseconds each).
cat >spec.toml <<'EOF'
command = "layer"
zip = [["ifmap", "filters"]]
[fixed]
op = "conv"
kernel = "3x3"
[axes]
array = ["4x4", "8x8"]
dataflow = ["os", "ws", "is"]
ifmap = ["8x8x4", "10x10x8", "6x6x16", "12x12x2"]
filters = [8, 4, 16, 6]
EOF

for b in one two par resume; do "$FS" sweep plan spec.toml --out "$b" >/dev/null; done
n=$(wc -l <one/manifest.jsonl)
[ "$n" -eq 24 ] || fail "expected 24 configurations, planned $n"
cmp one/manifest.jsonl two/manifest.jsonl || fail "two plans of one spec differ"
# Planning again into the same folder changes nothing.
"$FS" sweep plan spec.toml --out one | grep -q "already holds this plan" || fail "re-plan"

"$FS" sweep run one --jobs 1 --quiet >/dev/null
"$FS" sweep run two --jobs 2 --quiet >/dev/null
"$FS" sweep run par --emit-parallel >par/jobs.txt
[ "$(wc -l <par/jobs.txt)" -eq 24 ] || fail "the job list does not hold 24 tasks"
parallel -j 2 --halt now,fail=1 <par/jobs.txt >/dev/null
for b in one two par; do
  "$FS" sweep status "$b" >/dev/null || fail "$b: status reports unfinished configurations"
  "$FS" sweep merge "$b" >/dev/null
done
for f in results.sqlite results.csv results_layers.csv; do
  cmp one/$f two/$f || fail "$f: 1 and 2 workers differ"
  cmp one/$f par/$f || fail "$f: the local pool and GNU parallel differ"
done
# The merged rows are the manifest's configurations, in order, each verified.
python3 - one <<'EOF' || fail "results.sqlite content"
import json, sqlite3, sys
d = sys.argv[1]
m = [json.loads(l) for l in open(d + "/manifest.jsonl")]
db = sqlite3.connect(d + "/results.sqlite")
rows = db.execute("SELECT config_index, config_id, array, dataflow, ifmap, verified, cycles "
                  "FROM configurations").fetchall()
assert [r[0] for r in rows] == list(range(len(m))), "manifest order"
for r, c in zip(rows, m):
    assert r[1] == c["id"] and r[2] == c["axes"]["array"] and r[3] == c["axes"]["dataflow"], r
    assert r[5] == 1 and r[6] > 0, r
n = db.execute("SELECT count(*) FROM layers WHERE verified = 1").fetchone()[0]
assert n == len(m), n
EOF
# The per-configuration cycles are those of a plain `fusesim layer` run of the same options.
args=$(python3 -c "import json; a=json.loads(open('one/manifest.jsonl').readline())['axes']; print(' '.join('--%s %s' % kv for kv in a.items()))")
# shellcheck disable=SC2086
"$FS" layer --op conv --kernel 3x3 $args --quiet --out direct >/dev/null
direct=$(python3 -c "import json; print(json.load(open('direct/summary.json'))['cycles'])")
first=$(sed -n 2p one/results.csv | python3 -c "import csv,sys; r=next(csv.DictReader(open('one/results.csv'))); print(r['cycles'])")
[ "$direct" = "$first" ] || fail "configuration 0: $first cycles in the sweep, $direct directly"

# Resume: a pool killed mid-sweep keeps what finished; the re-run recomputes none of it.
setsid "$FS" sweep run resume --jobs 1 --quiet >/dev/null 2>&1 &
pool=$!
for _ in $(seq 200); do
  [ "$(ls resume/results 2>/dev/null | wc -l)" -ge 5 ] && break
  sleep 0.05
done
kill -KILL -- -"$pool" 2>/dev/null || true
wait "$pool" 2>/dev/null || true
done_before=$(ls resume/results | wc -l)
[ "$done_before" -ge 5 ] && [ "$done_before" -lt 24 ] || fail "kill the pool mid-sweep ($done_before done)"
if "$FS" sweep status resume >status.txt; then fail "status of an interrupted sweep exits 0"; fi
grep -q "$done_before finished" status.txt || fail "status: $(head -1 status.txt)"
finished=$(ls resume/results)
stamp() { for d in $finished; do stat -c '%n %i %y' "resume/results/$d/summary.json"; done; }
stamp >before.txt
"$FS" sweep run resume --jobs 2 --quiet 2>rerun.txt >/dev/null
grep -q "$done_before of 24 configurations already finished" rerun.txt || fail "re-run: $(cat rerun.txt)"
stamp >after.txt
cmp before.txt after.txt || fail "a finished configuration was recomputed"
"$FS" sweep merge resume >/dev/null
cmp one/results.sqlite resume/results.sqlite || fail "the resumed sweep differs"

# A failed task: status names it and its error; --failed re-runs it alone.
idx=3
id=$(sed -n "$((idx + 1))p" one/manifest.jsonl | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
mkdir -p fail && cp -r one/spec.toml one/plan.json one/manifest.jsonl fail/
"$FS" sweep run fail --jobs 2 --quiet >/dev/null
rm -rf "fail/results/$id"  # configuration 3 lost; its re-run fails verification (fault injected)
if FUSESIM_FAULT=sram-bitflip "$FS" sweep task fail --index $idx >/dev/null 2>task.err; then
  fail "a task whose result fails verification exits 0"
fi
"$FS" sweep status fail >status.txt && fail "status with a failed task exits 0"
grep -q "failed      #$idx $id" status.txt || fail "status does not list the failed task: $(cat status.txt)"
grep -q "exit 1: a result failed verification" status.txt || fail "status lacks the error"
if "$FS" sweep merge fail 2>merge.err >/dev/null; then fail "merge of an unfinished sweep exits 0"; fi
grep -q "1 of 24 configurations are not finished" merge.err || fail "merge: $(cat merge.err)"
"$FS" sweep merge fail --partial 2>merge.err | grep -q "merged 23 of 24 configurations" || fail "--partial"
grep -q "left out (failed): #$idx $id" merge.err || fail "--partial does not name what it left out"
[ "$(wc -l <fail/results.csv)" -eq 24 ] || fail "--partial: expected 23 rows and a header"
"$FS" sweep run fail --failed --quiet >rerun.txt
grep -q "1 configurations run" rerun.txt || fail "--failed did not run exactly one: $(cat rerun.txt)"
"$FS" sweep merge fail >/dev/null
cmp one/results.csv fail/results.csv || fail "the completed sweep differs"
echo "sweep_test: all checks passed"
