"""Pacing of a played game: pass quickly over steps where the player has no choice.

While the zone of agreement is closed (or the talks are in recess) the only
move is to hold, so front ends hold for the player and show what happened
meanwhile, and ask only when accepting or conceding is possible.
"""

from __future__ import annotations

from sim.play import PlaySession, Situation


def has_choice(situation: Situation) -> bool:
    """True when the player can accept or concede on at least one open issue."""
    return any(issue.can_accept or issue.can_concede for issue in situation.issues)


def hold_until_choice(game: PlaySession) -> tuple[list[Situation], Situation | None]:
    """Hold through steps without a choice.

    Returns the situations held through (their events happened) and the
    situation that needs a decision, or None when the game ended meanwhile.
    """
    passed = []
    while not game.finished:
        situation = game.situation()
        if has_choice(situation):
            return passed, situation
        passed.append(situation)
        game.act({issue.id: "hold" for issue in situation.issues})
    return passed, None
