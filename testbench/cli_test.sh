#!/usr/bin/env bash
# End-to-end tests of the fusesim CLI. Usage: cli_test.sh FUSESIM WORKDIR
set -u
FS="$1"
W="$2"
rm -rf "$W"
mkdir -p "$W"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

json() {  # json FILE KEY  -> value of a top-level scalar key
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); v=d; [v:=v[k] for k in sys.argv[2].split('.')]; print(str(v).lower() if isinstance(v,bool) else v)" "$1" "$2"
}

# expect_error NAME PATTERN ARGS... : exit code 2, message matches, no output folder content.
expect_error() {
  local name="$1" pat="$2"
  shift 2
  local out="$W/err_$name"
  "$FS" "$@" --out "$out" >"$W/$name.stdout" 2>"$W/$name.stderr"
  local rc=$?
  if [ $rc -ne 2 ]; then bad "$name: exit $rc, expected 2"; return; fi
  if ! grep -qiE -- "$pat" "$W/$name.stderr"; then bad "$name: message '$(cat "$W/$name.stderr")' lacks /$pat/"; return; fi
  if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then bad "$name: left files in $out"; return; fi
  ok
}

expect_error zero_dim "ifmap height must be >= 1" layer --op conv --ifmap 0x8x3 --filters 4 --kernel 3x3
expect_error neg_dim "expected|>= 1" layer --op conv --ifmap 8x-8x3 --filters 4 --kernel 3x3
expect_error big_kernel "kernel height 9 is larger than the padded input height 6" layer --op conv --ifmap 4x4x3 --filters 4 --kernel 9x3 --pad 1
expect_error bad_dataflow "--dataflow: expected os, ws or is, got 'xs'" layer --op conv --ifmap 8x8x3 --filters 4 --dataflow xs
expect_error bad_op "--op: expected" layer --op deconv --ifmap 8x8x3 --filters 4
expect_error bad_array "--array: expected RxC" layer --op conv --ifmap 8x8x3 --filters 4 --array 8by8
expect_error huge_array "more than 1048576 PEs" layer --op conv --ifmap 8x8x3 --filters 4 --array 2000x2000
expect_error bad_hw "--hw: expected baseline or fuse" layer --op conv --ifmap 8x8x3 --filters 4 --hw turbo
expect_error tall_array "side longer than 32767" layer --op conv --ifmap 1x1x1 --filters 1 --array 32768x1
expect_error huge_layer "layer too large" layer --op conv --ifmap 50000x50000x1 --filters 1
expect_error neg_seed "--seed: expected an integer from 0" layer --op conv --ifmap 8x8x3 --filters 4 --seed -5
expect_error trace_out_of_array "outside the 2x2 array" layer --op conv --ifmap 8x8x3 --filters 4 --array 2x2 --vcd "$W/oa.vcd" --trace-pes 5:9,5:9
expect_error trace_junk "expected R0:R1,C0:C1" layer --op conv --ifmap 8x8x3 --filters 4 --vcd "$W/j.vcd" --trace-pes 0:1,0:1junk
expect_error paper_pin "one design per process" paper --engine pin --nets mobilenet_v3_small --variants full --array 4x4
expect_error paper_vcd "trace one layer" paper --vcd "$W/p.vcd" --array 4x4
expect_error net_pin_vcd "drop --engine pin" network --net mobilenet_v3_small --variant full --array 4x4 --engine pin --vcd "$W/np.vcd" --trace-layer MB1.pw
[ ! -e "$W/oa.vcd" ] && [ ! -e "$W/np.vcd" ] && [ ! -e "$W/np.vcd.part" ] && ok || bad "a refused run left a waveform"
expect_error bad_net "unknown network" network --net resnet50 --variant baseline
expect_error bad_variant "unknown variant" network --net mobilenet_v2 --variant quarter
expect_error missing_cfg "nope.cfg" scalesim --config "$W/nope.cfg" --topology "$W/nope.csv"
mkdir -p "$W/ro" && chmod 500 "$W/ro"
if [ "$(id -u)" -ne 0 ]; then
  expect_error unwritable "not writable|cannot create" layer --op conv --ifmap 8x8x3 --filters 4 --out "$W/ro/x"
fi
# An unwritable output folder: a regular file where the folder should be.
touch "$W/afile"
"$FS" layer --op conv --ifmap 8x8x3 --filters 4 --out "$W/afile" >/dev/null 2>"$W/afile.err"
if [ $? -eq 2 ] && grep -q "not a folder" "$W/afile.err"; then ok; else bad "out is a file"; fi

# Issue 2 acceptance: 56x56x32 -> 64 1x1 on 16x16 in all dataflows, cycles = closed form.
for df in os ws is; do
  d="$W/pw_$df"
  if "$FS" layer --op conv --ifmap 56x56x32 --filters 64 --kernel 1x1 --array 16x16 --dataflow $df --out "$d" >/dev/null; then
    v=$(json "$d/summary.json" verified); c=$(json "$d/summary.json" cycles); m=$(json "$d/summary.json" analytical.model)
    if [ "$v" = "true" ] && [ "$c" = "$m" ] && [ "$c" -gt 0 ]; then ok; else bad "pw $df: verified=$v cycles=$c model=$m"; fi
  else
    bad "pw $df: non-zero exit"
  fi
done
# The hand-derived closed forms of docs/timing.md for that layer (T=32, R=C=16, 784 OS folds...).
[ "$(json "$W/pw_os/summary.json" cycles)" = "25135" ] && ok || bad "pw os cycles != 25135 (docs/timing.md)"
[ "$(json "$W/pw_ws/summary.json" cycles)" = "25353" ] && ok || bad "pw ws cycles != 25353 (docs/timing.md)"
[ "$(json "$W/pw_is/summary.json" cycles)" = "37257" ] && ok || bad "pw is cycles != 37257 (docs/timing.md)"

