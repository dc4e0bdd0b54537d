#!/usr/bin/env python3
"""Bad-input corpus of the fusesim CLI (issue 15). Usage: bad_input_test.py FUSESIM WORKDIR

One table of cases (CASES below), each: a name, the command line, the expected exit code, a
regular expression the stderr must match (the message names the option, or file:line: field),
the state of --out afterwards, and optionally a setup function that writes the case's input
files into its own folder. Every case runs in WORKDIR/cases/NAME (its working directory).

The contract pinned here (docs/user-guide.md, testbench/output_dir.h):
  exit 2  bad input: one message "fusesim CMD: ..." on stderr and no output at all: a new --out
          folder is not left behind (or left empty), an existing one is unchanged byte for byte,
          no temporary (.fusesim-tmp-*, .fusesim-probe-*, .tmp, .part) and no --vcd/.gtkw file;
  exit 3  internal error (here: out of memory under a ulimit), "internal error", no output;
  exit 1  failed verification (FUSESIM_FAULT injection): the results ARE written, verified false.
--out states: "new" (a fresh folder), "prev" (an earlier fusesim run's folder), "foreign" (a folder
with files no fusesim run wrote), "empty" (an existing empty folder), "none" (the case gives --out
itself, or none), "written"/"updated" (a run that commits: exit 0 or 1).

Prints "FAIL: name: reason" per failure and closes with "bad-input corpus: N passed, M failed".
"""

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
    """An earlier fusesim run's folder (with --accelergy: three result files and the manifest)."""
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


# -- the command itself
C("no_command", [], 2, r"^fusesim: .*command", out="none")
C("unknown_command", ["bogus"], 2, r"^fusesim: unknown command 'bogus'")
C("unknown_command_control_byte", ["bo\x1bgus"], 2, r"unknown command 'bo\\x1Bgus'")
C("option_as_command", ["--array", "4x4"], 2, r"unknown command '--array'")

# -- layer: stray tokens and the option parser
C("layer_stray_stride", ["layer"] + TINY + ["--stride", "2", "1"], 2, r"unexpected argument '1'")
C("layer_stray_first", ["layer", "conv"] + TINY, 2, r"unexpected argument 'conv'")
C("layer_unknown_option", ["layer"] + TINY + ["--frobnicate", "3"], 2,
  r"unrecognised option '--frobnicate'")
C("layer_abbreviated_option", ["layer"] + TINY + ["--filter", "3"], 2,
  r"unrecognised option '--filter'")  # not taken for --filters
C("layer_missing_value", ["layer"] + TINY + ["--kernel"], 2,
  r"the required argument for option '--kernel' is missing", out="none")
C("layer_option_twice", ["layer"] + TINY + ["--array", "4x4"], 2,
  r"option '--array' cannot be specified more than once")
C("layer_no_ifmap", ["layer", "--filters", "2"], 2, r"--ifmap HxWxC is required")
C("layer_no_filters", ["layer", "--ifmap", "4x4x2"], 2, r"--filters M is required")
C("layer_no_out", ["layer"] + TINY, 2, r"--out DIR is required", out="none")
C("layer_out_empty_name", ["layer"] + TINY + ["--out", ""], 2, r"--out: an output folder",
  out="none")
# -- layer: the layer's shape
C("layer_bad_op", ["layer", "--op", "deconv", "--ifmap", "4x4x2", "--filters", "2"], 2,
  r"--op: expected .*'deconv'")
C("layer_zero_dim", ["layer", "--ifmap", "0x4x2", "--filters", "2"], 2,
  r"ifmap height must be >= 1")
C("layer_ifmap_two_fields", ["layer", "--ifmap", "4x4", "--filters", "2"], 2,
  r"--ifmap: expected HxWxC, got '4x4'")
C("layer_ifmap_hex", ["layer", "--ifmap", "0x10x4x2", "--filters", "2"], 2, r"--ifmap: expected")
C("layer_ifmap_space", ["layer", "--ifmap", "4 x4x2", "--filters", "2"], 2, r"--ifmap: expected")
C("layer_ifmap_wraps", ["layer", "--ifmap", "4294967297x1x1", "--filters", "1"], 2,
  r"--ifmap: expected HxWxC, got '4294967297x1x1'")
C("layer_ifmap_negative", ["layer", "--ifmap", "4x-4x2", "--filters", "2"], 2,
  r"ifmap width must be >= 1")
C("layer_kernel_too_big", ["layer", "--ifmap", "4x4x3", "--filters", "4", "--kernel", "9x3",
                           "--pad", "1"], 2, r"kernel height 9 is larger than the padded input")
C("layer_overflow_kernel_pad_stride",
  ["layer", "--ifmap", "1x1x3", "--filters", "1", "--kernel", "1000000000x1000000000", "--pad",
   "1000000000", "--stride", "1000000000"], 2, r"padded input height 2000000001 is over the limit",
  forbid=r"-\d")
C("layer_overflow_ifmap_pad", ["layer", "--ifmap", "200000000x1x1", "--filters", "1", "--pad",
                               "1000000000"], 2,
  r"padded input height 2200000000 is over the limit", forbid=r"-\d")
C("layer_too_large", ["layer", "--ifmap", "50000x50000x1", "--filters", "1"], 2,
  r"layer too large to simulate: .*limit", forbid=r"-\d")
C("layer_gemm_too_large", ["layer", "--op", "gemm", "--gemm", "1000000000x1000000000x1"], 2,
  r"layer too large to simulate", forbid=r"-\d")
C("layer_too_large_saturates", ["layer", "--ifmap", "1000000000x1000000000x1000000000",
                                "--filters", "1000000000"], 2, r"too large|over the limit",
  forbid=r"-\d")
C("layer_filters_zero", ["layer", "--ifmap", "4x4x2", "--filters", "0"], 2,
  r"--filters: every dimension must be >= 1")
C("layer_filters_junk", ["layer", "--ifmap", "4x4x2", "--filters", "4x"], 2,
  r"--filters: expected a count M, got '4x'")
C("layer_batch_zero", ["layer"] + TINY + ["--batch", "0"], 2, r"--batch: every dimension")
C("layer_stride_zero", ["layer"] + TINY + ["--stride", "0"], 2, r"stride height must be >= 1")
C("layer_stride_junk", ["layer"] + TINY + ["--stride", "2x2x2"], 2, r"--stride: expected")
C("layer_pad_negative", ["layer"] + TINY + ["--pad", "-1"], 2, r"padding \(height\) must be >= 0")
C("layer_gemm_missing", ["layer", "--op", "gemm"], 2, r"--op gemm needs --gemm MxKxN")
C("layer_gemm_with_ifmap", ["layer", "--op", "gemm", "--gemm", "4x4x4", "--ifmap", "4x4x2"], 2,
  r"--ifmap: not used with --op gemm")
