"""A party's demand on one issue over time: a fan of the history sample, with the dated events
numbered (and their key) and what happened starred."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.charts import palette
from analysis.charts.run_data import (
    as_runs,
    history_dates,
    history_values,
    quantile_bands,
    settled_by,
)
from analysis.charts.style import (
    HISTORY_GID,
    axes_or_new,
    date_axis,
    nice_date,
    style,
    wrap,
)
from sim.engine.results import Results
from sim.scenario.calendar import step_date
from sim.scenario.structure import Scenario


def _events(scenario: Scenario, first: np.datetime64, last: np.datetime64) -> list[tuple]:
    return [
        (np.datetime64(e.date, "D"), e.label)
        for e in sorted(scenario.events, key=lambda e: e.date)
        if first <= np.datetime64(e.date, "D") <= last
    ]


def event_numbers(runs: Iterable[Results]) -> dict[tuple, int]:
    """Number the dated events inside the runs' time spans in date order: (date, label) -> 1, 2, ..."""
    events = set()
    for run in as_runs(runs):
        time = run.scenario.time
        first = np.datetime64(time.start, "D")
        last = np.datetime64(step_date(time.start, time.step, time.horizon), "D")
        events.update(_events(run.scenario, first, last))
    return {event: number for number, event in enumerate(sorted(events), start=1)}


def event_key(numbers: dict[tuple, int], shown: Iterable[tuple]) -> str:
    """The key to numbered event markers, one line per event shown."""
    shown = set(shown)
    return "\n".join(
        f"{n}  {nice_date(date)}: {label}"
        for (date, label), n in sorted(numbers.items(), key=lambda item: item[1])
        if (date, label) in shown
    )


def demand_fan_data(
    run: Results, issue_id: str, party_id: str, paths: int = 20, historical=None
) -> dict:
    """One party's demand on one issue over time, over the run's history sample.

    Returns `dates` (each history step, then the end of the last step), `paths` (the first
    `paths` sampled replicates, (steps + 1) x paths), `median`, `p05`, `p25`, `p75`, `p95`
    over the whole sample (the last value repeats the last step, so a step line ends where
    the step does), the option `ticks` (positions) and `tick_labels`, dated `events` up to
    the horizon, `settled_by` (where the history stops because every replicate has settled, or
    None), and what happened (from `historical`, else the run's scenario).
    """
    run = as_runs([run])[0]
    if not run.history:
        raise ValueError(f"run {run.label!r} has no history to draw demands from")
    issue = run.scenario.issues[issue_id]
    values = history_values(run, "demand", issue_id, party_id)
    dates = history_dates(run)
    time = run.scenario.time
    last = np.datetime64(step_date(time.start, time.step, time.horizon), "D")
    record = historical or run.scenario.historical.get(issue_id)
    option = next((o for o in issue.options if record and o.id == record.outcome), None)
    return {
        "title": f"{run.scenario.parties[party_id].label}: {run.label}",
        "dates": dates,
        "paths": values[:, :paths],
        **quantile_bands(values),
        "ticks": [o.position for o in issue.options],
        "tick_labels": [o.label for o in issue.options],
        "events": _events(run.scenario, dates[0], max(dates[-1], last)),
        "settled_by": settled_by(run, issue_id, dates),
        "historical_date": np.datetime64(record.date, "D") if record else None,
        "historical_position": option.position if option else None,
        "historical_label": (
            f"What happened: {option.label if option else 'no agreement'}, {nice_date(record.date)}"
            if record
            else None
        ),
    }


def plot_demand_fan(
    run: Results,
    issue_id: str,
    party_id: str,
    ax: Axes | None = None,
    colour: str = palette.RUNS[0],
    historical=None,
    numbers: dict[tuple, int] | None = None,
) -> Figure:
    """Thin sample paths, the median and 50/90 % bands; numbered events and what happened.

    `numbers` numbers the events (see `event_numbers`); when this function makes its own
    figure it also writes the key to the numbers under the chart.
    """
    data = demand_fan_data(run, issue_id, party_id, historical=historical)
    own_figure = ax is None
    numbers = numbers or event_numbers([run])
    with style():
        ax = axes_or_new(ax)
        x = data["dates"]
        ax.fill_between(x, data["p05"], data["p95"], step="post", color=colour, alpha=0.18,
                        linewidth=0, label="90 % of runs")  # fmt: skip
        ax.fill_between(x, data["p25"], data["p75"], step="post", color=colour, alpha=0.35,
                        linewidth=0, label="50 % of runs")  # fmt: skip
        for index, path in enumerate(data["paths"].T):
            ax.plot(x, path, drawstyle="steps-post", color=colour, linewidth=0.9, alpha=0.4,
                    gid="path", label="Some single runs" if index == 0 else None)  # fmt: skip
        ax.plot(x, data["median"], drawstyle="steps-post", color=colour, label="Median",
                gid="median")  # fmt: skip
        _mark_events(ax, data["events"], numbers)
        if data["settled_by"] is not None:
            at = np.searchsorted(x, data["settled_by"]) - 1
            ax.annotate("all runs\nsettled", (data["settled_by"], data["median"][at]),
                        xytext=(6, 0), textcoords="offset points", va="center", fontsize=12,
                        color="#333333")  # fmt: skip
        if data["historical_date"] is not None and data["historical_position"] is not None:
            ax.plot(
                [data["historical_date"]], [data["historical_position"]], marker="*",
                markersize=24, color=palette.HISTORY, linestyle="none", gid=HISTORY_GID,
                label=data["historical_label"], zorder=5,
            )  # fmt: skip
        ax.set_yticks(data["ticks"], [wrap(t, 20) for t in data["tick_labels"]])
        ax.set_ylim(-0.08, 1.2)
        ax.set_title(wrap(data["title"], 48), loc="left", fontsize=16)
        date_axis(ax)
        if own_figure:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
            key = event_key(numbers, data["events"])
            ax.text(0, -0.12, key, transform=ax.transAxes, va="top", fontsize=13)
    return ax.figure


def _mark_events(ax: Axes, events: list[tuple], numbers: dict[tuple, int]) -> None:
    for date, label in events:
        ax.axvline(date, color="#555555", linestyle=":", linewidth=1.8, gid="event")
        ax.annotate(
            str(numbers[(date, label)]), (date, 0.96), xycoords=("data", "axes fraction"),
            ha="center", va="center", fontsize=12, fontweight="bold", gid="event",
            bbox={"boxstyle": "circle,pad=0.25", "facecolor": "white", "edgecolor": "#555555"},
        )  # fmt: skip
