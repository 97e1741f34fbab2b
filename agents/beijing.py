"""Beijing under Mao."""

from __future__ import annotations

import numpy as np

from agents.base import CapitalAgent


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
      true one; Moscow sees the stated one, and Beijing bargains by it until
      the premium wears off.
    - It held Pyongyang's army under the combined command (note 38) and in
      the talks passed on Kim's views only as it chose (text before note 57):
      it leads the communist bloc, whose other members speak through it.
    - After the failed fifth campaign Beijing sought a speedy armistice that
      restored the prewar line (note 57), dropped troop withdrawal (note 59)
      and accepted the line of contact rather than break the talks (note 60).
    - The prisoner issue ended hopes of a quick peace and tied Beijing
      closer to Moscow's advice and arms (note 63, text after it).
    """

    classifier = {
        "capital": "beijing",
        "role": "trades entry for air cover; leads the communist bloc in the talks",
        "mechanisms": ("stated_stance",),
        "notes": (28, 29, 30, 31, 32, 33, 35, 37, 38, 57, 59, 60, 63),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stance = self.params.get("stated_stance")
        self.premium = stance["premium"].copy() if stance else np.zeros(self.replicates)

    def stated_premium(self) -> np.ndarray:
        """The cable's premium: what Beijing claims staying out is worth above its true value."""
        return self.premium

    def elapse(self, months: float | np.ndarray) -> None:
        """The premium wears off: Beijing had set its own date for the move (notes 28, 33)."""
        stance = self.params.get("stated_stance")
        if stance is not None:
            self.premium = np.maximum(self.premium - stance["erosion"] * months, 0.0)