C("layer_gemm_without_op", ["layer"] + TINY + ["--gemm", "4x4x4"], 2, r"--gemm: only with --op")
C("layer_gemm_zero", ["layer", "--op", "gemm", "--gemm", "4x0x4"], 2, r"--gemm: every dimension")
C("layer_linear_shape", ["layer", "--op", "linear", "--ifmap", "4x4x2", "--filters", "2"], 2,
  r"--op linear takes --ifmap 1x1xC")
C("layer_dw_filters", ["layer", "--op", "dw", "--ifmap", "4x4x2", "--filters", "3",
                       "--kernel", "3x3"], 2, r"filters == channels")
C("layer_fuse_row_kernel", ["layer", "--op", "fuse-row", "--ifmap", "4x4x2", "--kernel", "3x3"],
  2, r"fuse-row needs a 1xK kernel")
# -- layer: the array and the run options
C("layer_array_junk", ["layer", "--ifmap", "4x4x2", "--filters", "2", "--array", "8by8"], 2,
  r"--array: expected RxC")
C("layer_array_zero", ["layer", "--ifmap", "4x4x2", "--filters", "2", "--array", "0x4"], 2,
  r"--array: every dimension must be >= 1")
C("layer_array_huge", ["layer", "--ifmap", "4x4x2", "--filters", "2", "--array", "2000x2000"], 2,
  r"--array: .*more than 1048576 PEs")
C("layer_array_tall", ["layer", "--ifmap", "4x4x2", "--filters", "2", "--array", "32768x1"], 2,
  r"--array: .*side longer than 32767")
C("layer_hw_bad", ["layer"] + TINY + ["--hw", "turbo"], 2, r"--hw: expected baseline or fuse")
C("layer_drain_bad", ["layer"] + TINY + ["--drain", "parallel"], 2, r"--drain: expected")
C("layer_dataflow_bad", ["layer"] + TINY + ["--dataflow", "xs"], 2,
  r"--dataflow: expected os, ws or is, got 'xs'")
C("layer_dw_convention_bad", ["layer"] + TINY + ["--dw-convention", "x"], 2, r"--dw-convention:")
C("layer_engine_bad", ["layer"] + TINY + ["--engine", "rtl"], 2, r"--engine: expected fast or pin")
C("layer_threads_negative", ["layer"] + TINY + ["--threads", "-1"], 2,
  r"--threads: expected an integer from 0 to 1024, got '-1'")
C("layer_threads_1025", ["layer"] + TINY + ["--threads", "1025"], 2, r"--threads: expected")
C("layer_threads_huge", ["layer"] + TINY + ["--threads", "4294967297"], 2, r"--threads: expected")
C("layer_seed_exponent", ["layer"] + TINY + ["--seed", "1e3"], 2, r"--seed: expected .*'1e3'")
C("layer_seed_negative", ["layer"] + TINY + ["--seed", "-5"], 2, r"--seed: expected")
C("layer_seed_wraps", ["layer"] + TINY + ["--seed", "18446744073709551617"], 2, r"--seed: expected")
C("layer_log_level_bad", ["layer"] + TINY + ["--log-level", "loud"], 2, r"--log-level: expected")
CLOCKS = {"inf": "inf", "nan": "nan", "0": "zero", "-5": "negative", "1e999": "overflows",
          "1000MHz": "unit", "0x10": "hex", " 5": "space", "1e308": "too_high",
          "5e-324": "too_low"}  # the last two: power or EDP would not be finite
for v, what in CLOCKS.items():
    C("layer_clock_mhz_" + what, ["layer"] + TINY + ["--clock-mhz", v], 2,
      r"--clock-mhz: expected .*, got '%s'" % re.escape(v))
C("layer_vcd_engine_fast", ["layer"] + TINY + ["--engine", "fast", "--vcd", "w.vcd"], 2,
  r"--vcd: waveforms come from the pin-level engine")
C("layer_heatmap_engine_fast", ["layer"] + TINY + ["--engine", "fast", "--heatmap"], 2,
  r"--heatmap: per-PE counts")
# -- layer: tracing
C("layer_trace_pes_without_vcd", ["layer"] + TINY + ["--trace-pes", "0:1,0:1"], 2,
  r"--trace-pes/--trace-cycles/--trace-layer need --vcd")
C("layer_trace_pes_wraps", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-pes",
                                               "0:99999999999,0:1"], 2,
  r"--trace-pes: expected R0:R1,C0:C1.*'0:99999999999,0:1'")
C("layer_trace_pes_outside", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-pes", "0:1,5:9"], 2,
  r"--trace-pes: .*outside the 2x2 array")
C("layer_trace_pes_reversed", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-pes", "1:0,0:1"], 2,
  r"--trace-pes: expected")
C("layer_trace_pes_junk", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-pes", "0:1,0:1junk"], 2,
  r"--trace-pes: expected")
C("layer_trace_cycles_junk", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-cycles", "1:x"], 2,
  r"--trace-cycles: expected FROM:TO.*'1:x'")
C("layer_trace_cycles_reversed", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-cycles", "9:1"],
  2, r"--trace-cycles: expected")
C("layer_trace_layer_unknown", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-layer", "conv9"],
  2, r"--trace-layer: the layer command runs one layer")
C("layer_trace_layer_unknown_prev", ["layer"] + TINY + ["--vcd", "out/w.vcd", "--trace-layer",
                                                        "conv9"], 2, r"--trace-layer:",
  out="prev")
C("layer_trace_layer_unknown_empty", ["layer"] + TINY + ["--vcd", "out/w.vcd", "--trace-layer",
                                                         "conv9"], 2, r"--trace-layer:",
  out="empty")
C("layer_vcd_is_folder", ["layer"] + TINY + ["--vcd", "."], 2, r"--vcd \.: is a folder")
C("layer_vcd_no_folder", ["layer"] + TINY + ["--vcd", "nodir/w.vcd"], 2,
  r"--vcd nodir/w.vcd: the folder nodir does not exist")
C("layer_vcd_under_proc", ["layer"] + TINY + ["--vcd", "/proc/fusesim-test.vcd"], 2,
  r"--vcd /proc/fusesim-test.vcd: the folder /proc is not writable")
# -- layer: --out
C("layer_out_is_file", ["layer"] + BIG + ["--out", "afile"], 2,
  r"--out afile: exists and is not a folder", out="none", setup=files(afile="mine\n"),
  max_s=5, check=file_unchanged("afile", b"mine\n"))
