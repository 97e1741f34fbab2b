"""Pyongyang under Kim Il Sung."""

from __future__ import annotations

import numpy as np

from agents.base import CapitalAgent
from sim.scenario.mechanisms import Behaviour


class Pyongyang(CapitalAgent):
    """Presses its patrons for help, resists Beijing's armistice line, and by 1951 cannot carry
    the war itself.

    - Kim held the 38th parallel meaningless once US troops had left and
      wanted the South taken by force (notes 3, 4).
    - With the front collapsing he asked Moscow directly for Soviet forces or
      volunteers (note 24), then sent Park to Beijing with a plea (note 26):
      in `air_cover` it lobbies Beijing rather than bargains.
    - He resented Peng's halt in January 1951 (note 40) and was unwilling to
      accept China's aim of an armistice on the prewar line until Stalin
      stepped in (note 58); in the talks he spoke only through Mao (text
      before note 57). In the model: a veto on the demarcation line (his
      signature was needed), which Stalin's arbitration overrules where he
      sides with Mao.
    - By mid-1951 North Korea could not carry on the war (note 60; note 61),
      one of the three reasons Beijing settled for the line of contact. In
      the model (:meth:`pressure_on`): its exhaustion is a monthly burden on
      its patron's capacity to fight on; with it and the bombing (note 64)
      Kim wants the war over more than the prisoner terms.
    """

    classifier = {
        "capital": "pyongyang",
        "role": "lobbies its patrons; speaks only through Beijing; exhausted by 1951",
        "mechanisms": Behaviour.carried_by("pyongyang"),
        "notes": (3, 4, 24, 26, 40, 58, 60, 61),
    }

    def member_moves(self) -> dict[str, str]:
        """Plead with the patron (Park's plea carried to Beijing, notes 24, 26; the North's
        own call for a cease-fire once it could not go on, notes 60, 61): while Kim keeps
        silent, neither his lobbying nor his exhaustion weighs on Beijing. Inside a bloc, also
        whether Kim presses his own terms or defers to its leader (see :meth:`weight`)."""
        pleas = set(self.lobbying)
        exhaustion = self.mechanisms.get("exhaustion")
        if exhaustion is not None:
            pleas.add(exhaustion.patron)
        if not pleas:
            return {}
        patrons = " and ".join(sorted(self.model.actors[t].name for t in pleas))
        verb = "for help" if exhaustion is None else "that the North cannot go on"
        moves = {"plead": f"Plead with {patrons} {verb}"}
        if self.model.party_index.get(self.actor_id) is not None:
            leader = self.model.parties[self.model.party_index[self.actor_id]][1].leader
            name = self.model.actors[leader].name
            moves["voice"] = f"Press the North's own terms on {name} (no: defer to {name})"
        return moves

    def weight(self) -> np.ndarray:
        """Kim's voice in the bloc: he resisted China's armistice aim until Stalin stepped in
        (notes 40, 58) and spoke only through Mao (text before note 57). A player who defers to
        the leader gives that voice up (weight 0), as Kim did once he accepted the armistice."""
        if not self.player_moves.get("voice", True):
            return np.zeros(self.replicates)
        return super().weight()

    def pressure_on(self, target: str) -> np.ndarray | float:
        if not self.player_moves.get("plead", True):  # a player keeps Kim silent (sim.play.session)
            return 0.0
        pressure = super().pressure_on(target)
        exhaustion = self.mechanisms.get("exhaustion")
        if exhaustion is not None and exhaustion.patron == target:
            pressure = pressure + self.params["exhaustion"]["burden"]
        return pressure