# Issue 3 acceptance: FuSe 1x3 on a 64x64 FuSe array; dw 3x3 on the plain array >= 10x slower.
"$FS" layer --op fuse-row --ifmap 112x112x32 --kernel 1x3 --stride 1 --pad 1 --array 64x64 --hw fuse --out "$W/fuse" >/dev/null || bad "fuse-row exit"
fc=$(json "$W/fuse/summary.json" cycles)
[ "$(json "$W/fuse/summary.json" verified)" = "true" ] && [ "$fc" = "$(json "$W/fuse/summary.json" analytical.model)" ] && ok || bad "fuse-row not verified or != model"
[ "$(json "$W/fuse/summary.json" analytical.authors_published)" = "7504" ] && ok || bad "authors' 7504"
"$FS" layer --op dw --ifmap 112x112x32 --kernel 3x3 --stride 1 --pad 1 --array 64x64 --hw baseline --out "$W/dw" >/dev/null || bad "dw exit"
dc=$(json "$W/dw/summary.json" cycles)
[ "$dc" -ge $((10 * fc)) ] && ok || bad "dw $dc not >= 10x fuse $fc"
"$FS" layer --op fuse-row --ifmap 112x112x32 --kernel 1x3 --stride 1 --pad 1 --array 64x64 --hw baseline --out "$W/fuse_plain" >/dev/null || bad "fuse on plain exit"
pc=$(json "$W/fuse_plain/summary.json" cycles)
[ "$pc" = "$(json "$W/fuse_plain/summary.json" analytical.model)" ] && [ "$pc" -gt "$fc" ] && ok || bad "fuse on plain: $pc vs $fc"

# Input prefetch (docs/timing.md §5d): the same layer, verified, equal to the closed form, fewer
# cycles; the pin-level engine agrees and traces the hp chain, the prefetch feeder and the swap.
"$FS" layer --op fuse-row --ifmap 112x112x32 --kernel 1x3 --stride 1 --pad 1 --array 64x64 --hw fuse --input-prefetch on --out "$W/fuse_pf" >/dev/null || bad "prefetch exit"
pfc=$(json "$W/fuse_pf/summary.json" cycles)
[ "$(json "$W/fuse_pf/summary.json" verified)" = "true" ] && [ "$pfc" = "$(json "$W/fuse_pf/summary.json" analytical.model)" ] && [ "$pfc" -lt "$fc" ] && ok || bad "prefetch: $pfc not verified, != model or not < $fc"
[ "$(json "$W/fuse_pf/summary.json" config.input_prefetch)" = "on" ] && [ "$(json "$W/fuse/summary.json" config.input_prefetch)" = "off" ] && ok || bad "input_prefetch not echoed"
[ $((fc + $(json "$W/fuse_pf/summary.json" difference_terms.prefetch))) = "$pfc" ] && ok || bad "prefetch difference term"
"$FS" layer --op dw --ifmap 9x11x3 --kernel 3x3 --pad 1 --array 4x5 --hw fuse --dw-mapping rows --input-prefetch on --engine pin --vcd "$W/pf.vcd" --out "$W/pf_pin" >/dev/null || bad "prefetch pin exit"
"$FS" layer --op dw --ifmap 9x11x3 --kernel 3x3 --pad 1 --array 4x5 --hw fuse --dw-mapping rows --input-prefetch on --out "$W/pf_fast" >/dev/null || bad "prefetch fast exit"
[ "$(json "$W/pf_pin/summary.json" cycles)" = "$(json "$W/pf_fast/summary.json" cycles)" ] && [ "$(json "$W/pf_pin/summary.json" output_digest)" = "$(json "$W/pf_fast/summary.json" output_digest)" ] && [ "$(json "$W/pf_pin/summary.json" verified)" = "true" ] && ok || bad "prefetch pin/fast differ"
grep -q "prefetch_feeder_0" "$W/pf.vcd" && grep -q " hp_reg " "$W/pf.vcd" && grep -q " swap " "$W/pf.vcd" && ok || bad "prefetch vcd content"
"$FS" area --array 32x32 --input-prefetch on --out "$W/area_pf" >/dev/null || bad "area prefetch exit"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); p=j['input_prefetch']; assert p['per_pe_um2'] > 0 and abs(j['breakdown']['fuse_prefetch']['prefetch_registers'] - 1024 * 11 * 4.522) < 1e-6" "$W/area_pf/area.json" && ok || bad "area prefetch json"