C("layer_out_under_proc", ["layer"] + BIG + ["--out", "/proc/fusesim-test-out"], 2,
  r"--out /proc/fusesim-test-out: (cannot create|.*not writable)", out="none", max_s=5,
  check=lambda d, so, se: "left /proc/fusesim-test-out" if os.path.exists(
      "/proc/fusesim-test-out") else None)
C("layer_out_proc_itself", ["layer"] + BIG + ["--out", "/proc"], 2,
  r"--out /proc: the folder is not writable", out="none", max_s=5)
C("layer_out_read_only_parent", ["layer"] + TINY + ["--out", "ro/out"], 2,
  r"--out ro/out: cannot create", out="none",
  setup=lambda d: (os.makedirs(os.path.join(d, "ro")), os.chmod(os.path.join(d, "ro"), 0o500)),
  guard=lambda: "root may write anywhere (the /proc cases cover it)" if os.geteuid() == 0
  else None)
C("layer_out_parent_is_file", ["layer"] + TINY + ["--out", "afile/sub"], 2,
  r"--out afile/sub: cannot create", out="none", setup=files(afile="mine\n"),
  check=file_unchanged("afile", b"mine\n"))
C("layer_out_foreign", ["layer"] + BIG, 2,
  r"--out \S*out: the folder holds 1 file\(s\) that no fusesim run wrote there \(notes.txt\)",
  out="foreign", max_s=5)
C("layer_out_foreign_hidden", ["layer"] + TINY, 2, r"no fusesim run wrote there \(\.hidden\)",
  out="foreign", setup=lambda d: (os.makedirs(os.path.join(d, "out")),
                                  write(d, "out/.hidden", "x")))
C("layer_out_foreign_subfolder", ["layer"] + TINY, 2, r"no fusesim run wrote there \(sub\)",
  out="foreign", setup=lambda d: os.makedirs(os.path.join(d, "out", "sub")))
C("layer_out_manifest_incomplete", ["layer"] + TINY, 2, r"no fusesim run wrote there \(b.txt\)",
  out="foreign", setup=lambda d: (os.makedirs(os.path.join(d, "out")),
                                  write(d, "out/.fusesim-manifest", "a.txt\n"),
                                  write(d, "out/a.txt", "a"), write(d, "out/b.txt", "b")))
C("layer_prev_bad_option", ["layer"] + TINY + ["--clock-mhz", "0"], 2, r"--clock-mhz", out="prev")
C("layer_prev_bad_layer", ["layer", "--ifmap", "0x4x2", "--filters", "2"], 2, r"ifmap height",
  out="prev")
C("layer_prev_stray", ["layer"] + TINY + ["extra"], 2, r"unexpected argument 'extra'", out="prev")
C("layer_out_name_too_long", ["layer"] + TINY + ["--out", "b" * 300], 2,
  r"--out b+: cannot create the folder \(File name too long\)", out="none")
C("layer_out_manifest_escapes", ["layer"] + TINY, 2,
  r"--out \S+: its \.fusesim-manifest lists '\.\./victim\.txt', not a file name", out="foreign",
  setup=lambda d: (write(d, "victim.txt", "v"), os.makedirs(os.path.join(d, "out")),
                   write(d, "out/.fusesim-manifest", "summary.json\n../victim.txt\n"),
                   write(d, "out/summary.json", "{}")),
  check=file_unchanged("victim.txt", b"v"))
C("layer_out_manifest_lists_folder", ["layer"] + TINY + ["--out", "out"], 0, r"", out="none",
  setup=lambda d: (os.makedirs(os.path.join(d, "out", "sub")), write(d, "out/sub/mine.txt", "m"),
                   write(d, "out/.fusesim-manifest", "sub\n")),
  check=file_unchanged("out/sub/mine.txt", b"m"))  # the update never removes a user's files
# -- layer: writing fails (a full disk, here a file size limit): nothing is left, or changed
C("layer_write_fails", ["layer"] + TINY, 2, r"--out \S+: cannot write summary\.json", fsize=1000)
C("layer_write_fails_prev", ["layer"] + TINY, 2, r"cannot write summary\.json", out="prev",
  fsize=1000)
C("layer_vcd_write_fails", ["layer"] + TINY + ["--vcd", "out/w.vcd"], 2,
  r"w\.vcd: cannot write the waveform",
  fsize=1000)
# -- layer: the waveform's files, refused before simulating (PIN_BIG: ~6 s on the pin engine)
C("layer_vcd_names_result", ["layer"] + PIN_BIG + ["--vcd", "out/summary.json"], 2,
  r"--vcd \S*summary\.json: a waveform inside the --out folder must end in \.vcd", max_s=3)
C("layer_vcd_names_result_prev", ["layer"] + TINY + ["--vcd", "out/summary.json"], 2,
  r"--vcd \S*summary\.json:", out="prev")
C("layer_vcd_names_manifest", ["layer"] + TINY + ["--vcd", "out/.fusesim-manifest"], 2,
  r"--vcd \S*manifest:", out="prev")
C("layer_gtkw_is_folder", ["layer"] + PIN_BIG + ["--vcd", "w.vcd"], 2,
  r"--vcd w\.vcd: the GTKWave file beside it, w\.gtkw, is a folder",
  setup=lambda d: os.makedirs(os.path.join(d, "w.gtkw")), max_s=3)
C("layer_vcd_name_too_long", ["layer"] + PIN_BIG + ["--vcd", "a" * 252 + ".vcd"], 2,
  r"--vcd a+\.vcd: the file name a+\.vcd is longer than 255 bytes", max_s=3)
C("layer_gtkw_name_too_long", ["layer"] + PIN_BIG + ["--vcd", "a" * 251 + ".vcd"], 2,
  r"the file name a+\.gtkw is longer than 255 bytes", max_s=3)
C("layer_vcd_long_name_works", ["layer"] + TINY + ["--vcd", "a" * 250 + ".vcd"], 0, r"",
  out="written", verified=True,
  check=lambda d, so, se: None if os.path.isfile(os.path.join(d, "a" * 250 + ".vcd")) and
  os.path.isfile(os.path.join(d, "a" * 250 + ".gtkw")) else "no waveform written")
C("layer_fault_value_bad", ["layer"] + TINY, 2, r"FUSESIM_FAULT \(environment\): expected",
  env={"FUSESIM_FAULT": "everything"}, guard=need_fault)
# -- layer: exit 3 (out of memory for real) and no partial output
C("layer_oom", ["layer"] + HUGE, 3, r"^fusesim layer: internal error", ulimit_kb=OOM_KB)
C("layer_oom_prev", ["layer"] + HUGE, 3, r"internal error", out="prev", ulimit_kb=OOM_KB)
C("layer_oom_pin_vcd", ["layer"] + HUGE + ["--vcd", "out/w.vcd"], 3, r"internal error",
  out="empty", ulimit_kb=OOM_KB)
