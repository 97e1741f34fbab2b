"""Waiting curves: the share of runs not yet settled (or, for China's entry, not yet entered)
on each date, and the share still fighting until the armistice; what happened marked."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from alliance_sim.i18n import N_, _
from analysis.charts import palette
from analysis.charts.run_data import as_runs, historical_record, issue_mask, issue_word
from analysis.charts.style import (
    axes_or_new,
    date_axis,
    legend_below,
    mark_date,
    nice_date,
    style,
)
from analysis.summary import agreement_dates
from sim.engine.results import Results
from sim.scenario.calendar import step_date

NOT_YET_ENTERED, ENTERED = N_("Not yet entered"), N_("entered")
"""The waiting state and the event of an entry date, unless the issue has its own words."""


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
    record = historical_record(runs, issue_id)
    history = np.datetime64(record.date, "D") if record else None
    curves = {
        run.label: _waiting(run, run.table[column][issue_mask(run.table, issue_id)], lag, history)
        for run in runs
    }
    if column == "entry_date":
        waiting_text = _(issue_word(issue_id, "waiting", NOT_YET_ENTERED))
        happened = _(issue_word(issue_id, "happened", ENTERED))
        title = _("{waiting}: {issue}").format(waiting=waiting_text, issue=_(issue.label))
    else:
        waiting_text, happened = _("Not yet settled"), _("agreed")
        title = _("{issue}: share not yet settled").format(issue=_(issue.label))
    base = runs[0]
    context = None
    scenario = base.scenario
    same_clock = scenario.step_of(issue_id) == scenario.time.step  # not a campaign's daily stage
    if scenario.agreement is not None and len(scenario.issues) > 1 and same_clock:
        name = _lower_first(_(base.scenario.agreement.label))
        dates = agreement_dates(base.scenario, base.table)
        context = {
            "label": _("Still fighting (until {agreement}), {run}").format(
                agreement=name, run=base.label
            ),
            **_waiting(base, dates, 0, None),
        }
    return {
        "title": title,
        "ylabel": _("{waiting}\n(% of simulated runs)").format(waiting=waiting_text),
        "runs": [run.label for run in runs],
        "curves": curves,
        "context": context,
        "historical_date": history,
        "historical_label": _("What happened: {event} {date}").format(
            event=happened, date=nice_date(record.date)
        )
        if record
        else None,
    }


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
        "title": _("Still fighting until {agreement}").format(
            agreement=_lower_first(_(agreement.label))
        ),
        "ylabel": _("Still fighting\n(% of simulated runs)"),
        "runs": [run.label for run in runs],
        "curves": curves,
        "context": None,
        "historical_date": history,
        "historical_label": _("What happened: {agreement}, {date}").format(
            agreement=_(agreement.label), date=nice_date(day)
        )
        if day
        else None,
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
        ax = axes_or_new(ax)
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
                color=palette.run_colour(j), linestyle=palette.run_dash(j),
            )  # fmt: skip
        if data["historical_date"] is not None:
            mark_date(ax, data["historical_date"], data["historical_label"])
        ax.set_ylim(-3, 108)
        ax.set_yticks(range(0, 101, 25))
        ax.set_ylabel(data["ylabel"])
        ax.set_title(data["title"], loc="left")
        date_axis(ax)
        legend_below(ax)
    return ax.figure


def plot_still_fighting(runs: Iterable[Results], ax: Axes | None = None) -> Figure:
    """The still-fighting curves: the share of runs before the armistice, per run."""
    return plot_survival(runs, None, ax=ax)
