"""The whole talks on one time axis: when each issue was settled, and the armistice.

One row per issue in the scenario's order, then a row for the agreement that settles them
all (the armistice) when the scenario has one. Each row shows the share of runs settling
in each month (each day, for a short daily episode) on one scale for all rows, the median
run, the date it really happened, and, in the row's label, the share that never settled.

As in every chart (`analysis.charts.style`), `timeline_data` returns plain numbers and
`plot_timeline` draws exactly them. Only the results table and the scenario's `issues`, `historical`,
`agreement`, `title` and `id` are read, never its clock: the time axis comes from the
dates in the table, so stages counted in days and in months share one axis.
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.dates as mdates
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.charts import palette
from analysis.charts.run_data import WORDING, as_runs, historical_record, issue_mask
from analysis.charts.style import (
    HISTORY_GID,
    WIDE,
    axes_or_new,
    date_axis,
    nice_date,
    style,
    wrap,
)
from analysis.summary import agreement_dates, date_quantiles
from sim.engine.results import Results

AGREEMENT_ROW = "agreement"
"""The `id` of the row of the agreement settling every issue (the armistice)."""
BAR_HEIGHT = 0.58
"""The tallest bar of the chart, as a share of its band; the rest holds the labels."""
MONTHLY_AFTER_DAYS = 180
"""Dates spread over more days than this are counted per month, else per day."""


def timeline_data(runs: Iterable[Results]) -> dict:
    """Settlement dates of every issue, and of the agreement, on one shared time axis.

    Returns `title`, `runs` (labels), `unit` (`month` or `day`: the width of a bar),
    `edges` (datetime64[D], the bars' boundaries, one more than bars), `xlim`, `max_percent`
    (the tallest bar, for one scale over all rows) and `rows`, top to bottom: per row `id`
    (an issue id, or `agreement`), `label`, `tick_label` (the label with the share that
    never settled), `percent` (run label -> % of runs settling in each bar), `never` (run
    label -> % never settled), `never_word` (`never settled`, `never entered` or `never
    reached`), `median` (run label -> the date by which half had settled,
    or None), `historical_date` and `historical_label` (None without a record).
    """
    runs = as_runs(runs)
    scenario = runs[0].scenario
    specs = []  # (id, label, never-word, {run label: dates}, historical date)
    for issue_id, issue in scenario.issues.items():
        entry = issue.entry_lag_days is not None
        column = "entry_date" if entry else "agreement_date"
        dates = {run.label: _issue_dates(run, issue_id, column) for run in runs}
        record = historical_record(runs, issue_id)
        happened = WORDING.get(issue_id, {}).get("happened", "entered")
        label = f"{issue.label} (date {happened})" if entry else issue.label
        word = "never entered" if entry else "never settled"
        specs.append((issue_id, label, word, dates, record.date if record else None))
    if scenario.agreement is not None:
        dates = {run.label: agreement_dates(run.scenario, run.table) for run in runs}
        day = scenario.agreement.historical_date
        label = f"{scenario.agreement.label}: signed after every question is settled"
        specs.append((AGREEMENT_ROW, label, "never signed", dates, day))

    settled = [d[~np.isnat(d)] for *_, by_run, _ in specs for d in by_run.values()]
    known = [np.datetime64(day, "D") for *_, day in specs if day is not None]
    edges, unit = _edges(
        np.concatenate([*settled, np.array([], "M8[D]")]), np.array(known, "M8[D]")
    )
    rows = []
    for row_id, label, word, by_run, day in specs:
        percent, never, median = {}, {}, {}
        for run_label, dates in by_run.items():
            count = max(dates.size, 1)
            agreed = dates[~np.isnat(dates)]
            bins = np.searchsorted(edges, agreed, side="right") - 1
            percent[run_label] = 100 * np.bincount(bins, minlength=max(edges.size - 1, 0)) / count
            never[run_label] = 100 * (dates.size - agreed.size) / count
            half = date_quantiles(dates)["p50"] if dates.size else None
            median[run_label] = np.datetime64(half, "D") if half else None
        rows.append(
            {
                "id": row_id,
                "label": label,
                "tick_label": _tick_label(label, word, never),
                "percent": percent,
                "never": never,
                "never_word": word,
                "median": median,
                "historical_date": np.datetime64(day, "D") if day else None,
                "historical_label": f"What happened: {nice_date(day)}" if day else None,
            }
        )
    tallest = max(
        (float(p.max()) for r in rows for p in r["percent"].values() if p.size), default=0
    )
    pad = np.timedelta64(10 if unit == "month" else 1, "D")
    return {
        "title": f"{scenario.title}: when each question was settled",
        "runs": [run.label for run in runs],
        "unit": unit,
        "edges": edges,
        "xlim": (edges[0] - pad, edges[-1] + pad) if edges.size else None,
        "max_percent": tallest,
        "rows": rows,
    }


def _issue_dates(run: Results, issue_id: str, column: str) -> np.ndarray:
    return run.table[column][issue_mask(run.table, issue_id)].astype("datetime64[D]")


def _edges(settled: np.ndarray, known: np.ndarray) -> tuple[np.ndarray, str]:
    """Bar boundaries covering every date: calendar months, or days for a short daily span.

    Dates on the first of the month (monthly steps) are always counted per month.
    """
    every = np.sort(np.concatenate([settled, known]).astype("datetime64[D]"))
    if not every.size:
        return np.array([], "M8[D]"), "month"
    first, last = every[0], every[-1]
    on_the_first = settled.size and (settled == settled.astype("M8[M]").astype("M8[D]")).all()
    if on_the_first or last - first > np.timedelta64(MONTHLY_AFTER_DAYS, "D"):
        months = np.arange(first.astype("M8[M]"), last.astype("M8[M]") + 2)
        return months.astype("M8[D]"), "month"
    return np.arange(first, last + 2), "day"


def _percent(value: float) -> str:
    return "0 %" if value == 0 else f"{value:.1f} %" if value < 1 else f"{value:.0f} %"


def _tick_label(label: str, word: str, never: dict[str, float]) -> str:
    """The row's label and the share that never settled, per run in strip order (top first)."""
    shares = " / ".join(_percent(value) for value in never.values())
    return f"{wrap(label, 26)}\n{word}: {shares}"


def plot_timeline(runs: Iterable[Results], ax: Axes | None = None) -> Figure:
    """One band per issue (then the armistice) on a shared date axis; one strip per run.

    Bars (`gid` `settled:<row id>`) are the share of runs settling in each month, on one
    scale for every row; a diamond (`gid` `median`) marks the median run; a dashed line
    and its label (`gid` `historical`) mark what happened.
    """
    data = timeline_data(runs)
    rows, run_labels = data["rows"], data["runs"]
    n_rows, n_runs = len(rows), len(run_labels)
    edges = data["edges"]
    widths = (edges[1:] - edges[:-1]).astype(float) if edges.size else np.array([])
    centres = edges[:-1] + (edges[1:] - edges[:-1]) * 46 // 100  # of the drawn bars
    strip = 1 / n_runs  # each run's strip inside a row of height 1
    scale = BAR_HEIGHT * strip / data["max_percent"] if data["max_percent"] else 0.0
    with style():
        ax = axes_or_new(ax, (WIDE[0], 2.6 + 1.5 * n_rows * max(1.0, 0.75 * n_runs)))
        for i, row in enumerate(rows):
            top = n_rows - i  # the first row at the top
            for j, label in enumerate(run_labels):
                colour = palette.run_colour(j)
                bottom = top - (j + 1) * strip + 0.06 * strip
                percent = row["percent"][label]
                shown = percent > 0
                ax.bar(
                    edges[:-1][shown], percent[shown] * scale, width=widths[shown] * 0.92,
                    bottom=bottom, align="edge", color=colour, gid=f"settled:{row['id']}",
                    hatch=palette.run_hatch(j), edgecolor=palette.hatch_ink(colour), linewidth=0,
                )  # fmt: skip
                if shown.any():
                    k = int(np.argmax(percent))
                    ax.annotate(
                        _percent(percent[k]), (centres[k], bottom + percent[k] * scale),
                        xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                        fontsize=12, color="#333333", gid="peak", zorder=6,
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 0.5},
                    )  # fmt: skip
                if n_runs > 1:  # which share of the row's label is this strip's
                    ax.annotate(
                        f"{row['never_word']}: {_percent(row['never'][label])}",
                        (1, bottom), xycoords=("axes fraction", "data"), xytext=(-4, 2),
                        textcoords="offset points", ha="right", va="bottom", fontsize=12,
                        color=colour, fontweight="bold", gid="never", zorder=6,
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1},
                    )  # fmt: skip
                if row["median"][label] is not None:
                    ax.plot(
                        [row["median"][label]], [bottom], marker="D", markersize=11,
                        markerfacecolor="white", markeredgecolor="black", markeredgewidth=1.8,
                        linestyle="none", zorder=5, gid="median", clip_on=False,
                    )  # fmt: skip
            if row["historical_date"] is not None:
                _mark(ax, row["historical_date"], row["historical_label"], top, data["xlim"])
        for boundary in range(1, n_rows):
            is_agreement = rows[n_rows - boundary]["id"] == AGREEMENT_ROW
            ax.axhline(boundary, color="#444444" if is_agreement else "#BBBBBB",
                       linewidth=1.6 if is_agreement else 0.8, zorder=0)  # fmt: skip
        ax.set_yticks([n_rows - i - 0.5 for i in range(n_rows)], [r["tick_label"] for r in rows])
        for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
            if row["id"] == AGREEMENT_ROW:
                tick.set_fontweight("bold")
        ax.set_ylim(0, n_rows)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="y", visible=False)
        if data["xlim"] is not None:
            ax.set_xlim(*data["xlim"])
            date_axis(ax, minticks=6, maxticks=12)
            if data["unit"] == "month":
                ax.xaxis.set_minor_locator(mdates.MonthLocator())
                ax.tick_params(axis="x", which="minor", length=4)
        else:
            ax.text(0.5, 0.5, "No run settled any question", transform=ax.transAxes,
                    ha="center", va="center", fontsize=16)  # fmt: skip
        ax.set_title(data["title"], loc="left")
        ax.legend(handles=_legend(data), loc="upper left", bbox_to_anchor=(0, -0.07),
                  frameon=False, ncols=2 if n_runs == 1 else 1)  # fmt: skip
    return ax.figure