C("layer_oom_pin_vcd_beside", ["layer"] + HUGE + ["--vcd", "w.vcd"], 3, r"internal error",
  ulimit_kb=OOM_KB)
# -- layer: exit 1 (failed verification): the results are written
C("layer_fault", ["layer"] + TINY, 1, r"", out="written", verified=False,
  env={"FUSESIM_FAULT": FAULT or ""}, guard=need_fault)
C("layer_fault_prev", ["layer"] + TINY, 1, r"replaced", out="updated", verified=False,
  env={"FUSESIM_FAULT": FAULT or ""}, guard=need_fault)
# -- the earlier run's folder is updated by a run that succeeds (the other half of the contract)
C("layer_prev_updated", ["layer"] + TINY, 0,
  r"^note: .*earlier run's results; 3 file\(s\) replaced",
  out="updated", verified=True)

# -- energy tables (--energy-table; read by every simulating command)
E = ["layer"] + TINY + ["--energy-table"]
C("energy_missing", E + ["nope.csv"], 2, r"nope\.csv: file: cannot open")
C("energy_is_folder", E + ["."], 2, r"\.: is a folder")
C("energy_empty", E + ["e.csv"], 2, r"e\.csv: file: empty file", setup=files(e_csv=""))
C("energy_comments_only", E + ["e.csv"], 2, r"e\.csv: file: empty file",
  setup=files(e_csv="# nothing\n\n"))
C("energy_bom_accepted", E + ["e.csv"], 0, r"", out="written", verified=True,
  setup=table("e.csv", ENERGY, lambda t: b"\xef\xbb\xbf" + t))
C("energy_crlf_accepted", E + ["e.csv"], 0, r"", out="written", verified=True,
  setup=table("e.csv", ENERGY, lambda t: t.replace(b"\n", b"\r\n")))
C("energy_nul", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: .*0\.2\\x0099" % EN_MUL,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "multiplier_8b,", ",0.2,", ",0.2\x0099,")))
C("energy_missing_column", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: missing column" % EN_HDR,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "component,", "energy_pj", "energy")))
C("energy_duplicate_column", E + ["e.csv"], 2, r"e\.csv:%d: unit: duplicate column" % EN_HDR,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "component,", "tech_node", "unit")))
C("energy_non_numeric", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: .*'abc'" % EN_MUL,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "multiplier_8b,", ",0.2,", ",abc,")))
C("energy_negative", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: .*-0\.2" % EN_MUL,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "multiplier_8b,", ",0.2,", ",-0.2,")))
C("energy_inf", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: .*inf" % EN_ADD,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "adder_32b,", ",0.1,", ",inf,")))
C("energy_nan", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: .*nan" % EN_ADD,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "adder_32b,", ",0.1,", ",nan,")))
C("energy_too_many_fields", E + ["e.csv"], 2, r"e\.csv:%d: row: expected 6 fields, got 7" % EN_ADD,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "adder_32b,", ",0.1,", ",0.1,extra,")))
C("energy_duplicate_row", E + ["e.csv"], 2, r"e\.csv:%d: .*duplicate" % (EN_ADD + 1),
  setup=table("e.csv", ENERGY, lambda t: dup_row(t, "adder_32b,")))
C("energy_missing_row", E + ["e.csv"], 2, r"e\.csv: component: missing row clock\.flop_cycle",
  setup=table("e.csv", ENERGY, lambda t: drop_row(t, "clock,")))
C("energy_unterminated_quote", E + ["e.csv"], 2, r"e\.csv:%d: row: unterminated" % EN_ADD,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "adder_32b,", 'add"', "add")))
C("energy_huge_value", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: .*1e300" % EN_MUL,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "multiplier_8b,", ",0.2,", ",1e300,")))
C("energy_dev_zero", E + ["/dev/zero"], 2, r"/dev/zero: file: larger than 64 MiB")
C("energy_prev", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj:" % EN_MUL, out="prev",
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "multiplier_8b,", ",0.2,", ",abc,")))
C("energy_network", ["network", "--net", "mobilenet_v3_small", "--array", "4x4",
                     "--energy-table", "e.csv"], 2, r"^fusesim network: e\.csv:%d: energy_pj" %
  EN_MUL, setup=table("e.csv", ENERGY, lambda t: edit_row(t, "multiplier_8b,", ",0.2,", ",x,")))
C("energy_paper", ["paper", "--energy-table", "e.csv"], 2, r"^fusesim paper: e\.csv: is a folder",
  setup=lambda d: os.makedirs(os.path.join(d, "e.csv")), max_s=5)
C("energy_scalesim", scalesim("s.cfg", "t.csv", "--energy-table", "e.csv"), 2,
  r"^fusesim scalesim: e\.csv: file: empty", setup=files(s_cfg=CFG, t_csv=TOPO, e_csv=""))

# -- area (and its table, --area-table)
A = ["area", "--array", "4x4", "--area-table"]
C("area_stray_array", ["area", "64x64"], 2, r"^fusesim area: unexpected argument '64x64'")
C("area_stray_prev", ["area", "64x64"], 2, r"unexpected argument '64x64'", out="prev")
C("area_unknown_option", ["area", "--dataflow", "os"], 2, r"unrecognised option '--dataflow'")
C("area_array_bad", ["area", "--array", "64"], 2, r"--array: expected RxC")
C("area_array_huge", ["area", "--array", "4096x4096"], 2, r"--array: .*more than 1048576 PEs")
C("area_drain_bad", ["area", "--drain", "x"], 2, r"--drain: expected")
C("area_no_out", ["area", "--array", "4x4"], 2, r"--out DIR is required", out="none")
C("area_out_is_file", ["area", "--out", "afile"], 2, r"--out afile: exists and is not a folder",
  out="none", setup=files(afile="mine\n"), check=file_unchanged("afile", b"mine\n"))
C("area_out_under_proc", ["area", "--out", "/proc/fusesim-test-out"], 2,
  r"--out /proc/fusesim-test-out:", out="none")
C("area_out_foreign", ["area"], 2, r"no fusesim run wrote there", out="foreign")
C("area_table_missing", A + ["nope.csv"], 2, r"nope\.csv: file: cannot open")
C("area_table_is_folder", A + ["."], 2, r"\.: is a folder")
C("area_table_empty", A + ["a.csv"], 2, r"a\.csv: file: empty file", setup=files(a_csv=""))
C("area_table_bom_accepted", A + ["a.csv"], 0, r"", out="written", file="area.json",
  setup=table("a.csv", AREA, lambda t: b"\xef\xbb\xbf" + t))
