"""Pyongyang under Kim Il Sung."""

from agents.base import CapitalAgent


class Pyongyang(CapitalAgent):
    """Presses for unification by force and for outside help, and resists Beijing's armistice line.

    - Kim held the 38th parallel meaningless once US troops had left and
      wanted the South taken by force (notes 3, 4).
    - With the front collapsing he begged Moscow and then Beijing for troops
      (notes 24, 26): in `air_cover` it lobbies Beijing rather than bargains.
    - He resented Peng's halt in January 1951 (note 40) and was unwilling to
      accept China's aim of an armistice on the prewar line until Stalin
      stepped in (note 58); in the talks he spoke only through Mao (text
      before note 57).

    In the model: a lobbyist in 1950 and a bloc member without a veto in the
    talks, whose ideals sit far from the bloc's stance (alliance tension).
    """

    classifier = {
        "capital": "pyongyang",
        "war_payoff": {"entry_1950": "cost", "talks_1951_53": "cost"},
        "role": "lobbies its patrons; speaks only through Beijing",
        "notes": (3, 4, 24, 26, 40, 58),
    }