# The pin-level engine gives the same cycles and digest as the fast engine, and writes a VCD.
"$FS" layer --op fuse-row --ifmap 8x8x4 --kernel 1x3 --pad 1 --array 4x4 --hw fuse --engine pin --vcd "$W/run.vcd" --out "$W/pin" >/dev/null || bad "pin exit"
"$FS" layer --op fuse-row --ifmap 8x8x4 --kernel 1x3 --pad 1 --array 4x4 --hw fuse --out "$W/fast" >/dev/null || bad "fast exit"
[ "$(json "$W/pin/summary.json" cycles)" = "$(json "$W/fast/summary.json" cycles)" ] && ok || bad "pin/fast cycles differ"
[ "$(json "$W/pin/summary.json" output_digest)" = "$(json "$W/fast/summary.json" output_digest)" ] && ok || bad "pin/fast digest differ"
[ -s "$W/run.vcd" ] && grep -q "bus_0" "$W/run.vcd" && grep -q "data_en_0" "$W/run.vcd" && grep -q "pe_1_2" "$W/run.vcd" && ok || bad "vcd content"
# Beside it: the save file (PEs under their row, markers first) and the flags' translate filter
# it names by absolute path; $date holds the date.
grep -q '^\$scope module row_1 \$end' "$W/run.vcd" && grep -q '^\$date 20[0-9][0-9]-' "$W/run.vcd" && ok || bad "vcd row scopes / \$date"
[ -s "$W/run.flag" ] && grep -q "^5 valid+last$" "$W/run.flag" && grep -q "^\^1 $(cd "$W" && pwd)/run.flag$" "$W/run.gtkw" &&
  [ "$(grep -m1 '^-' "$W/run.gtkw")" = "-Markers" ] && ! grep -q "stat_reg" "$W/run.gtkw" && ok || bad "gtkw view / filter file"
grep -q " h_reg " "$W/run.vcd" && ! grep -q "hp_reg" "$W/run.vcd" && ok || bad "hp traced without the option"

if command -v vcd2fst >/dev/null; then
  vcd2fst "$W/run.vcd" "$W/run.fst" >/dev/null 2>&1 && [ -s "$W/run.fst" ] && ok || bad "vcd2fst rejects the VCD"
else
  bad "vcd2fst missing (scripts/setup.sh installs gtkwave)"
fi
# A traced window of a whole MobileNet-V2 run stays small.
"$FS" network --net mobilenet_v2 --variant full --array 64x64 --vcd "$W/net.vcd" --trace-layer "MB2.conv2_h(1x3)" \
  --trace-pes 0:16,0:16 --trace-cycles 0:2000 --out "$W/net" >/dev/null || bad "traced network exit"
sz=$(stat -c %s "$W/net.vcd" 2>/dev/null || echo 999999999)
[ "$sz" -lt 52428800 ] && ok || bad "traced window of MobileNet-V2 is $sz bytes"
[ "$(json "$W/net/summary.json" verified)" = "true" ] && ok || bad "traced network not verified"
expect_error trace_no_vcd "need --vcd" layer --op conv --ifmap 8x8x3 --filters 4 --trace-pes 0:2,0:2
expect_error trace_bad_layer "no executed layer" network --net mobilenet_v2 --variant full --vcd "$W/x.vcd" --trace-layer nope

# SCALE-Sim files in, COMPUTE_REPORT.csv out (SCALE-Sim's header, one row per layer).
FIX="$(cd "$(dirname "$0")/../workloads/testdata/scalesim" && pwd)"
"$FS" scalesim --config "$FIX/scale_colon.cfg" --topology "$FIX/scalesim_alexnet_head.csv" --out "$W/ss_conv" >/dev/null 2>"$W/ss_conv.err" || bad "scalesim conv exit"
head -1 "$W/ss_conv/COMPUTE_REPORT.csv" | grep -q "^LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,$" && ok || bad "COMPUTE_REPORT header"
[ "$(($(wc -l < "$W/ss_conv/COMPUTE_REPORT.csv") - 1))" = "$(python3 -c "import json;print(json.load(open('$W/ss_conv/summary.json'))['layers'])")" ] && ok || bad "COMPUTE_REPORT rows"
grep -qi "warning" "$W/ss_conv.err" && ok || bad "unknown keys (OnChipMemoryBanks, [sparsity]) give no warning"
# InterfaceBandwidth USER: SCALE-Sim's two memory reports as well, its headers, one row per layer.
head -1 "$W/ss_conv/BANDWIDTH_REPORT.csv" | grep -q "^LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,$" && ok || bad "BANDWIDTH_REPORT header"
head -1 "$W/ss_conv/DETAILED_ACCESS_REPORT.csv" | grep -q "^LayerID, SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, SRAM Filter Start Cycle, SRAM Filter Stop Cycle, SRAM Filter Reads, SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, DRAM IFMAP Start Cycle, DRAM IFMAP Stop Cycle, DRAM IFMAP Reads, DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, DRAM OFMAP Start Cycle, DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,$" && ok || bad "DETAILED_ACCESS_REPORT header"
[ "$(wc -l < "$W/ss_conv/BANDWIDTH_REPORT.csv")" = "$(wc -l < "$W/ss_conv/COMPUTE_REPORT.csv")" ] && [ "$(wc -l < "$W/ss_conv/DETAILED_ACCESS_REPORT.csv")" = "$(wc -l < "$W/ss_conv/COMPUTE_REPORT.csv")" ] && ok || bad "memory report rows"
python3 - "$W/ss_conv" <<'PY' && ok || bad "DETAILED_ACCESS_REPORT counts != summary.json"
import csv, json, sys
d = sys.argv[1]
rows = list(csv.reader(open(d + "/DETAILED_ACCESS_REPORT.csv"), skipinitialspace=True))[1:]
dram = sum(int(r[12]) + int(r[15]) for r in rows)
s = json.load(open(d + "/summary.json"))["memory"]["dram_bytes"]
sys.exit(0 if dram == s["ifmap"] + s["filter"] else 1)
PY
"$FS" scalesim --config "$FIX/minimal.cfg" --topology "$FIX/scalesim_test_mnk_input.csv" --gemm --out "$W/ss_gemm" >/dev/null || bad "scalesim gemm exit"
[ "$(json "$W/ss_gemm/summary.json" verified)" = "true" ] && ok || bad "scalesim gemm not verified"
[ ! -e "$W/ss_gemm/BANDWIDTH_REPORT.csv" ] && ok || bad "CALC (ideal memory) wrote a BANDWIDTH_REPORT"
printf 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nc1, 8, 8, 3, x, 3, 4, 1,\n' > "$W/badtopo.csv"
expect_error bad_topology "badtopo.csv:2.*Filter Width" scalesim --config "$FIX/minimal.cfg" --topology "$W/badtopo.csv"

