"""Pyongyang under Kim Il Sung."""

from __future__ import annotations

import numpy as np

from agents.base import CapitalAgent


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
      before note 57).
    - By mid-1951 North Korea could not carry on the war (note 60; note 61),
      one of the reasons Beijing settled for the line of contact. In the
      model (:meth:`pressure_on`): its exhaustion is a monthly burden on its
      patron's capacity to fight on.
    """

    classifier = {
        "capital": "pyongyang",
        "role": "lobbies its patrons; speaks only through Beijing; exhausted by 1951",
        "mechanisms": ("exhaustion",),
        "notes": (3, 4, 24, 26, 40, 58, 60, 61),
    }

    def member_moves(self) -> dict[str, str]:
        """Plead with the patron (Park's plea carried to Beijing, notes 24, 26; the North's
        own call for a cease-fire once it could not go on, notes 60, 61): while Kim keeps
        silent, neither his lobbying nor his exhaustion weighs on Beijing."""
        pleas = set(self.lobbying)
        exhaustion = self.mechanisms.get("exhaustion")
        if exhaustion is not None:
            pleas.add(exhaustion.patron)
        if not pleas:
            return {}
        patrons = " and ".join(sorted(self.model.actors[t].name for t in pleas))
        verb = "for help" if exhaustion is None else "that the North cannot go on"
        return {"plead": f"Plead with {patrons} {verb}"}

    def pressure_on(self, target: str) -> np.ndarray | float:
        if not self.directed.get("plead", True):  # a player keeps Kim silent (sim.play)
            return 0.0
        pressure = super().pressure_on(target)
        exhaustion = self.mechanisms.get("exhaustion")
        if exhaustion is not None and exhaustion.patron == target:
            pressure = pressure + self.params["exhaustion"]["burden"]
        return pressure
