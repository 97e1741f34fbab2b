"""Washington under Truman, then Eisenhower."""

from __future__ import annotations

import numpy as np

from agents.base import CapitalAgent
from sim.scenario.mechanisms import Behaviour


class Washington(CapitalAgent):
    """Keeps political questions off the agenda, wants a line north of the front and no forced
    repatriation, and restrains Seoul at a price.

    - It refused to put the withdrawal of foreign troops on the agenda as a
      political question (note 59) and proposed a line between Pyongyang and
      Wonsan, 20-30 km north of the front (note 60).
    - Its "final" package of April 1952 ruled out forced repatriation of
      prisoners (note 63).
    - Stalin claimed it needed peace more than the communist side (note 62);
      the article itself makes the communist side the more eager in 1951
      (notes 57, 60), so its war cost is set modestly.
    - Rhee's release of prisoners put it under pressure at home and abroad;
      it bought his acquiescence with a security pact, twenty divisions and
      $200 million (note 68) and in the end stood with Beijing against him
      (note 69). In the model (:meth:`restraint`): Washington overrides Seoul's
      veto at the table, valuing the terms Seoul would veto net of the package;
      once such terms are agreed, Seoul acts alone and signs only when
      Washington pays the package, once (:mod:`sim.engine.signing`); switched
      off, Seoul's veto counts.
    """

    classifier = {
        "capital": "washington",
        "role": "leads the UN side; restrains Seoul at a price",
        "mechanisms": Behaviour.carried_by("washington"),
        "notes": (59, 60, 62, 63, 68, 69),
    }

    def restraint(self) -> dict[str, np.ndarray] | None:
        return self.params.get("restraint")
