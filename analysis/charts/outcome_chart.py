"""How each issue ends: the share of runs ending in each option, per run, what happened shaded."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from alliance_sim.i18n import _
from analysis.charts import palette
from analysis.charts.run_data import as_runs, historical_record, issue_mask
from analysis.charts.style import HISTORY_GID, WIDE, axes_or_new, legend_below, style, wrap
from analysis.summary import shares
from sim.engine.results import NO_AGREEMENT, Results


def outcome_share_data(runs: Iterable[Results], issue_id: str) -> dict:
    """Share (in %) of replicates ending in each option, per run, in scale order.

    Returns `options` (labels, `no_agreement` last), `option_ids`, `runs` (labels),
    `percent` (run label -> list of % per option), `historical_index` (index of what
    happened in `options`, or None) and the texts of the chart.
    """
    runs = as_runs(runs)
    issue = runs[0].scenario.issues[issue_id]
    ids = [o.id for o in issue.options]
    labels = [_(issue.label_of(o)) for o in [*(o.id for o in issue.options), NO_AGREEMENT]]
    percent = {
        run.label: [
            100 * share
            for share in shares(run.table["outcome"][issue_mask(run.table, issue_id)], ids).values()
        ]
        for run in runs
    }
    record = historical_record(runs, issue_id)
    index = [*ids, NO_AGREEMENT].index(record.outcome) if record else None
    return {
        "title": _("How it ends: {issue}").format(issue=_(issue.label)),
        "xlabel": _("Share of simulated runs (%)"),
        "options": labels,
        "option_ids": [*ids, NO_AGREEMENT],
        "runs": [run.label for run in runs],
        "percent": percent,
        "historical_index": index,
        "historical_label": _("What happened: {outcome}").format(outcome=labels[index])
        if record
        else None,
    }


def plot_outcome_shares(runs: Iterable[Results], issue_id: str, ax: Axes | None = None) -> Figure:
    """Grouped horizontal bars: one group per option, one bar per run (its colour and pattern);
    what happened shaded."""
    data = outcome_share_data(runs, issue_id)
    n_runs, n_options = len(data["runs"]), len(data["options"])
    height = 0.8 / n_runs
    with style():
        ax = axes_or_new(ax, (WIDE[0], 2.2 + 1.1 * n_options * max(1, n_runs / 2)))
        if data["historical_index"] is not None:
            y = data["historical_index"]
            ax.axhspan(y - 0.46, y + 0.46, color="#DDDDDD", zorder=0, gid=HISTORY_GID,
                       label=data["historical_label"])  # fmt: skip
        for j, label in enumerate(data["runs"]):
            offset = (j - (n_runs - 1) / 2) * height
            bars = ax.barh(
                np.arange(n_options) + offset, data["percent"][label], height=height * 0.92,
                color=palette.run_colour(j), label=label, hatch=palette.run_hatch(j),
                edgecolor=palette.hatch_ink(palette.run_colour(j)), linewidth=0,
            )  # fmt: skip
            texts = ["" if p == 0 else "<1 %" if p < 0.5 else f"{p:.0f} %" for p in bars.datavalues]
            ax.bar_label(bars, texts, padding=4, fontsize=13)
        ax.set_yticks(np.arange(n_options), [wrap(o, 26) for o in data["options"]])
        if data["historical_index"] is not None:
            ax.get_yticklabels()[data["historical_index"]].set_fontweight("bold")
        ax.set_ylim(n_options - 0.5, -0.5)  # first option at the top
        ax.set_xlim(0, 110)
        ax.set_xticks(range(0, 101, 20))
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(data["xlabel"])
        ax.set_title(data["title"], loc="left")
        legend_below(ax)
    return ax.figure
