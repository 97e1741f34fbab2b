"""Who kept the deal closed, step by step: the blockers-over-time chart.

The engine records, for a sample of replicates and every step, why each party accepted
nothing the other side did (`blocked_by` in the history). Here each party gets a panel: the
share of the sampled runs held back by each reason, those where a deal both sides accept is
on the table, and those already settled, over time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import matplotlib.dates as mdates
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from alliance_sim.i18n import _
from analysis.blockers import party_reason
from analysis.charts.run_data import history_dates, history_runs
from analysis.charts.style import PALETTE, nice_date, style, wrap
from sim.engine.results import Results

TOP = 4
"""Reasons named per panel; the rest are counted together."""
OPEN, SETTLED, OTHER = "A deal both sides accept is on the table", "Settled", "Other reasons"
COLOURS = {OPEN: "#009E73", SETTLED: "#E8E8E8", OTHER: "#999999"}
REASON_COLOURS = [c for c in PALETTE if c not in COLOURS.values()]


def blockers_over_time_data(runs: Iterable[Results], issue_id: str) -> dict:
    """For the first run whose history covers `issue_id`: per party, the share of sampled
    runs in each state at each step (`dates` has one more entry: the end of the last step).

    A state is a reason in plain words ('Communist side: Moscow (Stalin) preferred fighting
    on'), a deal on the table, or settled; reasons beyond the `TOP` most frequent are summed.
    """
    covered = history_runs(runs, issue_id)
    if not covered:
        raise ValueError(f"no run has a history of `{issue_id}`")
    run = covered[0]
    scenario = run.scenario
    panels = {}
    for party_id, party in scenario.parties.items():
        steps = []
        for record in run.history:
            labels = record["blocked_by"][issue_id][party_id]
            zone = record["zone_open"][issue_id]
            steps.append(
                [
                    _capital(party_reason(scenario, party_id, label, issue_id))
                    if label
                    else OPEN
                    if is_open
                    else SETTLED
                    for label, is_open in zip(labels, zone, strict=True)
                ]
            )
        counts = Counter(state for step in steps for state in step if state not in (OPEN, SETTLED))
        named = [reason for reason, _ in counts.most_common(TOP)]
        states = [*named, *([OTHER] if len(counts) > TOP else []), OPEN, SETTLED]
        shares = np.zeros((len(states), len(steps)))
        for t, step in enumerate(steps):
            for state in step:
                key = state if state in states else OTHER
                shares[states.index(key), t] += 1 / max(len(step), 1)
        panels[party_id] = {"label": party.label, "states": states, "shares": shares}
    record = scenario.historical.get(issue_id)
    return {
        "title": _("Who kept the deal closed\n{issue}").format(
            issue=_(scenario.issues[issue_id].label)
        ),
        "run": run.label,
        "sample": len(run.history[0]["blocked_by"][issue_id][next(iter(scenario.parties))]),
        "dates": history_dates(run),
        "panels": panels,
        "historical_date": np.datetime64(record.date, "D") if record else None,
        "historical_label": _("What happened: agreed {date}").format(date=nice_date(record.date))
        if record
        else None,
    }


def plot_blockers_over_time(runs: Iterable[Results], issue_id: str) -> Figure:
    """Stacked step areas per party: who held the deal back, month by month (or day by day)."""
    data = blockers_over_time_data(runs, issue_id)
    panels = data["panels"]
    with style():
        fig = Figure(figsize=(14, 3.8 * len(panels) + 1.6), layout="constrained")
        axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
        for ax, panel in zip(axes, panels.values(), strict=True):
            _panel(ax, data, panel)
        sampled = (
            _(", {count} sampled runs").format(count=data["sample"]) if data["sample"] > 1 else ""
        )
        fig.suptitle(f"{data['title']} ({data['run']}{sampled})")
        locator = mdates.AutoDateLocator(maxticks=8)
        axes[-1].xaxis.set_major_locator(locator)
        axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    return fig


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _panel(ax: Axes, data: dict, panel: dict) -> None:
    dates = data["dates"]
    colours = iter(REASON_COLOURS)
    bottom = np.zeros(len(dates))
    for state, shares in zip(panel["states"], panel["shares"], strict=True):
        values = 100 * np.append(shares, shares[-1:])  # the last step lasts to its end
        colour = COLOURS.get(state) or next(colours)
        ax.fill_between(dates, bottom, bottom + values, step="post", color=colour, lw=0,
                        label=wrap(state, 48))  # fmt: skip
        bottom += values
    if data["historical_date"] is not None:
        ax.axvline(data["historical_date"], color="black", ls="--", lw=1.5)
        ax.text(data["historical_date"], 101, " " + data["historical_label"], va="bottom",
                fontsize=11)  # fmt: skip
    ax.set_ylim(0, 100)
    ax.set_ylabel(_("{side}\n(% of sampled runs)").format(side=panel["label"]))
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=11)
