"""The seats of an episode a player can take: the leader of each side, and each member of a
side with moves of its own (Moscow's arms and advice, Pyongyang's pleas)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.engine.model import AllianceModel
    from sim.scenario.structure import Scenario


def seats_of(model: AllianceModel) -> dict[str, str]:
    """Actor id -> what a player of it does: the leader of each side, then each member of a side
    that has moves of its own ("a member of the Communist side: Supply arms to ...")."""
    found = {}
    for _, party in model.parties:
        found[party.leader] = f"leads {party.label}"
    for _, party in model.parties:
        for member in party.members:
            moves = model.actors[member].member_moves() if member not in found else {}
            if moves:
                found[member] = f"a member of the {party.label}: " + "; ".join(moves.values())
    return found


def seat_id(seats: dict[str, str], asked: str) -> str:
    """The seat `asked` names, in any case ("Beijing", "BEIJING" -> "beijing"); `asked`
    unchanged when it names none (the caller says which seats there are)."""
    wanted = asked.strip().casefold()
    return next((seat for seat in seats if seat.casefold() == wanted), asked)


def playable_seats(scenario: Scenario) -> dict[str, str]:
    """`seats_of` a scenario, from a one-replicate model made and let go for the question."""
    from sim.engine.lifetime import releasing  # the engine loads with the first question
    from sim.engine.model import AllianceModel

    with releasing(AllianceModel(scenario, replicates=1, seed=0, history_sample=1)) as model:
        return seats_of(model)
