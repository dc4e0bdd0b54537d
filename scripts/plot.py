#!/usr/bin/env python3
"""Plots of fusesim results. Reads result files only (speedups.csv, *_summary.json,
*_layers.csv, a per-PE MAC CSV), never logs.

    python3 scripts/plot.py --paper results/paper_64 \
        [--scaling results/paper_8 results/paper_16 ...] [--heatmap out/dw/heatmap.csv] \
        [--heatmap-pair out/dw/heatmap.csv out/fuse/heatmap.csv] [--format png|pdf|svg] \
        [--dpi 200] --out plots/

Writes, each when its input is there (extension from --format):
  paper_latency_speedup      latency and speed-up per network and variant (--paper)
  scaling_full_speedup       speed-up of the Full variant versus array size (--scaling)
  op_latency_shares          share of latency per operator, Full variants (--paper)
  mobilenet_v2_blocks        block-wise speed-up of MobileNet-V2 Full vs Baseline (--paper)
  pe_heatmap                 MACs per PE of one layer, titled with its layer and array (--heatmap)
  pe_heatmap_pair            baseline depthwise on the plain array beside the FuSe layer on the
                             FuSe array, one colour scale (--heatmap-pair BASE FUSE)
  sweep_*                    a merged sweep's results.sqlite (--sweep DB): Pareto front of cycles,
                             energy and area; --sweep-heatmap X Y; --best-dataflow (plot_sweep.py)

Per-PE CSV (--heatmap): a header line `row,col,macs`, then one line per PE with its row and
column (0-based) and the number of MACs it performed; PEs that are absent count as 0. The
`summary.json` beside it (a `fusesim layer --heatmap` folder) names the layer and the array.

Every text is at least 8 pt at the figure's own size (the size it is saved at), and figures are
saved with a tight bounding box, so no label is cut.

Needs python3-matplotlib (Debian: apt-get install python3-matplotlib).
"""

import argparse
import csv
import json
import os
import re
import sys

try:
    import matplotlib
except ImportError:
    sys.exit("plot.py: matplotlib is missing: apt-get install python3-matplotlib, then run Debian's "
             "/usr/bin/python3 scripts/plot.py ...")

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_heatmap  # noqa: E402

NETWORKS = ["mobilenet_v1", "mobilenet_v2", "mnasnet_b1", "mobilenet_v3_small", "mobilenet_v3_large"]
NET_LABEL = {"mobilenet_v1": "MobileNet-V1", "mobilenet_v2": "MobileNet-V2", "mnasnet_b1": "MnasNet-B1",
             "mobilenet_v3_small": "MobileNet-V3 S", "mobilenet_v3_large": "MobileNet-V3 L"}
VARIANTS = ["baseline", "full", "half", "full50", "half50"]
VAR_LABEL = {"baseline": "Baseline", "full": "Full", "half": "Half", "full50": "Full-50%", "half50": "Half-50%"}
VAR_COLOR = {"baseline": "#7f7f7f", "full": "#1f77b4", "half": "#2ca02c", "full50": "#ff7f0e", "half50": "#d62728"}
OPS = ["conv", "pointwise", "dw", "fuse-row", "fuse-col", "linear", "gemm"]
OP_COLOR = {"conv": "#8c564b", "pointwise": "#1f77b4", "dw": "#7f7f7f", "fuse-row": "#2ca02c",
            "fuse-col": "#98df8a", "linear": "#ff7f0e", "gemm": "#9467bd"}
DPI = 150
FORMAT = "png"
FORMATS = ("png", "pdf", "svg")
# At least 8 pt for every text at the printed (saved) size.
matplotlib.rcParams.update({"font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9,
                            "xtick.labelsize": 8, "ytick.labelsize": 8, "legend.fontsize": 8,
                            "figure.titlesize": 10, "svg.fonttype": "none", "pdf.fonttype": 42})


class InputError(Exception):
    pass


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def read_json(path):
    with open(path) as f:
        return json.load(f)


def label(net):
    return NET_LABEL.get(net, net)


def ordered(names, order):
    known = [n for n in order if n in names]
    return known + sorted(n for n in names if n not in order)


def paper_table(folder):
    """speedups.csv of a `fusesim paper` folder as {(net, variant): row}."""
    path = os.path.join(folder, "speedups.csv")
    if not os.path.isfile(path):
        raise InputError(f"{path}: not found (is {folder} a `fusesim paper` output folder?)")
    rows = {}
    for r in read_csv(path):
        rows[(r["network"], r["variant"])] = r
    if not rows:
        raise InputError(f"{path}: no rows")
    return rows


