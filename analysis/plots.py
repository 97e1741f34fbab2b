"""Charts of outcome distributions, historical against counterfactual, for a classroom projector.

Each chart is two functions, as in Axelrod's `axelrod/plot.py`: a pure data function
(`*_data`) that returns plain numbers, arrays and dicts a test can check, and a
`plot_*(..., ax=None) -> Figure` that draws exactly what the data function returns and
nothing it computes itself. Runs are :class:`~sim.results.Results`, the base first,
named by their labels; a run's `history` is the list of per-step records of `sim.history`.

Matplotlib is imported here and in `analysis.figures` only, never by `sim/` or `agents/`.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import replace

import matplotlib.dates as mdates
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.summary import agreement_dates, shares
from sim.calendar import step_date
from sim.results import NO_AGREEMENT, Results, Table
from sim.schema import Scenario

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
DASHES = ["-", "--", "-.", ":"]
"""Line style per run as well as colour, so overlapping lines stay distinguishable."""
HISTORY_COLOUR = "black"
HISTORY_GID = "historical"
"""`gid` of every artist that marks what happened, so tests can find the marker."""

STYLE = {
    "font.size": 15,
    "axes.titlesize": 18,
    "axes.titleweight": "bold",
    "axes.labelsize": 16,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 14,
    "figure.titlesize": 21,
    "figure.titleweight": "bold",
    "lines.linewidth": 2.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "svg.fonttype": "path",
}
WIDE = (14, 7.5)  # inches: 16:9-ish, fills a projector

WORDING = {
    # Issue-specific plain language where "agreement" would mislead a class.
    "soviet_air_cover": {
        "waiting": "China not yet in the war",
        "happened": "China entered",
    },
}
"""Per issue id: the label of the waiting state and of the historical event."""


def as_runs(runs: Iterable[Results]) -> list[Results]:
    """The runs to draw as a list, the base first; ValueError if there are none."""
    result = list(runs)
    if not result:
        raise ValueError("no runs to plot")
    return result


def history_runs(runs: Iterable[Results], issue_id: str) -> list[Results]:
    """The runs whose per-step history covers `issue_id`, each with the scenario that history
    belongs to: a campaign keeps the history of its last stage only (:mod:`sim.campaign_run`),
    so its history charts are those of that stage's issues, drawn in that stage's terms."""
    covered = []
    for run in as_runs(runs):
        stages = getattr(run.scenario, "stages", None)
        scenario = run.scenario if stages is None else stages[-1]
        if run.history and issue_id in scenario.issues:
            covered.append(replace(run, scenario=scenario))
    return covered


@contextmanager
def style():
    import matplotlib

    with matplotlib.rc_context(STYLE):
        yield


def _axes(ax: Axes | None, figsize: tuple[float, float] = WIDE) -> Axes:
    if ax is not None:
        return ax
    return Figure(figsize=figsize, layout="constrained").add_subplot()


def wrap(text: str, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def nice_date(day: dt.date | np.datetime64) -> str:
    day = day.astype("datetime64[D]").item() if isinstance(day, np.datetime64) else day
    return f"{day.day} {day:%b %Y}"


def _word(issue_id: str, key: str, default: str) -> str:
    return WORDING.get(issue_id, {}).get(key, default)


def _historical(runs: list[Results], issue_id: str):
    """The historical record of an issue from the first run that has one (the base)."""
    for run in runs:
        if issue_id in run.scenario.historical:
            return run.scenario.historical[issue_id]
    return None


def _rows(table: Table, issue_id: str) -> np.ndarray:
    return table["issue"] == issue_id


def _date_axis(ax: Axes, minticks: int = 3, maxticks: int = 7) -> None:
    """Calendar dates on x: "Oct 1950", "15 Oct" (days), "Jul 1951" (months)."""
    locator = mdates.AutoDateLocator(minticks=minticks, maxticks=maxticks)
    formatter = mdates.ConciseDateFormatter(
        locator,
        formats=["%Y", "%b %Y", "%-d %b", "%H:%M", "%H:%M", "%S.%f"],
        zero_formats=["", "%Y", "%b %Y", "%-d %b", "%H:%M", "%H:%M"],
        show_offset=False,
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


# --- 1. Outcome shares ---------------------------------------------------------------------


def outcome_share_data(runs: Iterable[Results], issue_id: str) -> dict:
    """Share (in %) of replicates ending in each option, per run, in scale order.

    Returns `options` (labels, `no_agreement` last), `option_ids`, `runs` (labels),
    `percent` (run label -> list of % per option), `historical_index` (index of what
    happened in `options`, or None) and the texts of the chart.
    """
    runs = as_runs(runs)
    issue = runs[0].scenario.issues[issue_id]
    ids = [o.id for o in issue.options]
    labels = [issue.label_of(o) for o in [*(o.id for o in issue.options), NO_AGREEMENT]]
    percent = {
        run.label: [
            100 * share
            for share in shares(run.table["outcome"][_rows(run.table, issue_id)], ids).values()
        ]
        for run in runs
    }
    record = _historical(runs, issue_id)
    index = [*ids, NO_AGREEMENT].index(record.outcome) if record else None
    return {
        "title": f"How it ends: {issue.label}",
        "xlabel": "Share of simulated runs (%)",
        "options": labels,
        "option_ids": [*ids, NO_AGREEMENT],
        "runs": [run.label for run in runs],
        "percent": percent,
        "historical_index": index,
        "historical_label": f"What happened: {labels[index]}" if record else None,
    }


def plot_outcome_shares(runs: Iterable[Results], issue_id: str, ax: Axes | None = None) -> Figure:
    """Grouped horizontal bars: one group per option, one bar per run; what happened shaded."""
    data = outcome_share_data(runs, issue_id)
    n_runs, n_options = len(data["runs"]), len(data["options"])
    height = 0.8 / n_runs
    with style():
        ax = _axes(ax, (WIDE[0], 2.2 + 1.1 * n_options * max(1, n_runs / 2)))
        if data["historical_index"] is not None:
            y = data["historical_index"]
            ax.axhspan(y - 0.46, y + 0.46, color="#DDDDDD", zorder=0, gid=HISTORY_GID,
                       label=data["historical_label"])  # fmt: skip
        for j, label in enumerate(data["runs"]):
            offset = (j - (n_runs - 1) / 2) * height
            bars = ax.barh(
                np.arange(n_options) + offset, data["percent"][label], height=height * 0.92,
                color=PALETTE[j % len(PALETTE)], label=label,
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
        _legend_below(ax)
    return ax.figure


def _legend_below(ax: Axes) -> None:
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), frameon=False, ncols=1)


# --- 2. Waiting curves: not yet settled, not yet entered, still fighting -------------------


def survival_data(runs: Iterable[Results], issue_id: str | None, column: str | None = None) -> dict:
    """Share (in %) of replicates still waiting by each date, per run: a step function.

    For an issue, the wait is for that issue's agreement: "not yet settled" (for an issue
    whose agreement sends troops in, `column` defaults to `entry_date`: "not yet entered").
    For `issue_id=None`, the wait is for the scenario's `agreement` (the armistice), which
    needs every issue settled: "still fighting". Only that curve says so, because settling
    one issue (the demarcation line in 1951) did not end the war.

    Per run, `curves[label]` has `dates` (datetime64[D]: the day before the start, every
    date a replicate agreed, the end and the historical date) and `percent` (the share still
    waiting at the end of each date: agreed later or never). For an issue of a scenario with
    an agreement and more than one issue, `context` is the base run's still-fighting curve
    (`label`, `dates`, `percent`), drawn beside the issue's; else None.
    """
    runs = as_runs(runs)
    if issue_id is None:
        return _still_fighting_data(runs)
    issue = runs[0].scenario.issues[issue_id]
    entry = issue.entry_lag_days is not None
    column = column or ("entry_date" if entry else "agreement_date")
    lag = (issue.entry_lag_days or 0) if column == "entry_date" else 0
    record = _historical(runs, issue_id)
    history = np.datetime64(record.date, "D") if record else None
    curves = {
        run.label: _waiting(run, run.table[column][_rows(run.table, issue_id)], lag, history)
        for run in runs
    }
    if column == "entry_date":
        waiting_text = _word(issue_id, "waiting", "Not yet entered")
        happened = _word(issue_id, "happened", "entered")
        title = f"{waiting_text}: {issue.label}"
    else:
        waiting_text, happened = "Not yet settled", "agreed"
        title = f"{issue.label}: share not yet settled"
    base = runs[0]
    context = None
    scenario = base.scenario
    same_clock = scenario.step_of(issue_id) == scenario.time.step  # not a campaign's daily stage
    if scenario.agreement is not None and len(scenario.issues) > 1 and same_clock:
        name = _lower_first(base.scenario.agreement.label)
        dates = agreement_dates(base.scenario, base.table)
        context = {
            "label": f"Still fighting (until {name}), {base.label}",
            **_waiting(base, dates, 0, None),
        }
    return {
        "title": title,
        "ylabel": f"{waiting_text}\n(% of simulated runs)",
        "runs": [run.label for run in runs],
        "curves": curves,
        "context": context,
        "historical_date": history,
        "historical_label": f"What happened: {happened} {nice_date(record.date)}"
        if record
        else None,
    }


def still_fighting_data(runs: Iterable[Results]) -> dict:
    """The share of replicates still fighting, until the scenario's agreement (the armistice)."""
    return survival_data(runs, None)


