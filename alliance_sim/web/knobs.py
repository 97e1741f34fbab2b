"""Sliders a teacher may move: how much a month of war weighs for each capital at the table.

A knob multiplies a sourced parameter (its central value and its whole range,
so every replicate's draw moves with it) and builds a modified Scenario in
memory with `model_copy`; no file is written and the engine is untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from alliance_sim.web import words
from sim.campaign import Campaign
from sim.schema import Scenario, Sourced

LIMIT = (-1.0, 1.0)  # war payoffs and pressures live on the signed unit scale


@dataclass(frozen=True)
class Knob:
    key: str  # "war_payoff:moscow" or "pressure:pyongyang:beijing"
    label: str
    source: str
    base: float  # the sourced central value (at x1)
    unit: str


def knobs(scenario: Scenario | Campaign) -> list[Knob]:
    """The knobs of one scenario: each bargaining capital's war payoff, and lobbying pressure.
    A campaign has each stage's knobs, keyed `<stage>/<knob>`."""
    if isinstance(scenario, Campaign):
        return [
            replace(knob, key=f"{stage.id}/{knob.key}", label=f"{stage.title}: {knob.label}")
            for stage in scenario.stages
            for knob in knobs(stage)
        ]
    found = []
    members = {m for party in scenario.parties.values() for m in party.members}
    for actor_id, actor in scenario.actors.items():
        if actor_id in members and actor.profile is not None:
            payoff = actor.profile.war_payoff
            found.append(
                Knob(
                    f"war_payoff:{actor_id}",
                    words.KNOB_WAR.format(who=actor.name or actor_id),
                    payoff.source,
                    payoff.value,
                    words.KNOB_UNIT,
                )
            )
    for lobby in scenario.lobbying:
        who = scenario.actors[lobby.actor].name or lobby.actor
        target = scenario.actors[lobby.target].name or lobby.target
        found.append(
            Knob(
                f"pressure:{lobby.actor}:{lobby.target}",
                words.KNOB_PRESSURE.format(who=who, target=target),
                lobby.pressure.source,
                lobby.pressure.value,
                words.KNOB_UNIT,
            )
        )
    return found


def _scaled(number: Sourced, factor: float, low: float, high: float) -> Sourced:
    ends = sorted(min(max(x * factor, low), high) for x in (number.low, number.high))
    value = min(max(number.value * factor, ends[0]), ends[1])
    return number.model_copy(
        update={"value": value, "range": None if number.range is None else tuple(ends)}
    )


def apply_knobs(scenario: Scenario | Campaign, factors: dict[str, float]) -> Scenario | Campaign:
    """A copy of `scenario` with each knob's parameter multiplied by its factor (1: unchanged)."""
    if isinstance(scenario, Campaign):
        return scenario.with_stages(
            [
                apply_knobs(
                    stage,
                    {
                        key.removeprefix(f"{stage.id}/"): factor
                        for key, factor in factors.items()
                        if key.startswith(f"{stage.id}/")
                    },
                )
                for stage in scenario.stages
            ]
        )
    actors, lobbying = dict(scenario.actors), list(scenario.lobbying)
    for key, factor in factors.items():
        if factor == 1.0:
            continue
        kind, *who = key.split(":")
        if kind == "war_payoff" and who[0] in actors:
            actor = actors[who[0]]
            profile = actor.profile.model_copy(
                update={"war_payoff": _scaled(actor.profile.war_payoff, factor, *LIMIT)}
            )
            actors[who[0]] = actor.model_copy(update={"profile": profile})
        elif kind == "pressure":
            lobbying = [
                lobby.model_copy(update={"pressure": _scaled(lobby.pressure, factor, 0.0, 1.0)})
                if [lobby.actor, lobby.target] == who
                else lobby
                for lobby in lobbying
            ]
    return scenario.model_copy(update={"actors": actors, "lobbying": lobbying})


def knob_changes(scenario: Scenario, factors: dict[str, float]) -> list[str]:
    """One plain line per moved knob: old and new value and the source of the old one."""
    lines = []
    for knob in knobs(scenario):
        factor = factors.get(knob.key, 1.0)
        if factor != 1.0:
            lines.append(
                words.KNOB_CHANGE.format(
                    label=knob.label,
                    old=knob.base,
                    new=knob.base * factor,
                    unit=knob.unit,
                    factor=factor,
                    where=knob.source.partition(":")[0],
                )
            )
    return lines
