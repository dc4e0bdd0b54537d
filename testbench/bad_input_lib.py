"""Shared part of the bad-input corpus (bad_input_test.py): paths, input-file builders, the
checks of --out, and the case table CASES that the bad_input_cases_*.py files fill with C()."""

import hashlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time

FS = os.path.abspath(sys.argv[1])
W = os.path.abspath(sys.argv[2])
SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(SRC, "workloads", "testdata", "scalesim")
ENERGY = os.path.join(SRC, "configs", "energy", "45nm.csv")
AREA = os.path.join(SRC, "configs", "area", "45nm.csv")
TEMPLATE = os.path.join(W, "template_prev")  # an earlier fusesim run's --out folder
# What `layer --accelergy` writes there: summary.json, ERT.yaml, ART.yaml, action_counts.yaml,
# architecture.yaml (a run replacing them says how many).
TEMPLATE_FILES = 5

# A tiny layer (milliseconds) and a big one (about a minute if it were simulated: a case using it
# checks that the refusal comes before the simulation).
TINY = ["--op", "conv", "--ifmap", "4x4x2", "--filters", "2", "--array", "2x2"]
BIG = ["--op", "conv", "--ifmap", "256x256x64", "--filters", "64", "--kernel", "3x3",
       "--array", "4x4", "--quiet"]
# Passes validation, cannot be allocated under OOM_KB of address space.
HUGE = ["--op", "pointwise", "--ifmap", "1024x1024x1024", "--filters", "1", "--array", "4x4"]
OOM_KB = 400000
# About 6 s on the pin-level engine (a waveform refused after simulating would show).
PIN_BIG = ["--op", "conv", "--ifmap", "64x64x32", "--filters", "32", "--kernel", "3x3",
           "--array", "4x4", "--quiet", "--trace-cycles", "0:10"]
V3S = ["--nets", "mobilenet_v3_small", "--variants", "full", "--array", "4x4", "--quiet"]
TEMP_RE = re.compile(r"(^\.fusesim-tmp-|^\.fusesim-probe-|\.tmp$|\.part$)")


# ---------------------------------------------------------------- input files for the cases