C("area_table_nul", A + ["a.csv"], 2, r"a\.csv:%d: area_um2: .*282\\x00" % AR_MUL,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "multiplier_8b,", ",282,", ",282\x00,")))
C("area_table_nul_component", A + ["a.csv"], 2, r"a\.csv:%d: component: .*mux\\x002_bit" %
  line_of(AR, "mux2_bit,"),
  setup=table("a.csv", AREA, lambda t: edit_row(t, "mux2_bit,", "mux2_bit", "mux\x002_bit")))
C("area_table_missing_column", A + ["a.csv"], 2, r"a\.csv:%d: area_um2: missing column" % AR_HDR,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "component,", "area_um2", "area")))
C("area_table_non_numeric", A + ["a.csv"], 2, r"a\.csv:%d: area_um2: .*'big'" % AR_MUL,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "multiplier_8b,", ",282,", ",big,")))
C("area_table_negative", A + ["a.csv"], 2, r"a\.csv:%d: area_um2: .*-4\.522" % AR_REG,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "register_bit,", ",4.522,", ",-4.522,")))
C("area_table_inf", A + ["a.csv"], 2, r"a\.csv:%d: area_um2: .*inf" % AR_REG,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "register_bit,", ",4.522,", ",inf,")))
C("area_table_nan", A + ["a.csv"], 2, r"a\.csv:%d: area_um2: .*nan" % AR_REG,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "register_bit,", ",4.522,", ",nan,")))
C("area_table_huge", A + ["a.csv"], 2, r"a\.csv:%d: area_um2:" % AR_REG,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "register_bit,", ",4.522,", ",1e308,")))
C("area_table_too_few_fields", A + ["a.csv"], 2, r"a\.csv:%d: row: expected 5 fields, got 4" %
  AR_REG, setup=table("a.csv", AREA, lambda t: edit_row(t, "register_bit,", ",4.522,", ",")))
C("area_table_duplicate_row", A + ["a.csv"], 2,
  r"a\.csv:%d: component: duplicate row register_bit \(first at line %d\)" % (AR_REG + 1, AR_REG),
  setup=table("a.csv", AREA, lambda t: dup_row(t, "register_bit,")))
C("area_table_unknown_component", A + ["a.csv"], 2, r"a\.csv:%d: component: unknown component" %
  AR_REG, setup=table("a.csv", AREA, lambda t: edit_row(t, "register_bit,", "register_bit,",
                                                          "flipflop_bit,")))
C("area_table_missing_row", A + ["a.csv"], 2, r"a\.csv: component: missing row sram_kib",
  setup=table("a.csv", AREA, lambda t: drop_row(t, "sram_kib,")))
C("area_table_prev", A + ["a.csv"], 2, r"a\.csv:%d: area_um2" % AR_MUL, out="prev",
  setup=table("a.csv", AREA, lambda t: edit_row(t, "multiplier_8b,", ",282,", ",big,")))
C("area_prev_updated", ["area", "--array", "4x4"], 0, r"^note: .*3 file\(s\) replaced",
  out="updated", file="area.json")

# -- network
N = ["network", "--net", "mobilenet_v3_small", "--variant", "full", "--array", "4x4", "--quiet"]
C("network_no_net", ["network", "--array", "4x4"], 2, r"--net NAME is required")
C("network_unknown_net", ["network", "--net", "resnet50"], 2, r"--net/--variant: .*resnet50")
C("network_unknown_variant", ["network", "--net", "mobilenet_v2", "--variant", "quarter"], 2,
  r"--net/--variant: .*quarter")
C("network_stray", N + ["mobilenet_v2"], 2, r"unexpected argument 'mobilenet_v2'")
C("network_vcd_without_trace_layer", N + ["--vcd", "w.vcd"], 2,
  r"--vcd with network needs --trace-layer")
C("network_trace_layer_without_vcd", N + ["--trace-layer", "MB1.pw"], 2, r"need --vcd")
C("network_trace_layer_unknown", N + ["--vcd", "w.vcd", "--trace-layer", "nope"], 2,
  r"--trace-layer: no executed layer named 'nope' in mobilenet_v3_small/full")
C("network_trace_layer_unknown_prev", N + ["--vcd", "out/w.vcd", "--trace-layer", "nope"], 2,
  r"--trace-layer: no executed layer", out="prev")
C("network_pin_vcd", N + ["--engine", "pin", "--vcd", "w.vcd", "--trace-layer", "MB1.pw"], 2,
  r"drop --engine pin")
C("network_trace_pes_outside", N + ["--vcd", "w.vcd", "--trace-layer", "MB1.pw", "--trace-pes",
                                    "0:8,0:1"], 2, r"--trace-pes: .*outside the 4x4 array")
C("network_out_foreign", ["network", "--net", "mobilenet_v2", "--array", "4x4", "--quiet"], 2,
  r"no fusesim run wrote there", out="foreign", max_s=5)
C("network_out_under_proc", ["network", "--net", "mobilenet_v2", "--array", "4x4", "--quiet",
                             "--out", "/proc/fusesim-test-out"], 2, r"--out /proc/", out="none",
  max_s=5)
C("network_variant_empty", ["network", "--net", "mobilenet_v2", "--variant", ""], 2,
  r"--net/--variant:")
C("network_fault", N, 1, r"", out="written", verified=False, env={"FUSESIM_FAULT": FAULT or ""},
  guard=need_fault)

# -- paper and demo (refused before simulating: the default run is all five networks)
C("paper_nets_unknown", ["paper", "--nets", "resnet50"], 2, r"--nets: unknown 'resnet50'",
  max_s=5)
C("paper_nets_empty_item", ["paper", "--nets", "mobilenet_v2,,mnasnet_b1"], 2,
  r"--nets: unknown ''", max_s=5)
C("paper_nets_trailing_comma", ["paper", "--nets", "mobilenet_v3_small,"], 2,
  r"--nets: unknown ''", max_s=5)
C("paper_variants_empty", ["paper", "--variants", ""], 2, r"--variants: the list is empty", max_s=5)
C("paper_variants_unknown", ["paper", "--variants", "full,quarter"], 2,
  r"--variants: unknown 'quarter'", max_s=5)
C("paper_hw", ["paper", "--hw", "fuse"], 2, r"--hw: paper runs", max_s=5)
C("paper_engine_pin", ["paper", "--engine", "pin"] + V3S, 2, r"--engine pin: .*one design",
  max_s=5)
