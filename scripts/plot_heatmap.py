"""Per-PE heat maps for scripts/plot.py: MACs per PE of one layer, and the side-by-side pair that
makes the FuSe paper's point in one picture (a depthwise layer on the plain array beside its FuSe
replacement on the FuSe array). Reads `heatmap.csv` (row,col,macs) and, when it sits in a
`fusesim layer` output folder, the `summary.json` beside it for the layer's name, shape, array,
cycles and utilisation.
"""

import csv
import json
import os


class HeatmapError(Exception):
    pass


def read_heatmap(path):
    """(grid R×C of MACs, info dict or None) of one heatmap.csv."""
    if not os.path.isfile(path):
        raise HeatmapError(f"{path}: not found (write it with `fusesim layer ... --heatmap`)")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or not {"row", "col", "macs"} <= set(rows[0].keys()):
        raise HeatmapError(f"{path}: expected the header row,col,macs")
    cells = {(int(r["row"]), int(r["col"])): int(r["macs"]) for r in rows}
    R = max(r for r, _ in cells) + 1
    C = max(c for _, c in cells) + 1
    grid = [[cells.get((r, c), 0) for c in range(C)] for r in range(R)]
    info = None
    summary = os.path.join(os.path.dirname(os.path.abspath(path)), "summary.json")
    if os.path.isfile(summary):
        with open(summary) as f:
            info = json.load(f)
    return grid, info


def describe(info, R, C):
    """(layer line, array line) for a title: what ran, and on which array."""
    if not info:
        return "layer: unknown (no summary.json beside the CSV)", f"{R}x{C} array"
    lay = info.get("layer", {})
    op = lay.get("op", "?")
    ifm = "x".join(str(x) for x in lay.get("ifmap", []))
    ker = "x".join(str(x) for x in lay.get("kernel", []))
    name = lay.get("name", "layer")
    layer = f"{op} {ker} on {ifm}" if ker else f"{op} on {ifm}"
    if name != "layer":  # the layer command's default name says nothing
        layer = f"{name}: {layer}"
    hw = "FuSe" if str(info.get("hw", "")).lower() == "fuse" else "plain"
    a = info.get("array", {})
    array = f"{a.get('rows', R)}x{a.get('cols', C)} {hw} array"
    if "cycles" in info:
        array += f", {int(info['cycles']):,} cycles"
    if "utilization" in info:
        array += f", util. {100.0 * float(info['utilization']):.1f} %"
    return layer, array


def _panel(ax, grid, vmax, annotate):
    R, C = len(grid), len(grid[0])
    im = ax.imshow(grid, cmap="viridis", vmin=0, vmax=max(1, vmax), interpolation="nearest",
                   aspect="equal")
    ax.set_xlabel("PE column")
    ax.set_ylabel("PE row")
    if annotate and R * C <= 64:
        for r in range(R):
            for c in range(C):
                v = grid[r][c]
                ax.text(c, r, str(v), ha="center", va="center", fontsize=8,
                        color="white" if v < 0.6 * vmax else "black")
    return im


def plot_heatmap(plt, path, out, save):
    """MACs per PE of one layer; the title names the layer and the array."""
    grid, info = read_heatmap(path)
    R, C = len(grid), len(grid[0])
    peak = max(max(row) for row in grid)
    total = sum(sum(row) for row in grid)
    fig, ax = plt.subplots(figsize=(min(8.0, 3.2 + 0.3 * C), min(8.0, 2.4 + 0.3 * R)),
                           constrained_layout=True)
    im = _panel(ax, grid, peak, annotate=True)
    fig.colorbar(im, ax=ax).set_label("MACs per PE")
    layer, array = describe(info, R, C)
    ax.set_title(f"{layer}\n{array}\nmean/peak MACs per PE = "
                 f"{100.0 * total / (R * C) / max(1, peak):.1f} %", fontsize=9)
    save(fig, out, "pe_heatmap")


def plot_heatmap_pair(plt, base_path, fuse_path, out, save):
    """Baseline depthwise on the plain array beside the FuSe layer on the FuSe array, one scale."""
    panels = []
    for p in (base_path, fuse_path):
        grid, info = read_heatmap(p)
        panels.append((grid, info))
    vmax = max(max(max(row) for row in g) for g, _ in panels)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.8), constrained_layout=True)
    im = None
    for ax, (grid, info), role in zip(axes, panels, ("Baseline", "FuSe")):
        im = _panel(ax, grid, vmax, annotate=False)
        layer, array = describe(info, len(grid), len(grid[0]))
        ax.set_title(f"{role}: {layer}\n{array}", fontsize=10)
    fig.colorbar(im, ax=list(axes), shrink=0.85).set_label("MACs per PE (one scale)")
    save(fig, out, "pe_heatmap_pair")
