"""How a played game compares with agent-played runs and with history.

After a student has played a capital, the same scenario is run by the agents
alone (same seed, many replicates) and summarised with :mod:`analysis.summary`;
this module lines the student's result up against that distribution and the
historical record. Both the terminal and the web front end show its rows, in the reader's
language (templates through the gettext catalogues, labels through the scenario catalogue,
shares and dates by Babel; English keeps its ISO dates).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from alliance_sim.i18n import _, ngettext
from alliance_sim.i18n.formats import format_day, format_number, format_percent
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
            paired = _on(scenario.issues[issue_id].label_of(their_outcome), their_date)
            same = (their_outcome, their_date) == (outcome, date)
        yours_deadlock = deadlock_sentence(scenario, game, issue_id, game=True)
        held = moved is not None and issue_id not in moved
        if held and date is None and paired and not same:  # the player held a deal off
            held_off = _("you held to the end, while the agents in your seat agreed ({paired})")
            held_off = held_off.format(paired=paired)
            yours_deadlock = (
                _("{before}; then {after}").format(before=yours_deadlock, after=held_off)
                if yours_deadlock
                else held_off
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


def _on(label: str, date: dt.date | str | None) -> str:
    """'Armistice on 1953-07-27' (an outcome and its day, in the reader's language)."""
    if not date:
        return _(label)
    return _("{outcome} on {date}").format(outcome=_(label), date=format_day(date))


def review_sentences(row: IssueReview, replicates: int = REVIEW_REPLICATES) -> list[str]:
    """The review of one issue as short plain sentences (for the terminal and the web page)."""
    yours = _on(row.yours, row.your_date)
    if row.you_moved:
        lines = [_("You: {outcome}.").format(outcome=yours)]
    elif row.your_date is None:  # holding to the end is the player's doing
        lines = [_("You: {outcome}; you held at every step.").format(outcome=_(row.yours))]
    else:
        lines = [
            _("Your game: {outcome}, agreed while you held (no concession of yours).").format(
                outcome=yours
            )
        ]
    lines.append(_agents_alone(row, replicates))
    if row.paired:
        lines.append(
            _("The agents in your seat, in the same world (same draws): {outcome}.").format(
                outcome=row.paired
            )
        )
        lines.append(
            _("Your choices made no difference to this question here.")
            if row.same_as_paired
            else _("The difference from that game is your choices'.")
        )
    if row.earlier_share is not None:
        lines.append(
            _("{share} of the agent runs agreed before you did.").format(
                share=format_percent(row.earlier_share)
            )
        )
    if row.history:
        lines.append(_("History: {outcome}.").format(outcome=_on(row.history, row.history_date)))
    if row.your_deadlock:
        lines.append(_("Who blocked the deal in your game: {why}.").format(why=row.your_deadlock))
    if row.agents_deadlock:
        lines.append(
            _("Who blocked it in the agents' runs: {why}.").format(why=row.agents_deadlock)
        )
    return lines


def _agents_alone(row: IssueReview, replicates: int) -> str:
    """How the agents' own runs ended, beside the player's outcome."""
    blanks = {
        "count": format_number(replicates),
        "share": format_percent(row.same_outcome_share),
        "outcome": _(row.agents_modal),
        "modal_share": format_percent(row.agents_modal_share),
        "date": format_day(row.agents_median_date),
    }
    if row.agents_median_date:
        text = ngettext(
            "Agents alone ({count} run): {share} ended as you did; most often {outcome} "
            "({modal_share}), half had agreed by {date}.",
            "Agents alone ({count} runs): {share} ended as you did; most often {outcome} "
            "({modal_share}), half had agreed by {date}.",
            replicates,
        )
    else:
        text = ngettext(
            "Agents alone ({count} run): {share} ended as you did; most often {outcome} "
            "({modal_share}); fewer than half ever agreed.",
            "Agents alone ({count} runs): {share} ended as you did; most often {outcome} "
            "({modal_share}); fewer than half ever agreed.",
            replicates,
        )
    return text.format(**blanks)


def signing_sentences(scenario: Scenario, game: Table) -> list[str]:
    """How a played game's agreement (the armistice) was signed, after its terms, and when it
    was in history; nothing for an episode without one (note 68: Rhee acted alone against
    the terms and signed once Washington paid his price)."""
    if scenario.agreement is None or "signed_date" not in game:
        return []
    name = _(scenario.agreement.label)
    terms = game["agreement_date"]
    last_terms = None if np.isnat(terms).any() else to_date(terms.max())
    signed = to_date(game["signed_date"][0])
    member = str(game["acted_alone"][0])
    if last_terms is None:
        lines = [_("{agreement}: not signed, because not every question was settled.")]
    elif signed is None:
        lines = [
            _(
                "{agreement}: every question was settled by {terms}, but it was never signed: "
                "{member} held out for its price."
            )
        ]
    elif member:
        lines = [
            _(
                "{agreement}: signed on {signed}, after the last terms of {terms}: {member} "
                "acted alone against the terms and signed only once {leader} paid its price."
            )
        ]
    else:
        lines = [_("{agreement}: signed on {signed}, with its last terms.")]
    leader = next((p.leader for p in scenario.parties.values() if member in p.restrains), "")
    lines = [
        line.format(
            agreement=name,
            terms=format_day(last_terms),
            signed=format_day(signed),
            member=_actor_name(scenario, member) if member else "",
            leader=_actor_name(scenario, leader) if leader else "",
        )
        for line in lines
    ]
    if scenario.agreement.historical_date:
        lines.append(
            _("History: {agreement} on {date}.").format(
                agreement=name.lower(), date=format_day(scenario.agreement.historical_date)
            )
        )
    return lines


def _actor_name(scenario: Scenario, actor_id: str) -> str:
    return _(scenario.actors[actor_id].name or actor_id)
