"""Pacing of a played game: one step at a time, or holding until something changes.

Every step is shown, also while the zone of agreement is closed (the front ends
say why, from the engine's record), so a deadlock is lived through rather than
skipped. To spare the player dozens of presses, "hold until something changes"
holds step after step and stops as soon as there is something new to see: an
event, a zone of agreement opening or closing, someone else now holding the deal
back, the talks suspended or resumed, a question coming onto the table or being
settled, the other side moving, or the end of the game.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.play.session import PlaySession
from sim.play.views import IssueMove, Situation


@dataclass(frozen=True)
class PlayedStep:
    """One step as played: what the player saw before it, and what both sides did."""

    before: Situation
    moves: list[IssueMove]


def has_choice(situation: Situation) -> bool:
    """True when the player can accept or concede on at least one open issue."""
    return any(issue.can_accept or issue.can_concede for issue in situation.issues)


def hold_all(situation: Situation) -> dict[str, str]:
    return {issue.id: "hold" for issue in situation.issues}


def changed(before: Situation, after: Situation, moves: list[IssueMove]) -> bool:
    """Whether `after` shows the player something new since `before` (see the module)."""
    if after.events or after.in_session != before.in_session:
        return True
    if any(m.theirs != "held" or m.agreed for m in moves):
        return True
    was = {i.id: (i.zone_open, i.on_table, i.held_back) for i in before.issues}
    return any(was.get(i.id) != (i.zone_open, i.on_table, i.held_back) for i in after.issues)


def play_step(
    game: PlaySession, situation: Situation, choices: dict[str, str]
) -> tuple[PlayedStep, Situation | None]:
    """Play one step from `situation`; the step played and the next situation (None: the end)."""
    moves = game.act(choices)
    return PlayedStep(situation, moves), None if game.finished else game.situation()


def hold_until_change(
    game: PlaySession, situation: Situation
) -> tuple[list[PlayedStep], Situation | None]:
    """Hold from `situation` (at least one step) until something changes or the game ends.

    Returns the steps held through and the situation that shows the change (None: the end).
    """
    played = []
    while True:
        step, after = play_step(game, situation, hold_all(situation))
        played.append(step)
        if after is None or changed(situation, after, step.moves):
            return played, after
        situation = after