def _mark(ax: Axes, date: np.datetime64, label: str, top: float, xlim) -> None:
    """A dashed line across the row at what happened, labelled at the row's top."""
    ax.plot([date, date], [top - 1, top], color=palette.HISTORY, linestyle="--", linewidth=2.2,
            gid=HISTORY_GID, zorder=4)  # fmt: skip
    first, last = xlim if xlim is not None else (date, date)
    right = last > first and (date - first) / (last - first) > 0.7
    ax.annotate(
        label, (date, top - 0.04), xytext=(-6 if right else 6, 0), textcoords="offset points",
        ha="right" if right else "left", va="top", fontsize=13, fontweight="bold", gid=HISTORY_GID,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1},
    )  # fmt: skip


def _legend(data: dict) -> list:
    unit = data["unit"]
    handles = [
        Patch(
            facecolor=palette.run_colour(j),
            hatch=palette.run_hatch(j),
            edgecolor=palette.hatch_ink(palette.run_colour(j)),
            linewidth=0,
            label=wrap(f"{label}: share of runs settled in each {unit}", 70),
        )
        for j, label in enumerate(data["runs"])
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="D",
            markersize=10,
            markerfacecolor="white",
            markeredgecolor="black",
            linestyle="none",
            label="Half of the runs had settled by this date",
        )  # fmt: skip
    )
    handles.append(Line2D([], [], color=palette.HISTORY, linestyle="--", label="What happened"))
    return handles
