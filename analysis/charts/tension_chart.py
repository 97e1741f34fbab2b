"""Tension inside each bloc over time: how far its members' ideals are from its demand."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.charts import palette
from analysis.charts.run_data import (
    historical_record,
    history_dates,
    history_runs,
    history_values,
    quantile_bands,
)
from analysis.charts.style import (
    axes_or_new,
    date_axis,
    legend_below,
    mark_date,
    nice_date,
    style,
)
from sim.engine.results import Results
from sim.scenario.structure import Scenario


def blocs(scenario: Scenario) -> list[str]:
    """Parties with more than one member: the only ones that can be split."""
    return [pid for pid, party in scenario.parties.items() if len(party.members) > 1]


def tension_data(runs: Iterable[Results], issue_id: str, party_id: str) -> dict:
    """Tension inside one bloc on one issue over time: median and bands per run with history.

    Tension is the influence-weighted distance of the members' ideals from the bloc's
    current demand (0: united; 1: as far apart as the scale allows).
    """
    runs = history_runs(runs, issue_id)
    record = historical_record(runs, issue_id)
    curves = {}
    for run in runs:
        values = history_values(run, "tension", issue_id, party_id)
        curves[run.label] = {"dates": history_dates(run), **quantile_bands(values)}
    party = runs[0].scenario.parties[party_id] if runs else None
    return {
        "title": f"Tension inside the {party.label if party else party_id}",
        "ylabel": "Tension\n(0 = united)",
        "runs": list(curves),
        "curves": curves,
        "historical_date": np.datetime64(record.date, "D") if record else None,
        "historical_label": f"What happened: agreed {nice_date(record.date)}" if record else None,
    }


def plot_tension(
    runs: Iterable[Results], issue_id: str, party_id: str, ax: Axes | None = None
) -> Figure:
    """Median tension per run with its 50 % band; a dashed line at the historical date.

    Each band has its own legend entry in its run's colour (a grey swatch for a band that is
    never drawn grey misled readers: issue 10, defect 17)."""
    data = tension_data(runs, issue_id, party_id)
    with style():
        ax = axes_or_new(ax)
        for j, label in enumerate(data["runs"]):
            curve, colour = data["curves"][label], palette.run_colour(j)
            ax.fill_between(curve["dates"], curve["p25"], curve["p75"], step="post",
                            color=colour, alpha=0.25, linewidth=0,
                            label=f"{label} (middle 50 % of runs)", gid="band")  # fmt: skip
            ax.plot(curve["dates"], curve["median"], drawstyle="steps-post", color=colour,
                    linestyle=palette.run_dash(j), label=f"{label} (median run)",
                    gid="median")  # fmt: skip
        if data["historical_date"] is not None:
            mark_date(ax, data["historical_date"], data["historical_label"])
        ax.set_ylim(-0.03, 1.05)
        ax.set_ylabel(data["ylabel"])
        ax.set_title(data["title"], loc="left")
        date_axis(ax)
        legend_below(ax)
    return ax.figure
