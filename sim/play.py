"""Play a capital: a student takes one party's seat and the agents play the other.

One replicate (R = 1), one decision per step and issue: hold, concede one option
toward the other side, or accept its demand. A capital that does not lead a side
(Moscow and Pyongyang in the talks) is played by its own moves instead, each a
yes-or-no choice kept from step to step (supply arms, advise, plead: the agents'
`member_moves`), while the agents bargain for both sides. The same model and protocol run
underneath as in any batch; this module only exposes what the player sees (with
the engine's reasons why the zone of agreement is closed, `sim.deadlock`), passes
the player's choices to the protocol and reports what both sides did. No I/O: the
terminal and web front ends sit on top of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sim import bargaining as bg
from sim import deadlock
from sim.calendar import DAYS_PER_MONTH
from sim.errors import ScenarioError
from sim.history import history_records
from sim.protocol import Turn, stated_demands, zone_of_agreement
from sim.results import NO_AGREEMENT, Results, Table, outcome_table
from sim.schema import Scenario

if TYPE_CHECKING:
    from sim.model import AllianceModel

ACTIONS = ("hold", "concede", "accept")


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
    held_back: tuple[tuple[str, str], ...] = ()
    """While no deal is possible: (party id, "actor:reason") per side held back (the engine's
    record, `sim.deadlock`; reason `talks:suspended` or `talks:not_on_table` for both)."""


@dataclass(frozen=True)
class IssueMove:
    """What both sides did on one issue in the step just played."""

    id: str
    label: str
    yours: str  # "held", "conceded" or "accepted"
    theirs: str  # "held", "conceded", "accepted" or "restated" (a new stance, no concession)
    your_demand: str  # option labels after the step
    their_demand: str
    agreed: str | None  # the outcome's label if the issue was settled in this step


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


class PlayerPolicy:
    """A human player's move for one party: the choices of the current step, per issue."""

    def __init__(self) -> None:
        self.choices: dict[str, str] = {}
        self.moved: set[str] = set()  # issues on which the player really conceded or accepted

    def move(self, turn: Turn) -> tuple[np.ndarray, np.ndarray]:
        action = self.choices.get(turn.issue, "hold")
        concede = np.full(turn.moving.shape, action == "concede") & turn.can_concede
        accept = np.full(turn.moving.shape, action == "accept") & turn.can_accept
        if concede.any() or accept.any():
            self.moved.add(turn.issue)
        return concede, accept


