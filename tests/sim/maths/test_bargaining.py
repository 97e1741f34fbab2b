"""Properties of the pure bargaining functions (hypothesis over arrays)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.maths import bargaining as bg

unit = st.floats(0.0, 1.0, allow_nan=False)
R = 16


@given(
    arrays(float, R, elements=unit),
    arrays(float, R, elements=unit),
    arrays(float, R, elements=unit),
)
def test_risk_limits_are_probabilities(own, other, conflict):
    limits = bg.risk_limits(own, other, conflict)
    assert np.all((limits >= 0) & (limits <= 1))


@given(
    arrays(float, R, elements=st.floats(0.3, 1.0)),
    arrays(float, R, elements=st.floats(0.3, 1.0)),
    arrays(float, R, elements=st.floats(0.3, 1.0)),
    arrays(float, R, elements=st.floats(0.3, 1.0)),
    arrays(float, R, elements=st.floats(0.0, 0.29)),
    arrays(float, R, elements=st.floats(0.0, 0.29)),
)
def test_harsanyi_smaller_risk_limit_means_smaller_nash_product(u1d1, u1d2, u2d2, u2d1, c1, c2):
    """Harsanyi (1956): r1 < r2 exactly when the Nash product of 1's demand is below 2's."""
    u1_own, u1_other = np.maximum(u1d1, u1d2), np.minimum(u1d1, u1d2)
    u2_own, u2_other = np.maximum(u2d2, u2d1), np.minimum(u2d2, u2d1)
    r1 = bg.risk_limits(u1_own, u1_other, c1)
    r2 = bg.risk_limits(u2_own, u2_other, c2)
    n_d1 = (u1_own - c1) * (u2_other - c2)
    n_d2 = (u1_other - c1) * (u2_own - c2)
    clear = ~np.isclose(r1, r2) & ~np.isclose(n_d1, n_d2)
    assert np.array_equal((r1 < r2)[clear], (n_d1 < n_d2)[clear])


@given(arrays(float, R, elements=unit), arrays(float, R, elements=unit))
def test_utilities_peak_at_the_ideal_and_stay_in_range(ideal, salience):
    positions = np.linspace(0, 1, 11)
    u = bg.utilities(positions, ideal, salience, 2.0)
    assert np.all(u <= 1.0 + 1e-12) and np.all(u >= 1.0 - salience[:, None] - 1e-12)
    nearest = np.abs(positions[None, :] - ideal[:, None]).argmin(axis=1)
    assert np.allclose(bg.pick(u, nearest), u.max(axis=1))


@given(
    arrays(float, (R, 7), elements=unit),
    arrays(float, (R, 7), elements=unit),
    arrays(float, R, elements=unit),
    arrays(float, R, elements=unit),
)
def test_nash_solution_lies_in_the_zone(u1, u2, d1, d2):
    best = bg.nash_solution(u1, u2, d1, d2)
    inside = (u1 >= d1[:, None]) & (u2 >= d2[:, None])
    assert np.array_equal(best >= 0, inside.any(axis=1))
    rows = np.flatnonzero(best >= 0)
    assert np.all(inside[rows, best[rows]])


def test_fully_rational_zeuthen_concedes_the_smaller_risk_limit():
    r1, r2 = np.array([0.2, 0.8, 0.5, 0.2]), np.array([0.4, 0.3, 0.5, 0.9])
    can1, can2 = np.array([True, True, True, False]), np.ones(4, dtype=bool)
    first, second = bg.concessions(r1, r2, None, np.zeros(4), can1, can2)
    assert first.tolist() == [True, False, True, False]
    assert second.tolist() == [False, True, False, True]  # the last: party 1 cannot move


def test_logit_concessions_follow_the_risk_gap():
    rng = np.random.default_rng(0)
    n = 20_000
    r1, r2, can = np.full(n, 0.2), np.full(n, 0.6), np.ones(n, dtype=bool)
    first, second = bg.concessions(r1, r2, np.full(n, 5.0), rng.random(n), can, can)
    expected = 1 / (1 + np.exp(-5.0 * 0.4))
    assert abs(first.mean() - expected) < 0.02
    assert np.array_equal(first, ~second)