def array_of(folder, table):
    """(rows, cols) of a paper folder, from any of its summary files."""
    for net, var in table:
        p = os.path.join(folder, f"{net}_{var}_summary.json")
        if os.path.isfile(p):
            a = read_json(p)["array"]
            return int(a["rows"]), int(a["cols"])
    raise InputError(f"{folder}: no *_summary.json to read the array size from")


def save(fig, out, name):
    """Saves `name` (with or without .png) in the --format; tight bounding box: nothing cut."""
    if name.endswith(".png"):
        name = name[:-4]
    path = os.path.join(out, f"{name}.{FORMAT}")
    fig.savefig(path, dpi=DPI, format=FORMAT, bbox_inches="tight", pad_inches=0.05)
    plt.close(fig)
    print(f"wrote {path}")


def plot_paper(folder, out):
    """(a) latency and speed-up per network and variant."""
    table = paper_table(folder)
    rows, cols = array_of(folder, table)
    nets = ordered({n for n, _ in table}, NETWORKS)
    variants = ordered({v for _, v in table}, VARIANTS)
    cycles = {}
    for net in nets:
        for var in variants:
            p = os.path.join(folder, f"{net}_{var}_summary.json")
            if os.path.isfile(p):
                cycles[(net, var)] = read_json(p)["cycles"]
            elif (net, var) in table:
                cycles[(net, var)] = int(table[(net, var)]["sim_cycles"])
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 7.5), sharex=True)
    n = len(variants)
    width = 0.8 / n
    xs = range(len(nets))
    has_paper = False
    for k, var in enumerate(variants):
        off = (k - (n - 1) / 2) * width
        lat = [cycles.get((net, var), float("nan")) / 1e6 for net in nets]
        ax1.bar([x + off for x in xs], lat, width, label=VAR_LABEL.get(var, var), color=VAR_COLOR.get(var))
        sp = [float(table[(net, var)]["sim_speedup"]) if (net, var) in table else float("nan") for net in nets]
        bars = ax2.bar([x + off for x in xs], sp, width, color=VAR_COLOR.get(var),
                       label=VAR_LABEL.get(var, var))
        auth = [float(table[(net, var)]["authors_speedup"]) if (net, var) in table else float("nan")
                for net in nets]
        # The authors' model: a black line across the whole bar; the paper: a red cross at its
        # centre. Where both agree the line's ends still show beside the cross.
        ax2.hlines(auth, [x + off - width / 2 for x in xs], [x + off + width / 2 for x in xs],
                   colors="black", lw=2.2, zorder=3, label="authors' model" if k == 0 else None)
        paper = [table[(net, var)].get("paper_speedup", "") if (net, var) in table else "" for net in nets]
        if any(p for p in paper) and var != "baseline":
            ax2.scatter([x + off for x in xs], [float(p) if p else float("nan") for p in paper], marker="x",
                        s=30, linewidths=1.4, color="red", zorder=4, label=None if has_paper else "paper")
            has_paper = True
        if var != "baseline":
            # The value above everything drawn for the bar (bar, authors' line, paper's cross),
            # upright, so neighbouring bars' labels never overlap and no mark is hidden.
            for b, s, au, pp in zip(bars, sp, auth, paper):
                if s == s:
                    top = max(v for v in (s, au, float(pp) if pp else float("nan")) if v == v)
                    ax2.annotate(f"{s:.2f}", (b.get_x() + b.get_width() / 2, top), ha="center",
                                 va="bottom", rotation=90, fontsize=8, xytext=(0, 7),
                                 textcoords="offset points")
    ax1.set_ylabel("latency (million cycles)")
    ax1.set_title(f"Simulated latency on a {rows}x{cols} array")
    ax1.legend(ncol=n, loc="upper center", bbox_to_anchor=(0.5, -0.02), frameon=False)
    ax1.grid(axis="y", alpha=0.3)
    ax2.axhline(1.0, color="black", lw=0.6)
    ax2.set_ylabel("speed-up over baseline (x)")
    ax2.set_title("Speed-up over the baseline (bars: simulated, value above; black line: "
                  "authors' model; red cross: paper)")
    ax2.set_xticks(list(xs))
    ax2.set_xticklabels([label(n) for n in nets])
    handles, labels = ax2.get_legend_handles_labels()
    keep = [(h, lab) for h, lab in zip(handles, labels) if lab in ("authors' model", "paper")]
    ax2.legend([h for h, _ in keep], [lab for _, lab in keep], loc="upper left")
    ax2.set_ylim(0, max([float(r["sim_speedup"]) for r in table.values()] +
                        [float(r["authors_speedup"]) for r in table.values()] +
                        [float(r["paper_speedup"]) for r in table.values() if r.get("paper_speedup")]) * 1.22)
    ax2.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    save(fig, out, "paper_latency_speedup.png")


