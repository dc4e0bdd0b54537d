"""Bad-input cases of `fusesim sweep` (issue 12): specs with an unknown axis or value, an empty
product, a manifest edited after planning, a results folder from a different spec. Each is refused
with exit 2, a message naming the file/line/key or the option, and nothing written or changed."""

import os
import subprocess

from bad_input_lib import *  # noqa: F401,F403 (the case table and its helpers)

HEAD = 'command = "layer"\n[fixed]\nop = "conv"\nifmap = "4x4x2"\nfilters = 2\n[axes]\n'
GOOD = HEAD + 'array = ["2x2", "3x3"]\ndataflow = ["os", "ws"]\n'
PLAN = ["sweep", "plan", "s.toml"]


def spec(text):
    return files(s_toml=text)


def planned(edit=None, run=(), other=None):
    """Plans GOOD into d/sw (running the configurations in `run`), then applies edit(d)."""

    def setup(d):
        write(d, "s.toml", GOOD)
        r = subprocess.run([FS, "sweep", "plan", "s.toml", "--out", "sw"], cwd=d,
                           capture_output=True)
        assert r.returncode == 0, r.stderr
        for i in run:
            r = subprocess.run([FS, "sweep", "task", "sw", "--index", str(i)], cwd=d,
                               capture_output=True)
            assert r.returncode == 0, r.stderr
        if edit:
            edit(d)
        write(d, "before.txt", repr(listing(os.path.join(d, "sw"))))

    return setup


def unchanged(d, so, se):
    if repr(listing(os.path.join(d, "sw"))) != read(os.path.join(d, "before.txt")).decode():
        return "the sweep folder was changed"
    return None


def edit_manifest(d):
    p = os.path.join(d, "sw", "manifest.jsonl")
    write(os.path.join(d, "sw"), "manifest.jsonl", read(p).replace(b'"2x2"', b'"4x4"'))


def results_of_other_spec(d):
    """A second plan of the same configurations from a different spec (a comment added), given
    the results of the first one."""
    import shutil

    write(d, "t.toml", GOOD + "# another spec\n")
    r = subprocess.run([FS, "sweep", "plan", "t.toml", "--out", "sw2"], cwd=d, capture_output=True)
    assert r.returncode == 0, r.stderr
    shutil.copytree(os.path.join(d, "sw", "results"), os.path.join(d, "sw2", "results"))
    shutil.rmtree(os.path.join(d, "sw"))
    os.rename(os.path.join(d, "sw2"), os.path.join(d, "sw"))


# -- the spec
C("sweep_unknown_axis", PLAN, 2, r"s\.toml:7: axes\.arrya: unknown option for fusesim layer",
  setup=spec(HEAD + 'arrya = ["2x2"]\n'))
C("sweep_output_axis", PLAN, 2, r"s\.toml:7: axes\.out: unknown option",
  setup=spec(HEAD + 'out = ["x"]\n'))
C("sweep_unknown_value", PLAN, 2,
  r"s\.toml:8: axes\.dataflow: configuration 1 .*dataflow=xs.*--dataflow",
  setup=spec(HEAD + 'array = ["2x2"]\ndataflow = ["os", "xs"]\n'))
C("sweep_unknown_net", ["sweep", "plan", "n.toml"], 2,
  r"n\.toml:3: axes\.net: configuration 1 .*--net",
  setup=files(n_toml='command = "network"\n[axes]\nnet = ["mobilenet_v1", "resnet"]\n'))
C("sweep_bad_array", PLAN, 2, r"s\.toml:7: axes\.array: configuration 0 .*--array",
  setup=spec(HEAD + 'array = ["0x2"]\n'))
C("sweep_empty_axis", PLAN, 2, r"s\.toml:7: axes\.array: no values",
  setup=spec(HEAD + "array = []\n"))
C("sweep_empty_product", PLAN, 2, r"s\.toml: exclude: the product is empty: all 2",
  setup=spec(GOOD.replace('dataflow = ["os", "ws"]\n', "") + '[[exclude]]\narray = ["2x2", "3x3"]\n'))
