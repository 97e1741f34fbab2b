"""The Mesa model: one scenario, R replicates at once.

Every agent's state is an array over replicates, so a classroom run (R = 1)
and a batch of 100,000 take the same code path. Per step: the war goes on from
the last step's date to this one (each actor's monthly drift and the events on
the way), each capital reviews its moves outside the talks (through Mesa's
AgentSet), each party forms its view of every open issue from its members
(:mod:`sim.maths.bloc`), and each issue moves by the protocol (:mod:`sim.maths.protocol`)
with one policy per party. Why the zone stays closed is recorded every step
(:mod:`sim.maths.deadlock`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import numpy as np

from agents import AGENT_CLASSES, CapitalAgent
from sim.engine.history import history_reporters
from sim.engine.signing import Signing
from sim.maths import bargaining as bg
from sim.maths import deadlock, events
from sim.maths.bloc import PartyView, form_view, veto_removes
from sim.maths.draws import ParameterDraws
from sim.maths.protocol import IssueState, Policy, ZeuthenPolicy, bargain, zone_of_agreement
from sim.maths.rows import rows_where, scatter_rows, take_rows
from sim.mesa_import import mesa
from sim.scenario.calendar import DAYS_PER_MONTH, step_dates
from sim.scenario.loader import load_scenario
from sim.scenario.structure import Scenario


class AllianceModel(mesa.Model):
    """Alliance bargaining in one scenario, for `replicates` draws of its uncertain parameters.

    Parameters
    ----------
    scenario : a loaded Scenario, or a built-in id or path.
    replicates : number of replicates simulated side by side.
    seed : the one user seed; every random number comes from a stream of ``self.draws``
        named after what it draws, derived from this seed.
    uncertainty : draw uncertain parameters from their ranges (False: use central values).
    history_sample : how many replicates the per-step history keeps.
    events_happen : per event id, whether it happens in each replicate (a campaign's carry-over).
    """

    def __init__(
        self,
        scenario: Scenario | str | Path = "pow_repatriation",
        replicates: int = 1,
        seed: int | None = None,
        uncertainty: bool = True,
        history_sample: int = 100,
        events_happen: Mapping[str, np.ndarray] | None = None,
    ):
        super().__init__(seed=seed)
        if replicates < 1:
            raise ValueError(f"replicates must be at least 1, got {replicates}")
        self.scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.replicates = replicates
        self.seed = seed
        time = self.scenario.time
        self.dates = step_dates(time.start, time.step, time.horizon)
        entropy = seed if seed is not None else int(self.rng.integers(2**63))
        self.draws = ParameterDraws(entropy, replicates, uncertainty)
        rationality = self.scenario.bargaining.rationality
        self.rationality = None if rationality is None else self.draws("rationality", rationality)
        self.rounds_per_step = self.scenario.bargaining.rounds_per_step
        self.parties = list(self.scenario.parties.items())
        self.party_index = {m: i for i, (_, p) in enumerate(self.parties) for m in p.members}
        self.actors: dict[str, CapitalAgent] = {
            actor_id: AGENT_CLASSES[actor.agent or "generic"](
                self,
                actor_id,
                actor,
                self.draws,
                {lb.target: lb.pressure for lb in self.scenario.lobbying if lb.actor == actor_id},
            )
            for actor_id, actor in self.scenario.actors.items()
        }
        self.anchors = {a: s.profile.anchor for a, s in self.scenario.actors.items()}
        self._ceilings: dict[str, tuple[list, np.ndarray]] = {}
        self.offered: dict[tuple[str, str], np.ndarray] = {}
        """(R, n) per (party, issue): the options the party said it accepts at the last step."""
        self.pending = events.schedule(self.scenario.events, self.draws, events_happen)
        self.now = min(self.anchors.values())
        self.issues = {
            issue_id: IssueState(np.array([o.position for o in issue.options]), replicates)
            for issue_id, issue in self.scenario.issues.items()
        }
        self.round_noise = self.draws.stream("bargaining.rounds")
        """The logit noise of the concession choices, a stream of its own (paired draws)."""
        self.policies: list[Policy] = [ZeuthenPolicy(), ZeuthenPolicy()]
        self.human_parties: set[str] = set()
        """Parties a human plays: they state their own stance by their moves (no premium)."""
        self.offers: dict[tuple[str, str], np.ndarray] = {}
        """(n,) per (human party, issue): options its player offered beyond what the side
        would accept by its own values (`sim.play.session`); the party accepts them too."""
        self.subset_below = 0.5
        """Below this share of unsettled replicates, bargain on those rows only (same results)."""
        self.peak_tension = {
            issue_id: {pid: np.zeros(replicates) for pid, _ in self.parties}
            for issue_id in self.issues
        }
        self.tension = {
            issue_id: {pid: np.zeros(replicates) for pid, _ in self.parties}
            for issue_id in self.issues
        }  # this step's, per party
        self.actor_index = {actor_id: i for i, actor_id in enumerate(self.actors)}
        self.blocker_labels = deadlock.labels(list(self.actors))
        self.blocked = {  # this step's reasons for the history sample
            issue_id: np.zeros((2, min(history_sample, replicates)), dtype=np.int64)
            for issue_id in self.issues
        }
        self.deadlocks = {issue_id: deadlock.DeadlockRecord(replicates) for issue_id in self.issues}
        self.events_applied: list[tuple[dt.date, str]] = []  # (the day it happened, id)
        self.step_index = 0
        self.in_session = np.ones(replicates, dtype=bool)
        self.resume_when_open = np.zeros(replicates, dtype=bool)
        self.history_sample = np.arange(min(history_sample, replicates))
        self.signing = Signing(self)
        """When the terms were agreed and the agreement signed (:mod:`sim.engine.signing`)."""
        self.datacollector = mesa.DataCollector(model_reporters=history_reporters())

    # --- the clock ---------------------------------------------------------------
    def monthly_drift(self, actor_id: str) -> np.ndarray:
        """(R,) how `actor_id`'s conflict value moves per month of war now: its war payoff less
        what its own moves cost it (arms it supplies) and the pressure every other actor puts
        on it (lobbying, an exhausted ally's burden)."""
        agent = self.actors[actor_id]
        pressure = sum(other.pressure_on(actor_id) for other in self.actors.values())
        return agent.war_payoff - agent.upkeep() - pressure

    def advance_to(self, date: dt.date) -> None:
        """Fight on until `date`: collect each actor's drift and apply the events on the way."""
        while True:
            day, hits = events.due(self.pending, date)
            if not hits:
                break
            self._fight_until(dt.date.fromordinal(day))
            for scheduled, mask in hits:
                event = scheduled.event
                for change, value in zip(event.changes, scheduled.values, strict=True):
                    self.actors[change.actor].apply(change, value, mask)
                if event.talks is not None:
                    resumed = event.talks == "resumed"
                    self.in_session = np.where(mask, resumed, self.in_session)
                    waits = mask & (event.resumes == "when_zone_opens")
                    self.resume_when_open = np.where(mask, waits, self.resume_when_open)
                scheduled.applied(mask)
                self.events_applied.append((dt.date.fromordinal(day), event.id))
            self.bound_conflicts({c.actor for s, _ in hits for c in s.event.changes})
            self.pending = [s for s in self.pending if s.pending.any()]
        self._fight_until(date)

    def _fight_until(self, date: dt.date) -> None:
        drifts = {actor_id: self.monthly_drift(actor_id) for actor_id in self.actors}
        for actor_id, agent in self.actors.items():
            start = max(self.now, self.anchors[actor_id])
            months = max((date - start).days, 0) / DAYS_PER_MONTH
            if months:
                agent.fight_on(months, drifts[actor_id])
        self.bound_conflicts()
        self.now = max(self.now, date)

    def full_demand_value(self, actor_id: str) -> np.ndarray:
        """(R,) what `actor_id` would get if its own side won its whole demand: its utility of
        the option its side's leader values most, on the issue where that is lowest (1 for an
        actor with no position). The ceiling of its value of fighting on; recomputed only when
        the utilities it comes from change."""
        agent = self.actors[actor_id]
        party = self.party_index.get(actor_id)
        leader = self.actors[self.parties[party][1].leader] if party is not None else agent
        sources = [
            (leader.utility(issue_id, state.positions), agent.utility(issue_id, state.positions))
            for issue_id, state in self.issues.items()
            if agent.cares_about(issue_id)
        ]
        cached = self._ceilings.get(actor_id)
        if cached is not None and all(
            a is b and c is d for (a, c), (b, d) in zip(cached[0], sources, strict=True)
        ):
            return cached[1]
        ceiling = np.ones(self.replicates)
        for leaders, own in sources:
            ceiling = np.minimum(ceiling, bg.pick(own, bg.argmax_option(leaders)))
        self._ceilings[actor_id] = (sources, ceiling)
        return ceiling

    def capacity_to_fight_on(self, actor_id: str) -> np.ndarray:
        """(R,) the actor's value of fighting on with what its allies add (arms), within the
        same ceiling as its own."""
        support = sum(other.support_to(actor_id) for other in self.actors.values())
        conflict = self.actors[actor_id].conflict
        if np.ndim(support) == 0 and support == 0:
            return conflict
        return np.minimum(conflict + support, self.full_demand_value(actor_id))

    def bound_conflicts(self, actor_ids: Iterable[str] | None = None) -> None:
        for actor_id in self.actors if actor_ids is None else actor_ids:
            self.actors[actor_id].bound_conflict(self.full_demand_value(actor_id))

    # --- level 1: blocs ------------------------------------------------------------
    def party_view(self, party_id: str, issue_id: str, rows: np.ndarray | None = None) -> PartyView:
        """The party's value, conflict value and acceptable options on one issue, from its
        members' utilities, the arbiter's weights, vetoes and restraint (for the replicates
        `rows` only, if given)."""
        party = self.scenario.parties[party_id]
        positions = self.issues[issue_id].positions
        members = [  # a member with no position on the issue takes no part in it
            self.actors[m]
            for m in party.members
            if m == party.leader or self.actors[m].cares_about(issue_id)
        ]
        names = [m.actor_id for m in members]
        utilities = np.stack([take_rows(m.utility(issue_id, positions), rows) for m in members])
        conflicts = np.stack(
            [take_rows(self.capacity_to_fight_on(m.actor_id), rows) for m in members]
        )
        aid = conflicts - np.stack([take_rows(m.conflict, rows) for m in members])
        weights = np.stack([take_rows(m.weight(), rows) for m in members])
        surplus = utilities - conflicts[:, :, None]
        leader = names.index(party.leader)
        restraint = members[leader].restraint()
        price = None if restraint is None else take_rows(restraint["price"], rows)
        removed = np.zeros(utilities.shape, dtype=bool)
        for index, member in enumerate(members):
            vetoes = take_rows(member.holds_veto(issue_id), rows)
            if not vetoes.any():
                continue
            removes = veto_removes(surplus[index], vetoes)
            if member.actor_id in party.restrains and price is not None:
                # the leader overrides the veto, valuing such terms net of the one package
                # that will buy the member's signature (paid at signing: sim.engine.signing)
                surplus[leader] -= price[:, None] * removes
            else:
                removed[index] = removes
        option_weights = weights[:, :, None]  # an arbiter may make them option by option
        for member in members:
            option_weights, overruled = member.arbitrate(names, surplus, option_weights)
            if overruled is not None:
                removed &= ~overruled
        view = form_view(
            names,
            surplus,
            conflicts,
            weights,
            option_weights,
            removed,
            0.0
            if party_id in self.human_parties
            else take_rows(members[leader].stated_premium(), rows),
            aid,
            tuple(m.armed_by() for m in members),
        )
        offer = self.offers.get((party_id, issue_id))
        if offer is not None:  # a player's offer stands: the side says it accepts it
            view.acceptable = view.acceptable | offer
            view.stated_acceptable = view.stated_acceptable | offer
        return view

    def party_drift(self, party_id: str) -> np.ndarray:
        """(R,) how the party's conflict value moves per month of war now (same weights as
        :meth:`party_view`)."""
        members = self.scenario.parties[party_id].members
        drifts = np.stack([self.monthly_drift(m) for m in members])
        weights = np.stack([self.actors[m].weight() for m in members])
        return bg.weighted_value(drifts, weights)

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
        weights = np.stack([m.weight() for m in members])
        return bg.tension(ideals, weights, demand)

    # --- one step ----------------------------------------------------------------------
    def step(self) -> None:
        """One step: fight on to this step's date, let the capitals review their moves,
        bargain on every unsettled issue, then sign where the terms are agreed.

        Finished replicates are masked. Once fewer than half the replicates are still
        bargaining over an issue, that issue is computed for those rows only and written
        back; the results are the same either way (a test checks it).
        """
        self.advance_to(self.dates[self.step_index])
        self.agents.do("review")
        open_rows = {i: rows_where(~s.settled, self.subset_below) for i, s in self.issues.items()}
        views = {
            issue_id: tuple(self.party_view(pid, issue_id, rows) for pid, _ in self.parties)
            for issue_id, rows in open_rows.items()
        }
        for issue_id, pair in views.items():
            rows = open_rows[issue_id]
            for (party_id, _), view in zip(self.parties, pair, strict=True):  # none where settled
                offered = scatter_rows(view.stated_acceptable, rows, self.replicates, axis=0)
                self.offered[party_id, issue_id] = offered
        in_session_now = self._resume_if_zone_opens(views, open_rows)
        resuming_now = self.in_session & ~in_session_now  # the zone reopened in recess
        leaders = tuple(self.actor_index[party.leader] for _, party in self.parties)
        for issue_id, full in self.issues.items():
            rows = open_rows[issue_id]
            in_session, resuming = take_rows(in_session_now, rows), take_rows(resuming_now, rows)
            state = full if rows is None else full.subset(rows)
            live = ~state.settled
            waiting = take_rows(self.waiting_for_others(issue_id), rows)
            on_table = in_session & ~waiting
            for _ in range(self.rounds_per_step):
                uniform = take_rows(self.round_noise.random(self.replicates), rows)
                bargain(
                    state,
                    views[issue_id],
                    tuple(self.policies),
                    take_rows(self.rationality, rows),
                    uniform,
                    self.step_index,
                    on_table,
                    issue_id,
                )
            state.zone_open = bg.any_option(zone_of_agreement(views[issue_id])) & live
            # the step the zone reopens in a recess is the end of the deadlock, not part of it
            closed = live & ~(state.zone_open & (on_table | (resuming & ~waiting)))
            explain = deadlock.explainer(
                views[issue_id], rows, leaders, in_session, self.actor_index, waiting
            )
            if rows is not None:  # the other rows settled the issue earlier
                full.zone_open[:] = False
                full.talking[:] = False
                full.update(rows, state)
                closed = scatter_rows(closed, rows, self.replicates)
                live = scatter_rows(live, rows, self.replicates)
            self.deadlocks[issue_id].add(closed, explain)
            self.blocked[issue_id] = self._sample_reasons(closed, explain)
            for pid, _ in self.parties:
                tension = self.bloc_tension(pid, issue_id)
                self.tension[issue_id][pid] = tension
                peak = self.peak_tension[issue_id][pid]
                self.peak_tension[issue_id][pid] = np.where(live, np.maximum(peak, tension), peak)
        self.signing.update(self)
        self.datacollector.collect(self)
        self.step_index += 1
        settled = all(state.settled.all() for state in self.issues.values())
        if (settled and not self.signing.waiting) or self.step_index >= len(self.dates):
            self.running = False

    def waiting_for_others(self, issue_id: str) -> np.ndarray:
        """(R,) whether the issue still waits for the issues it comes `after`."""
        waiting = np.zeros(self.replicates, dtype=bool)
        for other in self.scenario.issues[issue_id].after:
            waiting |= ~self.issues[other].settled
        return waiting

    def _sample_reasons(self, closed: np.ndarray, explain) -> np.ndarray:
        """(2, sample) why the zone was closed for the history sample (0 where it was not)."""
        codes = np.zeros((2, self.history_sample.size), dtype=np.int64)
        rows = np.flatnonzero(closed[self.history_sample])
        if rows.size:
            codes[:, rows] = explain(self.history_sample[rows])
        return codes

    def _resume_if_zone_opens(
        self,
        views: dict[str, tuple[PartyView, PartyView]],
        open_rows: dict[str, np.ndarray | None],
    ) -> np.ndarray:
        """A recess that waits for terms ends once the zone reopens on some open issue (each
        issue's views cover its `open_rows`), and the sessions resume at the next step: the new
        terms are first put forward and answered away from the table. Returns whether the
        talks are in session now, per replicate."""
        in_session = self.in_session.copy()
        if self.resume_when_open.any():
            opens = np.zeros(self.replicates, dtype=bool)
            for issue_id, pair in views.items():
                rows = open_rows[issue_id]
                state = self.issues[issue_id]
                open_issue = ~take_rows(state.settled | self.waiting_for_others(issue_id), rows)
                zone = bg.any_option(zone_of_agreement(pair)) & open_issue
                opens |= scatter_rows(zone, rows, self.replicates)
            resume = self.resume_when_open & opens
            self.in_session |= resume
            self.resume_when_open &= ~resume
        return in_session

    def run(self, on_step: Callable[[int, int], None] | None = None) -> AllianceModel:
        """Step until every issue is settled in every replicate or the horizon is reached;
        `on_step(steps done, steps in all)` after each step may raise to stop the run."""
        while self.running:
            self.step()
            if on_step is not None:
                on_step(self.step_index, len(self.dates))
        return self
