"""Signing the agreement once its terms are agreed: a restrained member's move and the
package that buys its signature (note 68).

At the table a leader that restrains a member overrides the member's veto (Washington and
Seoul, notes 68-69), counting the package it will pay in its value of such terms
(:meth:`sim.engine.model.AllianceModel.party_view`). A member left with terms it would have vetoed then acts alone (Rhee
freed the anti-communist prisoners on 18 June 1953, two weeks after the terms of 4 June),
which puts the leader under pressure at home and abroad, and withholds its signature until
the leader buys it with one package (a security pact, twenty divisions, $200 million: note
68). The leader pays once, at the first step after the terms at which its value of the
terms less the package is at least its value of fighting on; the agreement is signed then.
Where no member objects, the agreement is signed when its terms are agreed.

The engine never reads the historical date: the signing comes from the leader's values,
the package and the pressure (the restraint mechanism's parameters, switchable).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import numpy as np

from agents import CapitalAgent
from sim.maths import bargaining as bg
from sim.maths.bloc import veto_removes
from sim.maths.protocol import IssueState
from sim.scenario.structure import Party, Scenario


class AllianceModel(Protocol):
    """What the signing reads of the engine's model (`sim.engine.model.AllianceModel`)."""

    scenario: Scenario
    replicates: int
    step_index: int
    parties: list[tuple[str, Party]]
    actors: dict[str, CapitalAgent]
    issues: dict[str, IssueState]

    def capacity_to_fight_on(self, actor_id: str) -> np.ndarray: ...

    def bound_conflicts(self, actor_ids: Iterable[str] | None = None) -> None: ...


class Signing:
    """Per replicate: the step the terms were agreed, the member that acted alone against
    them ("" if none) and the step the agreement was signed (-1: not yet)."""

    def __init__(self, model: AllianceModel):
        replicates = model.replicates
        self.applies = model.scenario.agreement is not None
        self.terms_step = np.full(replicates, -1, dtype=np.int64)
        self.signed_step = np.full(replicates, -1, dtype=np.int64)
        self.acted_alone = np.full(replicates, "", dtype=object)

    @property
    def waiting(self) -> bool:
        """Whether some replicate has agreed terms but no signature yet."""
        return self.applies and bool(((self.terms_step >= 0) & (self.signed_step < 0)).any())

    def update(self, model: AllianceModel) -> None:
        """After this step's bargaining: date the terms agreed now, let restrained members
        that object act alone, and sign where the leader has bought every signature."""
        step = model.step_index
        agreed = np.logical_and.reduce([state.settled for state in model.issues.values()])
        new = agreed & (self.terms_step < 0)
        waiting = agreed & (self.terms_step >= 0) & (self.signed_step < 0)
        self.terms_step[new] = step
        if not self.applies or not (new.any() or waiting.any()):
            return
        bought = np.ones(model.replicates, dtype=bool)
        for _, party in model.parties:
            leader = model.actors[party.leader]
            restraint = leader.restraint()
            if restraint is None:
                continue
            for member_id in party.restrains:
                objects = new & self._objects(model, member_id)
                if objects.any():
                    self.acted_alone[objects] = member_id
                    leader.conflict = leader.conflict - np.where(objects, restraint["pressure"], 0)
                    model.bound_conflicts([party.leader])
            defied = np.isin(self.acted_alone, party.restrains)
            pays = (
                waiting & defied & (self._leader_surplus(model, party.leader) >= restraint["price"])
            )
            bought &= ~defied | pays
        signs = (new & (self.acted_alone == "")) | (waiting & bought)
        self.signed_step[signs] = step

    @staticmethod
    def _objects(model: AllianceModel, member_id: str) -> np.ndarray:
        """(R,) whether the member would have vetoed an agreed outcome of a question it holds
        a veto on."""
        member = model.actors[member_id]
        conflict = model.capacity_to_fight_on(member_id)
        objects = np.zeros(model.replicates, dtype=bool)
        for issue_id, state in model.issues.items():
            if not member.cares_about(issue_id):
                continue
            surplus = member.utility(issue_id, state.positions) - conflict[:, None]
            removed = veto_removes(surplus, member.holds_veto(issue_id))
            objects |= bg.pick(removed, np.maximum(state.outcome, 0)) & state.settled
        return objects

    @staticmethod
    def _leader_surplus(model: AllianceModel, leader_id: str) -> np.ndarray:
        """(R,) the leader's value of the agreed terms over fighting on: its lowest on any
        question it holds a position on."""
        leader = model.actors[leader_id]
        conflict = model.capacity_to_fight_on(leader_id)
        surplus = np.full(model.replicates, np.inf)
        for issue_id, state in model.issues.items():
            if leader.cares_about(issue_id):
                value = bg.pick(
                    leader.utility(issue_id, state.positions), np.maximum(state.outcome, 0)
                )
                surplus = np.minimum(surplus, value - conflict)
        return surplus

    def signed_dates(self, dates: np.ndarray) -> np.ndarray:
        """(R,) the day each replicate's agreement was signed (NaT: never, or no agreement)."""
        signed = self.signed_step >= 0
        return np.where(signed, dates[np.maximum(self.signed_step, 0)], np.datetime64("NaT"))