def plot_scaling(folders, out):
    """(b) speed-up of the Full variant versus array size."""
    points = {}  # net -> [(pes, rows, cols, sim, authors)]
    unmodified = {}  # net -> [(pes, speed-up of the baseline run unmodified on the FuSe array)]
    for folder in folders:
        table = paper_table(folder)
        rows, cols = array_of(folder, table)
        for (net, var), r in table.items():
            if var == "full":
                points.setdefault(net, []).append(
                    (rows * cols, rows, cols, float(r["sim_speedup"]), float(r["authors_speedup"])))
            if var == "baseline" and r.get("unmodified_speedup"):
                unmodified.setdefault(net, []).append((rows * cols, float(r["unmodified_speedup"])))
    if not points:
        raise InputError("--scaling: no Full-variant rows in " + ", ".join(folders))
    fig, ax = plt.subplots(figsize=(8, 5))
    sizes = {}
    for i, net in enumerate(ordered(set(points), NETWORKS)):
        pts = sorted(points[net])
        color = plt.cm.tab10(i)
        ax.plot([p[0] for p in pts], [p[3] for p in pts], "o-", color=color, label=label(net))
        ax.plot([p[0] for p in pts], [p[4] for p in pts], "--", color=color, alpha=0.5, lw=1)
        if net in unmodified:
            um = sorted(unmodified[net])
            ax.plot([p[0] for p in um], [p[1] for p in um], "s:", color=color, ms=4, lw=1.2)
        for p in pts:
            sizes[p[0]] = f"{p[1]}x{p[2]}"
    ax.set_xscale("log", base=2)
    ax.set_xticks(sorted(sizes))
    ax.set_xticklabels([sizes[s] for s in sorted(sizes)])
    ax.minorticks_off()
    ax.set_xlabel("array size")
    ax.set_ylabel("speed-up over the baseline on the plain array (x)")
    ax.set_title("FuSe Full variant: speed-up versus array size\n(solid: simulated, dashed: authors' "
                 "model" + ("; dotted squares: the baseline unmodified on the FuSe array" if unmodified
                            else "") + ")")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    save(fig, out, "scaling_full_speedup.png")


def op_cycles(layers_csv):
    acc = {}
    for r in read_csv(layers_csv):
        acc[r["op"]] = acc.get(r["op"], 0) + int(r["sim_cycles"])
    return acc


def plot_op_shares(folder, out, variant="full"):
    """(c) share of latency per operator, per network, for one variant."""
    table = paper_table(folder)
    rows, cols = array_of(folder, table)
    nets = [n for n in ordered({n for n, _ in table}, NETWORKS)
            if os.path.isfile(os.path.join(folder, f"{n}_{variant}_layers.csv"))]
    if not nets:
        print(f"op shares: no *_{variant}_layers.csv in {folder}, skipped")
        return
    data = {n: op_cycles(os.path.join(folder, f"{n}_{variant}_layers.csv")) for n in nets}
    ops = ordered({op for d in data.values() for op in d}, OPS)
    fig, ax = plt.subplots(figsize=(9, 4.5))
    left = [0.0] * len(nets)
    for op in ops:
        share = [100.0 * data[n].get(op, 0) / max(1, sum(data[n].values())) for n in nets]
        ax.barh(range(len(nets)), share, left=left, color=OP_COLOR.get(op), label=op, edgecolor="white", lw=0.5)
        for i, s in enumerate(share):
            if s >= 6:
                ax.text(left[i] + s / 2, i, f"{s:.0f}%", ha="center", va="center", fontsize=8, color="white")
        left = [a + b for a, b in zip(left, share)]
    ax.set_yticks(range(len(nets)))
    ax.set_yticklabels([f"{label(n)}\n{sum(data[n].values()) / 1e6:.2f} M cycles" for n in nets])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of simulated latency (%)")
    ax.set_title(f"Latency by operator, {VAR_LABEL.get(variant, variant)} variants, {rows}x{cols} array")
    ax.legend(ncol=min(len(ops), 4), loc="upper center", bbox_to_anchor=(0.5, -0.15), frameon=False)
    fig.tight_layout()
    save(fig, out, "op_latency_shares.png")


BLOCK_RE = re.compile(r"^([A-Za-z]+\d+)\.")


def block_of(name):
    """Block label of a layer (MB3.pw → MB3); layers outside blocks keep their own name."""
    m = BLOCK_RE.match(name)
    return m.group(1) if m else name


