"""Plots and tables of a merged sweep (`fusesim sweep merge DIR` -> DIR/results.sqlite), used by
scripts/plot.py (--sweep DB [--sweep-heatmap X Y] [--best-dataflow]). Reads the SQLite file only.

  sweep_pareto.png               cycles against energy, colour = area; the configurations on the
                                 Pareto front of (cycles, energy, area) are ringed
  sweep_heatmap_X_Y.png          a metric (default cycles; the minimum over the other axes) over
                                 two axes of the sweep
  sweep_best_dataflow.png        speed-up of the per-layer best dataflow over each fixed one
                                 (a sweep whose axes include net, variant, array and dataflow)
"""

import math
import sqlite3
from collections import defaultdict


def connect(db):
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    return c


def axes_of(con):
    cols = [r["name"] for r in con.execute("PRAGMA table_info(configurations)")]
    return cols[2:cols.index("rows")]


def pareto(points):
    """Indices of the points no other point dominates (every objective minimised)."""
    front = []
    for i, p in enumerate(points):
        dominated = any(all(q[k] <= p[k] for k in range(len(p))) and q != p for q in points)
        if not dominated:
            front.append(i)
    return front


def plot_pareto(plt, db, out, save):
    con = connect(db)
    rows = [r for r in con.execute("SELECT * FROM configurations") if r["energy_pj"] is not None]
    if not rows:
        raise ValueError(f"{db}: no configuration with an energy figure")
    pts = [(r["cycles"], r["energy_pj"], r["area_um2"]) for r in rows]
    front = set(pareto(pts))
    fig, ax = plt.subplots(figsize=(7, 5))
    sc = ax.scatter([p[0] for p in pts], [p[1] / 1e6 for p in pts], c=[p[2] / 1e6 for p in pts],
                    cmap="viridis", s=18)
    fx = [pts[i] for i in sorted(front, key=lambda i: pts[i][0])]
    ax.scatter([p[0] for p in fx], [p[1] / 1e6 for p in fx], facecolors="none", edgecolors="red",
               s=70, label=f"Pareto front of cycles, energy, area ({len(fx)})")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("cycles")
    ax.set_ylabel("energy (µJ)")
    fig.colorbar(sc, ax=ax, label="area (mm²)")
    ax.legend(fontsize=8)
    ax.set_title(f"{len(pts)} configurations")
    fig.tight_layout()
    save(fig, out, "sweep_pareto.png")
    return [dict(rows[i]) for i in sorted(front)]


def plot_heatmap(plt, db, out, save, x, y, metric="cycles"):
    con = connect(db)
    axes = axes_of(con)
    for a in (x, y):
        if a.replace("-", "_") not in axes:
            raise ValueError(f"{db}: '{a}' is not an axis of the sweep (axes: {', '.join(axes)})")
    x, y = x.replace("-", "_"), y.replace("-", "_")
    cell = defaultdict(list)
    xs, ys = [], []
    for r in con.execute(f'SELECT "{x}", "{y}", "{metric}" FROM configurations'):
        if r[0] not in xs:
            xs.append(r[0])
        if r[1] not in ys:
            ys.append(r[1])
        cell[(r[0], r[1])].append(r[2])
    grid = [[min(cell[(a, b)]) if cell[(a, b)] else float("nan") for a in xs] for b in ys]
    fig, ax = plt.subplots(figsize=(1.2 + 1.1 * len(xs), 1.2 + 0.5 * len(ys)))
    im = ax.imshow([[math.log10(v) if v and v > 0 else float("nan") for v in row] for row in grid],
                   aspect="auto", cmap="magma_r")
    ax.set_xticks(range(len(xs)), xs, rotation=45, ha="right")
    ax.set_yticks(range(len(ys)), ys)
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    for j, row in enumerate(grid):
        for i, v in enumerate(row):
            if v == v:
                ax.text(i, j, f"{v:.3g}", ha="center", va="center", fontsize=8, color="white")
    fig.colorbar(im, ax=ax, label=f"log10 {metric} (min over the other axes)")
    fig.tight_layout()
    save(fig, out, f"sweep_heatmap_{x}_{y}.png")


