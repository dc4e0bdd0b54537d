#!/usr/bin/python3
"""The Python module against the CLI: one layer and one network through `import fusesim` give the
summary.json the fusesim binary writes for the same options (wall times aside), bad options raise
ValueError with the CLI's message, and an unverified run reports exit_code 1.

  /usr/bin/python3 python/test_module.py BUILD/python FUSESIM WORKDIR
"""

import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, sys.argv[1])
import fusesim  # noqa: E402

FS, W = sys.argv[2], sys.argv[3]
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
failures = []


def cli(*args):
    out = os.path.join(W, "cli%d" % len(os.listdir(W)))
    subprocess.run([FS, *args, "--out", out, "--quiet"], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f), out


def same(name, a, b, skip=("wall_seconds", "sim_seconds", "energy_table", "exit_code",
                           "layer_table")):
    """Equal JSON, except wall times and the energy table's path (absolute in both)."""
    if isinstance(a, dict) and isinstance(b, dict):
        keys = (set(a) | set(b)) - set(skip)
        for k in sorted(keys):
            if k not in a or k not in b:
                failures.append("%s.%s: only in %s" % (name, k, "module" if k in a else "CLI"))
            else:
                same(name + "." + k, a[k], b[k], skip)
    elif a != b:
        failures.append("%s: module %r, CLI %r" % (name, a, b))


# One layer, with a memory system and the saturating adder.
kw = dict(op="conv", ifmap=(12, 12, 8), filters=16, kernel=3, pad=1, array=(8, 8),
          dataflow="ws", memory="ddr4-3200", acc_overflow="saturate", quiet=True)
m = fusesim.layer(**kw)
c, _ = cli("layer", "--op", "conv", "--ifmap", "12x12x8", "--filters", "16", "--kernel", "3",
           "--pad", "1", "--array", "8x8", "--dataflow", "ws", "--memory", "ddr4-3200",
           "--acc-overflow", "saturate")
same("layer", m, c)
if not (m["verified"] and m["exit_code"] == 0 and m["cycles"] > 0 and m["stall_cycles"] > 0):
    failures.append("layer: %r" % {k: m.get(k) for k in ("verified", "exit_code", "cycles")})

# One network, and its per-layer table against layers.csv.
n = fusesim.network(net="mobilenet_v3_small", variant="half", array=(16, 16), quiet=True)
c, out = cli("network", "--net", "mobilenet_v3_small", "--variant", "half", "--array", "16x16")
same("network", n, c)
with open(os.path.join(out, "layers.csv")) as f:
    rows = f.read().splitlines()
table = n["layer_table"]
count = len(table)
if count != len(rows) - 1:
    failures.append("network: %d table rows, layers.csv has %d" % (count, len(rows) - 1))
first = table.iloc[0].to_dict() if hasattr(table, "iloc") else table[0]  # DataFrame or list
if str(first["sim_cycles"]) != rows[1].split(",")[7]:
    failures.append("network: first row %r vs %r" % (first["sim_cycles"], rows[1]))

# Bad options raise ValueError with the CLI's message.
try:
    fusesim.layer(op="conv", ifmap=(8, 8, 3), filters=4, dataflow="xs")
    failures.append("a bad --dataflow did not raise")
except ValueError as e:
    if "--dataflow: expected os, ws or is, got 'xs'" not in str(e):
        failures.append("bad --dataflow message: %s" % e)

# A failed verification is exit_code 1, not an exception (FUSESIM_FAULT, the CLI's fault hook).
os.environ["FUSESIM_FAULT"] = "sram-bitflip"
f = fusesim.layer(op="conv", ifmap=(8, 8, 3), filters=4, array=(4, 4), quiet=True)
del os.environ["FUSESIM_FAULT"]
if f["verified"] or f["exit_code"] != 1:
    failures.append("fault: verified %r, exit_code %r" % (f["verified"], f["exit_code"]))

for x in failures:
    print("FAIL:", x)
print("python module: %d failures" % len(failures))
sys.exit(1 if failures else 0)
