"""A sweep's outcomes against its factors: one panel per outcome and factor, in one figure.

Each dot is a design point (its replicates averaged, as the sensitivity indices average
them, `analysis.sobol.outputs`); the line is the mean of the points in each of `BINS` equal
slices of the factor's range, so a trend shows through the other factors' scatter. Rows are
the outcomes that vary (each issue's agreement date in days from the start, never counted
as the end of the horizon, and the share of each outcome), columns the factors.
"""

from __future__ import annotations

import numpy as np

from analysis.sobol import outputs
from analysis.swept import Swept

BINS = 8
"""Slices of a factor's range for the trend line."""
MAX_ROWS = 6
"""Outcomes drawn at most (dates first), so that the figure stays readable."""


def sweep_chart_data(swept: Swept) -> dict:
    """The panels' numbers: per factor its path, label and per-point values; per outcome its
    label and per-point values; per panel the binned means (x centres, y means)."""
    found, _ = outputs(swept.scenario, swept.table, swept.record["design_points"])
    found = sorted(found, key=lambda o: o.measure != "date")[:MAX_ROWS]
    factors = [
        {"path": p.path, "label": p.label, "values": swept.matrix[:, j]}
        for j, p in enumerate(swept.parameters)
    ]
    rows = [
        {"label": o.label if o.measure == "date" else f"{o.label} (share)", "values": o.values}
        for o in found
    ]
    trends = [[_binned(f["values"], row["values"]) for f in factors] for row in rows]
    return {
        "title": f"{swept.scenario.title}: outcomes against the {swept.record['design']} "
        f"sweep's factors ({swept.record['design_points']:,} points x "
        f"{swept.record['replicates_per_point']} replicate(s))",
        "factors": factors,
        "outcomes": rows,
        "trends": trends,
    }


def _binned(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean of `y` in each of `BINS` equal slices of `x`'s range (slices with no point left
    out): the centres and the means."""
    edges = np.linspace(x.min(), x.max(), BINS + 1)
    which = np.clip(np.digitize(x, edges[1:-1]), 0, BINS - 1)
    counts = np.bincount(which, minlength=BINS)
    sums = np.bincount(which, weights=y, minlength=BINS)
    kept = counts > 0
    centres = (edges[:-1] + edges[1:]) / 2
    return centres[kept], sums[kept] / counts[kept]


def plot_sweep(data: dict):
    """The grid of panels (outcomes down, factors across) drawn from `sweep_chart_data`."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from analysis.charts import palette
    from analysis.charts.style import style, wrap

    rows, columns = len(data["outcomes"]), len(data["factors"])
    with style():
        fig = Figure(figsize=(4.6 * columns + 1.5, 3.4 * rows + 1.6), layout="constrained")
        grid = fig.subplots(max(rows, 1), columns, squeeze=False, sharex="col")
        for r, outcome in enumerate(data["outcomes"]):
            for c, factor in enumerate(data["factors"]):
                ax = grid[r][c]
                ax.scatter(factor["values"], outcome["values"], s=9, alpha=0.35,
                           color=palette.series_colour(0), linewidths=0)  # fmt: skip
                ax.plot(
                    *data["trends"][r][c], color=palette.series_colour(5), marker="o", markersize=4
                )
                if c == 0:
                    ax.set_ylabel(wrap(outcome["label"], 26), fontsize=12)
                if r == rows - 1:
                    label = f"{wrap(factor['label'], 34)}\n{wrap(factor['path'], 40)}"
                    ax.set_xlabel(label, fontsize=11)
                ax.tick_params(labelsize=11)
                ax.xaxis.set_major_locator(MaxNLocator(4))
        fig.suptitle(wrap(data["title"], 110), fontsize=16)
    return fig