def _still_fighting_data(runs: list[Results]) -> dict:
    agreement = runs[0].scenario.agreement
    if agreement is None:
        raise ValueError(
            f"{runs[0].scenario.id} has no agreement settling every issue (no armistice): "
            "draw each issue's curve instead"
        )
    day = next(
        (
            run.scenario.agreement.historical_date
            for run in runs
            if run.scenario.agreement is not None and run.scenario.agreement.historical_date
        ),
        None,
    )
    history = np.datetime64(day, "D") if day else None
    curves = {
        run.label: _waiting(run, agreement_dates(run.scenario, run.table), 0, history)
        for run in runs
    }
    return {
        "title": f"Still fighting until {_lower_first(agreement.label)}",
        "ylabel": "Still fighting\n(% of simulated runs)",
        "runs": [run.label for run in runs],
        "curves": curves,
        "context": None,
        "historical_date": history,
        "historical_label": f"What happened: {agreement.label}, {nice_date(day)}" if day else None,
    }


def _waiting(
    run: Results, dates: np.ndarray, lag: int, history: np.datetime64 | None
) -> dict[str, np.ndarray]:
    """Dates and the share (%) of `dates` not yet reached (later or NaT) at the end of each."""
    dates = dates.astype("datetime64[D]")
    agreed = np.sort(dates[~np.isnat(dates)])
    time = run.scenario.time
    start = np.datetime64(time.start, "D")
    end = np.datetime64(step_date(time.start, time.step, time.horizon), "D") + lag
    if agreed.size:  # a chained campaign counts time in its last stage's clock
        start, end = min(start, agreed[0]), max(end, agreed[-1])
    # the day before the start (nobody has agreed yet), the end, and what happened
    ends = [start - 1, end] + ([history] if history is not None else [])
    grid = np.unique(np.concatenate([agreed, np.array(ends, "M8[D]")]))
    reached = np.searchsorted(agreed, grid, side="right")
    percent = 100 * (dates.size - reached) / max(dates.size, 1)
    return {"dates": grid, "percent": percent}


