"""Factors of a designed experiment: the numbers a sweep or a sensitivity analysis can set.

A factor is named by the dotted path a counterfactual would `set`
(`actors.washington.profile.war_payoff`; in a campaign the path starts with the
stage: `talks_1951_53.actors.washington.profile.war_payoff`). Each factor is
one of four kinds, which decides how a design point reaches the model:

- ``drawn``: a number the model reads through its per-replicate draws (every
  actor parameter, issue position, mechanism parameter, event change and the
  rationality). The design sets it replicate by replicate inside one ensemble
  model (:class:`sim.engine.fixed_draws.DesignModel`), so a sweep costs what a batch
  of the same size costs.
- ``occurs``: whether an event with a `probability` happens,
  `events.<id>.happens`, a value in [0, 1]; the event happens where the value is
  above ``1 - probability`` (so a uniform value happens with the event's own
  probability, and higher means "it happens"). Global sensitivity analyses use it.
- ``chance``: an event's probability, `events.<id>.probability`: each replicate
  of a design point draws whether the event happens with the point's probability
  (from a stream of its chunk's seed, apart from the model's).
- ``setting``: any other number (a loss shape, the rounds per step): each design
  point gets its own scenario (:mod:`sim.experiments.variants`).

The catalogue of drawn numbers is read from the model itself (it records every
name it draws and the scenario object it drew it from), so it never drifts from
the engine's own naming.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from sim.experiments.factor_labels import label
from sim.scenario.campaign import Campaign
from sim.scenario.numbers import Uncertain, is_number
from sim.scenario.paths import PathError, canonical, plain_data, walk
from sim.scenario.structure import Scenario

Kind = Literal["drawn", "occurs", "chance", "setting"]


class FactorError(ValueError):
    """A factor that cannot be used; the message names it and says why (and what exists)."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


@dataclass(frozen=True)
class Parameter:
    """A number of a scenario that a design can set."""

    path: str
    """Canonical dotted path (list items by id where they have one)."""
    kind: Kind
    name: str | None
    """The model's draw name (the results' `draw:` column without the prefix), if it has one."""
    value: float
    """The scenario's central value (an ``occurs`` factor: the threshold ``1 - probability``
    above which the event happens)."""
    low: float
    high: float
    """The scenario's range (`value`, `value` for a certain number)."""
    source: str
    label: str
    integer: bool = False
    """The scenario takes whole numbers here: design values are rounded."""

    @property
    def uncertain(self) -> bool:
        return self.low < self.high

    @property
    def column(self) -> str:
        """The results column of a sweep that holds this factor's value."""
        return f"factor:{self.path}"


# --- the catalogue ---------------------------------------------------------------------------


def catalogue(scenario: Scenario | Campaign) -> dict[str, Parameter]:
    """Every number the model draws, each event's probability (``chance``) and, for an event
    that may or may not happen, its occurrence (``occurs``), by path.

    For a campaign, every stage's entries with the stage id before path and name
    (`talks_1951_53.actors.moscow...`); each stage takes its values replicate by replicate
    as a scenario does (:func:`sim.engine.campaign_run.run_campaign_chunk`).
    """
    if isinstance(scenario, Campaign):
        return {
            f"{stage.id}.{entry.path}": Parameter(
                f"{stage.id}.{entry.path}",
                entry.kind,
                None if entry.name is None else f"{stage.id}.{entry.name}",
                entry.value,
                entry.low,
                entry.high,
                entry.source,
                f"{stage.id}: {entry.label}",
                entry.integer,
            )
            for stage in scenario.stages
            for entry in _scenario_catalogue(stage).values()
        }
    return _scenario_catalogue(scenario)


def uncertain_parameters(scenario: Scenario | Campaign) -> list[Parameter]:
    """The inputs of a global sensitivity analysis: every drawn number given with a range, in
    the order the model draws them, then the occurrence of every event with a probability
    below 1."""
    return [p for p in catalogue(scenario).values() if p.uncertain]


def _scenario_catalogue(scenario: Scenario) -> dict[str, Parameter]:
    from sim.engine.fixed_draws import DesignModel
    from sim.engine.lifetime import releasing

    paths: dict[int, list[tuple]] = {}
    _index(scenario, (), paths)
    with releasing(DesignModel(scenario, replicates=1, seed=0)) as model:
        asked = dict(model.draws.asked)
    data = plain_data(scenario)
    found: dict[str, Parameter] = {}
    for name, number in asked.items():
        keys = paths.get(id(number), [])
        if len(keys) != 1:  # not one place in the scenario: a sweep cannot name it
            continue
        path = canonical(data, keys[0])
        found[path] = Parameter(
            path,
            "drawn",
            name,
            number.value,
            number.low,
            number.high,
            source_of(scenario, keys[0]),
            label(scenario, path),
        )
    for event in scenario.events:
        path = f"events.{event.id}.probability"
        found[path] = Parameter(
            path,
            "chance",
            f"events.{event.id}.happens",
            event.probability,
            event.probability,
            event.probability,
            event.source,
            label(scenario, path),
        )
        if event.probability < 1:
            path = f"events.{event.id}.happens"
            found[path] = Parameter(
                path,
                "occurs",
                path,
                1.0 - event.probability,
                0.0,
                1.0,
                event.source,
                label(scenario, path),
            )
    return found