class PlaySession:
    """A game in which the player takes one seat of `scenario`: a side's leader (hold, concede,
    accept on every question) or a member of a side with moves of its own."""

    def __init__(self, scenario: Scenario | str | Path, actor: str, seed: int = 1950):
        from sim.model import AllianceModel  # the engine loads with the first game

        self.model = AllianceModel(scenario, replicates=1, seed=seed, history_sample=1)
        self.seed = seed
        scenario = self.model.scenario
        choices = seats_of(self.model)
        if actor not in choices:
            raise ScenarioError(
                scenario.id,
                None,
                "--as",
                f"`{actor}` has no seat in {scenario.id}; choose {', '.join(choices)}",
            )
        leaders = {party.leader: index for index, (_, party) in enumerate(self.model.parties)}
        members = {
            m: index for index, (_, party) in enumerate(self.model.parties) for m in party.members
        }
        self.actor, self.player = actor, leaders.get(actor, members[actor])
        self.party_id = self.model.parties[self.player][0]
        self.policy = PlayerPolicy()
        self.agent_policy = self.model.policies[self.player]  # for a step the agents play
        self.member = None if actor in leaders else self.model.actors[actor]
        """The played agent when the player is a member of a side, not its leader."""
        self.model.rounds_per_step = 1  # the player decides once per step
        if self.member is None:
            self.model.policies[self.player] = self.policy
            self.model.played.add(self.party_id)
        self._seen_events = 0
        self._advance()
        if self.member is not None:  # the game starts from what the agent would do now
            self.member.review()
            self.member.directed = {
                move: bool(self.member.own_move(move)[0]) for move in self.member.member_moves()
            }

    @property
    def scenario(self) -> Scenario:
        return self.model.scenario

    @property
    def side_leader(self) -> str | None:
        """Who bargains for the player's side when the player is a member (None: the player)."""
        if self.member is None:
            return None
        leader = self.scenario.parties[self.party_id].leader
        return self.scenario.actors[leader].name or leader

    @property
    def finished(self) -> bool:
        return not self.model.running

    def _advance(self) -> None:
        self.model.advance_to(self.model.dates[self.model.step_index])

    def situation(self) -> Situation:
        """What the player sees now, before choosing."""
        model = self.model
        fresh = model.events_applied[self._seen_events :]
        self._seen_events = len(model.events_applied)
        labels = {e.id: e.label for e in self.scenario.events}
        views, settled = [], {}
        for issue_id, state in model.issues.items():
            issue = self.scenario.issues[issue_id]
            if state.settled[0]:
                chosen = issue.options[state.outcome[0]].label
                settled[issue_id] = (chosen, model.dates[state.settled_step[0]])
                continue
            views.append(self._issue_view(issue_id))
        return Situation(
            date=model.dates[model.step_index],
            step=model.step_index,
            horizon=len(model.dates),
            in_session=bool(model.in_session[0]),
            events=[(day, labels[e]) for day, e in fresh],
            issues=views,
            settled=settled,
            member_moves=self._member_moves(),
        )

    def _member_moves(self) -> tuple[MemberMove, ...]:
        if self.member is None:
            return ()
        directed = self.member.directed
        return tuple(
            MemberMove(move, label, directed[move], not (move == "advise" and directed[move]))
            for move, label in self.member.member_moves().items()
        )

    def _issue_view(self, issue_id: str) -> IssueView:
        model, state = self.model, self.model.issues[issue_id]
        issue = self.scenario.issues[issue_id]
        views = tuple(model.party_view(pid, issue_id) for pid, _ in model.parties)
        mine = views[self.player]
        zone = zone_of_agreement(views)[0]
        demands = stated_demands(state, views)[:, 0]
        my_demand, their_demand = demands[self.player], demands[1 - self.player]
        toward = bg.next_option(np.array([my_demand]), np.array([their_demand]))[0]
        drift = float(model.party_drift(self.party_id)[0])
        waiting = model.waiting_for_others(issue_id)
        talking = bool(model.in_session[0] and not waiting[0])
        return IssueView(
            id=issue_id,
            label=issue.label,
            options=[
                OptionView(
                    o.id,
                    o.label,
                    float(mine.utility[0, i]),
                    bool(mine.acceptable[0, i]),
                    bool(zone[i]),
                    bool(mine.preferred[0, i]),
                    self._ruled_out_by(mine, i),
                )
                for i, o in enumerate(issue.options)
            ],
            my_demand=issue.options[my_demand].id,
            their_demand=issue.options[their_demand].id,
            fight_on_value=float(mine.conflict[0]),
            fight_on_change=drift * self._step_months(),
            no_deal=(
                "Fighting on"
                if issue.no_agreement_label == "No agreement"
                else issue.no_agreement_label
            ),
            zone_open=bool(zone.any()),
            can_accept=bool(zone[their_demand] and talking and self.member is None),
            can_concede=bool(
                zone.any()
                and toward != my_demand
                and mine.stated_acceptable[0, toward]
                and talking
                and self.member is None
            ),
            on_table=not waiting[0],
            waits_for=tuple(
                self.scenario.issues[other].label
                for other in issue.after
                if not model.issues[other].settled[0]
            ),
            held_back=() if zone.any() and talking else self._held_back(views, waiting),
        )

    def _held_back(self, views, waiting: np.ndarray) -> tuple[tuple[str, str], ...]:
        """The engine's reasons why no deal is possible now, per side (see `sim.deadlock`)."""
        model = self.model
        leaders = tuple(model.actor_index[party.leader] for _, party in model.parties)
        explain = deadlock.explainer(
            views, None, leaders, model.in_session, model.actor_index, waiting
        )
        codes = explain(np.array([0]))[:, 0]
        found = []
        for (party_id, _), code in zip(model.parties, codes, strict=True):
            actor, reason = model.blocker_labels[code]
            if actor:
                found.append((party_id, f"{actor}:{reason}"))
        return tuple(found)

    def _ruled_out_by(self, view, option: int) -> str:
        """Who inside the player's side rules an option out (a veto, advice not yet given)."""
        names = {a: spec.name or a for a, spec in self.scenario.actors.items()}
        who = [
            f"{names[m]}'s veto" for k, m in enumerate(view.members) if view.removed[k, 0, option]
        ]
        who += [
            f"{names[m]}'s advice"
            for k, m in enumerate(view.members)
            if view.withheld[k, 0, option]
        ]
        return ", ".join(who)

    def _step_months(self) -> float:
        dates = self.model.dates
        if len(dates) < 2:
            return 0.0
        return (dates[1] - dates[0]).days / DAYS_PER_MONTH

    def act(self, choices: dict[str, str], by_agent: bool = False) -> list[IssueMove]:
        """Play one step: the player's choice per unsettled issue (missing issues: hold).
        Returns what both sides did on every issue that was unsettled before the step.

        With `by_agent` the agents' rule moves for the player's side in this step instead
        (`choices` ignored), e.g. when a student in a class session lets the time run out.
        A member of a side gives its own moves instead (`{"arms": "yes"}`; a move not given
        stays as it was; "hold" on an issue is accepted and means nothing more).
        """
        if self.member is not None:
            if not by_agent:
                self.set_moves(choices)
            choices = {}
        for issue_id, action in choices.items():
            if issue_id not in self.model.issues:
                raise ValueError(f"no issue `{issue_id}` in {self.scenario.id}")
            if action not in ACTIONS:
                raise ValueError(f"`{action}` is not a move; choose one of {', '.join(ACTIONS)}")
        model, me, them = self.model, self.player, 1 - self.player
        before = {}
        for issue_id, state in model.issues.items():
            if not state.settled[0]:
                views = tuple(model.party_view(pid, issue_id) for pid, _ in model.parties)
                shown = stated_demands(state, views)[:, 0]
                before[issue_id] = (int(shown[them]), state.concessions[:, 0].copy())
        self.policy.choices = dict(choices)
        directed = {} if self.member is None else self.member.directed
        if by_agent:  # the agents' own rules for the player's seat in this step
            model.policies[me] = self.agent_policy
            if self.member is not None:
                self.member.directed = {}
        try:
            model.step()
        finally:
            if self.member is None:
                model.policies[me] = self.policy
            else:
                self.member.directed = directed
        moves = []
        for issue_id, (their_shown, concessions) in before.items():
            state, issue = model.issues[issue_id], self.scenario.issues[issue_id]
            mine, theirs = int(state.demand[me, 0]), int(state.demand[them, 0])
            settled = bool(state.settled[0])
            outcome = int(state.outcome[0])
            conceded = state.concessions[:, 0] > concessions
            yours = "conceded" if conceded[me] else "held"
            if settled and outcome == theirs != mine and not conceded[me]:
                yours = "accepted"
            their_move = "conceded" if conceded[them] else "held"
            if settled and outcome == mine != theirs and not conceded[them]:
                their_move = "accepted"
            elif their_move == "held" and theirs != their_shown:
                their_move = "restated"
            moves.append(
                IssueMove(
                    issue_id,
                    issue.label,
                    yours,
                    their_move,
                    issue.options[mine].label,
                    issue.options[theirs].label,
                    issue.options[outcome].label if settled else None,
                )
            )
        if not self.finished:
            self._advance()
        return moves

    def set_moves(self, choices: dict[str, str]) -> None:
        """Set a member's own moves from `choices` (issue ids may only say "hold")."""
        self.check_moves(choices)
        moves = self.member.member_moves()
        self.member.directed |= {k: answer == "yes" for k, answer in choices.items() if k in moves}

    def check_moves(self, choices: dict[str, str]) -> None:
        """ValueError, saying why, unless a member may make `choices` now: each of its moves
        yes or no, advice once given not taken back, an issue only "hold"."""
        member, moves = self.member, self.member.member_moves()
        for key, answer in choices.items():
            if key in moves:
                if answer not in ("yes", "no"):
                    raise ValueError(f"`{key}` takes yes or no, not `{answer}`")
                if key == "advise" and member.directed[key] and answer == "no":
                    raise ValueError("advice once given cannot be taken back")
            elif key not in self.model.issues or answer != "hold":
                raise ValueError(
                    f"`{key}` is not a move of {member.name}; choose {', '.join(moves)}"
                )

    def results(self, label: str = "Your game") -> Results:
        """The finished game as one-replicate results, with its step-by-step history."""
        table = outcome_table(self.model)
        return Results(label, self.scenario, 1, self.seed, table, history_records(self.model))


def seats_of(model: AllianceModel) -> dict[str, str]:
    """Actor id -> what a player of it does: the leader of each side, then each member of a side
    that has moves of its own ("a member of the Communist side: Supply arms to ...")."""
    found = {}
    for _, party in model.parties:
        found[party.leader] = f"leads {party.label}"
    for _, party in model.parties:
        for member in party.members:
            moves = model.actors[member].member_moves() if member not in found else {}
            if moves:
                found[member] = f"a member of the {party.label}: " + "; ".join(moves.values())
    return found


def describe_outcome(scenario: Scenario, table: Table, issue: str) -> str:
    """'Line of contact on 1951-11-01' or 'No agreement' for one issue of a results table."""
    row = int(np.flatnonzero(table["issue"] == issue)[0])
    outcome = table["outcome"][row]
    label = scenario.issues[issue].label_of(outcome)
    return label if outcome == NO_AGREEMENT else f"{label} on {table['agreement_date'][row]}"
