"""Sliders a teacher may move: how much a month of war weighs for each capital at the table,
and how hard a capital presses another.

A knob multiplies a sourced parameter (its central value and its whole range, so every
replicate's draw moves with it). Moved knobs are counterfactual changes (`CounterfactualChange`,
a counterfactual file's `changes:`), applied as the loader applies a file's: checked, and any
problem named. So a slider setting can be shown, diffed and saved as a counterfactual file
that `alliance-sim validate` accepts (:func:`slider_yaml`); the engine is untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from alliance_sim.i18n import _
from alliance_sim.web.content import words
from sim.scenario import counterfactual
from sim.scenario.as_text import yaml_text
from sim.scenario.campaign import Campaign
from sim.scenario.derived_files import Counterfactual
from sim.scenario.loader import builtin_exercises, builtin_scenarios
from sim.scenario.numbers import Sourced
from sim.scenario.structure import CounterfactualChange, Scenario

WAR_PAYOFF_LIMITS = (-1.0, 1.0)  # a month of war, on the signed unit scale
PRESSURE_LIMITS = (0.0, 1.0)  # lobbying pressure, on the unit scale
CHANGE_KEYS = ("path", "set", "source")
"""A change's keys in the order the built-in counterfactual files write them."""


@dataclass(frozen=True)
class Knob:
    key: str  # "war_payoff:moscow" or "pressure:pyongyang:beijing" ("<stage>/..." in a campaign)
    label: str
    path: str
    """The parameter's dotted path in the scenario file: the `path` of the knob's change."""
    number: Sourced
    """The sourced parameter, at x1."""
    limits: tuple[float, float]
    """The scale the parameter lives on: a scaled value is kept inside it."""
    unit: str = words.KNOB_UNIT

    @property
    def base(self) -> float:
        """The sourced central value (at x1)."""
        return self.number.value

    @property
    def source(self) -> str:
        return self.number.source

    def change(self, factor: float) -> CounterfactualChange:
        """The counterfactual change that multiplies the parameter by `factor`; it cites the
        notes of the sourced value it scales."""
        scaled = _scaled(self.number, factor, *self.limits)
        return CounterfactualChange(
            path=self.path,
            set=scaled.model_dump(mode="json", exclude={"source"}, exclude_none=True),
            source=words.KNOB_SOURCE.format(
                where=self.source.partition(":")[0], label=self.label, factor=factor
            ),
        )


def knobs(scenario: Scenario | Campaign) -> list[Knob]:
    """The knobs of one scenario: each bargaining capital's war payoff, and lobbying pressure.
    A campaign has each stage's knobs, keyed `<stage>/<knob>`."""
    if isinstance(scenario, Campaign):
        return [
            replace(
                knob,
                key=f"{stage.id}/{knob.key}",
                label=f"{_(stage.title)}: {knob.label}",
                path=f"{stage.id}.{knob.path}",
            )
            for stage in scenario.stages
            for knob in knobs(stage)
        ]
    found = []
    members = {m for party in scenario.parties.values() for m in party.members}
    for actor_id, actor in scenario.actors.items():
        if actor_id in members and actor.profile is not None:
            found.append(
                Knob(
                    f"war_payoff:{actor_id}",
                    words.KNOB_WAR.format(who=_(actor.name or actor_id)),
                    f"actors.{actor_id}.profile.war_payoff",
                    actor.profile.war_payoff,
                    WAR_PAYOFF_LIMITS,
                )
            )
    for index, lobby in enumerate(scenario.lobbying):
        who = _(scenario.actors[lobby.actor].name or lobby.actor)
        target = _(scenario.actors[lobby.target].name or lobby.target)
        found.append(
            Knob(
                f"pressure:{lobby.actor}:{lobby.target}",
                words.KNOB_PRESSURE.format(who=who, target=target),
                f"lobbying.{index}.pressure",
                lobby.pressure,
                PRESSURE_LIMITS,
            )
        )
    return found


def _scaled(number: Sourced, factor: float, low: float, high: float) -> Sourced:
    ends = sorted(min(max(x * factor, low), high) for x in (number.low, number.high))
    value = min(max(number.value * factor, ends[0]), ends[1])
    return number.model_copy(
        update={"value": value, "range": None if number.range is None else tuple(ends)}
    )


def _moved(scenario: Scenario | Campaign, factors: dict[str, float]) -> list[tuple[Knob, float]]:
    return [
        (knob, factors[knob.key]) for knob in knobs(scenario) if factors.get(knob.key, 1.0) != 1.0
    ]


def slider_file(scenario: Scenario | Campaign, factors: dict[str, float]) -> Counterfactual | None:
    """The slider settings (`factors` by knob key; 1: unchanged) as a counterfactual file on
    `scenario`, or None when no knob is moved."""
    moved = _moved(scenario, factors)
    if not moved:
        return None
    settings = "; ".join(f"{knob.label} ×{factor:g}" for knob, factor in moved)
    known = builtin_scenarios() | builtin_exercises()
    return Counterfactual(
        id=f"{scenario.id}_sliders",
        # an uploaded base is read from a file of its id beside this one
        extends=scenario.id if scenario.id in known else f"{scenario.id}.yaml",
        title=scenario.title + words.PLUS_YOUR_CHANGES,
        question=words.SLIDER_QUESTION.format(settings=settings),
        changes=[knob.change(factor) for knob, factor in moved],
    )


def slider_yaml(scenario: Scenario | Campaign, factors: dict[str, float]) -> str:
    """The counterfactual file of the slider settings, as YAML ('' when no knob is moved)."""
    spec = slider_file(scenario, factors)
    if spec is None:
        return ""
    tree = spec.model_dump(mode="json", exclude_defaults=True)
    tree["changes"] = [{key: change[key] for key in CHANGE_KEYS} for change in tree["changes"]]
    return yaml_text(tree, inline_lists=True)


def apply_knobs(scenario: Scenario | Campaign, factors: dict[str, float]) -> Scenario | Campaign:
    """`scenario` with the slider settings applied as the loader applies a counterfactual
    file (:func:`slider_file`); it keeps its own id, title and exercise, so an exercise with
    moved sliders is still that exercise."""
    spec = slider_file(scenario, factors)
    if spec is None:
        return scenario
    tree = spec.model_dump(mode="json", exclude_defaults=True)
    changed = counterfactual.resolve(spec, tree, Path(f"{spec.id}.yaml"), scenario)
    if isinstance(scenario, Campaign):
        return scenario.with_stages(changed.stages)
    return changed.model_copy(
        update={
            "id": scenario.id,
            "title": scenario.title,
            "summary": scenario.summary,
            "exercise": scenario.exercise,
        }
    )


def knob_changes(
    scenario: Scenario | Campaign, factors: dict[str, float], teacher: bool = True
) -> list[str]:
    """One plain line per moved knob: old and new value and the source of the old one (for
    students: only how many times the sourced value, no rates on the model's scale)."""
    return [
        (words.KNOB_CHANGE if teacher else words.KNOB_CHANGE_STUDENT).format(
            label=knob.label,
            old=knob.base,
            new=knob.base * factor,
            unit=_(knob.unit),  # a catalogue text, read in the language of the page
            factor=factor,
            where=knob.source.partition(":")[0],
        )
        for knob, factor in _moved(scenario, factors)
    ]