# The user guide's SCALE-Sim examples, as written there (docs/user-guide.md §4), from the source
# root with the shipped files under configs/scalesim/ (issue 16).
SRC="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$SRC" && "$FS" scalesim --config configs/scalesim/example.cfg --topology configs/scalesim/conv_example.csv --out "$W/guide_ss") >"$W/guide_ss.out" 2>"$W/guide_ss.err" || bad "guide scalesim conv example exit"
(cd "$SRC" && "$FS" scalesim --config configs/scalesim/example.cfg --topology configs/scalesim/gemm_example.csv --gemm --out "$W/guide_ss_gemm") >/dev/null 2>&1 || bad "guide scalesim gemm example exit"
(cd "$SRC" && "$FS" scalesim --config configs/scalesim/example.cfg --topology configs/scalesim/conv_example.csv --scalesim-version 3 --quiet --out "$W/guide_ss_v3") >/dev/null 2>&1 || bad "guide scalesim v3 example exit"
[ ! -s "$W/guide_ss.err" ] && ok || bad "the shipped example.cfg gives warnings: $(cat "$W/guide_ss.err")"
grep -q "Total Cycles are fusesim's simulated cycles" "$W/guide_ss.out" && ok || bad "console does not say which cycles Total Cycles holds"
head -1 "$W/guide_ss_v3/COMPUTE_REPORT.csv" | grep -q "^LayerID, Total Cycles (incl. prefetch), Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,$" && ok || bad "v3 COMPUTE_REPORT header"
# COMPARE_SCALESIM.csv: one row per layer; sim_cycles equal COMPUTE_REPORT's Total Cycles and
# layers.csv's sim_cycles, scalesim_cycles equal layers.csv's; the named terms add up to the
# difference; the strided conv1 (32x32, 3x3, stride 2) carries a non-zero ofmap_rounding term.
for d in guide_ss guide_ss_gemm; do
python3 - "$W/$d" <<'PY' && ok || bad "COMPARE_SCALESIM.csv of $d"
import csv, sys
d = sys.argv[1]
cmp = list(csv.DictReader(open(d + "/COMPARE_SCALESIM.csv")))
rep = list(csv.reader(open(d + "/COMPUTE_REPORT.csv"), skipinitialspace=True))[1:]
lay = list(csv.DictReader(open(d + "/layers.csv")))
assert len(cmp) == len(rep) == len(lay) > 0
terms = ["ofmap_rounding", "fold_cost", "folds", "skew", "drain_interval", "drain", "partial",
         "dataflow_schedule", "memory"]
for c, r, l in zip(cmp, rep, lay):
    assert int(c["sim_cycles"]) == int(r[1]) == int(l["sim_cycles"]), c
    assert int(c["scalesim_cycles"]) == int(l["scalesim_cycles"]), c
    assert int(c["difference"]) == int(c["sim_cycles"]) - int(c["scalesim_cycles"]), c
    assert sum(int(c[t]) for t in terms) == int(c["difference"]), c
    assert float(r[5]) == float(c["sim_compute_util_pct"]), c
if "conv1" in [c["name"] for c in cmp]:
    assert int(cmp[0]["ofmap_rounding"]) < 0, cmp[0]
PY
done
# A v3 .cfg selects v3's layout by itself; its v3-only keys are named in warnings.
sed 's/^MemoryBanks: 1$/MemoryBanks: 1\nReadRequestBuffer: 512\nWriteRequestBuffer: 512/' "$SRC/configs/scalesim/example.cfg" > "$W/v3.cfg"
"$FS" scalesim --config "$W/v3.cfg" --topology "$SRC/configs/scalesim/gemm_example.csv" --gemm --quiet --out "$W/ss_v3cfg" >/dev/null 2>"$W/ss_v3cfg.err" || bad "v3 cfg exit"
head -1 "$W/ss_v3cfg/COMPUTE_REPORT.csv" | grep -q "^LayerID, Total Cycles (incl. prefetch)," && ok || bad "a v3 .cfg did not give v3's layout"
[ "$(grep -c "SCALE-Sim v3 key, not modelled" "$W/ss_v3cfg.err")" = 2 ] && ok || bad "v3 keys not warned about: $(cat "$W/ss_v3cfg.err")"
# No silent ignoring: --dataflow with fuse-row layers on the FuSe array says it is not used.
"$FS" layer --op fuse-row --ifmap 8x8x4 --kernel 1x3 --pad 1 --hw fuse --array 4x4 --dataflow ws --quiet --out "$W/fr_ws" >/dev/null 2>"$W/fr_ws.err" || bad "fuse-row --dataflow ws exit"
[ "$(grep -c "^warning: --dataflow ws is not used for 1 fuse-row layer" "$W/fr_ws.err")" = 1 ] && ok || bad "no warning for an unused --dataflow: $(cat "$W/fr_ws.err")"
"$FS" layer --op fuse-row --ifmap 8x8x4 --kernel 1x3 --pad 1 --hw fuse --array 4x4 --quiet --out "$W/fr_os" >/dev/null 2>"$W/fr_os.err" || bad "fuse-row exit"
[ ! -s "$W/fr_os.err" ] && ok || bad "warning without --dataflow: $(cat "$W/fr_os.err")"