def _lower_first(label: str) -> str:
    """`The armistice` -> `the armistice` (inside a sentence); `UN truce` stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def plot_survival(
    runs: Iterable[Results],
    issue_id: str | None,
    column: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """One step line per run; a dashed vertical line at the historical date.

    `issue_id=None` draws the still-fighting curve (until the armistice); an issue's chart
    shows the base run's still-fighting curve in grey beside it when the scenario has one.
    """
    data = survival_data(runs, issue_id, column)
    with style():
        ax = _axes(ax)
        if data["context"] is not None:
            context = data["context"]
            ax.step(
                context["dates"], context["percent"], where="post", label=context["label"],
                color="#777777", linestyle=":", linewidth=2.4, gid="context",
            )  # fmt: skip
        for j, label in enumerate(data["runs"]):
            curve = data["curves"][label]
            ax.step(
                curve["dates"], curve["percent"], where="post", label=label,
                color=PALETTE[j % len(PALETTE)], linestyle=DASHES[j % len(DASHES)],
            )  # fmt: skip
        if data["historical_date"] is not None:
            _mark_date(ax, data["historical_date"], data["historical_label"])
        ax.set_ylim(-3, 108)
        ax.set_yticks(range(0, 101, 25))
        ax.set_ylabel(data["ylabel"])
        ax.set_title(data["title"], loc="left")
        _date_axis(ax)
        _legend_below(ax)
    return ax.figure


def plot_still_fighting(runs: Iterable[Results], ax: Axes | None = None) -> Figure:
    """The still-fighting curves: the share of runs before the armistice, per run."""
    return plot_survival(runs, None, ax=ax)


def _mark_date(ax: Axes, date: np.datetime64, label: str) -> None:
    ax.axvline(date, color=HISTORY_COLOUR, linestyle="--", linewidth=2.2, gid=HISTORY_GID)
    ax.annotate(
        label, (date, 1.0), xycoords=("data", "axes fraction"), xytext=(6, -4),
        textcoords="offset points", ha="left", va="top", fontsize=14, fontweight="bold",
        gid=HISTORY_GID, bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85},
    )  # fmt: skip


# --- history-based charts ------------------------------------------------------------------


def _history_dates(run: Results) -> np.ndarray:
    """Step dates of the history and, last, the end of its last step (where the steps stop)."""
    time = run.scenario.time
    days = [dt.date.fromisoformat(record["date"]) for record in run.history]
    index = step_index(time.start, time.step, days[-1])
    return np.array([*days, step_date(time.start, time.step, index + 1)], dtype="datetime64[D]")


def step_index(start: dt.date, unit: str, day: dt.date) -> int:
    """The step whose date is `day`."""
    step = 0
    while step_date(start, unit, step) < day:
        step += 1
    return step


def _history_values(run: Results, *keys: str) -> np.ndarray:
    """(steps + 1, sample) array of one history entry; the last step repeats to the step's end."""
    values = []
    for record in run.history:
        for key in keys:
            record = record[key]
        values.append(record)
    array = np.array(values, dtype=float)
    return np.vstack([array, array[-1:]])