def block_cycles(layers_csv):
    order, acc = [], {}
    for r in read_csv(layers_csv):
        b = block_of(r["name"])
        if b not in acc:
            order.append(b)
            acc[b] = 0
        acc[b] += int(r["sim_cycles"])
    return order, acc


def plot_blocks(folder, out, net="mobilenet_v2"):
    """(d) block-wise speed-up of one network's Full variant over its baseline."""
    base_p = os.path.join(folder, f"{net}_baseline_layers.csv")
    full_p = os.path.join(folder, f"{net}_full_layers.csv")
    if not (os.path.isfile(base_p) and os.path.isfile(full_p)):
        print(f"block-wise speed-up: {net} baseline/full layers.csv not in {folder}, skipped")
        return
    table = paper_table(folder)
    rows, cols = array_of(folder, table)
    order, base = block_cycles(base_p)
    _, full = block_cycles(full_p)
    blocks = [b for b in order if b in full]
    missing = [b for b in order if b not in full] + [b for b in full if b not in base]
    if missing:
        print(f"block-wise speed-up: not in both variants, left out: {', '.join(missing)}")
    sp = [base[b] / full[b] if full[b] else float("nan") for b in blocks]
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(11, 6.5), sharex=True,
                                   gridspec_kw={"height_ratios": [1, 1.3]})
    xs = range(len(blocks))
    ax1.bar([x - 0.2 for x in xs], [base[b] / 1e3 for b in blocks], 0.4, color=VAR_COLOR["baseline"],
            label="Baseline")
    ax1.bar([x + 0.2 for x in xs], [full[b] / 1e3 for b in blocks], 0.4, color=VAR_COLOR["full"], label="Full")
    ax1.set_ylabel("latency (k cycles)")
    ax1.legend()
    ax1.grid(axis="y", alpha=0.3)
    ax1.set_title(f"{label(net)} block by block, {rows}x{cols} array")
    bars = ax2.bar(xs, sp, 0.6, color=[VAR_COLOR["full"] if s >= 1 else "#d62728" for s in sp])
    for b, s in zip(bars, sp):
        ax2.annotate(f"{s:.2f}", (b.get_x() + b.get_width() / 2, s), ha="center", va="bottom", fontsize=8,
                     rotation=90, xytext=(0, 2), textcoords="offset points")
    ax2.set_ylim(0, max([s for s in sp if s == s] + [1.0]) * 1.3)
    ax2.axhline(1.0, color="black", lw=0.6)
    total = sum(base.values()) / max(1, sum(full.values()))
    ax2.axhline(total, color="#1f77b4", lw=0.8, ls="--", label=f"whole network {total:.2f}x")
    ax2.set_ylabel("speed-up Full / Baseline (x)")
    ax2.legend(loc="upper right")
    ax2.grid(axis="y", alpha=0.3)
    ax2.set_xticks(list(xs))
    ax2.set_xticklabels([b if len(b) <= 12 else b[:11] + "…" for b in blocks], rotation=60, ha="right")
    fig.tight_layout()
    save(fig, out, f"{net}_blocks.png")


def memory_of(folder, table):
    """(DRAM bytes/cycle or None, ifmap SRAM KiB) of a paper folder run with --memory."""
    for net, var in table:
        p = os.path.join(folder, f"{net}_{var}_summary.json")
        if os.path.isfile(p):
            m = read_json(p)["config"].get("memory")
            if not isinstance(m, dict):
                raise InputError(f"{p}: ran with ideal memory (give folders of runs with --memory)")
            return m["dram"].get("bandwidth_bytes_per_cycle"), int(m["sram_kb"]["ifmap"])
    raise InputError(f"{folder}: no *_summary.json to read the memory configuration from")


