"""Checks that need both the validated model and the YAML tree it came from.

Pydantic reads `true` as 1 in a number field (its lax mode converts
booleans), so `position: true` would quietly become 1.0. Strict mode would
also refuse what files legitimately give (a list for a `range` pair), so
instead the validated model is walked beside the tree: wherever the model
holds a number and the file wrote a boolean, that is an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from sim.scenario.numbers import is_number

Loc = tuple[str | int, ...]


def booleans_as_numbers(value: object, node: object, loc: Loc = ()) -> Iterator[Loc]:
    """Yield the path of every number in `value` that the file `node` wrote as true/false."""
    if isinstance(node, bool):
        if is_number(value):
            yield loc
    elif isinstance(value, BaseModel) and isinstance(node, dict):
        for name in type(value).model_fields:
            if name in node:
                yield from booleans_as_numbers(getattr(value, name), node[name], (*loc, name))
    elif isinstance(value, dict) and isinstance(node, dict):
        for key, item in value.items():
            if key in node:
                yield from booleans_as_numbers(item, node[key], (*loc, key))
    elif isinstance(value, list | tuple) and isinstance(node, list):
        for index, (item, child) in enumerate(zip(value, node, strict=False)):
            yield from booleans_as_numbers(item, child, (*loc, index))
