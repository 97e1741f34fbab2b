"""Prior against posterior, one small panel per parameter: which values the record constrains
and which remain the article's judgment.

Each panel shows the parameter's range (the prior is flat on it), a weighted histogram of the
posterior and the two medians; panels are ordered by how much the 90 % interval shrank.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

from analysis.calibration import parameter_table
from analysis.charts import palette
from sim.experiments.calibration.folder import Posterior

BINS = 20
COLUMNS = 5


def calibration_chart_data(posterior: Posterior, top: int | None = None) -> list[dict]:
    """Per parameter (most constrained first, the first `top` if given): its range, the
    posterior's weighted histogram as densities relative to the flat prior, the medians."""
    rows = parameter_table(posterior)[:top]
    panels = []
    for row in rows:
        column = posterior.paths.index(row["path"])
        entry = posterior.prior()[column]
        edges = np.linspace(entry["low"], entry["high"], BINS + 1)
        mass, _ = np.histogram(posterior.theta[:, column], edges, weights=posterior.weights)
        panels.append({**row, "edges": edges.tolist(), "relative_density": (mass * BINS).tolist()})
    return panels


def draw_calibration_chart(panels: list[dict], title: str) -> Figure:
    rows = max(1, math.ceil(len(panels) / COLUMNS))
    figure = Figure(figsize=(2.6 * COLUMNS, 1.9 * rows + 0.6), layout="constrained")
    axes = figure.subplots(rows, COLUMNS, squeeze=False).ravel()
    for axis, panel in zip(axes, panels, strict=False):
        edges = np.array(panel["edges"])
        axis.stairs(panel["relative_density"], edges, fill=True, color=palette.RUNS[0], alpha=0.6,
                    label="posterior")  # fmt: skip
        axis.axhline(1.0, color="#555555", linewidth=1, linestyle="--", label="prior")
        axis.axvline(panel["posterior_median"], color=palette.RUNS[0], linewidth=1)
        axis.axvline(panel["prior_median"], color="#555555", linewidth=0.8, linestyle=":")
        name = (
            panel["path"].replace("actors.", "").replace(".profile", "").replace("positions.", "")
        )
        axis.set_title(f"{name[-38:]}\nshrinkage {panel['shrinkage']:+.0%}", fontsize=7)
        axis.tick_params(labelsize=6)
        axis.set_yticks([])
    for axis in axes[len(panels) :]:
        axis.set_axis_off()
    figure.suptitle(title, fontsize=10)
    return figure