# The paper command and the figures (a small subset, to keep the test fast).
"$FS" paper --array 16x16 --nets mobilenet_v3_small --variants full --drains overlap,serial,global-select --accelergy --quiet --out "$W/paper16" >/dev/null || bad "paper exit"
head -1 "$W/paper16/speedups.csv" | grep -q "^network,variant,sim_cycles,authors_cycles,sim_speedup,authors_speedup,paper_speedup" && ok || bad "speedups.csv columns"
head -1 "$W/paper16/speedups.csv" | grep -q ",unmodified_cycles,unmodified_speedup,sim_prefetch_cycles,sim_prefetch_speedup,unmodified_prefetch_cycles,unmodified_prefetch_speedup$" && ok || bad "speedups.csv unmodified and prefetch columns"
# With --input-prefetch on, every FuSe run (variants and the unmodified baseline) runs again with
# the prefetch chain: the twin columns are that run's own totals, verified, never slower.
"$FS" paper --array 8x8 --nets mobilenet_v3_small --variants half --input-prefetch on --quiet --out "$W/paperpf" >/dev/null || bad "paper prefetch exit"
python3 - "$W/paperpf" "$W/paper16" <<'PY' && ok || bad "paper prefetch twins"
import csv, json, os, sys
d, plain = sys.argv[1], sys.argv[2]
rows = {r["variant"]: r for r in csv.DictReader(open(os.path.join(d, "speedups.csv")))}
def summary(name):
    j = json.load(open(os.path.join(d, "mobilenet_v3_small_" + name + "_summary.json")))
    assert j["verified"] and j["config"]["input_prefetch"] == "on", name
    return j["cycles"]
assert rows["baseline"]["sim_prefetch_cycles"] == "", rows["baseline"]  # the plain array
assert int(rows["half"]["sim_prefetch_cycles"]) == summary("half_prefetch")
assert int(rows["half"]["sim_prefetch_cycles"]) <= int(rows["half"]["sim_cycles"])
for r in rows.values():
    assert int(r["unmodified_prefetch_cycles"]) == summary("unmodified_prefetch")
    assert int(r["unmodified_prefetch_cycles"]) <= int(r["unmodified_cycles"])
# Without the option the columns are there and empty.
for r in csv.DictReader(open(os.path.join(plain, "speedups.csv"))):
    assert r["sim_prefetch_cycles"] == r["unmodified_prefetch_cycles"] == "", r
PY
[ "$(json "$W/paper16/mobilenet_v3_small_unmodified_summary.json" verified)" = "true" ] && ok || bad "unmodified network not verified"
# K×K depthwise by rows (issue 11): verified on the FuSe array, which it selects without --hw;
# its cycles equal the closed form; the same layer on the plain array by GEMMs is slower.
"$FS" layer --op dw --ifmap 14x14x8 --kernel 5x5 --stride 2 --pad 2 --array 8x8 --dw-mapping rows --quiet --out "$W/dwrows" >/dev/null || bad "dw rows exit"
"$FS" layer --op dw --ifmap 14x14x8 --kernel 5x5 --stride 2 --pad 2 --array 8x8 --quiet --out "$W/dwgemm" >/dev/null || bad "dw gemm exit"
python3 - "$W/dwrows/summary.json" "$W/dwgemm/summary.json" <<'PY' && ok || bad "dw rows summary"
import json, sys
r, g = (json.load(open(f)) for f in sys.argv[1:])
assert r["verified"] and r["config"]["hw"] == "fuse" and r["mapping"] == "conv1d-rows", r
assert r["cycles"] == r["analytical"]["model"], r
assert g["mapping"] == "per-channel-gemm" and g["cycles"] > r["cycles"], (g["cycles"], r["cycles"])
PY
# The speed-up under all three drain models (issue 14): every run verified, the overlap rows equal
# the main table, and a serial/global-select baseline is slower than the overlapped one.
python3 - "$W/paper16" <<'PY' && ok || bad "drain_speedups.csv"
import csv, sys
d = sys.argv[1]
main = {(r["network"], r["variant"]): r for r in csv.DictReader(open(d + "/speedups.csv"))}
rows = list(csv.DictReader(open(d + "/drain_speedups.csv")))
assert sorted({r["drain"] for r in rows}) == ["global-select", "overlap", "serial"], rows
assert all(r["verified"] == "true" for r in rows)
cyc = {(r["network"], r["variant"], r["drain"]): int(r["sim_cycles"]) for r in rows}
for (n, v), m in main.items():
    assert cyc[(n, v, "overlap")] == int(m["sim_cycles"]), (n, v)
    assert cyc[(n, v, "global-select")] > cyc[(n, v, "serial")] > cyc[(n, v, "overlap")], (n, v)
PY
"$FS" layer --op dw --ifmap 12x12x4 --kernel 3x3 --pad 1 --array 4x4 --heatmap --out "$W/hm" >/dev/null || bad "heatmap exit"
[ "$(($(wc -l < "$W/hm/heatmap.csv") - 1))" = "16" ] && ok || bad "heatmap rows"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
if "$PY" -c "import matplotlib" 2>/dev/null; then
  "$PY" "$(dirname "$0")/../scripts/plot.py" --paper "$W/paper16" --scaling "$W/paper16" --heatmap "$W/hm/heatmap.csv" --out "$W/plots" >/dev/null 2>&1 \
    && [ -s "$W/plots/paper_latency_speedup.png" ] && [ -s "$W/plots/pe_heatmap.png" ] && ok || bad "plot.py"
else
  bad "matplotlib missing (scripts/setup.sh installs python3-matplotlib)"
fi

