"""Beijing under Mao."""

from __future__ import annotations

import numpy as np

from agents.base import CapitalAgent
from sim.maths import bargaining
from sim.maths.rows import take_rows
from sim.scenario.calendar import DAYS_PER_MONTH
from sim.scenario.mechanisms import Behaviour


class Beijing(CapitalAgent):
    """Bargains for Soviet air cover with its entry as the lever, then leads the talks.

    - October 1950: the Politburo voted on 2 October to send troops and set
      15 October for the move (note 28), but Mao's cable to Stalin said the
      opposite (note 29): a pretext to win time for a consensus and leverage
      over Stalin (notes 30-32). Zhou bargained in Moscow for air cover
      without revealing the decision (notes 33, 35); Beijing entered on
      19 October without a promise of cover at the front (text after note 36).
      Air cover mattered more to Mao than Stalin's pressure (text after
      note 37), and the threat of US forces on the Yalu drove entry (note 37).
      In the model: a stated stance (:meth:`stated_premium`) firmer than the
      true one; Moscow sees the stated one, and Beijing bargains by it. The
      premium wears off only while Moscow's terms stand firm (:meth:`review`),
      from Zhou's talks with Stalin on (the scenario's event sets its pace).
    - The threat drove entry (abstract, notes 34, 37): the crossings of the
      parallel and the advance toward the Yalu, the scenario's events, carry
      Beijing's value of staying out down; the US crossing starts the threat
      to the border (its monthly war payoff).
    - It held Pyongyang's army under the combined command (note 38) and in
      the talks passed on Kim's views only as it chose (text before note 57):
      it leads the communist bloc, whose other members speak through it.
    - After the failed fifth campaign Beijing sought a speedy armistice that
      restored the prewar line (note 57), dropped troop withdrawal (note 59)
      and accepted the line of contact rather than break the talks (note 60).
      Mao brought Stalin round on both (Concluding Remarks): in the model
      (:meth:`review`) Moscow comes round, month by month, to accepting on
      those two questions what Beijing accepts.
    - The prisoner issue ended hopes of a quick peace and tied Beijing
      closer to Moscow's advice and arms (note 63, text after it).
    """

    classifier = {
        "capital": "beijing",
        "role": "trades entry for air cover; leads the communist bloc in the talks",
        "mechanisms": Behaviour.carried_by("beijing"),
        "notes": (28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 57, 59, 60, 63),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stance = self.params.get("stated_stance")
        self.premium = stance["premium"].copy() if stance else np.zeros(self.replicates)
        self.terms_firm = np.ones(self.replicates, dtype=bool)
        self._terms_seen: dict[str, np.ndarray] = {}
        self._reviewed = None  # the date of the last review (persuasion counts from it)

    def stated_premium(self) -> np.ndarray:
        """The cable's premium: what Beijing claims staying out is worth above its true value."""
        return self.premium

    def review(self) -> None:
        """Once a step: bring the ally round for the time since the last step, and note whether
        the other side's terms stood firm (see :meth:`_watch_terms`)."""
        since = self._reviewed or self.model.anchors[self.actor_id]
        months = max((self.model.now - since).days, 0) / DAYS_PER_MONTH
        self._reviewed = self.model.now
        if months > 0:
            self._persuade(months)
        self._watch_terms()

    def _watch_terms(self) -> None:
        """Whether the other side's terms stood firm since the last step: its demand did not
        move toward Beijing on any issue (the pretext is held while better terms may come,
        text after note 36)."""
        side = self.model.party_index.get(self.actor_id)
        if "stated_stance" not in self.mechanisms or side is None:
            return
        firm = np.ones(self.replicates, dtype=bool)
        for issue_id, state in self.model.issues.items():
            if not self.cares_about(issue_id):
                continue
            demand = state.positions[state.demand[1 - side]]
            seen = self._terms_seen.get(issue_id, demand)
            firm &= np.abs(demand - self.ideal[issue_id]) >= np.abs(seen - self.ideal[issue_id])
            self._terms_seen[issue_id] = demand
        self.terms_firm = firm

    def _persuade(self, months: float) -> None:
        """China's lead (Concluding Remarks, note 59): on the questions where Mao talked Stalin
        out of his demands, the ally comes round to accepting what Beijing accepts, as readily
        as Beijing does. Its weight on the question falls toward the weight at which it would
        value the option furthest from its ideal that Beijing prefers to fighting on by as much
        over fighting on as Beijing does; once a step, for the months since the last.
        Persuasion only softens: an ally already readier than Beijing stays as it is, and a
        question Beijing accepts nothing on moves nothing."""
        persuasion = self.mechanisms.get("persuasion")
        if persuasion is None or persuasion.ally not in self.model.actors:
            return
        ally = self.model.actors[persuasion.ally]
        for issue_id in persuasion.over:
            state = self.model.issues.get(issue_id)
            if state is None or not (self.cares_about(issue_id) and ally.cares_about(issue_id)):
                continue
            rows = np.flatnonzero(~state.settled)  # a settled question needs no persuading
            rate = take_rows(self.params["persuasion"]["rate"], rows)
            surplus = self.utility(issue_id, state.positions)[rows] - self.conflict[rows, None]
            distance = np.abs(state.positions[None, :] - ally.ideal[issue_id][rows, None])
            backed = bargaining.argmax_option(np.where(surplus >= 0, distance, -1.0))
            picked = bargaining.pick(surplus, backed)
            convinced = bargaining.salience_to_accept(
                bargaining.pick(distance, backed),
                ally.conflict[rows] + picked,
                ally.loss_shape[issue_id],
            )
            current = ally.salience[issue_id]
            fall = np.where(picked >= 0, np.maximum(current[rows] - convinced, 0.0), 0.0)
            if fall.any():
                persuaded = current.copy()
                persuaded[rows] -= fall * (1.0 - (1.0 - rate) ** months)
                ally.weigh(issue_id, persuaded)

    def elapse(self, months: float | np.ndarray) -> None:
        """The premium wears off while the other side's terms stand firm: the cable's pretext
        was dropped once Stalin held to his offer (notes 35, 36 and the text after it), and
        Beijing had set its own date for the move (notes 28, 33)."""
        stance = self.params.get("stated_stance")
        if stance is not None:
            fall = np.where(self.terms_firm, stance["erosion"] * months, 0.0)
            self.premium = np.maximum(self.premium - fall, 0.0)