C("paper_vcd", ["paper", "--vcd", "w.vcd"] + V3S, 2, r"--vcd/--trace-\*", max_s=5)
C("paper_trace_pes", ["paper", "--trace-pes", "0:1,0:1"] + V3S, 2, r"--vcd/--trace-\*", max_s=5)
C("paper_stray", ["paper", "all"], 2, r"unexpected argument 'all'", max_s=5)
C("paper_array_bad", ["paper", "--array", "64x"], 2, r"--array: expected", max_s=5)
C("paper_threads_bad", ["paper", "--threads", "two"], 2, r"--threads: expected", max_s=5)
C("paper_no_out", ["paper"] + V3S, 2, r"--out DIR is required", out="none", max_s=5)
C("paper_out_foreign", ["paper"], 2, r"no fusesim run wrote there", out="foreign", max_s=5)
C("paper_out_is_file", ["paper", "--out", "afile"], 2, r"--out afile: exists and is not a folder",
  out="none", setup=files(afile="x"), max_s=5, check=file_unchanged("afile", b"x"))
C("paper_prev_bad_nets", ["paper", "--nets", "nope"], 2, r"--nets: unknown", out="prev", max_s=5)
C("paper_fault", ["paper"] + V3S, 1, r"", out="written", file="speedups.csv",
  env={"FUSESIM_FAULT": FAULT or ""}, guard=need_fault)
C("demo_stray", ["demo", "now"], 2, r"^fusesim demo: unexpected argument 'now'", max_s=5)
C("demo_hw", ["demo", "--hw", "fuse"], 2, r"^fusesim demo: --hw:", max_s=5)
C("demo_engine_pin", ["demo", "--engine", "pin"], 2, r"--engine pin:", max_s=5)
C("demo_nets_unknown", ["demo", "--nets", "x"], 2, r"--nets: unknown 'x'", max_s=5)
C("demo_array_twice", ["demo", "--array", "4x4", "--array", "8x8"], 2,
  r"option '--array' cannot be specified more than once", max_s=5)
C("demo_array_abbreviated", ["demo", "--arr", "4x4"], 2, r"unrecognised option '--arr'", max_s=5)
C("demo_out_under_proc", ["demo", "--out", "/proc/fusesim-test-out"], 2, r"--out /proc/",
  out="none", max_s=5)
C("demo_out_foreign", ["demo"], 2, r"no fusesim run wrote there", out="foreign", max_s=5)

# -- scalesim: the command line
C("scalesim_no_config", ["scalesim", "--topology", "t.csv"], 2,
  r"--config F\.cfg and --topology F\.csv are required", setup=ss_files())
C("scalesim_no_topology", ["scalesim", "--config", "s.cfg"], 2, r"--topology F\.csv",
  setup=ss_files())
C("scalesim_array_given", scalesim("s.cfg", "t.csv", "--array", "8x8"), 2,
  r"--array: scalesim takes it from the \.cfg", setup=ss_files())
C("scalesim_dataflow_given", scalesim("s.cfg", "t.csv", "--dataflow", "ws"), 2,
  r"--dataflow: scalesim takes it", setup=ss_files())
C("scalesim_stray", scalesim("s.cfg", "t.csv", "more.csv"), 2, r"unexpected argument 'more\.csv'",
  setup=ss_files())
C("scalesim_trace_layer_unknown",
  scalesim("s.cfg", "t.csv", "--vcd", "w.vcd", "--trace-layer", "c9"), 2,
  r"--trace-layer: no layer named 'c9' in t\.csv", setup=ss_files())
C("scalesim_trace_layer_unknown_prev", scalesim("s.cfg", "t.csv", "--vcd", "out/w.vcd",
                                                "--trace-layer", "c9"), 2, r"--trace-layer:",
  out="prev", setup=ss_files())
C("scalesim_trace_pes_outside_cfg_array", scalesim("s.cfg", "t.csv", "--vcd", "w.vcd",
                                                   "--trace-pes", "0:5,0:1"), 2,
  r"--trace-pes: .*outside the 4x4 array", setup=ss_files())
C("scalesim_oom", scalesim(), 3, r"^fusesim scalesim: internal error", ulimit_kb=OOM_KB,
  setup=ss_files(topo=TOPO_HDR + "big, 1024, 1024, 1, 1, 1024, 1, 1,\n"))
C("scalesim_oom_prev", scalesim(), 3, r"internal error", out="prev", ulimit_kb=OOM_KB,
  setup=ss_files(topo=TOPO_HDR + "big, 1024, 1024, 1, 1, 1024, 1, 1,\n"))
C("scalesim_fault", scalesim(), 1, r"", out="written", verified=False, setup=ss_files(),
  env={"FUSESIM_FAULT": FAULT or ""}, guard=need_fault)
C("scalesim_prev_updated", scalesim(), 0, r"^note: .*replaced", out="updated", verified=True,
  setup=ss_files())
# -- scalesim: the .cfg file
C("cfg_missing", scalesim("nope.cfg"), 2, r"nope\.cfg: file: cannot open", setup=ss_files())
C("cfg_is_folder", scalesim("."), 2, r"\.: is a folder", setup=ss_files())
C("cfg_empty", scalesim(), 2, r"s\.cfg: ArrayHeight: required key missing", setup=ss_files(cfg=""))
C("cfg_bom_accepted", scalesim(), 0, r"", out="written", verified=True,
  setup=ss_files(cfg=b"\xef\xbb\xbf" + CFG.encode()))