def _settled_by(run: Results, issue_id: str, dates: np.ndarray) -> np.datetime64 | None:
    """The end of the step in which every replicate had settled this issue, or None."""
    settled = [record.get("settled_share", {}).get(issue_id, 0.0) for record in run.history]
    done = next((step for step, share in enumerate(settled) if share >= 1.0), None)
    return None if done is None else dates[done + 1]


def _bands(values: np.ndarray) -> dict[str, np.ndarray]:
    """Median and the 50 % and 90 % central bands over axis 1 (the replicates)."""
    q = np.quantile(values, [0.05, 0.25, 0.5, 0.75, 0.95], axis=1)
    return {"p05": q[0], "p25": q[1], "median": q[2], "p75": q[3], "p95": q[4]}


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


# --- 3. Demand fan chart -------------------------------------------------------------------


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
    values = _history_values(run, "demand", issue_id, party_id)
    dates = _history_dates(run)
    time = run.scenario.time
    last = np.datetime64(step_date(time.start, time.step, time.horizon), "D")
    record = historical or run.scenario.historical.get(issue_id)
    option = next((o for o in issue.options if record and o.id == record.outcome), None)
    return {
        "title": f"{run.scenario.parties[party_id].label}: {run.label}",
        "dates": dates,
        "paths": values[:, :paths],
        **_bands(values),
        "ticks": [o.position for o in issue.options],
        "tick_labels": [o.label for o in issue.options],
        "events": _events(run.scenario, dates[0], max(dates[-1], last)),
        "settled_by": _settled_by(run, issue_id, dates),
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
    colour: str = PALETTE[0],
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
        ax = _axes(ax)
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
                markersize=24, color=HISTORY_COLOUR, linestyle="none", gid=HISTORY_GID,
                label=data["historical_label"], zorder=5,
            )  # fmt: skip
        ax.set_yticks(data["ticks"], [wrap(t, 20) for t in data["tick_labels"]])
        ax.set_ylim(-0.08, 1.2)
        ax.set_title(wrap(data["title"], 48), loc="left", fontsize=16)
        _date_axis(ax)
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


# --- 4. Tension inside the blocs -----------------------------------------------------------


def blocs(scenario: Scenario) -> list[str]:
    """Parties with more than one member: the only ones that can be split."""
    return [pid for pid, party in scenario.parties.items() if len(party.members) > 1]


def tension_data(runs: Iterable[Results], issue_id: str, party_id: str) -> dict:
    """Tension inside one bloc on one issue over time: median and bands per run with history.

    Tension is the influence-weighted distance of the members' ideals from the bloc's
    current demand (0: united; 1: as far apart as the scale allows).
    """
    runs = history_runs(runs, issue_id)
    record = _historical(runs, issue_id)
    curves = {}
    for run in runs:
        values = _history_values(run, "tension", issue_id, party_id)
        curves[run.label] = {"dates": _history_dates(run), **_bands(values)}
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
        ax = _axes(ax)
        for j, label in enumerate(data["runs"]):
            curve, colour = data["curves"][label], PALETTE[j % len(PALETTE)]
            ax.fill_between(curve["dates"], curve["p25"], curve["p75"], step="post",
                            color=colour, alpha=0.25, linewidth=0,
                            label=f"{label} (middle 50 % of runs)", gid="band")  # fmt: skip
            ax.plot(curve["dates"], curve["median"], drawstyle="steps-post", color=colour,
                    linestyle=DASHES[j % len(DASHES)], label=f"{label} (median run)",
                    gid="median")  # fmt: skip
        if data["historical_date"] is not None:
            _mark_date(ax, data["historical_date"], data["historical_label"])
        ax.set_ylim(-0.03, 1.05)
        ax.set_ylabel(data["ylabel"])
        ax.set_title(data["title"], loc="left")
        _date_axis(ax)
        _legend_below(ax)
    return ax.figure
