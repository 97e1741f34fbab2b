"""Recovery: a synthetic "history" made by the model at chosen values is calibrated back, and
the chosen values lie inside the 90 % posterior interval of every parameter it constrains."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from sim.engine.fixed_draws import DesignModel
from sim.engine.lifetime import run_to_end
from sim.experiments.calibration import smc
from sim.experiments.calibration.abc import weighted_quantile
from sim.experiments.calibration.folder import read_posterior
from sim.experiments.calibration.record import step_index
from sim.experiments.calibration.run import calibrate, prior_of
from sim.scenario.calendar import step_date
from sim.scenario.loader import load_scenario
from sim.scenario.structure import Historical

CHOSEN = {"actors.washington.profile.war_payoff": 0.1}
"""Values chosen away from the centre, as a share of their range (the rest at the centre)."""


def synthetic(scenario_id: str, replicates: int = 400):
    """The scenario with its record replaced by what the model does at the chosen values: each
    issue's most common outcome, dated at the median step of the runs that reach it."""
    scenario = load_scenario(scenario_id)
    prior, described = prior_of(scenario)
    truth = (prior.low + prior.high) / 2
    for path, share in CHOSEN.items():
        i = prior.paths.index(path)
        truth[i] = prior.low[i] + share * (prior.high[i] - prior.low[i])
    fixed = {d["draw"]: np.full(replicates, v) for d, v in zip(described, truth, strict=True)}
    table, _ = run_to_end(DesignModel(scenario, replicates, 11, fixed))
    record = {}
    for issue in scenario.issues:
        rows = table["issue"] == issue
        outcome = Counter(table["outcome"][rows].tolist()).most_common(1)[0][0]
        dates = table["agreement_date"][rows][table["outcome"][rows] == outcome]
        step = int(np.median(step_index(dates, scenario.time.step, scenario.time.start)))
        record[issue] = Historical(
            outcome=outcome, date=step_date(scenario.time.start, scenario.time.step, step)
        )
    return scenario.model_copy(update={"historical": record}), truth


def check_recovered(folder, truth: np.ndarray) -> list[str]:
    """The constrained parameters (90 % interval under 90 % of the prior's); asserts each holds
    its true value."""
    posterior = read_posterior(folder)
    constrained = []
    for j, entry in enumerate(posterior.manifest["prior"]):
        low, high = weighted_quantile(posterior.theta[:, j], posterior.weights, [0.05, 0.95])
        if high - low < 0.9 * 0.9 * (entry["high"] - entry["low"]):
            constrained.append(entry["path"])
            assert low <= truth[j] <= high, (entry["path"], low, truth[j], high)
    return constrained


def test_known_values_are_recovered(tmp_path):
    scenario, truth = synthetic("talks_1951_53")
    settings = smc.Settings(particles=200, threshold=0.1, simulations=40_000)
    calibrate(scenario, "synthetic", tmp_path / "posterior", seed=5, settings=settings)
    constrained = check_recovered(tmp_path / "posterior", truth)
    assert "actors.washington.profile.war_payoff" in constrained


@pytest.mark.slow
def test_known_values_are_recovered_through_smc_rounds(tmp_path):
    scenario, truth = synthetic("talks_1951_53")
    settings = smc.Settings(particles=1000, threshold=0.5, simulations=200_000)
    posterior = calibrate(scenario, "synthetic", tmp_path / "p", seed=6, settings=settings)
    assert posterior.manifest["rounds"][-1]["method"] == "smc"
    assert "actors.washington.profile.war_payoff" in check_recovered(tmp_path / "p", truth)
