"""The ABC maths on a cheap simulator: rejection, SMC weights and tolerances, determinism,
and recovery of known parameters (the model itself: test_calibration_recovery.py)."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest

from sim.experiments.calibration import abc, smc
from sim.experiments.calibration.abc import CalibrationError, Prior
from sim.experiments.calibration.record import Datum, distances, step_index


def toy(truth: np.ndarray):
    """Two dated 'issues' whose step depends on the first two parameters (the third is
    irrelevant); the record is what the truth gives without noise."""

    def steps(theta: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        noise = rng.normal(0, 0.3, (len(theta), 2))
        return np.round(np.column_stack([10 * theta[:, 0], 5 + 8 * theta[:, 1]]) + noise)

    record = np.round(np.array([10 * truth[0], 5 + 8 * truth[1]]))

    def simulate(theta: np.ndarray, seed: int, name: str) -> np.ndarray:
        return np.abs(steps(theta, np.random.default_rng(seed)) - record)

    return simulate


PRIOR = Prior(("a", "b", "c"), np.zeros(3), np.ones(3))


def test_smc_recovers_the_true_values_and_leaves_an_irrelevant_parameter_at_its_prior():
    truth = np.array([0.33, 0.71, 0.5])
    settings = smc.Settings(particles=300, threshold=0.5, simulations=100_000)
    outcome = smc.calibrate(PRIOR, np.zeros(2), settings, 7, toy(truth))
    assert [r.method for r in outcome.rounds][0] == "rejection"
    assert outcome.rounds[-1].method == "smc"  # acceptance at 0 from the prior is below 50 %
    assert outcome.stopped == "final tolerance reached"
    pop = outcome.population
    assert np.all(pop.tolerance == 0) and np.all(pop.distance == 0)
    for i in range(2):
        low, high = abc.weighted_quantile(pop.theta[:, i], pop.weights, [0.05, 0.95])
        assert low <= truth[i] <= high
        assert high - low < 0.3  # constrained: the prior's 90 % interval is 0.9 wide
    low, high = abc.weighted_quantile(pop.theta[:, 2], pop.weights, [0.05, 0.95])
    assert high - low > 0.7  # the record says nothing of c
    tolerances = [r.tolerance for r in outcome.rounds]
    assert all(np.all(np.array(b) <= np.array(a)) for a, b in itertools.pairwise(tolerances))


def test_rejection_alone_when_enough_draws_are_accepted():
    settings = smc.Settings(particles=100, threshold=0.05, simulations=10_000)
    outcome = smc.calibrate(PRIOR, np.array([3.0, 3.0]), settings, 1, toy(np.array([0.5, 0.5])))
    assert [r.method for r in outcome.rounds] == ["rejection"]
    assert outcome.rounds[0].simulated == 2000
    assert np.allclose(outcome.population.weights, 1 / len(outcome.population.weights))
    assert len(outcome.population.theta) == outcome.rounds[0].accepted >= 100


def test_same_seed_same_posterior_other_seed_another():
    settings = smc.Settings(particles=100, threshold=0.5, simulations=50_000)
    simulate = toy(np.array([0.2, 0.8, 0.1]))
    one = smc.calibrate(PRIOR, np.zeros(2), settings, 3, simulate)
    two = smc.calibrate(PRIOR, np.zeros(2), settings, 3, simulate)
    other = smc.calibrate(PRIOR, np.zeros(2), settings, 4, simulate)
    assert np.array_equal(one.population.theta, two.population.theta)
    assert np.array_equal(one.population.weights, two.population.weights)
    assert not np.array_equal(one.population.theta, other.population.theta)


def test_budget_stops_the_loop_and_says_so():
    settings = smc.Settings(particles=100, threshold=0.5, simulations=2100)
    outcome = smc.calibrate(PRIOR, np.zeros(2), settings, 3, toy(np.array([0.2, 0.8, 0.1])))
    assert outcome.stopped == "simulation budget reached before the final tolerance"
    assert outcome.simulated <= 2100
    assert np.any(outcome.population.tolerance > 0)


def test_importance_weights_undo_the_proposal():
    """Particles spread uniformly and moved by the kernel are weighted back to the uniform
    prior: weighted means of the proposals match the prior's."""
    rng = np.random.default_rng(0)
    old = PRIOR.sample(rng, 400)
    w = np.full(400, 1 / 400)
    scale = abc.kernel_scale(old, w, PRIOR)
    new = abc.perturb(rng, old, w, 4000, scale, PRIOR)
    assert np.all((new >= 0) & (new <= 1))
    weights = abc.importance_weights(PRIOR, new, old, w, scale)
    assert abc.effective_size(weights) > 0.3 * len(new)
    edge = (new[:, 0] < 0.1).astype(float)  # the prior puts 10 % below 0.1
    assert weights @ edge == pytest.approx(0.1, abs=0.02)


def test_tolerance_shrinks_by_at_least_one_step_and_never_below_the_final():
    distance = np.array([[3.0, 0.0], [3.0, 0.0], [3.0, 1.0]])
    weights = np.full(3, 1 / 3)
    shrunk = abc.next_tolerance(distance, weights, np.array([3.0, 1.0]), np.array([1.0, 0.0]))
    assert shrunk.tolist() == [3.0, 0.0]  # the median of the second datum is 0
    stuck = abc.next_tolerance(distance[:, :1], weights, np.array([3.0]), np.array([1.0]))
    assert stuck.tolist() == [2.0]


def test_bad_settings_and_priors_are_refused_with_the_reason():
    with pytest.raises(CalibrationError, match="particles must be at least 50"):
        smc.Settings(particles=10)
    with pytest.raises(CalibrationError, match="threshold must be in"):
        smc.Settings(threshold=0)
    with pytest.raises(CalibrationError, match="must cover at least the rejection round"):
        smc.Settings(particles=1000, threshold=0.05, simulations=5000)
    with pytest.raises(CalibrationError, match="low < high: b"):
        Prior(("a", "b"), np.zeros(2), np.array([1.0, 0.0]))
    with pytest.raises(CalibrationError, match="no simulated replicate matched"):
        abc.first_tolerance(np.full((5, 2), np.inf), np.zeros(2))


def test_steps_are_counted_in_the_scenario_unit():
    dates = np.array(["1951-07-01", "1951-07-31", "1951-08-01", "NaT"], "datetime64[D]")
    months = step_index(dates, "month", dt.date(1951, 7, 1))
    assert months[:3].tolist() == [0, 0, 1] and np.isnan(months[3])
    days = step_index(dates[:3], "day", dt.date(1951, 7, 1))
    assert days.tolist() == [0, 30, 31]


def test_distance_is_infinite_for_another_outcome_or_no_agreement():
    start = dt.date(1951, 7, 1)
    data = [Datum("line", "contact", dt.date(1951, 11, 27), "month", start),
            Datum("end", "agreement", None, "month", start)]  # fmt: skip
    table = {
        "replicate": np.array([0, 1, 2, 0, 1, 2]),
        "issue": np.array(["line"] * 3 + ["end"] * 3),
        "outcome": np.array(["contact", "parallel", "contact", "agreement", "agreement", "none"]),
        "agreement_date": np.array(
            ["1952-01-01", "1951-11-01", "NaT", "1953-07-01", "1953-07-01", "NaT"], "datetime64[D]"
        ),  # fmt: skip
    }
    found, replicates = distances(table, data)
    assert replicates.tolist() == [0, 1, 2]
    assert found[:, 0].tolist() == [2.0, np.inf, np.inf]
    assert found[:, 1].tolist() == [0.0, 0.0, np.inf]
