"""Variants: a scenario with some of its numbers fixed, one per design point of a sweep.

A ``setting`` factor (:mod:`sim.experiments.factors`) is a number the model does not draw
(a loss shape, the rounds per step), so a design point that sets it gets a scenario of its
own. The variant is validated as a counterfactual would be, so a value the scenario
cannot take is refused before anything runs, saying which value and why; a factor's
range is checked the same way, with a variant at each end (:func:`check_range`).
"""

from __future__ import annotations

from collections.abc import Mapping

from sim.experiments.factors import FactorError, Parameter, catalogue, resolve
from sim.scenario import references
from sim.scenario.campaign import Campaign
from sim.scenario.paths import plain_data, set_at, walk
from sim.scenario.structure import Scenario


def with_values(
    scenario: Scenario | Campaign, settings: list[tuple[Parameter, float]]
) -> Scenario | Campaign:
    """`scenario` with each ``setting`` parameter fixed at its value (validated like a
    counterfactual); FactorError says which value the scenario does not accept."""
    if not settings:
        return scenario
    data = plain_data(scenario)
    for parameter, value in settings:
        keys, current = walk(data, parameter.path)  # resolved: it leads somewhere
        number = int(round(value)) if parameter.integer else float(value)
        if isinstance(current, dict) and "value" in current:
            set_at(data, keys, {**current, "value": number, "range": None})
        else:
            set_at(data, keys, number)
    return _validated(scenario, data, settings)


def fixed_at(scenario: Scenario | Campaign, values: Mapping[str, float]) -> Scenario | Campaign:
    """`scenario` with the number at each path fixed at its value in every replicate (an
    uncertain number loses its range), as a counterfactual's `set` would; FactorError names a
    path that leads to no number, or a value the scenario does not accept."""
    entries = catalogue(scenario)
    settings = []
    for path, value in values.items():
        parameter = resolve(scenario, path, entries)
        if parameter.kind == "occurs":
            event = parameter.path.removesuffix(".happens")
            raise FactorError(
                f"`{path}` is decided replicate by replicate; to make the event happen in every "
                f"replicate (or in none) set `{event}.probability` to 1 (or 0)"
            )
        fixed = Parameter(parameter.path, "setting", None, parameter.value, parameter.low,
                          parameter.high, parameter.source, parameter.label, parameter.integer)  # fmt: skip
        settings.append((fixed, float(value)))
    return with_values(scenario, settings)


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
        return references.checked({**data, "exercise": scenario.exercise})
    except references.Refused as refused:
        reason = str(refused)
        raise FactorError(f"{shown}: the scenario does not accept it ({reason})", reason) from None


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
