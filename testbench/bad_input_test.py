#!/usr/bin/env python3
"""Bad-input corpus of the fusesim CLI (issue 15). Usage: bad_input_test.py FUSESIM WORKDIR

One table of cases (CASES, filled by bad_input_cases_*.py), each: a name, the command line, the expected exit code, a
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bad_input_lib import *  # noqa: E402,F401,F403
import bad_input_cases_layer  # noqa: E402,F401 (registers its cases)
import bad_input_cases_files  # noqa: E402,F401
import bad_input_cases_memory  # noqa: E402,F401
import bad_input_cases_sweep  # noqa: E402,F401


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
            "layer", "network", "paper", "demo", "scalesim", "area", "sweep") else None
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


def attempt(c):
    try:
        return run_case(c)
    except Exception as e:  # a broken case is a failure, not a crash of the corpus
        return "the test itself raised %r" % e


def main():
    shutil.rmtree(W, ignore_errors=True)
    os.makedirs(os.path.join(W, "cases"))
    passed = failed = skipped = 0
    if not make_template():
        failed += 1
    t0 = time.monotonic()
    only = os.environ.get("FUSESIM_CASES")  # a regex: run just those cases (while developing)
    for c in CASES:
        if only and not re.search(only, c["name"]):
            continue
        reason = c["guard"]() if c.get("guard") else None
        if reason:
            print("SKIP: %s: %s" % (c["name"], reason))
            skipped += 1
            continue
        err = attempt(c)
        if err and "refused only after simulating" in err:
            # A slow start on a loaded machine (CI, parallel tests) is not a late refusal: a run
            # that really simulates first is slow again, so one retry keeps the case able to fail.
            print("RETRY: %s: %s" % (c["name"], err))
            shutil.rmtree(os.path.join(W, "cases", c["name"]), ignore_errors=True)
            err = attempt(c)
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
