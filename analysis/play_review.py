"""How a played game compares with agent-played runs and with history.

After a student has played a capital, the same scenario is run by the agents
alone (same seed, many replicates) and summarised with :mod:`analysis.summary`;
this module lines the student's result up against that distribution and the
historical record. Both the terminal and the web front end show its rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from analysis.blockers import deadlock_sentence
from analysis.summary import modal_outcome, summarize
from sim.results import Table, to_date
from sim.runner import run
from sim.schema import Scenario

REVIEW_REPLICATES = 1000


@dataclass(frozen=True)
class IssueReview:
    """One issue: the player's result beside the agents' runs and history."""

    issue: str
    label: str
    yours: str  # outcome label
    your_date: dt.date | None
    same_outcome_share: float  # share of agent-played runs that ended as the player did
    agents_modal: str  # the agents' most frequent outcome (label)
    agents_modal_share: float
    agents_median_date: str | None  # date by which half the agent runs agreed
    earlier_share: float | None  # share of agent runs that agreed before the player did
    history: str | None  # what happened (label)
    history_date: dt.date | None
    you_moved: bool = True  # whether the player conceded or accepted on this issue
    your_deadlock: str = ""  # who blocked the deal in the player's game ('' if nobody did)
    agents_deadlock: str = ""  # who blocked it in the agents' runs


def review(
    scenario: Scenario,
    game: Table,
    seed: int,
    replicates: int = REVIEW_REPLICATES,
    moved: set[str] | None = None,
) -> list[IssueReview]:
    """Compare a one-replicate game table with `replicates` agent-played runs from `seed`;
    `moved` names the issues on which the player made a move (None: all)."""
    agents = run(scenario, replicates, seed)
    summary = summarize(scenario, agents.table, replicates, seed)
    rows = []
    for issue_id, result in summary["issues"].items():
        mine = int(np.flatnonzero(game["issue"] == issue_id)[0])
        outcome = str(game["outcome"][mine])
        date = to_date(game["agreement_date"][mine])
        theirs = agents.table["agreement_date"][agents.table["issue"] == issue_id]
        earlier = None if date is None else float((theirs < np.datetime64(date, "D")).mean())
        modal = modal_outcome(result)
        record = result["historical"]
        rows.append(
            IssueReview(
                issue=issue_id,
                label=scenario.issues[issue_id].label,
                yours=scenario.issues[issue_id].label_of(outcome),
                your_date=date,
                same_outcome_share=result["shares"][outcome],
                agents_modal=scenario.issues[issue_id].label_of(modal),
                agents_modal_share=result["shares"][modal],
                agents_median_date=result["date_quantiles"]["p50"],
                earlier_share=earlier,
                history=scenario.issues[issue_id].label_of(record["outcome"]) if record else None,
                history_date=dt.date.fromisoformat(record["date"]) if record else None,
                you_moved=moved is None or issue_id in moved,
                your_deadlock=deadlock_sentence(scenario, game, issue_id, game=True),
                agents_deadlock=deadlock_sentence(scenario, agents.table, issue_id),
            )
        )
    return rows


def review_sentences(row: IssueReview, replicates: int = REVIEW_REPLICATES) -> list[str]:
    """The review of one issue as short plain sentences (for the terminal and the web page)."""
    when = f" on {row.your_date}" if row.your_date else ""
    if row.you_moved:
        lines = [f"You: {row.yours}{when}."]
    else:
        lines = [f"Your game: {row.yours}{when}, without a move of yours on this question."]
    lines.append(
        f"Agents alone ({replicates:,} runs): {row.same_outcome_share:.0%} ended as you did; "
        f"most often {row.agents_modal} ({row.agents_modal_share:.0%})"
        + (
            f", half had agreed by {row.agents_median_date}."
            if row.agents_median_date
            else "; fewer than half ever agreed."
        )
    )
    if row.earlier_share is not None:
        lines.append(f"{row.earlier_share:.0%} of the agent runs agreed before you did.")
    if row.history:
        lines.append(f"History: {row.history} on {row.history_date}.")
    if row.your_deadlock:
        lines.append(f"Who blocked the deal in your game: {row.your_deadlock}.")
    if row.agents_deadlock:
        lines.append(f"Who blocked it in the agents' runs: {row.agents_deadlock}.")
    return lines