# Issue 5 acceptance: the whole paper table at 64x64 — the authors' column is the paper's bar
# chart exactly, every layer of all 25 variants is verified and equals the closed form.
"$FS" paper --array 64x64 --drains overlap --quiet --out "$W/paper64" >/dev/null || bad "paper 64x64 exit"
python3 - "$W/paper64" <<'PY' && ok || bad "paper 64x64 acceptance"
import csv, glob, json, os, sys
d = sys.argv[1]
bar = {"mobilenet_v1": [2536900, 621300, 375260, 1151124, 1072300],
       "mobilenet_v2": [2979156, 576770, 411910, 1453926, 1375054],
       "mnasnet_b1": [2748684, 542818, 384202, 1458602, 1394346],
       "mobilenet_v3_small": [700161, 231735, 167935, 437559, 414921],
       "mobilenet_v3_large": [2018189, 558553, 370097, 1144825, 1102045]}
variants = ["baseline", "full", "half", "full50", "half50"]
rows = list(csv.DictReader(open(os.path.join(d, "speedups.csv"))))
assert len(rows) == 25, len(rows)
for r in rows:
    assert int(r["authors_cycles"]) == bar[r["network"]][variants.index(r["variant"])], r
    assert r["verified"] == "true" and r["sim_cycles"] == r["model_cycles"], r
n = 0
for f in glob.glob(os.path.join(d, "*_layers.csv")):
    for x in csv.DictReader(open(f)):
        assert x["verified"] == "true" and x["sim_cycles"] == x["model_cycles"], (f, x["name"])
        n += 1
assert n > 1400, n  # 1,486 executed layers in the 25 variants (and the 5 unmodified baselines)
# The baselines unmodified on the FuSe array (docs/validation.md §1b): verified, the column is the
# run's own total, and the speed-up lands between Full's and Half's on every network.
for net in bar:
    s = {r["variant"]: r for r in rows if r["network"] == net}
    j = json.load(open(os.path.join(d, net + "_unmodified_summary.json")))
    assert j["verified"] and int(s["baseline"]["unmodified_cycles"]) == j["cycles"], net
    u = float(s["baseline"]["unmodified_speedup"])
    assert float(s["full"]["sim_speedup"]) < u < float(s["half"]["sim_speedup"]), (net, u)
PY

# DRAM co-simulation (issue 10): --dram-trace writes each layer's DRAM bursts in Ramulator 2's
# and DRAMsim3's formats, one line per burst, the same stream in both; --dram-latency replays
# per-burst latencies from a folder of per-layer files named like the traces. Replayed latencies
# order the stalls: all-zero latencies stall no more than the timed DDR4 model, long ones more.
D="$W/dramco"
mkdir -p "$D"
if "$FS" layer --op conv --ifmap 8x8x4 --filters 8 --kernel 3 --pad 1 --array 4x4 \
    --memory ddr4-3200 --dram-trace "$D/tr1" --out "$D/o1" >/dev/null 2>&1 &&
  python3 - "$D" <<'PY'
import json, sys
d = sys.argv[1]
s = json.load(open(d + "/o1/summary.json"))
ram = open(d + "/tr1/001-layer.ramulator2.trace").read().splitlines()
dsim = open(d + "/tr1/001-layer.dramsim3.trace").read().splitlines()
assert len(ram) == len(dsim) == s["memory"]["dram"]["bursts"] > 1, (len(ram), len(dsim))
for r, m in zip(ram, dsim):
    op, addr = r.split()
    a2, kind, cyc = m.split()
    assert addr == a2 and {"LD": "READ", "ST": "WRITE"}[op] == kind and int(cyc) >= 0, (r, m)
cycles = [int(m.split()[2]) for m in dsim]
assert cycles == sorted(cycles), "issue cycles go back in time"
PY
then ok; else bad "dram-trace of one layer"; fi
NETM=(network --net mobilenet_v3_small --variant baseline --array 8x8 --quiet --memory ddr4-3200)
if "$FS" "${NETM[@]}" --dram-trace "$D/ntr" --out "$D/n0" >/dev/null 2>&1 &&
  python3 - "$D" <<'PY' &&
import os, sys
d = sys.argv[1]
traces = sorted(f for f in os.listdir(d + "/ntr") if f.endswith(".dramsim3.trace"))
assert len(traces) == 55 and len(os.listdir(d + "/ntr")) == 110, len(traces)
for lat in ("0", "400"):
    os.makedirs(f"{d}/lat{lat}", exist_ok=True)
    for t in traces:
        n = sum(1 for _ in open(f"{d}/ntr/{t}"))
        open(f"{d}/lat{lat}/" + t.replace(".dramsim3.trace", ".latency"), "w").write(
            (lat + "\n") * n)
PY
  "$FS" "${NETM[@]}" --dram-latency "$D/lat0" --out "$D/n1" >/dev/null 2>&1 &&
  "$FS" "${NETM[@]}" --dram-latency "$D/lat400" --out "$D/n2" >/dev/null 2>&1 &&
  python3 - "$D" <<'PY'
import json, sys
d = sys.argv[1]
s = [json.load(open(f"{d}/{n}/summary.json")) for n in ("n0", "n1", "n2")]
st = [x["stall_cycles"] for x in s]
assert all(x["verified"] for x in s)
assert st[1] <= st[0] < st[2], st
assert "--dram-latency" in s[1]["config"]["memory"]["source"], s[1]["config"]["memory"]
PY
then ok; else bad "dram-latency replay of a network"; fi