def plot_memory(folders, out, ideal=None):
    """Full and Half speed-ups versus DRAM bandwidth or SRAM size (whichever the folders vary)."""
    runs = []
    for folder in folders:
        table = paper_table(folder)
        runs.append((memory_of(folder, table), table))
    bws = {m[0] for m, _ in runs}
    by_bw = len(bws) > 1
    if not by_bw and len({m[1] for m, _ in runs}) < 2:
        raise InputError("--memory-sweep: the folders vary neither the DRAM bandwidth nor the SRAM")
    ideal_table = paper_table(ideal) if ideal else {}
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), sharey=True)
    for ax, var in zip(axes, ("full", "half")):
        nets = ordered({n for _, t in runs for (n, v) in t if v == var}, NETWORKS)
        for i, net in enumerate(nets):
            pts = sorted((m[0] if by_bw else m[1], float(t[(net, var)]["sim_speedup"]))
                         for m, t in runs if (net, var) in t)
            color = plt.cm.tab10(i)
            ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", color=color, label=label(net))
            if (net, var) in ideal_table:
                ax.axhline(float(ideal_table[(net, var)]["sim_speedup"]), color=color, ls=":",
                           lw=1, alpha=0.7)
        ax.set_xscale("log", base=2)
        ax.set_xlabel("DRAM bandwidth (bytes per array cycle)" if by_bw else "SRAM per buffer (KiB)")
        ax.set_title(f"{var.capitalize()} variant")
        ax.axhline(1.0, color="black", lw=0.8)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("speed-up over baseline (x)")
    axes[1].legend()
    fixed = (f"SRAM {runs[0][0][1]} KiB per buffer" if by_bw
             else f"DRAM {runs[0][0][0]} B/cycle")
    rows, cols = array_of(folders[0], runs[0][1])
    fig.suptitle(f"FuSe speed-up with a memory system, {rows}x{cols} array (" + fixed +
                 ("; dotted: ideal memory)" if ideal else ")"))
    fig.tight_layout()
    save(fig, out, "memory_bandwidth.png" if by_bw else "memory_sram.png")


def main(argv=None):
    global FORMAT, DPI
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--paper", help="a `fusesim paper` output folder")
    ap.add_argument("--scaling", nargs="+", default=[], metavar="DIR",
                    help="several `fusesim paper` folders, one per array size")
    ap.add_argument("--heatmap", help="per-PE MAC CSV (row,col,macs) of one layer")
    ap.add_argument("--heatmap-pair", nargs=2, metavar=("BASE", "FUSE"),
                    help="two heatmap.csv files side by side: the baseline depthwise layer on the "
                         "plain array and its FuSe layer on the FuSe array")
    ap.add_argument("--format", choices=FORMATS, default="png", help="file format (default png)")
    ap.add_argument("--dpi", type=float, default=DPI,
                    help=f"resolution of PNG files and of raster parts (default {DPI})")
    ap.add_argument("--memory-sweep", nargs="+", default=[], metavar="DIR",
                    help="`fusesim paper --memory ...` folders that vary the DRAM bandwidth or "
                         "the SRAM size (with --paper: its ideal-memory speed-ups as reference)")
    ap.add_argument("--sweep", metavar="DB", help="a merged sweep's results.sqlite")
    ap.add_argument("--sweep-heatmap", nargs=2, metavar=("X", "Y"),
                    help="with --sweep: a heat map over these two axes")
    ap.add_argument("--sweep-metric", default="cycles",
                    help="with --sweep-heatmap: the column shown (cycles, energy_pj, area_um2, ...)")
    ap.add_argument("--best-dataflow", action="store_true",
                    help="with --sweep: speed-up of the per-layer best dataflow (axes net, "
                         "variant, array, dataflow)")
    ap.add_argument("--out", required=True, help="folder for the figures")
    a = ap.parse_args(argv)
    if not (a.paper or a.scaling or a.heatmap or a.heatmap_pair or a.memory_sweep or a.sweep):
        ap.error("nothing to plot: give --paper, --scaling, --heatmap, --heatmap-pair, "
                 "--memory-sweep or --sweep")
    if not a.dpi > 0:
        ap.error(f"--dpi: expected a positive number, got {a.dpi}")
    FORMAT, DPI = a.format, a.dpi
    os.makedirs(a.out, exist_ok=True)
    try:
        if a.paper:
            plot_paper(a.paper, a.out)
            plot_op_shares(a.paper, a.out)
            plot_blocks(a.paper, a.out)
        if a.scaling:
            plot_scaling(a.scaling, a.out)
        if a.memory_sweep:
            plot_memory(a.memory_sweep, a.out, a.paper)
        if a.sweep:
            import plot_sweep

            plot_sweep.plot_pareto(plt, a.sweep, a.out, save)
            if a.sweep_heatmap:
                plot_sweep.plot_heatmap(plt, a.sweep, a.out, save, *a.sweep_heatmap,
                                        metric=a.sweep_metric)
            if a.best_dataflow:
                plot_sweep.plot_best_dataflow(plt, a.sweep, a.out, save, NETWORKS, VARIANTS)
                print(plot_sweep.best_dataflow_tables(a.sweep, NETWORKS, VARIANTS))
        if a.heatmap:
            plot_heatmap.plot_heatmap(plt, a.heatmap, a.out, save)
        if a.heatmap_pair:
            plot_heatmap.plot_heatmap_pair(plt, *a.heatmap_pair, a.out, save)
    except (InputError, plot_heatmap.HeatmapError, KeyError, ValueError, OSError) as e:
        print(f"plot.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
