"""What an event's or a carry-over rule's change makes of the parameter it changes, checked by
the same model that checks that parameter in a scenario file (issue 24).

A counterfactual `path` that sets Washington's influence to -3 is refused ("must lie within
[0.0, 1.0]"); the same value through an event change or a campaign rule used to validate and
run. Here the parameter, with the value set, is validated again as part of its actor, so
every value a file sets meets one set of range and type checks.

A `shift` is checked the same way against the parameter as the file gives it: the actor's
parameter moved by every amount the shift can take (the low ends added, the high ends
added) must still meet the parameter's checks, so a shift of influence by -3 is refused as
a `set` of -3 is. Positions (`ideal`, `salience`) are the exception: the engine keeps a
shifted position on the 0..1 scale by design (a salience of 0.8 raised by 0.25 counts as
1.0), so a position's shift is refused only when it is larger than the whole scale, which
pins every replicate to one end whatever it started from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from sim.scenario.numbers import Uncertain
from sim.scenario.structure import Change, ScenarioActor

Problem = tuple[tuple, str]


def parameter_keys(change: Change) -> tuple[str, ...]:
    """Where the parameter a change changes sits inside its actor's data."""
    if change.field in ("ideal", "salience"):
        return ("positions", change.issue, change.field)
    if change.field == "behaviour":
        return ("profile", "behaviour", change.mechanism, change.parameter)
    if change.field == "veto":
        return ("profile", "veto", "value")
    return ("profile", change.field)


def value_problems(actor: ScenarioActor, change: Change, where: tuple) -> Iterator[Problem]:
    """The change (at `where`) if its `set` or `shift` puts the parameter out of its domain.

    A parameter the actor lacks (no such position, a mechanism switched off) yields nothing:
    the reference checks name it."""
    if change.set is None:
        yield from _shift_problems(actor, change, where)
        return
    keys = parameter_keys(change)
    data, node = _parameter_node(actor, keys)
    if node is None:
        return
    node[keys[-1]] = _set(node[keys[-1]], change.set)
    message = _first_problem(data)
    if message is not None:
        yield (
            (*where, "set"),
            f"`{change.actor}`'s {'.'.join(keys)} after this change: {message}",
        )


def _parameter_node(actor: ScenarioActor, keys: tuple[str, ...]) -> tuple[dict, dict | None]:
    """The actor's data and the mapping holding its parameter at `keys` (None when absent)."""
    data = actor.model_dump(mode="python")
    node: Any = data
    for key in keys[:-1]:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, dict) or keys[-1] not in node:
        return data, None
    return data, node


def _shift_problems(actor: ScenarioActor, change: Change, where: tuple) -> Iterator[Problem]:
    """The change's `shift` (at `where`) if the parameter moved by it leaves its domain."""
    shift = change.shift
    if not isinstance(shift, Uncertain):
        return
    keys = parameter_keys(change)
    if keys[0] == "positions":
        if shift.low < -1.0 or shift.high > 1.0:
            yield (
                (*where, "shift"),
                f"`{change.actor}`'s {'.'.join(keys)} is on the 0..1 scale: a shift must lie "
                f"within [-1.0, 1.0], got {shift.low}..{shift.high}",
            )
        return
    data, node = _parameter_node(actor, keys)
    if node is None:
        return
    node[keys[-1]] = _shifted(node[keys[-1]], shift)
    message = _first_problem(data)
    if message is not None:
        yield (
            (*where, "shift"),
            f"`{change.actor}`'s {'.'.join(keys)} after this shift: {message}",
        )


def _first_problem(data: dict) -> str | None:
    """The first message the actor model gives for `data`, or None when it is sound."""
    try:
        ScenarioActor.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        return first["msg"].removeprefix("Value error, ")
    return None


def _shifted(current: Any, shift: Uncertain) -> Any:
    """The parameter's data moved by every amount `shift` can take (its range widened by the
    shift's low and high ends; a sourced parameter keeps its source)."""
    if isinstance(current, dict):
        value = current["value"]
        low, high = current.get("range") or (value, value)
        return {
            **current,
            "value": value + shift.value,
            "range": (low + shift.low, high + shift.high),
        }
    if isinstance(current, int | float) and not isinstance(current, bool):
        return {
            "value": current + shift.value,
            "range": (current + shift.low, current + shift.high),
        }
    return current


def _set(current: Any, value: Uncertain | bool) -> Any:
    """The parameter's data with `value` set (a sourced parameter keeps its source)."""
    if not isinstance(value, Uncertain):
        return value
    new = {"value": value.value, "range": value.range}
    return {**current, **new} if isinstance(current, dict) else value.value
