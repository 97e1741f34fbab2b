"""Factors of a designed experiment: the numbers a sweep or a sensitivity analysis can set.

A factor is named by the dotted path a counterfactual would `set`
(`actors.washington.profile.war_payoff`; in a campaign the path starts with the
stage: `talks_1951_53.actors.washington.profile.war_payoff`). Each factor is
one of three kinds, which decides how a design point reaches the model:

- ``drawn``: a number the model reads through its per-replicate draws (every
  actor parameter, issue position, mechanism parameter, event change and the
  rationality). The design sets it replicate by replicate inside one ensemble
  model (:class:`sim.design_model.DesignModel`), so a sweep costs what a batch
  of the same size costs.
- ``occurs``: whether an event with a `probability` happens,
  `events.<id>.happens`, a value in [0, 1]; the event happens where the value is
  above ``1 - probability`` (so a uniform value happens with the event's own
  probability, and higher means "it happens"). Global sensitivity analyses use it.
- ``chance``: an event's probability, `events.<id>.probability`: each replicate
  of a design point draws whether the event happens with the point's probability
  (from a stream of its chunk's seed, apart from the model's).
- ``setting``: any other number (a loss shape, the rounds per step): each design
  point gets its own scenario.

The catalogue of drawn numbers is read from the model itself (it records every
name it draws and the scenario object it drew it from), so it never drifts from
the engine's own naming.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from sim import references
from sim.campaign import Campaign
from sim.counterfactual import path_key
from sim.schema import Scenario, Uncertain

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
    as a scenario does (:func:`sim.campaign_run.run_campaign_chunk`).
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
    from sim.design_model import DesignModel
    from sim.model import release

    paths: dict[int, list[tuple]] = {}
    _index(scenario, (), paths)
    model = DesignModel(scenario, replicates=1, seed=0)
    try:
        asked = dict(model.draws.asked)
    finally:
        release(model)
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


def plain_data(scenario: Scenario | Campaign) -> dict:
    """The scenario as the plain data a counterfactual path walks (a campaign: by stage id)."""
    if isinstance(scenario, Campaign):
        return {stage.id: plain_data(stage) for stage in scenario.stages}
    return scenario.model_dump(mode="python", exclude={"exercise"})


def walk(data: Any, path: str) -> tuple[tuple, Any]:
    """The key path and the value at dotted `path` in `data`, else FactorError with a hint."""
    node, keys = data, []
    for part in path.split("."):
        key = path_key(node, part)
        if key is None:
            raise FactorError(_no_such(path, part, keys, node))
        keys.append(key)
        node = node[key]
    return tuple(keys), node


def _names(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [str(key) for key in node]
    if isinstance(node, list):
        return [
            str(item.get("id", i)) if isinstance(item, dict) else str(i)
            for i, item in enumerate(node)
        ]
    return []


def _no_such(path: str, part: str, keys: list, node: Any) -> str:
    where = ".".join(map(str, keys)) or "the top level"
    known = _names(node)
    if not known:
        return f"`{path}`: `{'.'.join(map(str, keys))}` is a value, it has no `{part}`"
    guess = difflib.get_close_matches(part, known, n=1)
    hint = f"; did you mean `{guess[0]}`?" if guess else ""
    return f"`{path}`: there is no `{part}` at {where}{hint} (it has: {', '.join(known)})"


def canonical(data: dict, keys: tuple) -> str:
    """The dotted path of `keys` in `data` (:func:`plain_data`), naming list items by their id
    where they have one."""
    node: Any = data
    parts = []
    for key in keys:
        item = node[key]
        if isinstance(node, list) and isinstance(item, dict) and item.get("id"):
            parts.append(str(item["id"]))
        else:
            parts.append(str(key))
        node = item
    return ".".join(parts)


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
    keys, value = walk(data, path)
    shown = canonical(data, keys)
    for candidate in (shown, shown.removesuffix(".value")):
        if candidate in entries:
            return entries[candidate]
    if _is_uncertain(value):
        number = value["value"]
    elif _is_number(value):
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
        numbers = [f"{path}.{k}" for k, v in value.items() if _is_number(v) or _is_uncertain(v)]
        hint = inside or numbers
        return f"`{path}` is a group of fields, not a number" + (
            f"; did you mean {', '.join(f'`{h}`' for h in hint[:4])}?" if hint else ""
        )
    return f"`{path}` is {type(value).__name__} {value!r}, not a number"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_uncertain(value: Any) -> bool:
    return isinstance(value, dict) and "value" in value and _is_number(value["value"])


def suggestions(scenario: Scenario | Campaign, path: str, n: int = 3) -> list[str]:
    """Catalogued paths close to `path` (for a did-you-mean on a whole path)."""
    return difflib.get_close_matches(path, list(catalogue(scenario)), n=n, cutoff=0.6)


# --- scenarios with values set ---------------------------------------------------------------


def with_values(
    scenario: Scenario | Campaign, settings: list[tuple[Parameter, float]]
) -> Scenario | Campaign:
    """`scenario` with each ``setting`` parameter fixed at its value (validated like a
    counterfactual); FactorError says which value the scenario does not accept."""
    if not settings:
        return scenario
    data = plain_data(scenario)
    for parameter, value in settings:
        keys, current = walk(data, parameter.path)
        node = data
        for key in keys[:-1]:
            node = node[key]
        number = int(round(value)) if parameter.integer else float(value)
        if isinstance(current, dict) and "value" in current:
            node[keys[-1]] = {**current, "value": number, "range": None}
        else:
            node[keys[-1]] = number
    return _validated(scenario, data, settings)


def _validated(
    scenario: Scenario | Campaign, data: dict, settings: list[tuple[Parameter, float]]
) -> Scenario | Campaign:
    shown = ", ".join(f"{p.path}={v:g}" for p, v in settings)
    if isinstance(scenario, Campaign):
        stages = [_stage(stage, data[stage.id], shown) for stage in scenario.stages]
        return scenario.model_copy(update={"stages": stages})
    return _stage(scenario, data, shown)


def _stage(scenario: Scenario, data: dict, shown: str) -> Scenario:
    try:
        changed = Scenario.model_validate({**data, "exercise": scenario.exercise})
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        reason = f"{'.'.join(map(str, first['loc']))}: {first['msg'].removeprefix('Value error, ')}"
        raise FactorError(f"{shown}: the scenario does not accept it ({reason})", reason) from None
    for loc, message in references.problems(changed):
        reason = f"{'.'.join(map(str, loc))}: {message}"
        raise FactorError(f"{shown}: the scenario does not accept it ({reason})", reason)
    return changed


def check_range(
    scenario: Scenario | Campaign, parameter: Parameter, low: float, high: float
) -> None:
    """FactorError unless the scenario accepts both ends of `low`..`high` for `parameter`."""
    if parameter.kind in ("occurs", "chance"):
        if not 0.0 <= low <= high <= 1.0:
            raise FactorError(f"`{parameter.path}` takes values in [0, 1], got {low:g}:{high:g}")
        return
    setting = Parameter(
        parameter.path, "setting", None, parameter.value, low, high, "", "", parameter.integer
    )
    for end in (low, high):
        try:
            with_values(scenario, [(setting, end)])
        except FactorError as error:
            raise FactorError(f"{end:g} is not accepted here: {error.reason}") from None


# --- plain words -----------------------------------------------------------------------------

FIELDS = {
    "conflict_value": "value of fighting on",
    "war_payoff": "war payoff per month",
    "influence": "influence in its bloc",
    "ideal": "ideal on",
    "salience": "salience of",
    "loss_shape": "loss shape on",
}


def label(scenario: Scenario, path: str, prefix: str = "") -> str:
    """A short plain-words name of the number at `path` ("Washington: war payoff per month")."""
    parts = path.split(".")
    try:
        return prefix + _label(scenario, parts)
    except (KeyError, IndexError, ValueError, AttributeError, StopIteration):
        return prefix + path


def _label(scenario: Scenario, parts: list[str]) -> str:
    head = parts[0]
    if head == "actors":
        actor = scenario.actors[parts[1]]
        name = actor.name or parts[1].capitalize()
        if parts[2] == "profile" and parts[3] == "behaviour":
            return f"{name}: {parts[4].replace('_', ' ')}, {parts[5].replace('_', ' ')}"
        if parts[2] == "profile":
            return f"{name}: {FIELDS.get(parts[3], parts[3].replace('_', ' '))}"
        if parts[2] == "positions":
            issue = scenario.issues[parts[3]].label.lower()
            return f"{name}: {FIELDS.get(parts[4], parts[4].replace('_', ' '))} {issue}"
    if head == "events":
        event = next(e for e in scenario.events if e.id == parts[1])
        if parts[2] == "happens":
            return f"whether '{event.label}' happens"
        if parts[2] == "probability":
            return f"probability of '{event.label}'"
        if parts[2] == "changes":
            change = event.changes[int(parts[3])]
            field = change.parameter or change.field
            return f"'{event.label}': change of {change.actor}'s {field.replace('_', ' ')}"
    if head == "bargaining" and parts[1] == "rationality":
        return "rationality of concessions (logit precision)"
    if head == "lobbying":
        lobby = scenario.lobbying[int(parts[1])]
        return f"{lobby.actor} lobbying {lobby.target}: pressure"
    raise KeyError(head)
