"""Beijing under Mao."""

from agents.base import CapitalAgent


class Beijing(CapitalAgent):
    """Bargains for Soviet air cover with its entry as the lever, then leads the talks.

    - October 1950: the Politburo split over entry, with Zhou, Chen Yun and
      Lin Biao putting reconstruction first (notes 30, 31); Mao built a
      consensus (note 32) and sent Zhou to secure Soviet air support while
      keeping the entry decision from Stalin (notes 33, 35); it entered on
      19 October without a promise of cover at the front (note 36). Air cover for the
      troops mattered more to Mao than Stalin's pressure (text after note 37),
      and the threat of US forces on the Yalu drove entry (note 37).
    - After the failed fifth campaign Beijing sought a speedy armistice that
      restored the prewar line (note 57), led the talks, passed on Pyongyang's
      views only as it chose, dropped troop withdrawal (note 59) and accepted
      the line of contact rather than break the talks (note 60).
    - The prisoner issue ended hopes of a quick peace and tied Beijing
      closer to Moscow's advice and arms (note 63, text after it).

    In the model: a party in `air_cover` (agreement means entry) and the
    leader of the communist bloc in the talks; its war cost grows with the
    threat on its border and the losses of the campaigns.
    """

    classifier = {
        "capital": "beijing",
        "war_payoff": {"entry_1950": "cost", "talks_1951_53": "cost"},
        "role": "leads the communist bloc in the talks; trades entry for air cover",
        "notes": (30, 31, 32, 33, 35, 36, 37, 57, 59, 60, 63),
    }