C("cfg_nul", scalesim(), 2, r"s\.cfg:2: ArrayHeight: .*'4\\x005'",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: 4\x005")))
C("cfg_dev_null", scalesim("/dev/null"), 2, r"/dev/null: ArrayHeight: required key missing",
  setup=ss_files())
C("cfg_name_control_byte", scalesim("a\x1bb.cfg"), 2, r"a\\x1Bb\.cfg: file: cannot open",
  setup=ss_files())
C("cfg_height_non_numeric", scalesim(), 2, r"s\.cfg:2: ArrayHeight: expected a positive integer",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: four")))
C("cfg_height_negative", scalesim(), 2, r"s\.cfg:2: ArrayHeight: expected a positive integer, "
  r"got '-4'", setup=ss_files(cfg=CFG.replace("Height: 4", "Height: -4")))
C("cfg_height_inf", scalesim(), 2, r"s\.cfg:2: ArrayHeight: .*'inf'",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: inf")))
C("cfg_width_nan", scalesim(), 2, r"s\.cfg:3: ArrayWidth: .*'nan'",
  setup=ss_files(cfg=CFG.replace("Width: 4", "Width: nan")))
C("cfg_height_wraps", scalesim(), 2, r"s\.cfg:2: ArrayHeight: .*4294967300",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: 4294967300")), forbid=r"-\d")
C("cfg_height_too_large_for_simulator", scalesim(), 2, r"s\.cfg:2: ArrayHeight: .*32767",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: 40000")), max_s=5)
C("cfg_width_too_large_for_simulator", scalesim(), 2, r"s\.cfg:3: ArrayWidth: .*32767",
  setup=ss_files(cfg=CFG.replace("Width: 4", "Width: 40000")))
C("cfg_too_large_bom_lower_case", scalesim(), 2, r"s\.cfg:2: ArrayHeight: .*32767",
  setup=ss_files(cfg=b"\xef\xbb\xbf" + CFG.replace("ArrayHeight: 4", " arrayheight = 40000")
                 .encode()))
C("cfg_too_many_pes", scalesim(), 2, r"s\.cfg:2: ArrayHeight: .*1048576",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: 2000").replace("Width: 4", "Width: 2000")))
C("cfg_too_large_prev", scalesim(), 2, r"s\.cfg:2: ArrayHeight:", out="prev",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: 40000")))
C("cfg_dataflow_bad", scalesim(), 2, r"s\.cfg:4: Dataflow: expected os, ws or is, got 'xs'",
  setup=ss_files(cfg=CFG.replace("os", "xs")))
C("cfg_dataflow_missing", scalesim(), 2, r"s\.cfg: Dataflow: required key missing",
  setup=ss_files(cfg=CFG.replace("Dataflow: os\n", "")))
C("cfg_duplicate_key", scalesim(), 2, r"s\.cfg:5: ArrayWidth: duplicate key \(first at line 3\)",
  setup=ss_files(cfg=CFG + "ArrayWidth: 8\n"))
C("cfg_duplicate_section", scalesim(), 2, r"s\.cfg:5: \[architecture_presets\]: duplicate section",
  setup=ss_files(cfg=CFG + "[architecture_presets]\n"))
C("cfg_key_outside_section", scalesim(), 2, r"s\.cfg:1: Dataflow: key outside any \[section\]",
  setup=ss_files(cfg="Dataflow: ws\n" + CFG.replace("Dataflow: os\n", "")))
C("cfg_no_separator", scalesim(), 2, r"s\.cfg:5: ArrayDepth 4: expected 'key: value'",
  setup=ss_files(cfg=CFG + "ArrayDepth 4\n"))
C("cfg_bad_section_header", scalesim(), 2, r"s\.cfg:5: section: malformed section header",
  setup=ss_files(cfg=CFG + "[run_presets\n"))
C("cfg_bandwidth_banks", scalesim(), 2, r"s\.cfg:\d+: (Bandwidth|MemoryBanks):",
  setup=ss_files(cfg=CFG + "Bandwidth: 10\nMemoryBanks: 2\n[run_presets]\n"
                 "InterfaceBandwidth: USER\n"))
C("cfg_sram_zero", scalesim(), 2, r"s\.cfg:5: IfmapSramSzkB: expected a positive integer",
  setup=ss_files(cfg=CFG + "IfmapSramSzkB: 0\n"))
C("cfg_interface_bad", scalesim(), 2, r"s\.cfg:6: InterfaceBandwidth: expected USER or CALC",
  setup=ss_files(cfg=CFG + "[run_presets]\nInterfaceBandwidth: FAST\n"))
# -- scalesim: the topology CSV
C("topo_missing", scalesim("s.cfg", "nope.csv"), 2, r"nope\.csv: file: cannot open",
  setup=ss_files())
C("topo_is_folder", scalesim("s.cfg", "."), 2, r"\.: is a folder", setup=ss_files())
C("topo_empty", scalesim(), 2, r"t\.csv: file: empty file", setup=ss_files(topo=""))
C("topo_dev_null", scalesim("s.cfg", "/dev/null"), 2, r"/dev/null: file: empty file",
  setup=ss_files())
C("topo_header_only", scalesim(), 2, r"t\.csv:1: file: no layer rows",
  setup=ss_files(topo=TOPO_HDR))
C("topo_no_header", scalesim(), 2, r"t\.csv:1: header: expected a header line",
  setup=ss_files(topo="c1, 6, 6, 3, 3, 2, 4, 1,\n"))
C("topo_bom_accepted", scalesim(), 0, r"", out="written", verified=True,
  setup=ss_files(topo=b"\xef\xbb\xbf" + TOPO.encode()))
C("topo_nul", scalesim(), 2, r"t\.csv:2: Channels: .*'2\\x007'",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, 6, 3, 3, 2\x007, 4, 1,\n"))
C("topo_nul_name", scalesim(), 2, r"t\.csv:2: Layer name: .*c\\x001",
  setup=ss_files(topo=TOPO_HDR + "c\x001, 6, 6, 3, 3, 2, 4, 1,\n"))
C("topo_too_few_columns", scalesim(), 2, r"t\.csv:3: columns: expected 8 or 9 columns.*got 7",
  setup=ss_files(topo=TOPO + "c2, 6, 6, 3, 3, 2, 4,\n"))
C("topo_too_many_columns", scalesim(), 2, r"t\.csv:2: columns: .*got 10",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, 6, 3, 3, 2, 4, 1, 1, 1,\n"))
C("topo_non_numeric", scalesim(), 2, r"t\.csv:2: IFMAP Width: expected a positive integer, got "
  r"'six'", setup=ss_files(topo=TOPO_HDR + "c1, 6, six, 3, 3, 2, 4, 1,\n"))
C("topo_negative", scalesim(), 2, r"t\.csv:2: Num Filter: expected a positive integer, got '-4'",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, 6, 3, 3, 2, -4, 1,\n"))
C("topo_inf", scalesim(), 2, r"t\.csv:2: Strides: .*'inf'",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, 6, 3, 3, 2, 4, inf,\n"))
C("topo_nan", scalesim(), 2, r"t\.csv:2: IFMAP Height: .*'nan'",
  setup=ss_files(topo=TOPO_HDR + "c1, nan, 6, 3, 3, 2, 4, 1,\n"))
C("topo_wraps", scalesim(), 2, r"t\.csv:2: IFMAP Height: .*4294967302",
  setup=ss_files(topo=TOPO_HDR + "c1, 4294967302, 6, 3, 3, 2, 4, 1,\n"), forbid=r"-\d")
C("topo_filter_too_big", scalesim(), 2, r"t\.csv:2: Filter Height: filter height 7 is larger",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, 6, 7, 3, 2, 4, 1,\n"))
C("topo_layer_too_large", scalesim(), 2, r"t\.csv:2: layer: layer too large to simulate",
  setup=ss_files(topo=TOPO_HDR + "big, 50000, 50000, 1, 1, 1, 1, 1,\n"), forbid=r"-\d")
C("topo_sparsity", scalesim(), 2, r"t\.csv:2: Sparsity: sparsity ratio '2:4'",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, 6, 3, 3, 2, 4, 1, 2:4,\n"))
C("topo_gemm_file_as_conv", scalesim(os.path.join(FIX, "minimal.cfg"),
                                      os.path.join(FIX, "scalesim_test_mnk_input.csv")), 2,
  r"scalesim_test_mnk_input\.csv:2: columns: .*is this an M,N,K GEMM topology\?")
C("topo_gemm_columns", scalesim("s.cfg", "t.csv", "--gemm"), 2,
  r"t\.csv:2: columns: expected 4 columns.*conv topology", setup=ss_files())
C("topo_gemm_zero", scalesim("s.cfg", "t.csv", "--gemm"), 2, r"t\.csv:2: K: expected a positive",
  setup=ss_files(topo=GEMM_HDR + "g1, 4, 4, 0,\n"))
C("topo_prev", scalesim(), 2, r"t\.csv:2: IFMAP Width", out="prev",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, six, 3, 3, 2, 4, 1,\n"))


# ---------------------------------------------------------------- running a case


def run_case(c):
    d = os.path.join(W, "cases", c["name"])
    os.makedirs(d)
    out = os.path.join(d, "out")
    if c["out"] in ("prev", "updated"):
        shutil.copytree(TEMPLATE, out)
    if c.get("setup"):
        c["setup"](d)
    if c["out"] == "foreign" and not os.path.exists(out):
        os.makedirs(out)
        write(out, "notes.txt", "my notes\n")
    elif c["out"] == "empty":
        os.makedirs(out)
    before = listing(out) if os.path.isdir(out) else None
    waves = []  # the waveform files a failed run must not leave (unless they were there before)
    if "--vcd" in c["argv"]:
        vcd = os.path.join(d, c["argv"][c["argv"].index("--vcd") + 1])
        base = vcd[:-4] if vcd.endswith(".vcd") else vcd
        waves = [p for p in (vcd, base + ".gtkw", vcd + ".part") if not os.path.exists(p)]
    argv = list(c["argv"])
    if c["out"] != "none":
        argv += ["--out", out]
    env = dict(os.environ)
    env.update(c.get("env", {}))
    limit = c.get("ulimit_kb")
    fsize = c.get("fsize")

    def preexec():
        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit * 1024, limit * 1024))
        if fsize:  # writes past fsize bytes fail with EFBIG, as on a full disk
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    t0 = time.monotonic()
    try:
        r = subprocess.run([FS] + argv, cwd=d, env=env, capture_output=True, timeout=60,
                           preexec_fn=preexec)
    except subprocess.TimeoutExpired:
        return "ran for over 60 s (the refusal did not come before the simulation)"
    elapsed = time.monotonic() - t0
    so = r.stdout.decode(errors="replace")
    se = r.stderr.decode(errors="replace")
    write(d, "stderr.txt", r.stderr)
    first = (se.splitlines() or [""])[0]
    if r.returncode != c["rc"]:
        return "exit %d, expected %d; stderr: %s" % (r.returncode, c["rc"], se.strip()[:300])
    if c["err"] and not re.search(c["err"], se, re.M):
        return "stderr %r lacks /%s/" % (se.strip()[:400], c["err"])
    if c.get("forbid") and re.search(c["forbid"], se):
        return "stderr %r holds /%s/" % (se.strip()[:300], c["forbid"])
    if c["rc"] in (2, 3):
        cmd = c["argv"][0] if c["argv"] and c["argv"][0] in (
            "layer", "network", "paper", "demo", "scalesim", "area") else None
        prefix = "fusesim %s: " % cmd if cmd else "fusesim: "
        if not first.startswith(prefix):
            return "stderr does not start with %r: %r" % (prefix, se.strip()[:300])
        if sum(1 for ln in se.splitlines() if ln.startswith("fusesim")) != 1:
            return "more than one message on stderr: %r" % se.strip()[:300]
        if c["rc"] == 3 and "internal error" not in first:
            return "exit 3 without 'internal error': %r" % first
        if cmd and so:
            return "a refused run printed results: %r" % so[:200]
    if c.get("max_s") and elapsed > c["max_s"]:
        return "took %.1f s: refused only after simulating" % elapsed
    # The state of --out.
    state = c["out"]
    if state == "new" and os.path.exists(out):
        if not os.path.isdir(out) or os.listdir(out):
            return "left output behind: %s" % sorted(os.listdir(out))
    if state in ("prev", "foreign", "empty"):
        after = listing(out) if os.path.isdir(out) else None
        if after != before:
            return "changed the existing --out folder: %s -> %s" % (before, after)
    if state in ("written", "updated"):
        main = os.path.join(out, c.get("file", "summary.json"))
        if not os.path.isfile(main):
            return "no %s written" % main
        if "verified" in c and summary_verified(main) is not c["verified"]:
            return "summary.json verified is %s, expected %s" % (summary_verified(main),
                                                                 c["verified"])
        manifest = os.path.join(out, ".fusesim-manifest")
        if not os.path.isfile(manifest):
            return "no manifest written"
        listed = set(read(manifest).decode().split())
        present = set(os.listdir(out)) - {".fusesim-manifest"}
        if listed != present:
            return "manifest %s does not match the folder %s" % (sorted(listed), sorted(present))
        if state == "updated":
            old = set(os.listdir(TEMPLATE)) - {".fusesim-manifest"}
            if "replaced" not in se:
                return "no note that the earlier run's files were replaced"
            for n in old - listed:
                if os.path.exists(os.path.join(out, n)):
                    return "the earlier run's %s was not removed" % n
    # Never any temporary, and no waveform from a run that failed.
    tmp = temporaries(d)
    if tmp:
        return "temporary files left: %s" % tmp
    for p in waves if c["rc"] not in (0, 1) else []:
        if os.path.exists(p):
            return "a refused run left %s" % os.path.relpath(p, d)
    if c.get("check"):
        return c["check"](d, so, se)
    return None


def main():
    shutil.rmtree(W, ignore_errors=True)
    os.makedirs(os.path.join(W, "cases"))
    passed = failed = skipped = 0
    if not make_template():
        failed += 1
    t0 = time.monotonic()
    for c in CASES:
        reason = c["guard"]() if c.get("guard") else None
        if reason:
            print("SKIP: %s: %s" % (c["name"], reason))
            skipped += 1
            continue
        try:
            err = run_case(c)
        except Exception as e:  # a broken case is a failure, not a crash of the corpus
            err = "the test itself raised %r" % e
        if err:
            print("FAIL: %s: %s" % (c["name"], err))
            failed += 1
        else:
            passed += 1
    print("%d cases in %.1f s%s" % (len(CASES), time.monotonic() - t0,
                                    ", %d skipped" % skipped if skipped else ""))
    print("bad-input corpus: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