def _index(node: object, keys: tuple, out: dict[int, list[tuple]]) -> None:
    """Map each Uncertain object of the scenario to where it sits (its key path)."""
    if isinstance(node, Uncertain):
        out.setdefault(id(node), []).append(keys)
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            _index(getattr(node, name), (*keys, name), out)
    elif isinstance(node, dict):
        for key, item in node.items():
            _index(item, (*keys, key), out)
    elif isinstance(node, list | tuple):
        for position, item in enumerate(node):
            _index(item, (*keys, position), out)


# --- paths -----------------------------------------------------------------------------------


def source_of(scenario: Scenario, keys: tuple) -> str:
    """The nearest `source` along `keys`: the number's own, else its mechanism's, event's, ..."""
    node: Any = scenario
    found = ""
    for key in keys:
        node = node[key] if isinstance(node, dict | list | tuple) else getattr(node, key)
        source = getattr(node, "source", None)
        if isinstance(source, str):
            found = source
    return found


def resolve(
    scenario: Scenario | Campaign, path: str, entries: dict[str, Parameter] | None = None
) -> Parameter:
    """The factor named by `path`; FactorError (with a did-you-mean) if it names no number.

    `entries` is the scenario's :func:`catalogue`, if already at hand.
    """
    path = path.strip()
    entries = catalogue(scenario) if entries is None else entries
    for candidate in (path, path.removesuffix(".value")):
        if candidate in entries:
            return entries[candidate]
    if isinstance(scenario, Campaign):
        stages = [stage.id for stage in scenario.stages]
        if path.split(".", 1)[0] not in stages:
            raise FactorError(
                f"`{path}`: in a campaign a path starts with the stage ({', '.join(stages)}), "
                f"e.g. `{stages[-1]}.actors.washington.profile.war_payoff`"
            )
    if path.endswith(".happens"):
        chance = [p for p in entries if p.endswith(".happens")]
        raise FactorError(
            f"`{path}`: only an event with a probability below 1 can be a `happens` factor"
            + (f" (here: {', '.join(chance)})" if chance else " (this scenario has none)")
        )
    data = plain_data(scenario)
    keys, value = _walk(data, path)
    shown = canonical(data, keys)
    for candidate in (shown, shown.removesuffix(".value")):
        if candidate in entries:
            return entries[candidate]
    if _is_uncertain(value):
        number = value["value"]
    elif is_number(value):
        number = value
    else:
        raise FactorError(_not_a_number(path, value, entries))
    stage, inner, prefix, within = scenario, keys, "", shown
    if isinstance(scenario, Campaign):
        stage = scenario.stages[[s.id for s in scenario.stages].index(keys[0])]
        inner, prefix, within = keys[1:], f"{stage.id}: ", shown.split(".", 1)[1]
    return Parameter(
        shown,
        "setting",
        None,
        float(number),
        float(number),
        float(number),
        source_of(stage, inner),
        label(stage, within, prefix),
        integer=isinstance(number, int),
    )


def _not_a_number(path: str, value: Any, entries: dict[str, Parameter]) -> str:
    if isinstance(value, bool):
        return f"`{path}` is true/false, not a number: switch it in a counterfactual file instead"
    if isinstance(value, dict):
        inside = [f"{path}.{key}" for key in value if f"{path}.{key}" in entries]
        numbers = [f"{path}.{k}" for k, v in value.items() if is_number(v) or _is_uncertain(v)]
        hint = inside or numbers
        return f"`{path}` is a group of fields, not a number" + (
            f"; did you mean {', '.join(f'`{h}`' for h in hint[:4])}?" if hint else ""
        )
    return f"`{path}` is {type(value).__name__} {value!r}, not a number"


def _walk(data: dict, path: str) -> tuple[tuple, Any]:
    """:func:`sim.scenario.paths.walk`, a path that leads nowhere being a FactorError."""
    try:
        return walk(data, path)
    except PathError as error:
        raise FactorError(str(error)) from None


def _is_uncertain(value: Any) -> bool:
    return isinstance(value, dict) and "value" in value and is_number(value["value"])
