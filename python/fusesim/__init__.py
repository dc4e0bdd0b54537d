"""fusesim from Python: the CLI's commands as functions, the CLI's options as keyword arguments,
the CLI's reports as dicts.

    import fusesim
    r = fusesim.layer(op="conv", ifmap=(56, 56, 64), filters=64, kernel=3, pad=1, array=(16, 16))
    r["cycles"], r["verified"]
    n = fusesim.network(net="mobilenet_v2", variant="full", array=(64, 64), memory="ddr4-3200")
    n["layer_table"]          # a pandas DataFrame when pandas is installed, else a list of dicts
    p = fusesim.paper(array=(32, 32), nets="mobilenet_v2")

Keyword names are the options without the leading dashes, '_' for '-' (dram_bw=8 is --dram-bw 8);
tuples and lists join with 'x' (array=(64, 64) is --array 64x64); True gives a flag (quiet=True),
False or None leaves the option out. Everything runs in this process with the CLI's own code; the
results are those its summary.json and CSV files hold (the same numbers, bit for bit). Bad options
raise ValueError with the CLI's message. The pin-level engine (engine="pin", vcd=...) can run once
per Python process (SystemC elaborates once); the fast engine any number of times.
"""

import csv
import io
import json

from . import _fusesim

__all__ = ["layer", "network", "paper"]


def _args(kwargs):
    out = []
    for key, value in kwargs.items():
        if value is None or value is False:
            continue
        opt = "--" + key.replace("_", "-")
        if value is True:
            out.append(opt)
        elif isinstance(value, (tuple, list)):
            out += [opt, "x".join(str(v) for v in value)]
        else:
            out += [opt, str(value)]
    return out


def _table(text):
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        for k, v in r.items():
            for conv in (int, float):
                try:
                    r[k] = conv(v)
                    break
                except ValueError:
                    pass
    try:
        import pandas  # noqa: F401 (optional)
    except ImportError:
        return rows
    return pandas.DataFrame(rows)


def _run(command, kwargs):
    r = _fusesim.run(command, _args(kwargs))
    return r["exit_code"], r["files"]


def layer(**kwargs):
    """fusesim layer: the layer's summary.json as a dict (plus 'exit_code': 1 if not verified)."""
    code, files = _run("layer", kwargs)
    s = json.loads(files["summary.json"])
    s["exit_code"] = code
    return s


def network(**kwargs):
    """fusesim network: summary.json as a dict, with layers.csv under 'layer_table'."""
    code, files = _run("network", kwargs)
    s = json.loads(files["summary.json"])
    s["layer_table"] = _table(files["layers.csv"])
    s["exit_code"] = code
    return s


def paper(**kwargs):
    """fusesim paper: {'speedups': speedups.csv as a table, 'networks': {'NET_VARIANT':
    summary dict}, 'exit_code': ...}."""
    code, files = _run("paper", kwargs)
    nets = {name[: -len("_summary.json")]: json.loads(text)
            for name, text in sorted(files.items()) if name.endswith("_summary.json")}
    return {"speedups": _table(files["speedups.csv"]), "networks": nets, "exit_code": code}
