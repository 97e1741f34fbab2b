"""The level-2 protocol: one issue, one round, two parties, all replicates at once.

While the zone of agreement is empty, each party states its stance and the war
goes on. Inside the zone, Zeuthen's rule (logit-noisy unless fully rational)
says which party should concede one option; each party's *policy* then makes
its move: the agents follow the rule, a human player chooses. Both the zone
and the risk limits are read from the stances the parties state, which is how
a bluff gains leverage. Finished replicates are masked, not removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from sim.maths import bargaining as bg
from sim.maths.bloc import PartyView
from sim.maths.rows import rows_where, take_rows


@dataclass
class IssueState:
    """Where the bargaining over one issue stands, per replicate."""

    positions: np.ndarray  # (n,)
    replicates: int
    demand: np.ndarray = field(init=False)  # (2, R) option index each party demands
    settled: np.ndarray = field(init=False)  # (R,) bool
    outcome: np.ndarray = field(init=False)  # (R,) option index, -1 while unsettled
    settled_step: np.ndarray = field(init=False)  # (R,) step of agreement, -1 while unsettled
    concessions: np.ndarray = field(init=False)  # (2, R) concessions made by each party
    zone_open: np.ndarray = field(init=False)  # (R,) bool, this step
    talking: np.ndarray = field(init=False)  # (R,) bool: concessions under way since it opened

    FIELDS = ("demand", "settled", "outcome", "settled_step", "concessions", "zone_open", "talking")

    def subset(self, rows: np.ndarray) -> IssueState:
        """A copy holding the replicates `rows` only (see :meth:`update`)."""
        part = IssueState(self.positions, rows.size)
        for name in self.FIELDS:
            setattr(part, name, getattr(self, name)[..., rows])
        return part

    def update(self, rows: np.ndarray, part: IssueState) -> None:
        """Write back a subset's state."""
        for name in self.FIELDS:
            getattr(self, name)[..., rows] = getattr(part, name)

    def __post_init__(self) -> None:
        r = self.replicates
        self.demand = np.zeros((2, r), dtype=np.int64)
        self.settled = np.zeros(r, dtype=bool)
        self.outcome = np.full(r, -1, dtype=np.int64)
        self.settled_step = np.full(r, -1, dtype=np.int64)
        self.concessions = np.zeros((2, r), dtype=np.int64)
        self.zone_open = np.zeros(r, dtype=bool)
        self.talking = np.zeros(r, dtype=bool)


@dataclass(frozen=True)
class Turn:
    """What a party may do this round, per replicate."""

    issue: str
    moving: np.ndarray  # (R,) the zone is open and talks are on
    can_concede: np.ndarray  # (R,) its next option toward the other is one it says it accepts
    can_accept: np.ndarray  # (R,) the other's demand lies in the zone
    zeuthen: np.ndarray  # (R,) Zeuthen's rule (logit) picks this party to concede


class Policy(Protocol):
    """How a party moves: returns (concede, accept), each (R,) bool."""

    def move(self, turn: Turn) -> tuple[np.ndarray, np.ndarray]: ...


class ZeuthenPolicy:
    """The agents' move: concede when Zeuthen's rule picks you; accept only when the other's
    demand is worth as much as your own (done by the protocol for every party)."""

    def move(self, turn: Turn) -> tuple[np.ndarray, np.ndarray]:
        return turn.zeuthen & turn.can_concede, np.zeros_like(turn.moving)


def zone_of_agreement(views: tuple[PartyView, PartyView]) -> np.ndarray:
    """(R, n) options both parties say they accept."""
    return views[0].stated_acceptable & views[1].stated_acceptable


def stated_demands(
    state: IssueState, views: tuple[PartyView, PartyView], zone_open: np.ndarray | None = None
) -> np.ndarray:
    """(2, R) each party's demand now: its current offer while talks over an open zone go on,
    otherwise its stance (the option it values most). `zone_open` may be passed if known."""
    if zone_open is None:
        zone_open = bg.any_option(zone_of_agreement(views))
    keep = state.settled | (zone_open & state.talking)
    stances = np.stack([view.stance for view in views])
    return np.where(keep, state.demand, stances)


