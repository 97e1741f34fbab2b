"""What a player sees: the situation before a choice, and what both sides did after it.

Plain frozen records built by :class:`sim.play.session.PlaySession` from the model,
so that the terminal, the web page and the class session show the same facts and
word them as they like (:mod:`alliance_sim.classroom.play_narration`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class OptionView:
    id: str
    label: str
    value: float  # what the option is worth to the player's side (bloc utility)
    acceptable: bool  # better than fighting on, and not ruled out inside the player's side
    in_zone: bool  # acceptable to both sides
    better_than_fighting: bool  # worth more to the player's side than fighting on
    ruled_out_by: str  # "" or who rules it out inside the side ("Seoul (Syngman Rhee)'s veto")


@dataclass(frozen=True)
class IssueView:
    """One unsettled issue as the player sees it before choosing."""

    id: str
    label: str
    options: list[OptionView]
    my_demand: str
    their_demand: str
    fight_on_value: float  # the player's side's conflict value now
    fight_on_change: float  # how that value moves per step without a deal
    no_deal: str  # what no deal means in this episode: "Fighting on", "China stays out"
    zone_open: bool
    can_accept: bool
    can_concede: bool
    on_table: bool = True  # False while the issue waits for others to be settled
    waits_for: tuple[str, ...] = ()  # labels of the unsettled issues it waits for
    gaining_from_war: tuple[str, ...] = ()
    """Actors for whom a month of war is now a gain (Stalin from late 1951, notes 62, 64, 65)."""
    held_back: tuple[tuple[str, str], ...] = ()
    """While no deal is possible: (party id, "actor:reason") per side held back (the engine's
    record, `sim.maths.deadlock`; reason `talks:suspended` or `talks:not_on_table` for both)."""
    can_offer: bool = False
    """A side's leader may offer `offer`, the next option toward the other side's demand that
    its side would not accept by its own values (Moscow offering more air cover in 1950)."""
    offer: str = ""  # that option's id ('' when there is none)


@dataclass(frozen=True)
class IssueMove:
    """What both sides did on one issue in the step just played."""

    id: str
    label: str
    yours: str  # "held", "offered", "conceded" or "accepted"
    theirs: str  # "held", "conceded", "accepted" or "restated" (a new stance, no concession)
    your_demand: str  # option labels after the step
    their_demand: str
    agreed: str | None  # the outcome's label if the issue was settled in this step
    offered: str = ""  # the label of the option the player offered in this step ('' if none)


@dataclass(frozen=True)
class MemberMove:
    """One of a bloc member's own moves (see `CapitalAgent.member_moves`) and its setting."""

    id: str
    label: str
    on: bool
    can_change: bool = True  # advice once given cannot be taken back


@dataclass(frozen=True)
class Situation:
    date: dt.date
    step: int
    horizon: int
    in_session: bool
    events: list[tuple[dt.date, str]]  # (its own date, label) of events since the last decision
    issues: list[IssueView]
    settled: dict[str, tuple[str, dt.date]]  # issue -> (outcome label, date)
    member_moves: tuple[MemberMove, ...] = ()  # a member's own moves, as they stand now
