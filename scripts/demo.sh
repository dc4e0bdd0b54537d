#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: the paper's speed-up table on a 64x64
# array by cycle-accurate, bit-exact simulation (printed), then the figures under results/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh >/dev/null
FS=./build/fusesim
R=results
mkdir -p "$R"
# 1. The paper's table (all 25 network variants) on 64x64.
#    Also under the serial and global-select drains: how much of the speed-up the drain decides.
#    Also each baseline unmodified on the FuSe array, and every FuSe run again with input prefetch.
$FS paper --array 64x64 --drains overlap,serial,global-select --input-prefetch on --out "$R/paper_64"
# 2. Speed-up of the Full variant, and of the unmodified baseline on the FuSe array (K×K
#    depthwise by rows, no retraining), versus array size.
SIZES=${DEMO_SIZES:-"8 16 32 128 256"}
scaling=("$R/paper_64")
for n in $SIZES; do
  echo "== Full variants on ${n}x${n}"
  $FS paper --array ${n}x${n} --variants full --drains overlap --quiet --out "$R/paper_$n" |
    sed -n '/^FuSeConv speed-up/,$p'
  scaling+=("$R/paper_$n")
done
# 3. Per-PE utilisation of one layer (pin-level engine): a 3x3 depthwise layer on the plain
#    array keeps one column busy — the inefficiency FuSeConv removes.
$FS layer --op dw --ifmap 28x28x16 --kernel 3x3 --pad 1 --array 16x16 --hw baseline --heatmap \
  --out "$R/heatmap_layer" >/dev/null
# 4. The memory system: MobileNet-V2's Full and Half speed-ups as the DRAM bandwidth grows
#    (docs/memory.md §3 has all five networks and the SRAM sweep).
mem=()
for bw in ${DEMO_BANDWIDTHS:-"4 16 64"}; do
  $FS paper --array 64x64 --nets mobilenet_v2 --variants full,half --dram-bw "$bw" --quiet \
    --drains overlap \
    --out "$R/memory_bw_$bw" | tail -n 3
  mem+=("$R/memory_bw_$bw")
done
# 5. Figures.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
$PY scripts/plot.py --paper "$R/paper_64" --scaling "${scaling[@]}" \
  --heatmap "$R/heatmap_layer/heatmap.csv" --memory-sweep "${mem[@]}" --out "$R/plots"
echo "figures in $R/plots:"
ls "$R/plots"
