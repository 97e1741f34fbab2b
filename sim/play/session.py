"""Play a capital: a student takes one party's seat and the agents play the other.

One replicate (R = 1), one decision per step and issue: hold, concede one option
toward the other side, or accept its demand. A capital that does not lead a side
(Moscow and Pyongyang in the talks) is played by its own moves instead, each a
yes-or-no choice kept from step to step (supply arms, advise, plead: the agents'
`member_moves`), while the agents bargain for both sides. The same model and protocol run
underneath as in any batch; this module only builds what the player sees
(:mod:`sim.play.views`, with the engine's reasons why the zone of agreement is closed,
`sim.maths.deadlock`), passes the player's choices to the protocol and reports what
both sides did. No I/O: the terminal and web front ends sit on top of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sim.engine.history import history_records
from sim.engine.results import Results, outcome_table
from sim.maths import bargaining as bg
from sim.maths import deadlock
from sim.maths.protocol import stated_demands, zone_of_agreement
from sim.play.moves import PlayerPolicy, next_offer
from sim.play.seats import seat_id, seats_of
from sim.play.views import IssueMove, IssueView, MemberMove, OptionView, Situation
from sim.scenario.calendar import DAYS_PER_MONTH
from sim.scenario.errors import ScenarioError
from sim.scenario.structure import Scenario

if TYPE_CHECKING:
    pass

ACTIONS = ("hold", "concede", "accept", "offer")
HANDOVER = {"moscow": ("stalin_dies", "Stalin dies: his successors now make Moscow's moves")}
"""A played member that leaves the stage at an event: from it, the actor's own rule (its
successors) plays the seat, and the player watches (Stalin died on 5 March 1953)."""
PLAYED_NEWS = {
    ("moscow", "zhou_stalin_meeting"): "Zhou asks Stalin's advice on the prisoners and the war",
    ("moscow", "stalin_advises_patience"): "The Politburo judges that the Americans need peace "
    "more than the communist side",
}
"""An event told in other words to the player of a seat whose own moves it would contradict:
a played Stalin decides his own advice (note 64), so the news does not decide it for him."""
RESUMED = "The talks resume: new terms have opened a deal"
"""News when a recess that waits for terms ends (the engine resumes it without an event)."""


class PlaySession:
    """A game in which the player takes one seat of `scenario`: a side's leader (hold, concede,
    accept on every question) or a member of a side with moves of its own."""

    def __init__(self, scenario: Scenario | str | Path, actor: str, seed: int = 1950):
        from sim.engine.model import AllianceModel  # the engine loads with the first game

        self.model = AllianceModel(scenario, replicates=1, seed=seed, history_sample=1)
        self.seed = seed
        scenario = self.model.scenario
        choices = seats_of(self.model)
        actor = seat_id(choices, actor)
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
            self.model.human_parties.add(self.party_id)
        self._seen_events = 0
        self._in_session = True
        self.handed_over = False
        """A played member whose seat its successors took over (see HANDOVER)."""
        self._advance()
        if self.member is not None:  # the game starts from what the agent would do now
            self.member.review()

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
        labels |= {event: words for (seat, event), words in PLAYED_NEWS.items()
                   if seat == self.actor}  # fmt: skip
        news = [(day, labels[e]) for day, e in fresh]
        handover = HANDOVER.get(self.actor) if self.member is not None else None
        if handover is not None and any(e == handover[0] for _, e in fresh):
            self.handed_over = True
            self.member.player_moves = {}  # the actor's own rule from now on
            news = [(d, handover[1] if e == handover[0] else labels[e]) for d, e in fresh]
        in_session = bool(model.in_session[0])
        talks = {e.id: e.talks for e in self.scenario.events}
        if in_session and not self._in_session and "resumed" not in {talks[e] for _, e in fresh}:
            news.append((model.dates[model.step_index], RESUMED))
        self._in_session = in_session
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
            events=news,
            issues=views,
            settled=settled,
            member_moves=self._member_moves(),
        )

    def member_settings(self) -> dict[str, bool]:
        """A member's moves as they stand: the player's where the player changed them, else
        the actor's own rule now (a seat left idle is played by the agents' rule, every step)."""
        chosen = self.member.player_moves
        return {
            move: bool(chosen[move]) if move in chosen else bool(self.member.own_move(move)[0])
            for move in self.member.member_moves()
        }

    def _member_moves(self) -> tuple[MemberMove, ...]:
        if self.member is None or self.handed_over:
            return ()
        settings = self.member_settings()
        return tuple(
            MemberMove(move, label, settings[move], not (move == "advise" and settings[move]))
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
        offer = next_offer(mine.stated_acceptable[0], my_demand, their_demand)
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
            gaining_from_war=tuple(
                a for a, agent in model.actors.items() if np.ravel(agent.war_payoff)[0] > 0
            ),
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
            can_offer=offer is not None and talking and self.member is None,
            offer="" if offer is None else issue.options[offer].id,
        )

    def _held_back(self, views, waiting: np.ndarray) -> tuple[tuple[str, str], ...]:
        """The engine's reasons why no deal is possible now, per side (see `sim.maths.deadlock`)."""
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
        """Who inside the player's side rules an option out (a veto)."""
        names = {a: spec.name or a for a, spec in self.scenario.actors.items()}
        who = [
            f"{names[m]}'s veto" for k, m in enumerate(view.members) if view.removed[k, 0, option]
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
            if not by_agent and not self.handed_over:
                self.set_moves(choices)
            choices = {}
        self._check_choices(choices)
        before = self._open_issues()
        offered = {} if by_agent else self._offer(choices)
        self.policy.choices = dict(choices)
        self._step(by_agent)
        if all(state.settled[0] for state in self.model.issues.values()):
            self.model.run()  # nothing left to play: the signing follows (sim.engine.signing)
        moves = [
            self._move(issue_id, *seen, offered.get(issue_id, ""))
            for issue_id, seen in before.items()
        ]
        if not self.finished:
            self._advance()
        return moves

    def _check_choices(self, choices: dict[str, str]) -> None:
        """ValueError, saying why, unless each choice is a move on an issue of the scenario."""
        for issue_id, action in choices.items():
            if issue_id not in self.model.issues:
                raise ValueError(f"no issue `{issue_id}` in {self.scenario.id}")
            if action not in ACTIONS:
                raise ValueError(f"`{action}` is not a move; choose one of {', '.join(ACTIONS)}")

    def _offer(self, choices: dict[str, str]) -> dict[str, str]:
        """Put forward the offers among `choices`: each issue's next option toward the other
        side's demand, with those between it and the player's demand, is accepted by the
        player's side from now on (`AllianceModel.offers`). Returns each issue offered on, with
        the label of the option offered."""
        offered = {}
        for issue_id, action in choices.items():
            if action != "offer":
                continue
            view = self._issue_view(issue_id)
            if not view.can_offer:
                raise ValueError(f"nothing to offer on `{issue_id}` now")
            ids = [o.id for o in self.scenario.issues[issue_id].options]
            ends = sorted((ids.index(view.my_demand), ids.index(view.offer)))
            key = (self.party_id, issue_id)
            mask = self.model.offers.get(key, np.zeros(len(ids), dtype=bool)).copy()
            mask[ends[0] : ends[1] + 1] = True
            self.model.offers[key] = mask
            offered[issue_id] = self.scenario.issues[issue_id].label_of(view.offer)
        return offered

    def _open_issues(self) -> dict[str, tuple[int, np.ndarray]]:
        """Each unsettled issue's demand of the other side as stated now, and both sides'
        concessions so far: what a step's moves are told from."""
        model, them = self.model, 1 - self.player
        before = {}
        for issue_id, state in model.issues.items():
            if not state.settled[0]:
                views = tuple(model.party_view(pid, issue_id) for pid, _ in model.parties)
                shown = stated_demands(state, views)[:, 0]
                before[issue_id] = (int(shown[them]), state.concessions[:, 0].copy())
        return before

    def _step(self, by_agent: bool) -> None:
        """One model step, the player's seat moved by the player's choices or, `by_agent`, by
        the agents' own rules for this step only."""
        model, me = self.model, self.player
        player_moves = {} if self.member is None else self.member.player_moves
        if by_agent:
            model.policies[me] = self.agent_policy
            if self.member is not None:
                self.member.player_moves = {}
        try:
            model.step()
        finally:
            if self.member is None:
                model.policies[me] = self.policy
            else:
                self.member.player_moves = player_moves

    def _move(
        self, issue_id: str, their_shown: int, concessions: np.ndarray, offered: str = ""
    ) -> IssueMove:
        """What both sides did on one issue in the step just played (see :meth:`_open_issues`
        for `their_shown` and `concessions`)."""
        me, them = self.player, 1 - self.player
        state, issue = self.model.issues[issue_id], self.scenario.issues[issue_id]
        mine, theirs = int(state.demand[me, 0]), int(state.demand[them, 0])
        settled = bool(state.settled[0])
        outcome = int(state.outcome[0])
        conceded = state.concessions[:, 0] > concessions
        yours = "conceded" if conceded[me] else "offered" if offered else "held"
        if settled and outcome == theirs != mine and not conceded[me]:
            yours = "accepted"
        their_move = "conceded" if conceded[them] else "held"
        if settled and outcome == mine != theirs and not conceded[them]:
            their_move = "accepted"
        elif their_move == "held" and theirs != their_shown:
            their_move = "restated"
        return IssueMove(
            issue_id,
            issue.label,
            yours,
            their_move,
            issue.options[mine].label,
            issue.options[theirs].label,
            issue.options[outcome].label if settled else None,
            offered,
        )

    def set_moves(self, choices: dict[str, str]) -> None:
        """Set a member's own moves from `choices` (issue ids may only say "hold"); a move
        the player never gave keeps following the actor's own rule."""
        self.check_moves(choices)
        moves = self.member.member_moves()
        self.member.player_moves |= {
            k: answer == "yes" for k, answer in choices.items() if k in moves
        }

    def check_moves(self, choices: dict[str, str]) -> None:
        """ValueError, saying why, unless a member may make `choices` now: each of its moves
        yes or no, advice once given not taken back, an issue only "hold"."""
        member, moves = self.member, self.member.member_moves()
        settings = self.member_settings()
        for key, answer in choices.items():
            if key in moves:
                if answer not in ("yes", "no"):
                    raise ValueError(f"`{key}` takes yes or no, not `{answer}`")
                if key == "advise" and settings[key] and answer == "no":
                    raise ValueError("advice once given cannot be taken back")
            elif key not in self.model.issues or answer != "hold":
                raise ValueError(
                    f"`{key}` is not a move of {member.name}; choose {', '.join(moves)}"
                )

    def results(self, label: str = "Your game") -> Results:
        """The finished game as one-replicate results, with its step-by-step history."""
        table = outcome_table(self.model)
        return Results(label, self.scenario, 1, self.seed, table, history_records(self.model))
