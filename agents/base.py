"""The bargaining behaviour every capital shares, and the hooks a capital overrides.

An agent is one actor across all replicates: one model runs every replicate at
once, so each parameter is a numpy array over replicates. The model asks each
agent, through Mesa's AgentSet, what it values, how war changes it, and what it
does this step; a capital's own class overrides the hooks for the mechanisms the
article gives it (arms as leverage, arbitration, a stated stance, restraint at a
price, ...).
The parameters of those mechanisms are data (`behaviour:` in the actor's
profile; their classes, in `sim/scenario/mechanisms.py`, say what each means and
which agent class carries it), so a counterfactual file can switch each one off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from sim.maths import bargaining
from sim.mesa_import import mesa
from sim.scenario.mechanisms import Mechanism
from sim.scenario.numbers import Uncertain
from sim.scenario.structure import Change, ScenarioActor

if TYPE_CHECKING:
    from sim.maths.draws import ParameterDraws


class CapitalAgent(mesa.Agent):
    """An actor with issue positions, a conflict value that drifts with war, and a veto habit.

    Utility of an option is ``1 - salience * distance**loss_shape`` per issue;
    the conflict value D is what fighting on is worth on the same scale, and
    changes by the war payoff every month, by pressure from other actors and
    by dated events.
    """

    classifier: ClassVar[dict[str, object]] = {
        "capital": None,
        "role": "bargains for itself",
        "mechanisms": (),
        "notes": (),
    }

    def __init__(
        self,
        model: mesa.Model,
        actor_id: str,
        actor: ScenarioActor,
        draw: ParameterDraws,
        lobbying: dict[str, Uncertain] | None = None,
    ):
        super().__init__(model)
        profile = actor.profile
        assert profile is not None, "the loader gives every actor a profile"
        self.actor_id, self.name = actor_id, actor.name or actor_id
        self.replicates = model.replicates
        self.conflict = draw(f"{actor_id}.conflict_value", profile.conflict_value)
        self.war_payoff = draw(f"{actor_id}.war_payoff", profile.war_payoff)
        self.influence = draw(f"{actor_id}.influence", profile.influence)
        self.veto = np.full(self.replicates, profile.veto.value)
        self.veto_min_salience = profile.veto.min_salience
        self.ideal, self.salience, self.loss_shape, self.veto_override = {}, {}, {}, {}
        self._utilities: dict[str, np.ndarray] = {}
        for issue_id, position in actor.positions.items():
            self.ideal[issue_id] = draw(f"{actor_id}.{issue_id}.ideal", position.ideal)
            self.salience[issue_id] = draw(f"{actor_id}.{issue_id}.salience", position.salience)
            self.loss_shape[issue_id] = position.loss_shape
            self.veto_override[issue_id] = position.veto
        self.lobbying = {
            target: draw(f"lobbying.{actor_id}.{target}", pressure)
            for target, pressure in (lobbying or {}).items()
        }
        self.mechanisms: dict[str, Mechanism] = profile.behaviour.active()
        unknown = set(self.mechanisms) - set(self.classifier["mechanisms"])
        assert not unknown, f"{type(self).__name__} does not carry {sorted(unknown)}"
        self.params = {
            name: {
                field: draw(f"{actor_id}.behaviour.{name}.{field}", value)
                for field, value in mechanism
                if isinstance(value, Uncertain)
            }
            for name, mechanism in self.mechanisms.items()
        }
        self.player_moves: dict[str, bool] = {}
        """Moves a player makes for this actor (a bloc member played in `sim.play.session`), by move id
        (see :meth:`member_moves`); a move the player leaves follows the actor's own rule."""

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
                cached = np.ones((self.replicates, positions.size))
            self._utilities[issue_id] = cached
        return cached

    def holds_veto(self, issue_id: str) -> np.ndarray:
        """(R,) whether the actor blocks bloc stances it values below fighting on."""
        override = self.veto_override.get(issue_id)
        if override is not None:
            return np.full(self.replicates, override)
        if not self.cares_about(issue_id):
            return np.zeros(self.replicates, dtype=bool)
        return self.veto & (self.salience[issue_id] >= self.veto_min_salience)

    # --- hooks a capital overrides (the defaults: no such mechanism) -------------
    def pressure_on(self, target: str) -> np.ndarray | float:
        """Monthly fall this actor causes in `target`'s conflict value (lobbying, scaled by
        the lobbyist's influence)."""
        pressure = self.lobbying.get(target)
        return 0.0 if pressure is None else pressure * self.influence

    def upkeep(self) -> np.ndarray | float:
        """Monthly fall in the actor's own conflict value from its moves now (arms it pays
        for); default: none."""
        return 0.0

    def support_to(self, actor_id: str) -> np.ndarray | float:
        """What this actor adds to `actor_id`'s capacity to fight on now (arms)."""
        return 0.0

    def arms_for(self, actor_id: str) -> bool:
        """Whether this actor is the one that can arm `actor_id` (:meth:`support_to`)."""
        return False

    def armed_by(self) -> str | None:
        """The ally that can arm this actor (:meth:`arms_for`), if any."""
        return next((a for a, o in self.model.actors.items() if o.arms_for(self.actor_id)), None)

    def weight(self) -> np.ndarray:
        """(R,) the actor's voice in its bloc now."""
        return self.influence

    def stated_premium(self) -> np.ndarray | float:
        """How much firmer than its true conflict value the actor states its stance."""
        return 0.0

    def arbitrate(
        self, members: list[str], surplus: np.ndarray, weights: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """How this actor settles disagreements among `members`: the (m, R, n) weights after
        it, and the (m, R, n) options on which it overrules a member (its veto does not
        stand; None: on none)."""
        return weights, None

    def restraint(self) -> dict[str, np.ndarray] | None:
        """How this leader holds back the members it restrains (None: it cannot): `price`,
        (R,) the one package that buys a member's signature to terms it would veto, and
        `pressure`, (R,) the fall in the leader's value of fighting on when such a member
        acts alone (:mod:`sim.engine.signing`)."""
        return None

    def review(self) -> None:
        """Decide this step's moves outside the talks (supply, bluff); default: none."""

    def member_moves(self) -> dict[str, str]:
        """Moves a player may make for this actor as a member of a bloc it does not lead, by id:
        each is a yes-or-no choice made every step (default: none)."""
        return {}

    def own_move(self, move: str) -> np.ndarray:
        """(R,) what the actor's own rule does about one of its `member_moves` now (where a
        played game starts); default: yes."""
        return np.ones(self.replicates, dtype=bool)

    # --- how war and events change it ------------------------------------------
    def fight_on(self, months: float | np.ndarray, drift: np.ndarray) -> None:
        """Fight on for `months`: the conflict value moves by the monthly `drift`
        (war payoff less pressure, computed by the model from every actor's hooks)."""
        self.conflict = self.conflict + drift * months
        self.elapse(months)

    def weigh(self, issue_id: str, salience: np.ndarray) -> None:
        """Set how much the issue weighs with the actor (an event, or an ally's persuasion)."""
        self.salience[issue_id] = salience
        self._utilities.pop(issue_id, None)

    def bound_conflict(self, ceiling: np.ndarray) -> None:
        """Keep the value of fighting on between nothing (0) and `ceiling`, the actor's value of
        its own side winning its whole demand: no one fights on for more than total success
        would give it (issue 19; notes 53, 58: even Stalin expected an armistice in 1951)."""
        self.conflict = np.clip(self.conflict, 0.0, ceiling)

    def elapse(self, months: float | np.ndarray) -> None:
        """Time passing for the actor's own mechanisms; default: nothing."""

    def apply(self, change: Change, value: np.ndarray, mask: np.ndarray) -> None:
        """Apply one event change in the replicates of `mask`, `value` drawn per replicate."""
        if change.field == "veto":
            self.veto = np.where(mask, bool(change.set), self.veto)
            return
        store = {"ideal": self.ideal, "salience": self.salience}.get(change.field)
        if store is not None:
            current = store[change.issue]
            self._utilities.pop(change.issue, None)
            new = np.clip(current + value if change.shift is not None else value, 0.0, 1.0)
            store[change.issue] = np.where(mask, new, current)
            return
        if change.field == "behaviour":
            params = self.params.get(change.mechanism)
            if params is None:  # switched off: the change has nothing to act on
                return
            current = params[change.parameter]
            new = current + value if change.shift is not None else value
            params[change.parameter] = np.where(mask, new, current)
            return
        name = {"conflict_value": "conflict", "war_payoff": "war_payoff", "influence": "influence"}
        attribute = name[change.field]
        current = getattr(self, attribute)
        new = current + value if change.shift is not None else value
        setattr(self, attribute, np.where(mask, new, current))


class GenericAgent(CapitalAgent):
    """An actor defined only by data (for example `seoul`): the shared behaviour, nothing more."""
