"""Counterfactuals: a small file that `extends` a base scenario and lists its `changes`.

The base (itself possibly a counterfactual) is resolved first, with its actor
profiles; the changes are applied to its plain-data form; the result is
validated once, like any scenario. Every problem points at the line of the
counterfactual file that caused it.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, NoReturn

from sim.scenario import paths, references
from sim.scenario.campaign import Campaign, stage_end
from sim.scenario.derived_files import Counterfactual
from sim.scenario.errors import ScenarioError, locate
from sim.scenario.numbers import is_number
from sim.scenario.structure import CounterfactualChange, Exercise, Scenario


def is_counterfactual(tree: object) -> bool:
    return isinstance(tree, dict) and "extends" in tree


def resolve(
    counterfactual: Counterfactual, tree: object, path: Path, base: Scenario | Campaign
) -> Scenario | Campaign:
    """Apply the changes of `counterfactual` (read from `path`, nodes `tree`) to `base`."""
    exercise = Exercise(
        base=base.id,
        question=counterfactual.question,
        explanation=counterfactual.explanation,
        changes=counterfactual.changes,
        expect=counterfactual.expect,
    )
    named = {
        "id": counterfactual.id,
        "title": counterfactual.title,
        "summary": counterfactual.summary or counterfactual.question,
    }
    if isinstance(base, Campaign):
        resolved = _resolve_campaign(counterfactual, tree, path, base, named, exercise)
    else:
        changes = list(enumerate(counterfactual.changes))
        resolved = apply(changes, tree, path, base, {**named, "exercise": exercise})
    for loc, message in references.expectation_problems(counterfactual.expect, resolved):
        _raise(path, tree, loc, message)
    return resolved


def _resolve_campaign(
    counterfactual: Counterfactual,
    tree: object,
    path: Path,
    base: Campaign,
    named: dict,
    exercise: Exercise,
) -> Campaign:
    """Each change goes to one stage: a `path` starts with the stage id, an event to remove is
    found in the stage that has it, and an added event joins the stage whose window holds
    its date."""
    per_stage: dict[int, list[tuple[int, CounterfactualChange]]] = {}
    stage_ids = [stage.id for stage in base.stages]
    for index, change in enumerate(counterfactual.changes):
        where = ("changes", index)
        if change.path is not None:
            first, _, rest = change.path.partition(".")
            if first not in stage_ids or not rest:
                _raise(
                    path,
                    tree,
                    (*where, "path"),
                    f"`{change.path}`: in a campaign a path starts with the stage "
                    f"({', '.join(stage_ids)}), e.g. `{stage_ids[-1]}.actors.moscow`",
                )
            stage, change = stage_ids.index(first), change.model_copy(update={"path": rest})
        elif change.remove_event is not None:
            holders = [i for i, s in enumerate(base.stages) if change.remove_event in _event_ids(s)]
            if not holders:
                known = ", ".join(e.id for e in base.events)
                _raise(
                    path,
                    tree,
                    (*where, "remove_event"),
                    f"no stage has an event `{change.remove_event}` (they have: {known})",
                )
            stage = holders[0]
        else:
            day = change.add_event.date
            windows = [i for i, s in enumerate(base.stages) if s.time.start <= day <= stage_end(s)]
            if not windows:
                _raise(
                    path,
                    tree,
                    (*where, "add_event", "date"),
                    "the date falls in no stage's window ("
                    + ", ".join(f"{s.id}: {s.time.start} to {stage_end(s)}" for s in base.stages)
                    + ")",
                )
            stage = windows[-1]
        per_stage.setdefault(stage, []).append((index, change))
    stages = [
        apply(per_stage[i], tree, path, stage, {}) if i in per_stage else stage
        for i, stage in enumerate(base.stages)
    ]
    spec = base.spec.model_copy(update=named)
    return Campaign(spec=spec, stages=stages, exercise=exercise)


def _event_ids(scenario: Scenario) -> set[str]:
    return {event.id for event in scenario.events}


def apply(
    changes: list[tuple[int, CounterfactualChange]],
    tree: object,
    path: Path,
    base: Scenario,
    update: dict,
) -> Scenario:
    """`base` with `changes` (each with its index in the file, for error lines) and `update`."""
    data = paths.plain_data(base)
    owners: list[tuple[tuple, int]] = []  # (path in data, index of the change) for error lines
    for index, change in changes:
        where = ("changes", index)
        if change.path is not None:
            keys = _set(data, change.path, change.set, change.source, path, tree, where)
            owners.append((keys, index))
        elif change.remove_event is not None:
            before = len(data["events"])
            data["events"] = [e for e in data["events"] if e["id"] != change.remove_event]
            if len(data["events"]) == before:
                known = ", ".join(e["id"] for e in data["events"])
                _raise(
                    path,
                    tree,
                    (*where, "remove_event"),
                    f"the base has no event `{change.remove_event}` (it has: {known})",
                )
        else:
            data["events"].append(change.add_event.model_dump(mode="python"))
            owners.append((("events", len(data["events"]) - 1), index))
    data.update(update)
    try:
        return references.checked(data)
    except references.Refused as refused:
        _blame(path, tree, owners, refused.loc, refused.message)


def _blame(path: Path, tree: object, owners: list, loc: tuple, message: str):
    """Raise an error located at the change that produced the problem at `loc`."""
    index = next((i for keys, i in owners if tuple(loc[: len(keys)]) == keys), None)
    shown = ".".join(map(str, loc))
    where = ("changes", index) if index is not None else ("changes",)
    _raise(path, tree, where, f"after the changes, {shown}: {message}")


def _set(
    data: dict, dotted: str, value: Any, source: str, path: Path, tree: object, where: tuple
) -> tuple:
    """Set `value` at `dotted` inside `data`; return the resolved key path."""
    try:
        keys, current = paths.walk(data, dotted)
    except paths.PathError as error:
        _raise(
            path,
            tree,
            (*where, "path"),
            f"`{dotted}`: the base has no `{error.part}` at `{error.at or 'top'}`"
            + (f" (it has: {', '.join(error.known)})" if error.known else ""),
        )
    if is_number(current) and isinstance(value, bool):
        _raise(path, tree, (*where, "set"), f"`{dotted}` takes a number, not true/false")
    paths.set_at(data, keys, _replacement(current, value, source))
    return keys


def _replacement(current: Any, value: Any, source: str) -> Any:
    """A new value for a sourced parameter carries the change's source unless it brings its own."""
    value = copy.deepcopy(value)
    if isinstance(current, dict) and "source" in current:
        if is_number(value):
            return {"value": value, "source": source}
        if isinstance(value, dict):
            return {"source": source, **value}
    return value


def _raise(path: Path, tree: object, loc: tuple, message: str) -> NoReturn:
    line, shown = locate(tree, loc)
    raise ScenarioError(path, line, shown, message) from None  # the message says it all
