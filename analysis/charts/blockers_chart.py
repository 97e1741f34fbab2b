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
from analysis.charts import palette
from analysis.charts.run_data import history_dates, history_runs
from analysis.charts.style import nice_date, style, wrap
from sim.engine.results import Results

TOP = 4
"""Reasons named per panel; the rest are counted together."""
OPEN, SETTLED, OTHER = "A deal both sides accept is on the table", "Settled", "Other reasons"
LOOKS = {
    OPEN: (palette.DEAL_OPEN, palette.STATE_HATCHES["open"]),
    SETTLED: (palette.SETTLED, palette.STATE_HATCHES["settled"]),
    OTHER: (palette.OTHER_REASONS, palette.STATE_HATCHES["other"]),
}
"""Colour and pattern of the states that are no capital's reason."""


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
        steps, looks = [], dict(LOOKS)
        for record in run.history:
            labels = record["blocked_by"][issue_id][party_id]
            zone = record["zone_open"][issue_id]
            step = []
            for label, is_open in zip(labels, zone, strict=True):
                if label:
                    words = _capital(party_reason(scenario, party_id, label, issue_id))
                    looks.setdefault(words, palette.reason_look(label))
                step.append(words if label else OPEN if is_open else SETTLED)
            steps.append(step)
        counts = Counter(state for step in steps for state in step if state not in (OPEN, SETTLED))
        named = [reason for reason, _ in counts.most_common(TOP)]
        states = [*named, *([OTHER] if len(counts) > TOP else []), OPEN, SETTLED]
        shares = np.zeros((len(states), len(steps)))
        for t, step in enumerate(steps):
            for state in step:
                key = state if state in states else OTHER
                shares[states.index(key), t] += 1 / max(len(step), 1)
        panels[party_id] = {
            "label": party.label,
            "states": states,
            "shares": shares,
            "colours": [looks[state][0] for state in states],
            "hatches": [looks[state][1] for state in states],
        }
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
    """Stacked step areas per party: who held the deal back, month by month (or day by day).
    A capital keeps its colour in every panel and chart, and the kind of reason its pattern
    (`analysis.charts.palette`), so no reason is told by colour alone."""
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
    bottom = np.zeros(len(dates))
    looks = zip(panel["states"], panel["shares"], panel["colours"], panel["hatches"], strict=True)
    for state, shares, colour, hatch in looks:
        values = 100 * np.append(shares, shares[-1:])  # the last step lasts to its end
        ax.fill_between(dates, bottom, bottom + values, step="post", facecolor=colour,
                        edgecolor=palette.hatch_ink(colour), hatch=hatch, lw=0,
                        label=wrap(state, 48), gid=f"state:{state}")  # fmt: skip
        _direct_label(ax, dates, bottom, values, state, panel["label"])
        bottom += values
    if data["historical_date"] is not None:
        ax.axvline(data["historical_date"], color="black", ls="--", lw=1.5)
        ax.text(data["historical_date"], 101, " " + data["historical_label"], va="bottom",
                fontsize=11)  # fmt: skip
    ax.set_ylim(0, 100)
    if data["sample"] > 1:
        ax.set_ylabel(_("{side}\n(% of sampled runs)").format(side=panel["label"]))
    else:  # one game: each step is wholly one state, no share of runs
        ax.set_ylabel(panel["label"])
        ax.set_yticks([])
    ax.legend(
        loc="center left",
        bbox_to_anchor=(1.01, 0.5),
        frameon=False,
        fontsize=11,
        handleheight=1.6,
        handlelength=2.6,
    )  # room for the pattern in each key


LABELLED = 15.0
"""Percent: a band at least this tall somewhere carries its name inside it."""


def _direct_label(ax: Axes, dates, bottom, values, state: str, side: str) -> None:
    """The band's name written on it where it is tallest, so that a reader need not match
    colours with the legend (issue 21 item 8); settled runs need none."""
    steps = len(values) - 1  # the last value repeats the last step's
    inner = np.arange(steps)[int(0.15 * steps) : max(int(0.85 * steps), 1)]  # away from the edges
    if state == SETTLED or inner.size == 0 or values[inner].max() < LABELLED:
        return
    at = int(inner[np.argmax(values[inner])])
    middle = dates[at] + (dates[min(at + 1, len(dates) - 1)] - dates[at]) / 2
    ax.text(middle, bottom[at] + values[at] / 2, wrap(state.removeprefix(f"{side}: "), 22),
            ha="center", va="center", fontsize=10, gid="direct-label", clip_on=True,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.5})  # fmt: skip
