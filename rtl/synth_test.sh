#!/usr/bin/env bash
# Synthesis of the PE (plain and FuSe) with Yosys and its pricing by `fusesim area --synth`
# (docs/energy-area.md, "Area from synthesis"). Checks what could go wrong: the JSON parses, the
# FuSe PE is larger than the plain one by less than a PE (a 2:1 mux on 11 bits, not a second
# datapath), every register of pe_core.h's PeRegs is a flip-flop, the priced areas add up, and a
# missing Yosys or result file is a clear exit-2 error.
#   rtl/synth_test.sh FUSESIM_BINARY WORK_DIR
set -euo pipefail
fusesim=$1
work=$2
root="$(cd "$(dirname "$0")/.." && pwd)"
rm -rf "$work"
mkdir -p "$work"

"$root/scripts/synth.sh" --pe-only --out "$work/synth.json" > "$work/synth.log" 2>&1
"$fusesim" area --array 32x32 --synth "$work/synth.json" --out "$work/area" > "$work/area.log"
grep -q "PE: plain" "$work/area.log"

python3 - "$work/synth.json" "$work/area/area.json" <<'EOF'
import json, sys
synth = json.load(open(sys.argv[1]))
area = json.load(open(sys.argv[2]))
d = {x["name"]: x for x in synth["designs"]}
plain, fuse = d["pe_plain"], d["pe_fuse"]
for x in (plain, fuse):
    assert x["cells"] == sum(x["cells_by_type"].values()), x
    # PeRegs: h, v, s (11 bits each), acc (32), psum, out (33 each) = 131 flip-flops; acc_valid
    # is constant 0 with the shadow register and is optimised away.
    assert x["cells_by_type"]["$_DFF_P_"] == 131, x["cells_by_type"]
assert fuse["cells"] > plain["cells"], (plain["cells"], fuse["cells"])
s = area["synthesized"]
pe = s["pe"]
assert 0 < pe["fuse_um2"] - pe["plain_um2"] < 0.1 * pe["plain_um2"], pe
assert abs(pe["fuse_overhead_pct"] - 100 * (pe["fuse_um2"] / pe["plain_um2"] - 1)) < 1e-9, pe
by = {x["name"]: x for x in s["designs"]}
assert abs(sum(by["pe_plain"]["area_by_cell_um2"].values()) - pe["plain_um2"]) < 1e-6
assert abs(by["pe_plain"]["area_by_cell_um2"]["DFF_X1"] - 131 * 4.522) < 1e-6
print("synthesized PE: plain %.1f um2, FuSe %.1f um2 (+%.2f %%)" %
      (pe["plain_um2"], pe["fuse_um2"], pe["fuse_overhead_pct"]))
EOF

# A missing result file: exit 2, the file named, no output folder.
set +e
"$fusesim" area --synth "$work/none.json" --out "$work/bad" > "$work/bad.log" 2>&1
rc=$?
set -e
[ "$rc" = 2 ] || { echo "missing --synth file: exit $rc, want 2"; cat "$work/bad.log"; exit 1; }
grep -q "none.json" "$work/bad.log"
[ ! -e "$work/bad" ]

# No Yosys on the PATH: synth.sh exits 2 and says so.
mkdir -p "$work/bin"
ln -sf "$(command -v dirname)" "$work/bin/dirname"
set +e
PATH="$work/bin" /bin/bash "$root/scripts/synth.sh" --pe-only --out "$work/x.json" > "$work/noyosys.log" 2>&1
rc=$?
set -e
[ "$rc" = 2 ] || { echo "synth.sh without yosys: exit $rc, want 2"; cat "$work/noyosys.log"; exit 1; }
grep -q "yosys not found" "$work/noyosys.log"
echo "synth test passed"
