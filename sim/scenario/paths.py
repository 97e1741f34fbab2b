"""Dotted paths into a scenario's plain data: `events.stalin_dies.date`.

A counterfactual `set`s the number at such a path and a sweep's factor is named
by one, so both walk the same data (:func:`plain_data`) with the same rules: a
part is a mapping's key, a list index, or the id of a list item (events, options
and stages are named by id). One walker, so that a path a counterfactual accepts
is a path a sweep accepts, and both say the same thing about a path that leads
nowhere.
"""

from __future__ import annotations

import difflib
from typing import Any

from sim.scenario.campaign import Campaign
from sim.scenario.structure import Scenario

Keys = tuple[str | int, ...]
"""A resolved path: the mapping keys and list indices from the top to the value."""


class PathError(ValueError):
    """A dotted path that leads nowhere: `part` is not found at `at` (the path followed so far,
    list items by id; "" at the top) in a node that has `known` (empty: the node is a value)."""

    def __init__(self, path: str, part: str, at: str, known: list[str]):
        self.path, self.part, self.at, self.known = path, part, at, known
        super().__init__(self._message())

    def _message(self) -> str:
        if not self.known:
            return f"`{self.path}`: `{self.at}` is a value, it has no `{self.part}`"
        guess = difflib.get_close_matches(self.part, self.known, n=1)
        hint = f"; did you mean `{guess[0]}`?" if guess else ""
        return (
            f"`{self.path}`: there is no `{self.part}` at {self.at or 'the top level'}{hint} "
            f"(it has: {', '.join(self.known)})"
        )


def plain_data(scenario: Scenario | Campaign) -> dict:
    """The scenario as the plain data a dotted path walks (a campaign: by stage id)."""
    if isinstance(scenario, Campaign):
        return {stage.id: plain_data(stage) for stage in scenario.stages}
    return scenario.model_dump(mode="python", exclude={"exercise"})


def walk(data: Any, path: str) -> tuple[Keys, Any]:
    """The keys of dotted `path` in `data` and the value there; PathError if it leads nowhere."""
    node, keys = data, []
    for part in path.split("."):
        key = _key(node, part)
        if key is None:
            raise PathError(path, part, canonical(data, tuple(keys)), names(node))
        keys.append(key)
        node = node[key]
    return tuple(keys), node


def set_at(data: Any, keys: Keys, value: Any) -> None:
    """Put `value` at `keys` (from :func:`walk`) inside `data`."""
    node = data
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value


def canonical(data: Any, keys: Keys) -> str:
    """The dotted path of `keys` in `data`, naming list items by their id where they have one
    (`events.stalin_dies.date`, not `events.3.date`)."""
    node, parts = data, []
    for key in keys:
        item = node[key]
        if isinstance(node, list) and isinstance(item, dict) and item.get("id"):
            parts.append(str(item["id"]))
        else:
            parts.append(str(key))
        node = item
    return ".".join(parts)


def names(node: Any) -> list[str]:
    """What a path may name inside `node`: a mapping's keys, a list's item ids (or indices)."""
    if isinstance(node, dict):
        return [str(key) for key in node]
    if isinstance(node, list):
        return [
            str(item.get("id", i)) if isinstance(item, dict) else str(i)
            for i, item in enumerate(node)
        ]
    return []


def _key(node: Any, part: str) -> str | int | None:
    """The key of `part` in `node`: a mapping's key, a list index, or the index of the list
    item whose `id` it is; None if `node` has no such part."""
    if isinstance(node, dict):
        return part if part in node else None
    if isinstance(node, list):
        if part.isdigit() and int(part) < len(node):
            return int(part)
        ids = [item.get("id") if isinstance(item, dict) else None for item in node]
        return ids.index(part) if part in ids else None
    return None
