"""The Mesa model: one scenario, R replicates at once.

Every agent's state is an array over replicates, so a classroom run (R = 1)
and a batch of 100,000 take the same code path. Per step: the war goes on
from the last step's date to this one (war payoffs, lobbying, dated events),
each bloc forms its stance with influence weights and vetoes, and each
unsettled issue moves by the protocol in :mod:`sim.protocol`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import mesa
import numpy as np

from agents import AGENT_CLASSES, CapitalAgent
from sim import bargaining as bg
from sim.calendar import DAYS_PER_MONTH, step_dates
from sim.draws import ParameterDraws
from sim.history import history_reporters
from sim.loader import load_scenario
from sim.protocol import IssueState, PartyView, bargain
from sim.schema import Scenario


class AllianceModel(mesa.Model):
    """Alliance bargaining in one scenario, for `replicates` draws of its uncertain parameters.

    Parameters
    ----------
    scenario : a loaded Scenario, or a built-in id or path.
    replicates : number of replicates simulated side by side.
    seed : the one user seed; every random number comes from ``self.rng``.
    uncertainty : draw uncertain parameters from their ranges (False: use central values).
    history_sample : how many replicates the per-step history keeps.
    """

    def __init__(
        self,
        scenario: Scenario | str | Path = "pow_repatriation",
        replicates: int = 1,
        seed: int | None = None,
        uncertainty: bool = True,
        history_sample: int = 100,
    ):
        super().__init__(seed=seed)
        if replicates < 1:
            raise ValueError(f"replicates must be at least 1, got {replicates}")
        self.scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.replicates = replicates
        self.seed = seed
        self.dates = step_dates(
            self.scenario.time.start, self.scenario.time.step, self.scenario.time.horizon
        )
        self.draws = ParameterDraws(self.rng, replicates, uncertainty)
        rationality = self.scenario.bargaining.rationality
        self.rationality = None if rationality is None else self.draws("rationality", rationality)
        self.actors: dict[str, CapitalAgent] = {
            actor_id: AGENT_CLASSES[actor.agent or "generic"](self, actor_id, actor, self.draws)
            for actor_id, actor in self.scenario.actors.items()
        }
        self.parties = list(self.scenario.parties.items())
        self.pressure = [
            (lobby, self.draws(f"lobbying.{lobby.actor}.{lobby.target}", lobby.pressure))
            for lobby in self.scenario.lobbying
        ]
        self.pending = sorted(
            (
                event.date,
                index,
                event,
                [
                    self.draws(f"events.{event.id}.{n}", c.shift if c.shift is not None else c.set)
                    if c.field != "veto"
                    else None
                    for n, c in enumerate(event.changes)
                ],
            )
            for index, event in enumerate(self.scenario.events)
        )
        self.now = min(actor.profile.anchor for actor in self.scenario.actors.values())
        self.issues = {
            issue_id: IssueState(np.array([o.position for o in issue.options]), replicates)
            for issue_id, issue in self.scenario.issues.items()
        }
        self.peak_tension = {
            issue_id: {pid: np.zeros(replicates) for pid, _ in self.parties}
            for issue_id in self.issues
        }
        self.events_applied: list[tuple[dt.date, str]] = []
        self.step_index = 0
        self.in_session = True
        self.history_sample = np.arange(min(history_sample, replicates))
        self.datacollector = mesa.DataCollector(model_reporters=history_reporters())

    # --- the clock ---------------------------------------------------------------
    def advance_to(self, date: dt.date) -> None:
        """Fight on until `date`: collect war payoffs and apply the events on the way."""
        while self.pending and self.pending[0][0] <= date:
            event_date, _, event, values = self.pending.pop(0)
            self._fight_until(event_date)
            for change, value in zip(event.changes, values, strict=True):
                self.actors[change.actor].apply(change, value)
            if event.talks is not None:
                self.in_session = event.talks == "resumed"
            self.events_applied.append((event_date, event.id))
        self._fight_until(date)

    def _fight_until(self, date: dt.date) -> None:
        for actor_id, agent in self.actors.items():
            anchor = self.scenario.actors[actor_id].profile.anchor
            start = max(self.now, anchor)
            months = max((date - start).days, 0) / DAYS_PER_MONTH
            pressure = sum(
                value * self.actors[lobby.actor].influence
                for lobby, value in self.pressure
                if lobby.target == actor_id
            )
            if months:
                agent.fight_on(months, pressure)
        self.now = max(self.now, date)

    # --- level 1: blocs ------------------------------------------------------------
    def party_view(self, party_id: str, issue_id: str) -> PartyView:
        """The bloc's utility, conflict value and acceptable options on one issue."""
        party = self.scenario.parties[party_id]
        positions = self.issues[issue_id].positions
        members = [self.actors[m] for m in party.members]
        utilities = np.stack([m.utility(issue_id, positions) for m in members])
        conflicts = np.stack([m.conflict for m in members])
        weights = np.stack([m.influence for m in members])
        utility = bg.weighted_utility(utilities, weights)
        conflict = bg.weighted_value(conflicts, weights)
        acceptable = utility >= conflict[:, None]
        for member, own, value in zip(members, utilities, conflicts, strict=True):
            if member.actor_id in party.restrains:
                continue
            vetoes = member.holds_veto(issue_id)
            acceptable &= ~vetoes[:, None] | (own >= value[:, None])
        return PartyView(utility, conflict, acceptable)

    def bloc_tension(self, party_id: str, issue_id: str) -> np.ndarray:
        """(R,) influence-weighted distance of members' ideals from the party's current demand."""
        party = self.scenario.parties[party_id]
        members = [self.actors[m] for m in party.members if self.actors[m].cares_about(issue_id)]
        if len(members) < 2:
            return np.zeros(self.replicates)
        index = [pid for pid, _ in self.parties].index(party_id)
        state = self.issues[issue_id]
        demand = state.positions[state.demand[index]]
        ideals = np.stack([m.ideal[issue_id] for m in members])
        weights = np.stack([m.influence for m in members])
        return bg.tension(ideals, weights, demand)

    # --- one step ----------------------------------------------------------------------
    def step(self, human: tuple[int, dict[str, str]] | None = None) -> None:
        """One step: fight on to this step's date, then bargain on every unsettled issue.

        `human = (party index, {issue: action})` hands one party to a player (see
        :mod:`sim.play`); the player decides once per step, so there is one round.
        """
        self.advance_to(self.dates[self.step_index])
        rounds = 1 if human is not None else self.scenario.bargaining.rounds_per_step
        for issue_id, state in self.issues.items():
            live = ~state.settled
            views = tuple(self.party_view(pid, issue_id) for pid, _ in self.parties)
            player = None
            if human is not None:
                player = (human[0], np.full(self.replicates, human[1].get(issue_id, "hold")))
            for _ in range(rounds):
                uniform = self.rng.random(self.replicates)
                bargain(
                    state,
                    views,
                    self.rationality,
                    uniform,
                    self.step_index,
                    self.in_session,
                    player,
                )
            for pid, _ in self.parties:
                tension = self.bloc_tension(pid, issue_id)
                peak = self.peak_tension[issue_id][pid]
                self.peak_tension[issue_id][pid] = np.where(live, np.maximum(peak, tension), peak)
        self.datacollector.collect(self)
        self.step_index += 1
        settled = all(state.settled.all() for state in self.issues.values())
        if settled or self.step_index >= len(self.dates):
            self.running = False

    def run(self) -> AllianceModel:
        """Step until every issue is settled in every replicate or the horizon is reached."""
        while self.running:
            self.step()
        return self
