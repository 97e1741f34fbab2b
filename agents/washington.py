"""Washington under Truman, then Eisenhower."""

from agents.base import CapitalAgent


class Washington(CapitalAgent):
    """Keeps political questions off the agenda, wants a line north of the front and no forced
    repatriation, and restrains Seoul.

    - It refused to put the withdrawal of foreign troops on the agenda as a
      political question (note 59) and proposed a line between Pyongyang and
      Wonsan, north of the front (note 60).
    - Its "final" package of April 1952 ruled out forced repatriation of
      prisoners (note 63).
    - It needed peace more than the communist side, in Stalin's reading
      (note 62), and Rhee's release of prisoners put it under pressure at
      home and abroad; it bought Rhee off with a security pact and aid
      (note 68) and in the end stood with Beijing against him (note 69).

    In the model: the leader of the UN side, with a war cost (domestic
    pressure) and Seoul as a restrained member whose veto it overrides.
    """

    classifier = {
        "capital": "washington",
        "war_payoff": {"entry_1950": "cost", "talks_1951_53": "cost"},
        "role": "leads the UN side; restrains Seoul",
        "notes": (59, 60, 62, 63, 68, 69),
    }
