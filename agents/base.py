"""The bargaining behaviour every capital shares.

An agent is one actor across all replicates: each parameter is a numpy
array over replicates (DESIGN section 5). Its decisions are made by the
pure functions in :mod:`sim.bargaining`; the agent supplies its utilities,
its conflict value and its vetoes, and updates them as war goes on and
events happen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import mesa
import numpy as np

from sim import bargaining
from sim.schema import Change, ScenarioActor

if TYPE_CHECKING:
    from sim.draws import ParameterDraws


class CapitalAgent(mesa.Agent):
    """An actor with issue positions, a conflict value that drifts with war, and a veto habit.

    Utility of an option is ``1 - salience * distance**loss_shape`` per issue;
    the conflict value D is what fighting on is worth on the same scale, and
    changes by the war payoff every month and by dated events.
    """

    classifier: ClassVar[dict[str, object]] = {
        "capital": None,
        "war_payoff": "cost",
        "role": "bargains for itself",
        "notes": (),
    }

    def __init__(
        self, model: mesa.Model, actor_id: str, actor: ScenarioActor, draw: ParameterDraws
    ):
        super().__init__(model)
        profile = actor.profile
        assert profile is not None, "the loader gives every actor a profile"
        self.actor_id, self.name = actor_id, actor.name or actor_id
        self.conflict = draw(f"{actor_id}.conflict_value", profile.conflict_value)
        self.war_payoff = draw(f"{actor_id}.war_payoff", profile.war_payoff)
        self.influence = draw(f"{actor_id}.influence", profile.influence)
        self.veto = np.full(model.replicates, profile.veto.value)
        self.veto_min_salience = profile.veto.min_salience
        self.ideal, self.salience, self.loss_shape, self.veto_override = {}, {}, {}, {}
        self._utilities: dict[str, np.ndarray] = {}
        for issue_id, position in actor.positions.items():
            self.ideal[issue_id] = draw(f"{actor_id}.{issue_id}.ideal", position.ideal)
            self.salience[issue_id] = draw(f"{actor_id}.{issue_id}.salience", position.salience)
            self.loss_shape[issue_id] = position.loss_shape
            self.veto_override[issue_id] = position.veto

    # --- what the actor values -------------------------------------------------
    def cares_about(self, issue_id: str) -> bool:
        return issue_id in self.ideal

    def utility(self, issue_id: str, positions: np.ndarray) -> np.ndarray:
        """(R, n) utility of each option; an actor with no position is indifferent (1).

        Cached until an event changes the actor's ideal or salience: utilities are
        the engine's largest arrays and rarely change.
        """
        cached = self._utilities.get(issue_id)
        if cached is None:
            if self.cares_about(issue_id):
                cached = bargaining.utilities(
                    positions,
                    self.ideal[issue_id],
                    self.salience[issue_id],
                    self.loss_shape[issue_id],
                )
            else:
                cached = np.ones((self.model.replicates, positions.size))
            self._utilities[issue_id] = cached
        return cached

    def holds_veto(self, issue_id: str) -> np.ndarray:
        """(R,) whether the actor blocks bloc stances it values below fighting on."""
        override = self.veto_override.get(issue_id)
        if override is not None:
            return np.full(self.model.replicates, override)
        if not self.cares_about(issue_id):
            return np.zeros(self.model.replicates, dtype=bool)
        return self.veto & (self.salience[issue_id] >= self.veto_min_salience)

    # --- how war and events change it ------------------------------------------
    def fight_on(self, months: float, pressure: np.ndarray | float = 0.0) -> None:
        """Collect the war payoff (and any lobbying pressure) for `months` of war."""
        self.conflict = self.conflict + (self.war_payoff - pressure) * months

    def apply(self, change: Change, value: np.ndarray) -> None:
        """Apply one event change, with `value` already drawn per replicate."""
        if change.field == "veto":
            self.veto = np.full(self.model.replicates, bool(change.set))
            return
        store = {"ideal": self.ideal, "salience": self.salience}.get(change.field)
        if store is not None:
            current = store[change.issue]
            self._utilities.pop(change.issue, None)
            store[change.issue] = np.clip(
                current + value if change.shift is not None else value, 0.0, 1.0
            )
            return
        name = {"conflict_value": "conflict", "war_payoff": "war_payoff", "influence": "influence"}
        attribute = name[change.field]
        current = getattr(self, attribute)
        setattr(self, attribute, current + value if change.shift is not None else value)


class GenericAgent(CapitalAgent):
    """An actor defined only by data (for example `seoul`): the shared behaviour, nothing more."""
