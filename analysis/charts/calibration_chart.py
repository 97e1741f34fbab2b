"""Prior against posterior, one small panel per parameter: which values the record constrains
and which remain the article's judgment.

Each panel shows the parameter's range (the prior is flat on it), a weighted histogram of the
posterior and the two medians, under the parameter's label in words and how much its 90 %
interval shrank; panels are ordered by that shrinkage.
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import BinaryIO

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.calibration import parameter_table
from analysis.charts import palette
from sim.experiments.calibration.folder import Posterior

BINS = 20
COLUMNS = 5
TITLE_WIDTH = 38
"""Characters per line of a panel's title (the parameter's label, wrapped)."""


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


def panel_title(panel: dict) -> str:
    """The parameter's label in words, wrapped to the panel's width (never cut), and how far
    the record narrowed its 90 % interval."""
    name = textwrap.fill(panel.get("label") or panel["path"], TITLE_WIDTH, break_long_words=False)
    shrinkage = round(panel["shrinkage"] * 100)
    if shrinkage == 0:
        said = "90 % interval: as the prior's"
    else:
        said = f"90 % interval: {abs(shrinkage)} % {'narrower' if shrinkage > 0 else 'wider'}"
    return f"{name}\n{said}"


def draw_calibration_chart(panels: list[dict], title: str) -> Figure:
    """One panel per parameter: the posterior's weighted histogram as density relative to the
    flat prior (a bar above the dashed line: the record favours those values), the two medians,
    and a shared legend below the panels."""
    rows = max(1, math.ceil(len(panels) / COLUMNS))
    figure = Figure(figsize=(2.9 * COLUMNS, 2.05 * rows + 1.1), layout="constrained")
    axes = figure.subplots(rows, COLUMNS, squeeze=False).ravel()
    for axis, panel in zip(axes, panels, strict=False):
        edges = np.array(panel["edges"])
        axis.stairs(panel["relative_density"], edges, fill=True, color=palette.RUNS[0], alpha=0.6,
                    label="posterior (density relative to the prior)")  # fmt: skip
        axis.axhline(1.0, color=palette.CONTEXT, linewidth=1, linestyle="--",
                     label="prior (flat over the article's range)")  # fmt: skip
        axis.axvline(panel["posterior_median"], color=palette.RUNS[0], linewidth=1.2,
                     label="posterior median")  # fmt: skip
        axis.axvline(panel["prior_median"], color=palette.CONTEXT, linewidth=1, linestyle=":",
                     label="prior median")  # fmt: skip
        axis.set_title(panel_title(panel), fontsize=7, loc="left")
        axis.set_xlim(edges[0], edges[-1])
        axis.xaxis.set_major_locator(MaxNLocator(nbins=4))
        axis.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.3g}"))
        axis.tick_params(labelsize=6.5)
        axis.set_yticks([])
    for axis in axes[len(panels) :]:
        axis.set_axis_off()
    if panels:
        handles, labels = axes[0].get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside lower center", ncols=4, fontsize=8,
                      frameon=False)  # fmt: skip
    figure.suptitle(title, fontsize=11)
    return figure


PNG_COLOURS = 128
"""A PNG's palette: the chart has a few colours and their anti-aliased edges, so an adaptive
palette keeps it sharp at a third of the size of full colour (a README can carry it)."""


def save_calibration_chart(figure: Figure, file: BinaryIO, kind: str, dpi: int = 130) -> None:
    """Write the chart as `kind` (png, svg or pdf) to `file`; a PNG with an adaptive palette."""
    if kind != "png":
        figure.savefig(file, format=kind, dpi=dpi)
        return
    from PIL import Image

    drawn = io.BytesIO()
    figure.savefig(drawn, format="png", dpi=dpi)
    image = Image.open(drawn).convert("RGB")
    image.quantize(PNG_COLOURS, method=Image.Quantize.MEDIANCUT).save(file, "PNG", optimize=True)