# ONNX models in (issue 13): models built here by scripts/make_onnx_models.py (python3-onnx).
# MobileNet-V2 block by block simulates cycle for cycle like the zoo's; grouped convolutions are
# verified on both arrays; the SCALE-Sim topology export runs through `scalesim` to the same
# cycles; bad models are refused with exit 2, naming the file and node, and leave nothing.
OX="$W/onnx"
if /usr/bin/python3 "$(dirname "$0")/../scripts/make_onnx_models.py" "$OX" >/dev/null; then
  if "$FS" network --onnx "$OX/mobilenet_v2.onnx" --array 16x16 --quiet --out "$OX/mv2" >/dev/null 2>&1 &&
    "$FS" network --net mobilenet_v2 --array 16x16 --quiet --out "$OX/zoo" >/dev/null 2>&1 &&
    [ "$(json "$OX/mv2/summary.json" cycles)" = "$(json "$OX/zoo/summary.json" cycles)" ] &&
    diff <(cut -d, -f3- "$OX/mv2/layers.csv") <(cut -d, -f3- "$OX/zoo/layers.csv") >/dev/null &&
    [ "$(json "$OX/mv2/summary.json" onnx.not_on_array.BatchNormalization)" = 52 ]; then
    ok
  else bad "onnx mobilenet_v2 equals the zoo's"; fi
  for hw in baseline fuse; do
    if "$FS" network --onnx "$OX/grouped.onnx" --array 4x4 --hw $hw --quiet --out "$OX/g_$hw" >/dev/null 2>&1 &&
      [ "$(json "$OX/g_$hw/summary.json" verified)" = true ]; then ok; else bad "onnx grouped on $hw"; fi
  done
  printf '[architecture_presets]\nArrayHeight: 8\nArrayWidth: 8\nDataflow: os\n' >"$OX/os8.cfg"
  for m in grouped asym_pad matmul_head; do
    if "$FS" onnx-topology "$OX/$m.onnx" --out "$OX/$m.csv" >/dev/null 2>&1 &&
      "$FS" scalesim --config "$OX/os8.cfg" --topology "$OX/$m.csv" --quiet --out "$OX/ss_$m" >/dev/null 2>&1 &&
      "$FS" network --onnx "$OX/$m.onnx" --array 8x8 --dw-convention scalesim-collapsed --quiet \
        --out "$OX/net_$m" >/dev/null 2>&1 &&
      [ "$(json "$OX/ss_$m/summary.json" cycles)" = "$(json "$OX/net_$m/summary.json" cycles)" ]; then
      ok
    else bad "onnx-topology round trip of $m"; fi
  done
  expect_error onnx_truncated "bad_truncated.onnx: file: not an ONNX model" network --onnx "$OX/bad_truncated.onnx"
  expect_error onnx_not_onnx "bad_not_onnx.onnx: file: not an ONNX model" network --onnx "$OX/bad_not_onnx.onnx"
  expect_error onnx_opset "bad_opset.onnx: opset_import: opset 3 is not supported" network --onnx "$OX/bad_opset.onnx"
  expect_error onnx_dilation "node 'dilated' \(Conv\): dilation 2x2" network --onnx "$OX/bad_dilation.onnx"
  expect_error onnx_dynamic "dynamic_batch.onnx: input 'input': .*--input-shape" network --onnx "$OX/dynamic_batch.onnx"
  expect_error onnx_runtime_w "node 'conv_rt' \(Conv\): its weights 'w_relu' are computed at run time" network --onnx "$OX/bad_runtime_weights.onnx"
  expect_error onnx_empty "bad_empty.onnx: graph: the graph is empty" network --onnx "$OX/bad_empty.onnx"
  expect_error onnx_with_net "--onnx: the model is the network; drop --net" network --onnx "$OX/grouped.onnx" --net mobilenet_v2
  expect_error onnx_bad_shape "--input-shape" network --onnx "$OX/dynamic_batch.onnx" --input-shape 2x16x12
else
  bad "scripts/make_onnx_models.py failed"
fi

# --accelergy writes what its help says: the ERT and ART tables and the action counts (issue 16).
if "$FS" layer --op conv --ifmap 8x8x4 --filters 4 --kernel 3 --pad 1 --array 4x4 --accelergy \
    --out "$W/acc" >/dev/null 2>&1 &&
  /usr/bin/python3 - "$W/acc" <<'PY'
import sys, yaml
d = sys.argv[1]
ert = yaml.safe_load(open(d + "/ERT.yaml"))["ERT"]
art = yaml.safe_load(open(d + "/ART.yaml"))["ART"]
act = yaml.safe_load(open(d + "/action_counts.yaml"))
assert art["tables"] and all(float(t["area"]) > 0 for t in art["tables"]), art
assert ert["tables"] and act, (ert, act)
PY
then ok; else bad "--accelergy writes ERT, ART and action counts"; fi

# ERT.yaml x action_counts.yaml reproduces fusesim's total energy (the property real Accelergy
# showed, issue 16), also with a memory system: the scratchpads' DRAM-side accesses and the DRAM
# bytes are actions too. One layer with DDR4, a network with HBM2, and paper's per-run sets.
"$FS" layer --op conv --ifmap 16x16x8 --filters 8 --kernel 3 --pad 1 --array 4x4 --memory ddr4-3200 \
  --accelergy --quiet --out "$W/acc_mem" >/dev/null 2>&1 || bad "layer --memory --accelergy exit"
"$FS" network --net mobilenet_v3_small --variant full --array 8x8 --memory hbm2 --accelergy --quiet \
  --out "$W/acc_net" >/dev/null 2>&1 || bad "network --memory --accelergy exit"
