"""A human player's moves: the choices of the current step as the engine's policy for the
player's party, and the option an offer puts forward."""

from __future__ import annotations

import numpy as np

from sim.maths.protocol import Turn


class PlayerPolicy:
    """A human player's move for one party: the choices of the current step, per issue."""

    def __init__(self) -> None:
        self.choices: dict[str, str] = {}
        self.moved: set[str] = set()  # issues on which the player really conceded or accepted

    def move(self, turn: Turn) -> tuple[np.ndarray, np.ndarray]:
        action = self.choices.get(turn.issue, "hold")
        conceding = action in ("concede", "offer")  # an offer is a concession to it
        concede = np.full(turn.moving.shape, conceding) & turn.can_concede
        accept = np.full(turn.moving.shape, action == "accept") & turn.can_accept
        if concede.any() or accept.any():
            self.moved.add(turn.issue)
        return concede, accept


def next_offer(acceptable: np.ndarray, mine: int, theirs: int) -> int | None:
    """The first option from `mine` toward `theirs` that is not `acceptable` (None: none is
    left, every option up to their demand is acceptable already)."""
    way = 1 if theirs > mine else -1
    for option in range(mine + way, theirs + way, way) if theirs != mine else ():
        if not acceptable[option]:
            return option
    return None
