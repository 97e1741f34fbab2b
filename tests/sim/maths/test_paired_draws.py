"""Paired draws (issue 19, item 6): every drawn quantity has its own stream, keyed by its name
and the one user seed, so a counterfactual shares every other random number with its base."""

from __future__ import annotations

import numpy as np

from sim.engine.model import AllianceModel
from sim.engine.runner import run
from sim.maths.draws import ParameterDraws
from sim.scenario.loader import load_scenario
from sim.scenario.numbers import Uncertain


def _draw_columns(table: dict[str, np.ndarray]) -> dict[str, bytes]:
    return {name: values.tobytes() for name, values in table.items() if name.startswith("draw:")}


def test_switching_a_mechanism_off_leaves_every_other_draw_byte_identical():
    base = run("pow_repatriation", 300, seed=7).table
    without = run("scenarios/counterfactuals/pow_no_soviet_arms.yaml", 300, seed=7).table
    base_draws, other_draws = _draw_columns(base), _draw_columns(without)
    removed = {name for name in base_draws if ".arms_supply." in name}
    assert removed  # the switched-off mechanism's own draws are gone ...
    assert set(other_draws) == set(base_draws) - removed
    for name, values in other_draws.items():  # ... and no other draw moved
        assert values == base_draws[name], name


def test_a_draw_depends_on_its_name_and_the_seed_not_on_what_was_drawn_before():
    number = Uncertain(value=0.5, range=(0.0, 1.0))
    first = ParameterDraws(11, 5)
    first("a", number)
    alone = ParameterDraws(11, 5)
    assert np.array_equal(first("b", number), alone("b", number))
    assert not np.array_equal(alone("a", number), alone("b", number))
    assert not np.array_equal(ParameterDraws(12, 5)("b", number), alone("b", number))


def test_the_logit_noise_of_the_rounds_does_not_depend_on_the_parameters_drawn():
    scenario = load_scenario("pow_repatriation")
    noise = [
        AllianceModel(scenario, 4, seed=3, uncertainty=u).round_noise.random(4)
        for u in (True, False)
    ]
    assert np.array_equal(*noise)
