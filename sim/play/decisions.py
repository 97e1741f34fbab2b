"""The decisions each seat of a built-in episode offers, and the same game played by the agents.

A *decision* is one way a player can depart from the agents' own rule (hold out, accept at
once, offer more than the side would accept; supply arms or not, advise, plead, press one's
own terms), played as a plan step by step. `played` plays a plan in one world (one seed: the
same draws, paired, `sim.maths.draws`), and `agents_game` plays the same seat by the agents'
rule at every step: the game the student's is compared with, so that the difference shown is
the student's alone. A test plays every decision of `DECISIONS` at several seeds and checks
that it changes the outcome in some of them (the README's table of decisions per seat).
No I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sim.engine.results import Table
from sim.play.session import PlaySession
from sim.play.views import Situation

Plan = Callable[[Situation], dict[str, str] | None]
"""A step's choices from what the player sees (None: the agents' rule plays this step)."""


@dataclass(frozen=True)
class Decision:
    label: str  # what the player does, in plain words
    notes: str  # the article's notes it is traced to
    plan: Callable[[], Plan]  # a fresh plan for each game (a plan may count its moves)


def _each(action: str, fallback: str | None = None) -> Plan:
    """`action` on every issue where it is possible, else `fallback` there (None: when no
    issue allows `action`, the agents' rule plays the step)."""

    def plan(situation: Situation) -> dict[str, str] | None:
        allowed = {
            "hold": lambda i: True,
            "accept": lambda i: i.can_accept,
            "concede": lambda i: i.can_concede,
            "offer": lambda i: i.can_offer,
        }[action]
        if fallback is None and not any(allowed(i) for i in situation.issues):
            return None
        return {i.id: action if allowed(i) else fallback or "hold" for i in situation.issues}

    return plan


def _offers(count: int) -> Plan:
    """Offer the next option beyond what the side accepts, `count` times, then accept."""
    made = []

    def plan(situation: Situation) -> dict[str, str] | None:
        for issue in situation.issues:
            if issue.can_offer and len(made) < count:
                made.append(issue.id)
                return {issue.id: "offer"}
            if issue.can_accept and made:
                return {issue.id: "accept"}
        return None

    return plan


def _move(move: str, answer: str, start: dt.date | None = None, end: dt.date | None = None):
    """A member's move set to `answer` from `start` to `end` (the rule's outside them)."""

    def plan(situation: Situation) -> dict[str, str] | None:
        inside = (start is None or situation.date >= start) and (
            end is None or situation.date < end
        )
        if inside:
            return {move: answer}
        current = next(m.on for m in situation.member_moves if m.id == move)
        return {move: "yes" if current else "no"} if start is None else None

    return plan


def _leader(notes: str) -> dict[str, Decision]:
    """A side's leader in the talks: hold out, concede when it can, or offer more."""
    return {
        "hold": Decision("Hold out: never concede or accept", notes, lambda: _each("hold")),
        "concede": Decision(
            "Concede whenever the next option is acceptable",
            notes,
            lambda: _each("concede", "accept"),
        ),
        "offer": Decision(
            "Offer the next option beyond what the side would accept, then accept",
            notes,
            lambda: _offers(1),
        ),
    }


_JULY_1952 = dt.date(1952, 7, 1)
_PYONGYANG_TALKS = {
    "plead": Decision(
        "Keep silent: no plea that the North cannot go on",
        "notes 60, 61",
        lambda: _move("plead", "no"),
    ),
    "voice": Decision(
        "Defer to Mao instead of pressing the North's own terms",
        "text before note 57; notes 40, 58",
        lambda: _move("voice", "no"),
    ),
}
_MOSCOW_TALKS = {
    "arms": Decision(
        "Withhold arms from Beijing (Stalin's own rule supplies them while no deal is in sight)",
        "notes 52-56, 63, 66",
        lambda: _move("arms", "no"),
    ),
    "advise": Decision(
        "Advise custody in a neutral country at once", "note 67", lambda: _move("advise", "yes")
    ),
}

DECISIONS: dict[str, dict[str, dict[str, Decision]]] = {
    "air_cover": {
        "beijing": {
            "hold": Decision(
                "Hold out for cover at the front: never accept less",
                "notes 33, 35, 37",
                lambda: _each("hold"),
            ),
            "accept": Decision(
                "Accept Moscow's terms as soon as they lie in the zone",
                "note 36 and the text after it",
                lambda: _each("accept"),
            ),
        },
        "moscow": {
            "offer_border": Decision(
                "Offer fighter cover of the border region", "notes 48-50", lambda: _offers(1)
            ),
            "offer_front": Decision(
                "Offer air cover over the troops at the front", "notes 33, 35", lambda: _offers(2)
            ),
        },
    },
    "pow_repatriation": {
        "beijing": _leader("notes 59, 60, 63, 67"),
        "washington": _leader("notes 59, 60, 63, 68"),
        "moscow": _MOSCOW_TALKS,
        "pyongyang": {
            "silent_early": Decision(
                "Keep silent in the first half of 1952: no plea that the North cannot go on",
                "notes 60, 61",
                lambda: _move("plead", "no", end=_JULY_1952),
            ),
            "silent_late": Decision(
                "Keep silent from July 1952: no plea that the North cannot go on",
                "notes 60, 61",
                lambda: _move("plead", "no", start=_JULY_1952),
            ),
        },
    },
    "talks_1951_53": {
        "beijing": _leader("notes 59, 60, 63, 67"),
        "washington": _leader("notes 59, 60, 63, 68"),
        "moscow": _MOSCOW_TALKS,
        "pyongyang": _PYONGYANG_TALKS,
    },
}
"""Per built-in episode and seat, its decisions (at least two each)."""


def played(scenario, actor: str, seed: int, plan: Plan | None) -> PlaySession:
    """A finished game of `actor` at `seed`, played by `plan` (None: the agents' rule); give
    each game a fresh plan (`Decision.plan()`)."""
    game = PlaySession(scenario, actor, seed)
    while not game.finished:
        choices = None if plan is None else plan(game.situation())
        if choices is None:
            game.act({}, by_agent=True)
        else:
            game.act(choices)
    return game


def agents_game(scenario, actor: str, seed: int) -> Table:
    """The one-replicate table of the same seat in the same world played by the agents' rule
    at every step: what the student's game is paired with."""
    return played(scenario, actor, seed, None).results("The agents in your world").table


def outcome_of(table: Table) -> tuple[tuple[str, str, str], ...]:
    """Each issue's outcome and date in a one-replicate table, to compare games by."""
    return tuple(
        (str(issue), str(outcome), str(date))
        for issue, outcome, date in zip(
            table["issue"], table["outcome"], table["agreement_date"], strict=True
        )
    )


def decision_table() -> str:
    """The README's table: each seat of each built-in episode and its decisions."""
    rows = [
        "| Episode | Seat | Decisions (each changes the outcome at some seed) |",
        "|---|---|---|",
    ]
    for episode, seats in DECISIONS.items():
        for seat, decisions in seats.items():
            said = "; ".join(
                d.label + (f" ({d.notes})" if d.notes else "") for d in decisions.values()
            )
            rows.append(f"| {episode} | {seat} | {len(decisions)}: {said} |")
    return "\n".join(rows)