/usr/bin/python3 - "$W" <<'PY' && ok || bad "ERT x action counts != energy_pj"
import json, sys, yaml
w = sys.argv[1]
def check(folder, prefix="", memory=True):
    ert = yaml.safe_load(open(f"{folder}/{prefix}ERT.yaml"))["ERT"]["tables"]
    act = yaml.safe_load(open(f"{folder}/{prefix}action_counts.yaml"))["action_counts"]["local"]
    energy = {}
    for t in ert:
        for a in t["actions"]:
            key = (t["name"], a["name"])
            assert key not in energy or energy[key] == a["energy"], key  # one energy per action
            energy[key] = float(a["energy"])
    total, names = 0.0, set()
    for c in act:
        for a in c["action_counts"]:
            total += a["counts"] * energy[(c["name"], a["name"])]
            names.add((c["name"], a["name"]))
    summary = json.load(open(f"{folder}/{prefix}summary.json"))
    want = summary["energy_pj"]
    assert abs(total - want) <= 1e-9 * want, (folder, prefix, total, want)
    if memory:
        dram = "fusesim." + summary["energy"]["memory"]["dram_component"]
        for n in ("fusesim.ifmap_spad", "fusesim.filter_spad", "fusesim.ofmap_spad"):
            assert any(c == n for c, _ in names), (n, names)
        assert (dram, "read_byte") in names and (dram, "write_byte") in names, names
check(f"{w}/acc_mem")
check(f"{w}/acc_net")
check(f"{w}/acc", memory=False)
for var in ("baseline", "full"):
    check(f"{w}/paper16", f"mobilenet_v3_small_{var}_", memory=False)
    arch = yaml.safe_load(open(f"{w}/paper16/mobilenet_v3_small_{var}_architecture.yaml"))
    assert arch["architecture"]["version"] == 0.4
PY

# architecture.yaml (Accelergy v0.4): checked against a schema of our own — the tree has the array's
# rows and columns, the FuSe bus only on the FuSe array, the scratchpads and DRAM only with a memory;
# every component's class is an Accelergy primitive or a compound class defined in the file, and
# every compound action names subcomponents of its class.
for cfg in "baseline ideal" "fuse ddr4-3200"; do
  set -- $cfg
  if "$FS" layer --op conv --ifmap 8x8x4 --filters 4 --kernel 3 --pad 1 --array 4x6 --hw $1 \
      --memory $2 --accelergy --out "$W/arch_$1" >/dev/null 2>&1 &&
    /usr/bin/python3 - "$W/arch_$1/architecture.yaml" $1 $2 <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
fuse, ideal = sys.argv[2] == "fuse", sys.argv[3] == "ideal"
PRIM = {"intmultiplier", "intadder", "reg", "mux", "wire", "counter", "SRAM", "DRAM"}
arch, cc = doc["architecture"], doc["compound_components"]
assert arch["version"] == 0.4 and cc["version"] == 0.4
classes = {c["name"]: c for c in cc["classes"]}
for c in classes.values():
    subs = {s["name"]: s for s in c["subcomponents"]}
    assert all(s["class"] in PRIM for s in subs.values()), c["name"]
    for a in c["actions"]:
        for s in a["subcomponents"]:
            assert s["name"] in subs, (c["name"], a["name"], s["name"])
            assert all("name" in x for x in s["actions"])
seen = {}
def walk(node, path):
    for comp in node.get("local", []):
        assert comp["class"] in classes or comp["class"] in PRIM, comp
        seen[comp["name"]] = (path, comp)
    for sub in node.get("subtree", []):
        walk(sub, path + [sub["name"]])
walk(arch, [])
assert seen["pe"][0] == ["system", "row[0..3]", "PE[0..5]"], seen["pe"][0]
assert ("fuse_bus" in seen) == fuse and (seen["pe"][1]["attributes"]["fuse"] is fuse)
assert all((n in seen) != ideal for n in ("DRAM", "ifmap_spad", "filter_spad", "ofmap_spad"))
if not ideal:
    assert seen["ifmap_spad"][1]["attributes"]["depth"] > 0
PY
  then ok; else bad "architecture.yaml ($cfg)"; fi
done

# Per-operand memory columns and energies (issue 10): only with a memory; the layers add up to
# the network's summary; no window of 1000 cycles carries more than DDR4-3200's 25.6 B/cycle.
python3 - "$D/n0" "$W/net" <<'PY' && ok || bad "memory columns of layers.csv"
import csv, json, sys
mem, ideal = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(mem + "/layers.csv")))
s = json.load(open(mem + "/summary.json"))
m, e = s["memory"], s["energy"]["memory"]
for op in ("ifmap", "filter", "ofmap"):
    for k in ("reads", "writes"):
        assert sum(int(r[f"sram_{op}_{k}"]) for r in rows) == m["sram_accesses"][op][k], (op, k)
    for kind in ("sram", "dram"):
        tot = sum(float(r[f"{kind}_energy_{op}_pj"]) for r in rows)
        assert abs(tot - e[f"{kind}_pj"][op]) <= 1e-6 * max(1.0, tot), (kind, op, tot)
assert 0 < m["dram_bytes_per_cycle_peak"]["total"] <= 25.6 * (1 + 1e-12), m["dram_bytes_per_cycle_peak"]
assert all(float(r["dram_bw_peak_total"]) <= 25.6 * (1 + 1e-9) for r in rows)
head = open(ideal + "/layers.csv").readline()
assert "sram_ifmap_reads" not in head and head.rstrip().endswith("dram_ofmap_bytes"), head
assert "memory" not in json.load(open(ideal + "/summary.json"))
PY

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