def write(d, name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def line_of(text, prefix):
    """1-based number of the first line of `text` (bytes) starting with `prefix`."""
    for i, ln in enumerate(text.split(b"\n")):
        if ln.startswith(prefix.encode()):
            return i + 1
    raise KeyError(prefix)


def edit_row(text, prefix, old, new):
    """`text` with `old` replaced by `new` in the first line starting with `prefix`."""
    lines = text.split(b"\n")
    for i, ln in enumerate(lines):
        if ln.startswith(prefix.encode()):
            assert old.encode() in ln, (prefix, old)
            lines[i] = ln.replace(old.encode(), new.encode(), 1)
            return b"\n".join(lines)
    raise KeyError(prefix)


def drop_row(text, prefix):
    return b"\n".join(ln for ln in text.split(b"\n") if not ln.startswith(prefix.encode()))


def dup_row(text, prefix):
    out = []
    for ln in text.split(b"\n"):
        out.append(ln)
        if ln.startswith(prefix.encode()):
            out.append(ln)
    return b"\n".join(out)


def table(name, base, fn):
    """Setup: writes the table `base` (a path) transformed by fn(bytes) -> bytes as `name`."""
    return lambda d: write(d, name, fn(read(base)))


EN = read(ENERGY)
AR = read(AREA)
EN_MUL = line_of(EN, "multiplier_8b,")  # the line numbers the messages must name
EN_ADD = line_of(EN, "adder_32b,")
EN_HDR = line_of(EN, "component,")
EN_DRAM = line_of(EN, "dram_ddr4,read_byte")
AR_MUL = line_of(AR, "multiplier_8b,")
AR_REG = line_of(AR, "register_bit,")
AR_HDR = line_of(AR, "component,")

CFG = "[architecture_presets]\nArrayHeight: 4\nArrayWidth: 4\nDataflow: os\n"
TOPO_HDR = ("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, "
            "Num Filter, Strides,\n")
TOPO = TOPO_HDR + "c1, 6, 6, 3, 3, 2, 4, 1,\n"
GEMM_HDR = "Layer Name, M, N, K,\n"


def files(**named):
    """Setup: writes each keyword (with '_' for '.') as a file; values are str or bytes."""

    def setup(d):
        for k, v in named.items():
            write(d, k.replace("_", "."), v)

    return setup


def scalesim(cfg="s.cfg", topo="t.csv", *extra):
    return ["scalesim", "--config", cfg, "--topology", topo] + list(extra)


def ss_files(cfg=CFG, topo=TOPO):
    return files(s_cfg=cfg, t_csv=topo)


def fault_value():
    """The FUSESIM_FAULT value that makes verification fail, read from the sources (e.g.
    `o.fault == "sram-bitflip"`); None when the injection does not exist (yet)."""
    src = ""
    tb = os.path.join(SRC, "testbench")
    for n in sorted(os.listdir(tb)):
        if n.endswith((".cpp", ".h")):
            with open(os.path.join(tb, n), errors="replace") as f:
                src += f.read()
    if "FUSESIM_FAULT" not in src:
        return None
    m = re.search(r'fault\s*[!=]=\s*"([^"]+)"', src)
    return m.group(1) if m else None


FAULT = fault_value()


# FUSESIM_FAULT=internal-error: the engine throws std::logic_error after edge 2 (exit 3).
IE = {"FUSESIM_FAULT": "internal-error"}
IE_MSG = r"internal error: injected internal error \(FUSESIM_FAULT=internal-error\) at edge 2"


def need_fault():
    return None if FAULT else "FUSESIM_FAULT (or its value) is not in testbench/*.cpp yet"


# ---------------------------------------------------------------- checks of --out


def listing(path):
    """Checksum listing of a folder: every entry (recursively, hidden included) with its sha256."""
    out = []
    for root, dirs, fnames in os.walk(path):
        for n in sorted(dirs):
            out.append((os.path.relpath(os.path.join(root, n), path) + "/", ""))
        for n in sorted(fnames):
            p = os.path.join(root, n)
            out.append((os.path.relpath(p, path), hashlib.sha256(read(p)).hexdigest()))
    return sorted(out)


def temporaries(path):
    found = []
    for root, dirs, fnames in os.walk(path):
        for n in dirs + fnames:
            if TEMP_RE.search(n):
                found.append(os.path.relpath(os.path.join(root, n), path))
    return found


def summary_verified(path):
    import json

    with open(path) as f:
        return json.load(f).get("verified")


def make_template():
    """An earlier fusesim run's folder (with --accelergy: TEMPLATE_FILES result files and the
    manifest)."""
    shutil.rmtree(TEMPLATE, ignore_errors=True)
    r = subprocess.run([FS, "layer"] + TINY + ["--accelergy", "--out", TEMPLATE],
                       capture_output=True, text=True)
    if r.returncode != 0 or not os.path.isfile(os.path.join(TEMPLATE, ".fusesim-manifest")):
        print("FAIL: template: the earlier run for the 'prev' cases failed: " + r.stderr.strip())
        return False
    return True


# ---------------------------------------------------------------- the cases

CASES = []


def C(name, argv, rc, err, out="new", setup=None, **opt):
    """One case. opt: env (dict), ulimit_kb (address space), fsize (largest file the run may
    write, bytes), max_s (refused fast), forbid (regex not allowed in
    stderr), check (fn(d, stdout, stderr) -> error or None), guard (fn() -> skip reason or None),
    verified (for written/updated: the expected summary.json 'verified')."""
    assert all(c["name"] != name for c in CASES), name
    CASES.append(dict(name=name, argv=argv, rc=rc, err=err, out=out, setup=setup, **opt))


def file_unchanged(name, content):
    def check(d, so, se):
        p = os.path.join(d, name)
        if not os.path.isfile(p) or read(p) != content:
            return name + " was changed or removed"
        return None

    return check


