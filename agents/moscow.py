"""Moscow under Stalin."""

from __future__ import annotations

import numpy as np

from agents.base import CapitalAgent
from sim import bargaining


class Moscow(CapitalAgent):
    """Arms its allies but keeps Soviet forces away from the Americans, presses China to enter,
    settles its allies' quarrels, and in the talks gains from a long war.

    - Stalin let Kim attack only with Mao's consent and said the USSR would
      not fight in Korea itself (note 8); he wanted China drawn into conflict
      with the United States (note 12). In October 1950 he urged Beijing to
      move troops without delay (note 27) and had a hard time bringing it to
      a final decision (text after note 35), yet would rather see North Korea
      evacuated than face US forces (note 35) and offered only air defence of
      Chinese cities, and only after entry (note 36). In the model: lobbying
      on Beijing (the scenario's `lobbying`) and a cost of delay.
    - Arms as leverage (:meth:`review`, :meth:`support_to`, :meth:`weight`):
      aid stayed capped while an armistice was expected (fighters for the
      border only, the sixty-division programme put off, five advisers
      instead of 83: notes 48-56); once the prisoner deadlock set in, more
      arms tied Beijing to Stalin's advice (note 63) at a high price to
      Moscow (note 66). Arms flow while Moscow prefers fighting on to what the
      other side demands; they raise Beijing's capacity to fight on and
      Moscow's say in the bloc.
    - Arbitration (:meth:`arbitrate`): disagreements between Beijing and
      Pyongyang were settled by Stalin (abstract; notes 40, 58), who in 1951
      sided with Mao that an armistice had become advantageous. Where the two
      disagree on whether an option beats fighting on, the one Moscow agrees
      with carries the other's weight: arbitration, not averaging.
    - Advice in steps (:meth:`advised_options`): in the talks he advised
      rather than dictated (text before note 57); on the prisoners he
      advised three steps, the last being custody in a neutral country
      (note 67). The bloc concedes no further than the step he has advised.
      His firmness on the prisoners was his gain from a long war
      (notes 62, 64, 65), which is his war payoff, not a veto on the custody
      he proposed.
    """

    classifier = {
        "capital": "moscow",
        "role": "presses, arms, arbitrates and advises; gains from a long war in the talks",
        "mechanisms": ("arms_supply", "arbitration", "prisoner_steps"),
        "notes": (8, 12, 27, 35, 36, 40, 48, 52, 53, 55, 56, 58, 62, 63, 64, 65, 66, 67),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.supplying = np.zeros(self.replicates, dtype=bool)
        self._advice: dict[tuple, np.ndarray] = {}

    def review(self) -> None:
        """Supply arms where Moscow prefers fighting on to the other side's demand on any open
        issue (notes 52-53, 63, 66)."""
        if "arms_supply" not in self.mechanisms:
            return
        if "arms" in self.directed:  # a player decides (sim.play)
            self.supplying = np.full(self.replicates, self.directed["arms"])
            return
        wants_war = np.zeros(self.replicates, dtype=bool)
        for issue_id, state in self.model.issues.items():
            if not self.cares_about(issue_id):
                continue
            other = 1 - self.model.party_index[self.actor_id]
            offered = bargaining.pick(self.utility(issue_id, state.positions), state.demand[other])
            wants_war |= ~state.settled & (self.conflict > offered)
        self.supplying = wants_war

    def member_moves(self) -> dict[str, str]:
        """Arms for Beijing (notes 52-56, 63, 66) and, on the prisoners, the advice of the last
        step (note 67), each step; the arbitration between Beijing and Pyongyang stays his rule."""
        moves = {}
        if "arms_supply" in self.mechanisms:
            recipient = self.mechanisms["arms_supply"].recipient
            moves["arms"] = f"Supply arms to {self.model.actors[recipient].name}"
        steps = self.mechanisms.get("prisoner_steps")
        if steps is not None and steps.issue in self.model.issues:
            furthest = self.model.scenario.issues[steps.issue].label_of(steps.furthest)
            moves["advise"] = f"Advise the last step on the prisoners: {furthest}"
        return moves

    def own_move(self, move: str) -> np.ndarray:
        """Arms flow where his rule supplies them (call after :meth:`review`); the last step is
        advised from the date of his advice (note 67)."""
        if move == "arms":
            return self.supplying.copy()
        if move == "advise":
            steps = self.mechanisms["prisoner_steps"]
            return np.full(self.replicates, self.model.now >= steps.advised)
        return super().own_move(move)

    def support_to(self, actor_id: str) -> np.ndarray | float:
        arms = self.mechanisms.get("arms_supply")
        if arms is None or arms.recipient != actor_id:
            return 0.0
        return np.where(self.supplying, self.params["arms_supply"]["capacity"], 0.0)

    def weight(self) -> np.ndarray:
        if "arms_supply" not in self.mechanisms:
            return self.influence
        return self.influence + np.where(self.supplying, self.params["arms_supply"]["leverage"], 0)

    def arbitrate(self, members: list[str], surplus: np.ndarray, weights: np.ndarray):
        arbitration = self.mechanisms.get("arbitration")
        if arbitration is None or not {*arbitration.between, self.actor_id} <= set(members):
            return weights
        first, second = (members.index(m) for m in arbitration.between)
        weights = np.broadcast_to(weights, surplus.shape).copy()
        weights[first], weights[second] = bargaining.arbitrated_weights(
            surplus[first],
            surplus[second],
            surplus[members.index(self.actor_id)],
            weights[first],
            weights[second],
        )
        return weights

    def advised_options(self, issue_id: str, positions: np.ndarray) -> np.ndarray | None:
        steps = self.mechanisms.get("prisoner_steps")
        if steps is None or steps.issue != issue_id:
            return None
        advised = self.directed.get("advise", self.model.now >= steps.advised)  # or the player's
        ideal = self.ideal[issue_id]
        key = (issue_id, advised, id(ideal))
        if key not in self._advice:  # changes only with the date of advice or an event
            options = self.model.scenario.issues[issue_id].options
            furthest = next(o.position for o in options if o.id == steps.furthest)
            limit = np.maximum(furthest, ideal) if advised else ideal
            nearest = np.abs(positions[None, :] - limit[:, None]).argmin(axis=1)
            self._advice = {key: np.arange(positions.size)[None, :] <= nearest[:, None]}
        return self._advice[key]
