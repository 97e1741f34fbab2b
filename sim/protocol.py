"""The level-2 protocol: one issue, one step, two parties, all replicates at once.

While the zone of agreement is empty, each party states its bloc's current
stance and the war goes on. Inside the zone, the parties concede one option
at a time by Zeuthen's rule (logit-noisy unless fully rational) and agree
as soon as one accepts the other's demand. Finished replicates are masked,
not removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim import bargaining as bg


@dataclass
class PartyView:
    """What one party brings to the table this step, for one issue."""

    utility: np.ndarray  # (R, n) the bloc's utility of each option
    conflict: np.ndarray  # (R,) the bloc's conflict value
    acceptable: np.ndarray  # (R, n) options the party and its veto holders prefer to fighting on


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
    talking: np.ndarray = field(
        init=False
    )  # (R,) bool: concessions under way since the zone opened

    def __post_init__(self) -> None:
        r = self.replicates
        self.demand = np.zeros((2, r), dtype=np.int64)
        self.settled = np.zeros(r, dtype=bool)
        self.outcome = np.full(r, -1, dtype=np.int64)
        self.settled_step = np.full(r, -1, dtype=np.int64)
        self.concessions = np.zeros((2, r), dtype=np.int64)
        self.zone_open = np.zeros(r, dtype=bool)
        self.talking = np.zeros(r, dtype=bool)


def stated_demands(state: IssueState, views: tuple[PartyView, PartyView]) -> np.ndarray:
    """(2, R) each party's demand now: its current offer while talks over an open zone go on,
    otherwise its bloc's stance (the option it values most)."""
    zone_open = (views[0].acceptable & views[1].acceptable).any(axis=1)
    keep = state.settled | (zone_open & state.talking)
    stances = np.stack([view.utility.argmax(axis=1) for view in views])
    return np.where(keep, state.demand, stances)


def _accept(state: IssueState, views: tuple[PartyView, PartyView], zone: np.ndarray, step: int):
    """Settle replicates where a party values the other's demand at least as much as its own."""
    live = ~state.settled
    for me, other in ((0, 1), (1, 0)):
        mine, theirs = state.demand[me], state.demand[other]
        utility = views[me].utility
        accepts = live & (bg.pick(utility, theirs) >= bg.pick(utility, mine))
        accepts &= bg.pick(zone, theirs)
        state.outcome[accepts] = theirs[accepts]
        state.settled_step[accepts] = step
        state.settled |= accepts
        live &= ~accepts


def bargain(
    state: IssueState,
    views: tuple[PartyView, PartyView],
    rationality: np.ndarray | None,
    uniform: np.ndarray,
    step: int,
    in_session: bool = True,
    human: tuple[int, np.ndarray] | None = None,
) -> None:
    """Advance one issue by one round of offers (in place).

    Out of session (a recess of the talks) the parties only restate their stances.
    `human = (party index, actions)` lets a player choose that party's move per
    replicate (`hold`, `concede` or `accept`); the agents play the other party.
    """
    zone = views[0].acceptable & views[1].acceptable
    state.zone_open = zone.any(axis=1) & ~state.settled
    state.demand = stated_demands(state, views)
    state.talking = state.zone_open & in_session
    if not in_session:
        return

    _accept(state, views, zone, step)
    moving = state.zone_open & ~state.settled
    if not moving.any():
        return
    limits = [
        bg.risk_limits(
            bg.pick(view.utility, state.demand[me]),
            bg.pick(view.utility, state.demand[1 - me]),
            view.conflict,
        )
        for me, view in enumerate(views)
    ]
    toward = [bg.next_option(state.demand[me], state.demand[1 - me]) for me in (0, 1)]
    can = [
        moving & (toward[me] != state.demand[me]) & bg.pick(view.acceptable, toward[me])
        for me, view in enumerate(views)
    ]
    concedes = bg.concessions(limits[0], limits[1], rationality, uniform, can[0], can[1])
    if human is not None:
        concedes = _human_turn(state, zone, step, moving, can, concedes, *human)
    for me in (0, 1):
        state.demand[me] = np.where(concedes[me], toward[me], state.demand[me])
        state.concessions[me] += concedes[me]
    _accept(state, views, zone, step)


def _human_turn(state, zone, step, moving, can, concedes, player: int, actions: np.ndarray):
    """Apply a player's choices for party `player`; the agents' side keeps Zeuthen's rule."""
    other = 1 - player
    offered = state.demand[other]
    accepts = moving & (actions == "accept") & bg.pick(zone, offered)
    state.outcome[accepts] = offered[accepts]
    state.settled_step[accepts] = step
    state.settled |= accepts
    still = moving & ~accepts
    result = [None, None]
    result[player] = still & (actions == "concede") & can[player]
    result[other] = still & concedes[other]
    return tuple(result)
