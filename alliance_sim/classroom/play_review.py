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
from sim.engine.results import Table, to_date
from sim.engine.runner import run
from sim.play.decisions import agents_game
from sim.scenario.structure import Scenario

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
    paired: str = ""  # the agents' outcome (and date) playing the player's seat in the same world
    same_as_paired: bool = False  # the player's choices made no difference to this issue


def review(
    scenario: Scenario,
    game: Table,
    seed: int,
    replicates: int = REVIEW_REPLICATES,
    moved: set[str] | None = None,
    seat: str | None = None,
) -> list[IssueReview]:
    """Compare a one-replicate game table with `replicates` agent-played runs from `seed`;
    `moved` names the issues on which the player made a move (None: all). Given the `seat`
    played, also with the agents playing that seat in the same world (the same seed and
    draws, paired: `sim.play.decisions.agents_game`), so the difference shown is the player's."""
    agents = run(scenario, replicates, seed)
    pair = None if seat is None else agents_game(scenario, seat, seed)
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
        paired, same = "", False
        if pair is not None:
            theirs_row = int(np.flatnonzero(pair["issue"] == issue_id)[0])
            their_date = to_date(pair["agreement_date"][theirs_row])
            their_outcome = str(pair["outcome"][theirs_row])
            paired = scenario.issues[issue_id].label_of(their_outcome) + (
                f" on {their_date}" if their_date else ""
            )
            same = (their_outcome, their_date) == (outcome, date)
        yours_deadlock = deadlock_sentence(scenario, game, issue_id, game=True)
        held = moved is not None and issue_id not in moved
        if held and date is None and paired and not same:  # the player held a deal off
            yours_deadlock = (yours_deadlock + "; then " if yours_deadlock else "") + (
                f"you held to the end, while the agents in your seat agreed ({paired})"
            )
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
                your_deadlock=yours_deadlock,
                agents_deadlock=deadlock_sentence(scenario, agents.table, issue_id),
                paired=paired,
                same_as_paired=same,
            )
        )
    return rows


def review_sentences(row: IssueReview, replicates: int = REVIEW_REPLICATES) -> list[str]:
    """The review of one issue as short plain sentences (for the terminal and the web page)."""
    when = f" on {row.your_date}" if row.your_date else ""
    if row.you_moved:
        lines = [f"You: {row.yours}{when}."]
    elif row.your_date is None:  # holding to the end is the player's doing
        lines = [f"You: {row.yours}; you held at every step."]
    else:
        lines = [f"Your game: {row.yours}{when}, agreed while you held (no concession of yours)."]
    lines.append(
        f"Agents alone ({replicates:,} runs): {row.same_outcome_share:.0%} ended as you did; "
        f"most often {row.agents_modal} ({row.agents_modal_share:.0%})"
        + (
            f", half had agreed by {row.agents_median_date}."
            if row.agents_median_date
            else "; fewer than half ever agreed."
        )
    )
    if row.paired:
        lines.append(f"The agents in your seat, in the same world (same draws): {row.paired}.")
        lines.append(
            "Your choices made no difference to this question here."
            if row.same_as_paired
            else "The difference from that game is your choices'."
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


def signing_sentences(scenario: Scenario, game: Table) -> list[str]:
    """How a played game's agreement (the armistice) was signed, after its terms, and when it
    was in history; nothing for an episode without one (note 68: Rhee acted alone against
    the terms and signed once Washington paid his price)."""
    if scenario.agreement is None or "signed_date" not in game:
        return []
    name = scenario.agreement.label
    terms = game["agreement_date"]
    last_terms = None if np.isnat(terms).any() else to_date(terms.max())
    signed = to_date(game["signed_date"][0])
    member = str(game["acted_alone"][0])
    if last_terms is None:
        lines = [f"{name}: not signed, because not every question was settled."]
    elif signed is None:
        lines = [
            f"{name}: every question was settled by {last_terms}, but it was never signed: "
            f"{_actor_name(scenario, member)} held out for its price."
        ]
    elif member:
        leader = next(p.leader for p in scenario.parties.values() if member in p.restrains)
        lines = [
            f"{name}: signed on {signed}, after the last terms of {last_terms}: "
            f"{_actor_name(scenario, member)} acted alone against the terms and signed only "
            f"once {_actor_name(scenario, leader)} paid its price."
        ]
    else:
        lines = [f"{name}: signed on {signed}, with its last terms."]
    if scenario.agreement.historical_date:
        lines.append(f"History: {name.lower()} on {scenario.agreement.historical_date}.")
    return lines


def _actor_name(scenario: Scenario, actor_id: str) -> str:
    return scenario.actors[actor_id].name or actor_id
