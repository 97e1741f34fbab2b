"""Rank-correlation sensitivity: known answers, and the parameter that sets a date is found."""

import numpy as np
import pytest

from analysis.sensitivity import sensitivity, spearman
from sim.runner import run


def test_spearman_known_values():
    x = np.arange(10.0)
    assert spearman(x, x**3) == pytest.approx(1.0)
    assert spearman(x, -x) == pytest.approx(-1.0)
    assert spearman(x, np.ones(10)) == 0.0


def test_the_demarcation_date_is_driven_by_washingtons_war_weariness():
    """In the model the line of contact waits on Washington (notes 60, 62): its war cost and
    conflict value rank first for the demarcation date."""
    table = run("armistice_terms", 2000, 1950).table
    ranked = sensitivity(table, "demarcation_line", top=3)
    assert {name for name, _, _ in ranked} == {
        "washington.war_payoff",
        "washington.conflict_value",
        "washington.demarcation_line.salience",
    }
    assert all(abs(with_date) > 0.3 for _, with_date, _ in ranked)
