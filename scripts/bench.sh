#!/usr/bin/env bash
# Benchmarks of both engines (figures go to docs/performance.md). Each line prints the command
# behind it. Usage: ./scripts/bench.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh >/dev/null
FS=./build/fusesim
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# rate FOLDER R C : PE-cycles/s (all PEs) and active (MAC) PE-cycles/s of one layer run.
rate() {
  python3 - "$1/summary.json" "$2" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); R, C = int(sys.argv[2]), int(sys.argv[3])
s = d["sim_seconds"]; cyc = d["cycles"]; mac = d["events"]["mac"]
print(f"  cycles {cyc}, {cyc*R*C/s/1e6:.1f} M PE-cycles/s (all PEs), {mac/s/1e6:.1f} M active PE-cycles/s, engine {s:.3f} s, verified {d['verified']}")
PY
}

run() {  # run NAME R C ARGS...
  local name="$1" r="$2" c="$3"
  shift 3
  echo "\$ $FS $* --out OUT/$name"
  /usr/bin/time -v "$FS" "$@" --out "$OUT/$name" >"$OUT/$name.log" 2>"$OUT/$name.time"
  rate "$OUT/$name" "$r" "$c"
  awk -F': ' '/Elapsed \(wall clock\)/{w=$2} /Maximum resident set size/{m=$2} END{printf "  wall %s, peak memory %.1f MB\n", w, m/1024}' "$OUT/$name.time"
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== pin-level engine (one SystemC process per PE)"
for n in 8 16 32; do
  run pin_$n $n $n layer --op conv --ifmap 28x28x32 --filters $n --kernel 3x3 --pad 1 --array ${n}x${n} --engine pin
done
echo "== Verilated RTL twin (rtl/), 16x16 FuSe array, the pin-level 16x16 layer; fast engine on the same"
cmake --build build -j "$(nproc)" --target rtl_bench >/dev/null
echo "\$ ./build/rtl_bench"
./build/rtl_bench
if [ "${1:-}" != "--quick" ]; then
  # Bench-only Verilated models (rtl/rtl.cmake, rtl_bench32 / rtl_bench64): the first run
  # Verilates and compiles them (measured: 32x32 175 s of CPU, 64x64 931 s; docs/rtl.md §7),
  # later runs reuse them. 64x64 only with FUSESIM_BENCH_RTL64=1.
  # Each runs the pin-level engine's layer for its size (conv 28x28x32 -> N, the pin_N line above
  # for N = 32) and the fast engine on it in the same process.
  sides=32
  [ "${FUSESIM_BENCH_RTL64:-0}" = 1 ] && sides="32 64"
  for n in $sides; do
    echo "== Verilated RTL twin, ${n}x${n} FuSe array, conv 28x28x32 -> $n; fast engine in the same process"
    echo "\$ cmake --build build --target rtl_bench$n"
    /usr/bin/time -f "  build wall %e s (CPU %U s user, %S s sys)" \
      cmake --build build -j "$(nproc)" --target "rtl_bench$n" >"$OUT/rtl_bench${n}_build.log"
    echo "\$ ./build/rtl_bench$n"
    "./build/rtl_bench$n"
    if [ "$n" = 64 ]; then
      run pin_64 64 64 layer --op conv --ifmap 28x28x32 --filters 64 --kernel 3x3 --pad 1 --array 64x64 --engine pin
    fi
  done
fi
echo "== fast engine, 64x64"
run fast_conv 64 64 layer --op conv --ifmap 56x56x64 --filters 64 --kernel 3x3 --pad 1 --array 64x64
run fast_fuse 64 64 layer --op fuse-row --ifmap 112x112x96 --kernel 1x3 --pad 1 --array 64x64 --hw fuse
run fast_dw 64 64 layer --op dw --ifmap 112x112x32 --kernel 3x3 --pad 1 --array 64x64
echo "== fast engine, 256x256 (memory)"
run fast_256 256 256 layer --op conv --ifmap 56x56x64 --filters 256 --kernel 1x1 --array 256x256
if [ "${1:-}" != "--quick" ]; then
  echo "== the paper table with a memory system against ideal memory, one run each (issue 10 target: <= 1.5x)"
  for mem in ideal ddr4-3200; do
    echo "\$ $FS paper --array 64x64 --memory $mem --out OUT/paper_$mem"
    /usr/bin/time -f "%e" -o "$OUT/paper_$mem.wall" "$FS" paper --array 64x64 --memory $mem --quiet \
      --out "$OUT/paper_$mem" >/dev/null
    echo "  wall $(cat "$OUT/paper_$mem.wall") s"
  done
  python3 -c "import sys; a, b = (float(open(f).read()) for f in sys.argv[1:]); print(f'  ratio ddr4-3200 / ideal: {b / a:.2f}')" \
    "$OUT/paper_ideal.wall" "$OUT/paper_ddr4-3200.wall"
  echo "== whole network, 64x64, one thread and all cores"
  for t in 1 0; do
    echo "\$ $FS network --net mobilenet_v2 --variant baseline --array 64x64 --threads $t --out OUT/net"
    /usr/bin/time -f "  wall %e s, peak memory %M KB" "$FS" network --net mobilenet_v2 --variant baseline --array 64x64 --threads $t --quiet --out "$OUT/net_$t" 2>&1 | tail -3
  done
  echo "== sweep runner overhead: 200 single layers, plain commands vs fusesim sweep run --jobs 1 (target < 5 %)"
  echo "\$ scripts/bench_sweep.sh $FS 3"
  ./scripts/bench_sweep.sh "$FS" 3
fi