def best_dataflow(db):
    """{(net, variant, array): {"os": cycles, "ws": ..., "is": ..., "best": Σ per-layer min}}."""
    con = connect(db)
    need = {"net", "variant", "array", "dataflow"}
    if not need <= set(axes_of(con)):
        raise ValueError(f"{db}: the best-dataflow study needs the axes {sorted(need)}")
    per_layer = defaultdict(dict)  # (net, variant, array, layer) -> {dataflow: cycles}
    for r in con.execute("SELECT c.net, c.variant, c.array, c.dataflow, l.layer_index, l.cycles "
                         "FROM layers l JOIN configurations c USING (config_index)"):
        per_layer[(r[0], r[1], r[2], r[4])][r[3]] = r[5]
    out = defaultdict(lambda: defaultdict(int))  # read with `in` first: a missing key is no run
    for (net, var, arr, _), d in per_layer.items():
        k = (net, var, arr)
        for df, cyc in d.items():
            out[k][df] += cyc
        out[k]["best"] += min(d.values())
        out[k]["layers"] += 1
        out[k]["layers_not_os"] += min(d, key=lambda df: (d[df], df != "os")) != "os"
    return out


def plot_best_dataflow(plt, db, out, save, nets, var_order):
    """Per variant: for each array, the speed-up of the per-layer best over OS, WS and IS
    (geometric mean over the networks; the whiskers span the networks' min and max)."""
    t = best_dataflow(db)
    arrays = sorted({k[2] for k in t}, key=lambda a: int(a.split("x")[0]))
    variants = [v for v in var_order if any(k[1] == v for k in t)]
    fig, axs = plt.subplots(1, len(variants), figsize=(4.5 * len(variants), 3.8), squeeze=False,
                            sharey=True)
    for ax, var in zip(axs[0], variants):
        for j, (df, color) in enumerate((("os", "#1f77b4"), ("ws", "#ff7f0e"), ("is", "#2ca02c"))):
            gm, lo, hi = [], [], []
            for a in arrays:
                s = [t[(n, var, a)][df] / t[(n, var, a)]["best"] for n in nets
                     if (n, var, a) in t and df in t[(n, var, a)]]
                g = math.exp(sum(map(math.log, s)) / len(s)) if s else float("nan")
                gm.append(g)
                lo.append(g - min(s) if s else 0)
                hi.append(max(s) - g if s else 0)
            xs = [i + (j - 1) * 0.27 for i in range(len(arrays))]
            ax.bar(xs, gm, 0.27, yerr=[lo, hi], color=color, capsize=2,
                   label=f"best over fixed {df.upper()}")
        ax.axhline(1.0, color="black", linewidth=0.6)
        ax.set_xticks(range(len(arrays)), arrays)
        ax.set_title(f"variant {var}")
        ax.set_xlabel("array")
        ax.grid(axis="y", alpha=0.3)
    axs[0][0].set_ylabel("speed-up of the per-layer best dataflow")
    handles, labels = axs[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    save(fig, out, "sweep_best_dataflow.png")
    return t


def best_dataflow_tables(db, nets, var_order):
    """Markdown tables of the study: per network, variant and array, the speed-up of the
    per-layer best dataflow over each fixed one (a dash where that dataflow did not run), the
    share of layers whose best is not OS, and how the choice combines with FuSe."""
    t = best_dataflow(db)
    arrays = sorted({k[2] for k in t}, key=lambda a: int(a.split("x")[0]))
    variants = [v for v in var_order if any(k[1] == v for k in t)]
    out = ["| network | variant | " + " | ".join(arrays) + " |",
           "|---|---|" + "---|" * len(arrays)]

    def cell(d):
        if not d or sum(df in d for df in ("os", "ws", "is")) < 2:
            return "—"
        parts = []
        for df in ("os", "ws", "is"):
            parts.append(f"{d[df] / d['best']:.2f}" if df in d else "–")
        return " / ".join(parts) + f" ({100 * d['layers_not_os'] / d['layers']:.0f} %)"

    for n in nets:
        for v in variants:
            if not any((n, v, a) in t for a in arrays):
                continue
            out.append(f"| {n} | {v} | " + " | ".join(cell(t.get((n, v, a))) for a in arrays) + " |")
    lines = ["\n".join(out), ""]
    if "baseline" in variants:
        comb = ["| network | array | FuSe alone (full OS / baseline OS) | dataflow alone "
                "(baseline best / baseline OS) | both (full best / baseline OS) |",
                "|---|---|---|---|---|"]
        for n in nets:
            for a in arrays:
                b, f = t.get((n, "baseline", a)), t.get((n, "full", a))
                if not b or not f or "os" not in b or "os" not in f:
                    continue
                comb.append(f"| {n} | {a} | {b['os'] / f['os']:.2f} | {b['os'] / b['best']:.2f} | "
                            f"{b['os'] / f['best']:.2f} |")
        lines.append("\n".join(comb))
    return "\n".join(lines)
