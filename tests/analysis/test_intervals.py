"""The estimates of a comparison against hand-computed values: Wilson shares, medians with
never as +inf, and the paired bootstrap of a median shift."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from analysis.intervals import (
    agreed_by_day,
    distinct_pairs,
    median_day,
    median_shift,
    weighted_median,
    wilson,
)
from analysis.measures import day_numbers


def test_wilson_interval_matches_hand_computed_values():
    # p = 3/10: centre (0.3 + z²/20) / (1 + z²/10), half-width z √(0.021 + z²/400) / (1 + z²/10)
    assert wilson(3, 10) == pytest.approx((0.3, 0.10779, 0.60322), abs=1e-5)
    assert wilson(2, 4) == pytest.approx((0.5, 0.15004, 0.84996), abs=1e-5)
    assert wilson(0, 10) == pytest.approx((0.0, 0.0, 0.27753), abs=1e-5)
    assert wilson(10, 10) == pytest.approx((1.0, 0.72247, 1.0), abs=1e-5)


@given(st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_holds_the_share_inside_zero_and_one(counts):
    share, low, high = wilson(*counts)
    assert 0.0 <= low <= share <= high <= 1.0


@given(
    arrays("float64", st.integers(1, 12), elements=st.sampled_from([0.0, 1.0, 5.0, 9.0, np.inf])),
    st.lists(st.integers(0, 6), min_size=12, max_size=12),
)
def test_weighted_median_equals_the_median_of_the_repeated_values(values, weights):
    counts = np.array(weights[: values.size])
    if counts.sum() == 0:
        counts[0] = 1
    expanded = np.repeat(values, counts)
    assert weighted_median(values, counts[None, :])[0] == median_day(expanded)


def test_median_shift_of_a_constant_delay_is_exact_and_pairs_replicates():
    base = np.array([0.0, 30, 60, 90, 120, np.inf])
    shift, low, high = median_shift(base, base + 30, np.random.default_rng(1), resamples=500)
    assert (shift, low, high) == (30.0, 30.0, 30.0)


def test_median_shift_is_infinite_when_the_counterfactual_median_is_never_reached():
    base = np.array([0.0, 10, 20, 30])
    never = np.array([0.0, np.inf, np.inf, np.inf])
    shift, low, high = median_shift(base, never, np.random.default_rng(1), resamples=200)
    assert shift == math.inf and high == math.inf


def test_median_shift_bootstrap_agrees_with_resampling_replicate_indices():
    """The multinomial shortcut has the distribution of the textbook paired bootstrap."""
    rng = np.random.default_rng(5)
    base = rng.choice([0.0, 30, 61, 91, np.inf], size=400, p=[0.2, 0.3, 0.2, 0.2, 0.1])
    cf = base + rng.choice([0.0, 30, 61], size=400)
    _, low, high = median_shift(base, cf, np.random.default_rng(2), resamples=4000)
    picks = np.random.default_rng(3).integers(0, 400, size=(4000, 400))
    naive = np.array([median_day(cf[i]) - median_day(base[i]) for i in picks])
    assert abs(low - np.quantile(naive, 0.025, method="inverted_cdf")) <= 31
    assert abs(high - np.quantile(naive, 0.975, method="inverted_cdf")) <= 31


@given(
    arrays("float64", st.integers(0, 60), elements=st.sampled_from([-5.0, 0.0, 3.0, 7.0, np.inf])),
    st.randoms(use_true_random=False),
)
def test_distinct_pairs_are_those_of_unique_rows(first, random):
    second = np.array(random.choices([0.0, 2.0, 7.0, np.inf], k=first.size))
    pairs, counts = distinct_pairs(first, second)
    expected = np.unique(np.stack([first, second], axis=1), axis=0, return_counts=True)
    if first.size == 0:
        assert pairs.shape == (0, 2) and counts.size == 0
    else:
        assert np.array_equal(pairs, expected[0]) and np.array_equal(counts, expected[1])


def test_agreement_by_a_date_counts_that_day_and_never_counts_as_not():
    dates = np.array(["1953-05-01", "1953-06-04", "1953-07-01", "NaT"], "datetime64[D]")
    assert agreed_by_day(day_numbers(dates), np.datetime64("1953-06-04")) == wilson(2, 4)