def _settle(state: IssueState, where: np.ndarray, option: np.ndarray, step: int) -> None:
    state.outcome[where] = option[where]
    state.settled_step[where] = step
    state.settled |= where


def _accept(state: IssueState, views, zone: np.ndarray, live: np.ndarray, step: int) -> None:
    """Settle replicates where a party values the other's demand at least as much as its own."""
    live = live & ~state.settled
    for me, other in ((0, 1), (1, 0)):
        mine, theirs = state.demand[me], state.demand[other]
        utility = views[me].utility
        accepts = live & (bg.pick(utility, theirs) >= bg.pick(utility, mine))
        accepts &= bg.pick(zone, theirs)
        _settle(state, accepts, theirs, step)
        live &= ~accepts


TALKING_SUBSET_BELOW = 0.5
"""Below this share of replicates talking, :func:`bargain` computes the round on their rows."""


def bargain(
    state: IssueState,
    views: tuple[PartyView, PartyView],
    policies: tuple[Policy, Policy],
    rationality: np.ndarray | None,
    uniform: np.ndarray,
    step: int,
    in_session: np.ndarray,
    issue: str = "",
) -> None:
    """Advance one issue by one round of offers (in place).

    Out of session (a recess of the talks) the parties only restate their stances. Offers
    and answers concern only the replicates talking over an open zone; while they are few,
    the round is computed for those rows only and written back (the same results).
    """
    zone = zone_of_agreement(views)
    state.zone_open = bg.any_option(zone) & ~state.settled
    state.demand = stated_demands(state, views, state.zone_open)
    state.talking = state.zone_open & in_session
    if not state.talking.any():
        return
    rows = rows_where(state.talking, TALKING_SUBSET_BELOW)
    if rows is None:
        _talk(state, views, zone, policies, rationality, uniform, step, in_session, issue)
        return
    part = state.subset(rows)
    _talk(
        part,
        tuple(view.take(rows, reasons=False) for view in views),
        zone[rows],
        policies,
        take_rows(rationality, rows),
        uniform[rows],
        step,
        in_session[rows],
        issue,
    )
    state.update(rows, part)


def _talk(
    state: IssueState,
    views: tuple[PartyView, PartyView],
    zone: np.ndarray,
    policies: tuple[Policy, Policy],
    rationality: np.ndarray | None,
    uniform: np.ndarray,
    step: int,
    in_session: np.ndarray,
    issue: str,
) -> None:
    """One round of answers and offers where the zone is open and the talks in session."""
    _accept(state, views, zone, in_session, step)
    moving = state.zone_open & ~state.settled & in_session
    if not moving.any():
        return
    limits = [
        bg.risk_limits(
            bg.pick(view.utility, state.demand[me]),
            bg.pick(view.utility, state.demand[1 - me]),
            view.stated_conflict,
        )
        for me, view in enumerate(views)
    ]
    toward = [bg.next_option(state.demand[me], state.demand[1 - me]) for me in (0, 1)]
    can = [
        moving & (toward[me] != state.demand[me]) & bg.pick(view.stated_acceptable, toward[me])
        for me, view in enumerate(views)
    ]
    picks = bg.concessions(limits[0], limits[1], rationality, uniform, can[0], can[1])
    moves = [
        policies[me].move(
            Turn(issue, moving, can[me], moving & bg.pick(zone, state.demand[1 - me]), picks[me])
        )
        for me in (0, 1)
    ]
    for me in (0, 1):
        accepts = moves[me][1] & moving & ~state.settled
        _settle(state, accepts, state.demand[1 - me], step)
    for me in (0, 1):
        concedes = moves[me][0] & can[me] & ~state.settled
        state.demand[me] = np.where(concedes, toward[me], state.demand[me])
        state.concessions[me] += concedes
    _accept(state, views, zone, in_session, step)
