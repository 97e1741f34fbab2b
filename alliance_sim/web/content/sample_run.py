"""One sample run, step by step, from a run's per-step history (`sim.engine.history`).

For each step: each party's demand (as an option label), whether the zone of
agreement is open, tension inside each bloc, the events dated in that step,
and the issue's outcome once the sample replicate has agreed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from alliance_sim.web.content import words
from analysis.blockers import party_reason
from sim.engine.results import Table, to_date
from sim.scenario.campaign import stages_of
from sim.scenario.structure import Scenario


@dataclass(frozen=True)
class IssueStep:
    label: str
    demands: dict[str, str]  # party label -> option label
    zone_open: bool
    tension: dict[str, float]  # bloc label -> tension (blocs only)
    agreed: str | None  # "Line of contact (1951-11-01)" once agreed
    why_no_deal: list[str]  # while the zone is closed: what holds each party back, in words


@dataclass(frozen=True)
class Step:
    number: int
    date: dt.date
    events: list[str]
    issues: list[IssueStep]


def _option(scenario: Scenario, issue_id: str, position: float) -> str:
    return min(scenario.issues[issue_id].options, key=lambda o: abs(o.position - position)).label


def _why(scenario: Scenario, blocked: dict | None, sample: int, issue: str) -> list[str]:
    """Plain words for the engine's reasons (histories saved before they were recorded: none)."""
    if not blocked:
        return []
    reasons = [
        party_reason(scenario, pid, labels[sample], issue)
        for pid, labels in blocked.items()
        if labels[sample]
    ]
    return list(dict.fromkeys(reasons))


def sample_steps(
    scenario: Scenario, history: list[dict], table: Table, sample: int = 0
) -> list[Step]:
    """The steps of replicate `sample` (one of the history sample) in date order.

    A campaign keeps the history of its last stage (the talks), so its steps are that
    stage's."""
    scenario = stages_of(scenario)[-1]
    agreed = {}
    for issue_id in scenario.issues:
        row = np.flatnonzero((table["issue"] == issue_id) & (table["replicate"] == sample))[0]
        date = to_date(table["agreement_date"][row])
        outcome = str(table["outcome"][row])
        option = next((o.label for o in scenario.issues[issue_id].options if o.id == outcome), None)
        agreed[issue_id] = (date, option)
    steps, previous = [], None
    for record in history:
        date = dt.date.fromisoformat(record["date"])
        events = [
            f"{e.date:%d %b %Y}: {e.label}"
            for e in sorted(scenario.events, key=lambda e: e.date)
            if (previous is None or e.date > previous) and e.date <= date
        ]
        issues = []
        for issue_id, issue in scenario.issues.items():
            when, option = agreed[issue_id]
            issues.append(
                IssueStep(
                    label=issue.label,
                    demands={
                        scenario.parties[pid].label: _option(scenario, issue_id, values[sample])
                        for pid, values in record["demand"][issue_id].items()
                    },
                    zone_open=bool(record["zone_open"][issue_id][sample]),
                    tension={
                        scenario.parties[pid].label: float(values[sample])
                        for pid, values in record["tension"][issue_id].items()
                        if len(scenario.parties[pid].members) > 1
                    },
                    agreed=f"{option} ({when})" if when is not None and when <= date else None,
                    why_no_deal=_why(
                        scenario, record.get("blocked_by", {}).get(issue_id), sample, issue_id
                    ),
                )
            )
        steps.append(Step(record["step"] + 1, date, events, issues))
        previous = date
        if all(issue.agreed for issue in issues):  # this run is over; the batch went on
            break
    return steps


def issue_markdown(issue: IssueStep, teacher: bool = False) -> str:
    """One question at one step: the demands, then its agreement once agreed (the engine no
    longer computes a zone for a settled question, so "closed" there would contradict it),
    else whether the zone of agreement is open and, if not, why; tension inside each bloc."""
    demands = "; ".join(f"{party} demands **{option}**" for party, option in issue.demands.items())
    tension = "; ".join(f"tension inside {bloc}: {t:.2f}" for bloc, t in issue.tension.items())
    if issue.agreed:
        state = f"**Agreed: {issue.agreed}**"
    else:  # students read plain words, the teacher the term (`words.ZONE`)
        state = f"{words.zone_heading(teacher)}: **{words.ZONE_STATE[teacher][issue.zone_open]}**"
    if not issue.agreed and not issue.zone_open and issue.why_no_deal:
        state += ". Why no deal: " + "; ".join(issue.why_no_deal)
    lines = [f"#### {issue.label}", f"{demands}.", state + "."]
    if tension and teacher:  # a model quantity (0..1): the teacher's, not a student's
        lines.append(tension[0].upper() + tension[1:] + ".")
    return "\n\n".join(lines)
