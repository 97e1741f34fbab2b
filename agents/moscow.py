"""Moscow under Stalin."""

from __future__ import annotations

import numpy as np

from agents.base import CapitalAgent
from sim.maths import bargaining
from sim.scenario.mechanisms import Behaviour


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
    - Arms as leverage (:meth:`review`, :meth:`support_to`, :meth:`weight`,
      :meth:`upkeep`): aid stayed capped while an armistice was expected
      (fighters for the border only, the sixty-division programme put off,
      five advisers instead of 83: notes 48-56); once the prisoner deadlock
      set in, more arms tied Beijing to Stalin's advice (note 63) at a high
      price to Moscow (note 66). Arms flow while the other side accepts
      nothing Moscow prefers to fighting on, on some issue on the table; they
      raise Beijing's capacity to fight on and Moscow's say in the bloc, never
      above Beijing's own (China's lead: text before note 57, Concluding
      Remarks), and cost Moscow every month they flow.
    - Arbitration (:meth:`arbitrate`): disagreements between Beijing and
      Pyongyang were settled by Stalin (abstract; notes 40, 58), who in 1951
      sided with Mao that an armistice had become advantageous. Where the two
      disagree on whether an option beats fighting on, the leader carries the
      member's weight, and the member's veto does not stand, when Moscow agrees
      with the leader; the article never shows him backing Kim against Mao, so
      otherwise both keep their weights.
    - Advice in steps (:meth:`pressure_on`): in the talks he advised rather
      than dictated (text before note 57); on the prisoners he advised three
      steps, the last being custody in a neutral country (note 67), which fed
      into China's new proposal. From the date of his advice Beijing's value
      of fighting on falls at a pace drawn per replicate, so Beijing comes to
      propose the step the UN side can accept, faster or slower; nothing caps
      what the bloc may offer. His firmness on the prisoners was his gain from a
      long war (notes 62, 64, 65), which is his war payoff.
    """

    classifier = {
        "capital": "moscow",
        "role": "presses, arms, arbitrates and advises; gains from a long war in the talks",
        "mechanisms": Behaviour.carried_by("moscow"),
        "notes": (8, 12, 27, 35, 36, 40, 48, 52, 53, 55, 56, 58, 62, 63, 64, 65, 66, 67),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.supplying = np.zeros(self.replicates, dtype=bool)

    def review(self) -> None:
        """Supply arms where, on some issue on the table that the arms are `over`, the other
        side accepted nothing at the last step that Moscow prefers to fighting on: no armistice
        to expect (notes 52-53, 63, 66)."""
        if "arms_supply" not in self.mechanisms:
            return
        if "arms" in self.player_moves:  # a player decides (sim.play.session)
            self.supplying = np.full(self.replicates, self.player_moves["arms"])
            return
        model = self.model
        other = self._sides()[1]
        over = self.mechanisms["arms_supply"].over
        no_deal = np.zeros(self.replicates, dtype=bool)
        for issue_id, state in model.issues.items():
            if not self.cares_about(issue_id) or (over is not None and issue_id not in over):
                continue
            on_table = ~state.settled & ~model.waiting_for_others(issue_id)
            if not on_table.any():
                continue
            offered = model.offered.get((other, issue_id))  # at the last step
            if offered is None:
                offered = model.party_view(other, issue_id).stated_acceptable
            worth = self.utility(issue_id, state.positions) >= self.conflict[:, None]
            no_deal |= on_table & ~bargaining.any_option(offered & worth)
        self.supplying = no_deal

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
            return np.full(
                self.replicates, self.model.now >= self.mechanisms["prisoner_steps"].advised
            )
        return super().own_move(move)

    def arms_for(self, actor_id: str) -> bool:
        arms = self.mechanisms.get("arms_supply")
        return arms is not None and arms.recipient == actor_id

    def support_to(self, actor_id: str) -> np.ndarray | float:
        if not self.arms_for(actor_id):
            return 0.0
        return np.where(self.supplying, self.params["arms_supply"]["capacity"], 0.0)

    def upkeep(self) -> np.ndarray | float:
        """What the arms cost Moscow each month they flow (note 66)."""
        if "arms_supply" not in self.mechanisms:
            return 0.0
        return np.where(self.supplying, self.params["arms_supply"]["cost"], 0.0)

    def weight(self) -> np.ndarray:
        """Influence, plus the arms' leverage while they flow, never above the recipient's own
        weight: China led the talks (text before note 57, Concluding Remarks)."""
        if "arms_supply" not in self.mechanisms:
            return self.influence
        armed = self.influence + np.where(self.supplying, self.params["arms_supply"]["leverage"], 0)
        recipient = self.model.actors[self.mechanisms["arms_supply"].recipient].influence
        return np.minimum(armed, np.maximum(recipient, self.influence))

    def arbitrate(self, members: list[str], surplus: np.ndarray, weights: np.ndarray):
        """Where Mao and Kim disagree and Stalin agrees with Mao, Mao carries Kim's weight and
        Kim's veto does not stand (note 58: Stalin brought Kim to accept the armistice)."""
        arbitration = self.mechanisms.get("arbitration")
        if arbitration is None or not {*arbitration.between, self.actor_id} <= set(members):
            return weights, None
        first, second = (members.index(m) for m in arbitration.between)
        with_leader = bargaining.sides_with_leader(
            surplus[first], surplus[second], surplus[members.index(self.actor_id)]
        )
        weights = np.broadcast_to(weights, surplus.shape).copy()
        weights[first], weights[second] = bargaining.arbitrated_weights(
            with_leader, weights[first], weights[second]
        )
        overruled = np.zeros(surplus.shape, dtype=bool)
        overruled[second] = with_leader
        return weights, overruled

    def advice_given(self) -> np.ndarray | bool:
        """Whether the prisoner advice has been given: from its date, or as a player chose."""
        steps = self.mechanisms["prisoner_steps"]
        return self.player_moves.get("advise", self.model.now >= steps.advised)

    def pressure_on(self, target: str) -> np.ndarray | float:
        """Lobbying, and after the prisoner advice a monthly push on the side's leader toward
        settling on the advised step (note 67): its value of fighting on falls."""
        pressure = super().pressure_on(target)
        steps = self.mechanisms.get("prisoner_steps")
        if steps is None or steps.issue not in self.model.issues or target == self.actor_id:
            return pressure
        if self.model.scenario.parties[self._sides()[0]].leader != target:
            return pressure
        return pressure + np.where(self.advice_given(), self.params["prisoner_steps"]["pull"], 0.0)

    def _sides(self) -> tuple[str, str]:
        """Moscow's own party id and the other side's."""
        ids = [pid for pid, _ in self.model.parties]
        own = self.model.party_index[self.actor_id]
        return ids[own], ids[1 - own]
