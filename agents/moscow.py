"""Moscow under Stalin."""

from agents.base import CapitalAgent


class Moscow(CapitalAgent):
    """Arms its allies but keeps Soviet forces away from the Americans, and gains from a long war.

    - Stalin let Kim attack only with Mao's consent and said the USSR would
      not fight in Korea itself (note 8); in October 1950 he would rather see
      North Korea evacuated than face US forces (note 35) and offered air
      defence of Chinese cities only once Chinese troops were in Korea
      (note 36).
    - Later aid stayed capped: fighters for the border region only, arms for
      sixty divisions postponed, five advisers instead of 83, so that China's
      forces would not modernise beyond the war's needs (notes 48-56).
    - He wanted China drawn into conflict with the United States (note 12).
    - In the talks he advised rather than dictated (text before note 57),
      agreed that an armistice had become advantageous (note 58), consented
      to dropping troop withdrawal (note 59) and accepted the line of contact
      while urging no hurry (note 62); on prisoners he wanted firmness, since
      a long war bled the United States (notes 62, 64, 65), though supplying
      it cost Moscow dearly (note 66). His neutral-custody idea later shaped
      the settlement (note 67).

    In the model: a war *benefit* in the talks period (its conflict value
    rises month by month), and a veto inside the communist bloc on the issues
    it holds salient.
    """

    classifier = {
        "capital": "moscow",
        "war_payoff": {"entry_1950": "neutral", "talks_1951_53": "benefit"},
        "role": "advises and arms; vetoes on salient issues",
        "notes": (8, 12, 35, 36, 48, 49, 50, 51, 52, 53, 55, 56, 58, 59, 62, 64, 65, 66, 67),
    }
