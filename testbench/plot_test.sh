#!/bin/bash
# scripts/plot.py end to end (issue 16): a small paper run and a heat-map pair, plotted in every
# --format; each file must be a real PNG, PDF or SVG, the heat maps must name their layer and
# array, and a bad --format or --dpi is refused with exit 2. Skips (exit 77) only when Debian's
# matplotlib is absent.
set -u
FS="$1"
W="$2"
PLOT="$(dirname "$0")/../scripts/plot.py"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
if ! "$PY" -c "import matplotlib" 2>/dev/null; then
  echo "SKIP: matplotlib is missing (scripts/setup.sh installs python3-matplotlib)"
  exit 77
fi
rm -rf "$W"; mkdir -p "$W"
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

"$FS" paper --array 16x16 --nets mobilenet_v3_small --variants full --quiet --out "$W/paper" >/dev/null || bad "paper exit"
"$FS" layer --op dw --ifmap 12x12x4 --kernel 3x3 --pad 1 --array 8x8 --heatmap --quiet --out "$W/dw" >/dev/null || bad "dw heatmap"
"$FS" layer --op fuse-row --ifmap 12x12x4 --kernel 1x3 --pad 1 --array 8x8 --hw fuse --heatmap --quiet --out "$W/fuse" >/dev/null || bad "fuse heatmap"

# The file really is in the format: its first bytes.
is_format() {
  "$PY" -c 'import sys
magic = {"png": b"\x89PNG\r\n", "pdf": b"%PDF-", "svg": b"<?xml"}[sys.argv[2]]
sys.exit(0 if open(sys.argv[1], "rb").read(8).startswith(magic) else 1)' "$1" "$2"
}
for fmt in png pdf svg; do
  o="$W/plots_$fmt"
  if "$PY" "$PLOT" --paper "$W/paper" --scaling "$W/paper" --heatmap "$W/dw/heatmap.csv" \
      --heatmap-pair "$W/dw/heatmap.csv" "$W/fuse/heatmap.csv" --format "$fmt" --dpi 120 --out "$o" >/dev/null; then
    for f in paper_latency_speedup op_latency_shares scaling_full_speedup pe_heatmap pe_heatmap_pair; do
      is_format "$o/$f.$fmt" "$fmt" && ok || bad "$f.$fmt is not a $fmt file"
    done
    [ -z "$(ls "$o" | grep -v "\.$fmt$")" ] && ok || bad "--format $fmt wrote other formats: $(ls "$o")"
  else
    bad "plot.py --format $fmt"
  fi
done
# SVG keeps text as text: the heat maps name their layer and array.
grep -q "dw 3x3 on 12x12x4" "$W/plots_svg/pe_heatmap.svg" && grep -q "8x8 plain array" "$W/plots_svg/pe_heatmap.svg" && ok || bad "heat map title"
grep -q "fuse-row 1x3" "$W/plots_svg/pe_heatmap_pair.svg" && grep -q "8x8 FuSe array" "$W/plots_svg/pe_heatmap_pair.svg" && ok || bad "pair titles"
# --dpi changes the PNG's pixel size.
"$PY" "$PLOT" --heatmap "$W/dw/heatmap.csv" --dpi 60 --out "$W/lo" >/dev/null && "$PY" - "$W/lo/pe_heatmap.png" "$W/plots_png/pe_heatmap.png" <<'PY' && ok || bad "--dpi"
import struct, sys
w = [struct.unpack(">I", open(p, "rb").read()[16:20])[0] for p in sys.argv[1:]]
assert w[0] * 1.5 < w[1], w
PY
"$PY" "$PLOT" --heatmap "$W/dw/heatmap.csv" --format gif --out "$W/bad" >/dev/null 2>&1; [ $? = 2 ] && ok || bad "--format gif not refused"
"$PY" "$PLOT" --heatmap "$W/dw/heatmap.csv" --dpi 0 --out "$W/bad" >/dev/null 2>&1; [ $? = 2 ] && ok || bad "--dpi 0 not refused"

echo "plot: $pass passed, $fail failed"
[ "$fail" = 0 ]
