#!/usr/bin/env bash
# Synthesizes the RTL twin (rtl/*.sv) with Yosys to a generic gate library and writes the cell
# counts as JSON, for `fusesim area --synth FILE` (docs/energy-area.md, "Area from synthesis").
#
#   scripts/synth.sh [--out FILE] [--arrays "4x4 32x32"] [--pe-only]
#
# Designs: an int8 x int8 multiplier and a 32-bit adder alone (unit_mult8, unit_add32, beside the
# table model's rows); the PE alone, plain (FUSE=0) and FuSe (FUSE=1), both with the output
# (shadow) register, as PE (16, c) of a 32-row array (ROW=16, a 6-bit drain index; the
# drain-index comparators depend on the row); then each R×C array, plain and FuSe, kept
# hierarchical (one synthesized PE per row parameter, counted once per instance).
# Flow per design: synth -noabc; dfflegalize to plain D flip-flops ($_DFF_P_, reset and enable
# become gates); abc -g AND,NAND,OR,NOR,XOR,XNOR,MUX (NOT is implicit); opt_clean; stat -json.
# Every remaining cell type has a NanGate 45 nm cell in configs/area/nangate45_cells.csv.
# Exit codes: 0 done, 2 bad option or Yosys missing, 3 Yosys failed.
set -euo pipefail
cd "$(dirname "$0")/.."

out=build/synth/synth.json
arrays="4x4 32x32"
pe_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="${2:?--out needs a file}"; shift 2 ;;
    --arrays) arrays="${2?--arrays needs a list such as \"4x4 32x32\"}"; shift 2 ;;
    --pe-only) pe_only=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "synth.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$pe_only" = 1 ]; then arrays=""; fi
for a in $arrays; do
  if ! [[ "$a" =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]]; then
    echo "synth.sh: --arrays: '$a' is not RxC (e.g. 32x32)" >&2
    exit 2
  fi
done
if ! command -v yosys >/dev/null; then
  echo "synth.sh: yosys not found: install Debian's yosys package (./scripts/setup.sh)" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src="rtl/fusesim_array.sv rtl/fusesim_pe.sv"
flow='synth -top TOP -noabc; dfflegalize -cell $_DFF_P_ 01; abc -g AND,NAND,OR,NOR,XOR,XNOR,MUX; opt_clean; stat -json'

# Two arithmetic units alone, to set beside the table model's multiplier_8b and adder_32b rows:
# the PE's int8 x int8 -> int16 signed multiply and its 32-bit add (wrap only).
cat > "$work/units.sv" <<'SV'
module unit_mult8 (input logic signed [7:0] a, input logic signed [7:0] b,
                   output logic signed [15:0] p);
  assign p = a * b;
endmodule
module unit_add32 (input logic [31:0] a, input logic [31:0] b, output logic [31:0] s);
  assign s = a + b;
endmodule
SV

# run NAME TOP "PARAM VALUE ..."
run() {
  local name=$1 top=$2 params=$3 chp="" k v
  set -- $params
  while [ $# -gt 0 ]; do k=$1; v=$2; shift 2; chp="$chp -set $k $v"; done
  local script="read_verilog -sv $src $work/units.sv; ${chp:+chparam$chp $top; }${flow//TOP/$top}"
  script="${script/stat -json/tee -q -o $work/$name.stat.json stat -json}"
  echo "synth.sh: $name ($top $params)" >&2
  if ! yosys -q -l "$work/$name.log" -p "$script" >/dev/null 2>&1; then
    echo "synth.sh: yosys failed on $name; log:" >&2
    tail -20 "$work/$name.log" >&2
    exit 3
  fi
  printf '%s %s %s\n' "$name" "$top" "$params" >> "$work/designs.txt"
}

: > "$work/designs.txt"
run unit_mult8 unit_mult8 ""
run unit_add32 unit_add32 ""
run pe_plain fusesim_pe "ROW 16 IW 6 FUSE 0 SHADOW 1"
run pe_fuse fusesim_pe "ROW 16 IW 6 FUSE 1 SHADOW 1"
for a in $arrays; do
  r=${a%x*}
  c=${a#*x}
  run "array_${a}_plain" fusesim_array "R $r C $c FUSE 0 SHADOW 1"
  run "array_${a}_fuse" fusesim_array "R $r C $c FUSE 1 SHADOW 1"
done

mkdir -p "$(dirname "$out")"
python3 - "$work" "$out" "$flow" "$(yosys -V)" <<'EOF'
import json, sys
work, out, flow, version = sys.argv[1:5]
designs = []
for line in open(f"{work}/designs.txt"):
    name, top, *p = line.split()
    params = {p[i]: int(p[i + 1]) for i in range(0, len(p), 2)}
    stat = json.load(open(f"{work}/{name}.stat.json"))
    total = stat["design"]
    designs.append({"name": name, "top": top, "params": params,
                    "cells": total["num_cells"], "cells_by_type": total["num_cells_by_type"]})
doc = {"tool": version, "flow": flow.replace("TOP", "<top>"),
       "sources": ["rtl/fusesim_array.sv", "rtl/fusesim_pe.sv"], "designs": designs}
tmp = out + ".part"
with open(tmp, "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
import os
os.replace(tmp, out)
for d in designs:
    print(f"{d['name']:24s} {d['cells']:9d} cells  " +
          " ".join(f"{k}={v}" for k, v in sorted(d["cells_by_type"].items())))
EOF
echo "synth.sh: wrote $out" >&2