C("sweep_exclude_unknown_value", PLAN, 2, r"s\.toml:10: exclude\.array: '9x9' is not a value",
  setup=spec(GOOD + '[[exclude]]\narray = "9x9"\n'))
C("sweep_zip_lengths", PLAN, 2, r"s\.toml:1: zip: axis 'dataflow' has 2 values",
  setup=spec('zip = [["array", "dataflow"]]\n' + GOOD.replace('"3x3"', '"3x3", "4x4"')))
C("sweep_duplicate_value", PLAN, 2, r"s\.toml:7: axes\.array: value '2x2' is listed twice",
  setup=spec(HEAD + 'array = ["2x2", "2x2"]\n'))
C("sweep_fixed_and_axis", PLAN, 2, r"s\.toml:7: axes\.op: is also in \[fixed\]",
  setup=spec(HEAD + 'op = ["conv"]\n'))
C("sweep_no_command", PLAN, 2, r"s\.toml: command: missing",
  setup=spec('[axes]\narray = ["2x2"]\n'))
C("sweep_toml_syntax", PLAN, 2, r"s\.toml:7: TOML syntax error", setup=spec(HEAD + "array = [\n"))
C("sweep_missing_spec", ["sweep", "plan", "nope.toml"], 2, r"nope\.toml: file: cannot open")
C("sweep_no_out", ["sweep", "plan", "s.toml"], 2, r"--out DIR is required", out="none",
  setup=spec(GOOD))
C("sweep_unknown_subcommand", ["sweep", "plot", "x"], 2, r"unknown subcommand 'plot'", out="none")
# -- the sweep folder
C("sweep_out_foreign", PLAN, 2, r"--out: is not empty and holds no sweep plan", out="foreign",
  setup=spec(GOOD))
C("sweep_out_prev_run", PLAN, 2, r"--out: is not empty and holds no sweep plan", out="prev",
  setup=spec(GOOD))


def other_plan(d):
    write(d, "s.toml", GOOD.replace('"3x3"', '"5x5"'))


C("sweep_out_other_plan", PLAN + ["--out", "sw"], 2, r"sw: --out: holds the plan of another spec",
  out="none", setup=lambda d: (planned()(d), other_plan(d)), check=unchanged)
C("sweep_run_edited_manifest", ["sweep", "run", "sw", "--jobs", "1"], 2,
  r"sw/manifest\.jsonl: edited after planning", out="none", setup=planned(edit_manifest),
  check=unchanged)
C("sweep_task_edited_manifest", ["sweep", "task", "sw", "--index", "0"], 2,
  r"sw/manifest\.jsonl: edited after planning", out="none", setup=planned(edit_manifest),
  check=unchanged)
C("sweep_merge_edited_manifest", ["sweep", "merge", "sw"], 2,
  r"sw/manifest\.jsonl: edited after planning", out="none",
  setup=planned(edit_manifest, run=(0, 1, 2, 3)), check=unchanged)
C("sweep_merge_other_spec_results", ["sweep", "merge", "sw"], 2,
  r"task\.json: plan_id: this result comes from another plan", out="none",
  setup=planned(results_of_other_spec, run=(0, 1, 2, 3)), check=unchanged)
C("sweep_run_other_spec_results", ["sweep", "run", "sw", "--jobs", "1"], 2,
  r"task\.json: plan_id: this result comes from another plan", out="none",
  setup=planned(results_of_other_spec, run=(0,)), check=unchanged)
C("sweep_merge_unfinished", ["sweep", "merge", "sw"], 2,
  r"sw: 3 of 4 configurations are not finished", out="none", setup=planned(run=(1,)),
  check=unchanged)
C("sweep_task_index", ["sweep", "task", "sw", "--index", "4"], 2,
  r"--index: expected 0 to 3, got '4'", out="none", setup=planned(), check=unchanged)
C("sweep_run_jobs", ["sweep", "run", "sw", "--jobs", "0"], 2, r"--jobs: expected 1 to 4096",
  out="none", setup=planned(), check=unchanged)
C("sweep_not_a_sweep", ["sweep", "status", "."], 2, r"\./plan\.json: missing: not a planned sweep",
  out="none")
