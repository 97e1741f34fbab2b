"""PRIM as written here: it finds a planted box, peels an input with two values by a value,
pastes back what peeling cut too far, and states a limit's quasi-p value; where the GPL
`prim` package happens to be installed, both find the same box on the same data."""

import numpy as np
import pytest

from analysis import prim


def planted(n: int = 3000, seed: int = 4):
    """Cases exactly where x0 > 0.6 and x1 < 0.5 (plus a little noise); x2 is irrelevant."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 3))
    y = ((x[:, 0] > 0.6) & (x[:, 1] < 0.5)) * 1.0
    flip = rng.random(n) < 0.02
    y[flip] = 1 - y[flip]
    return x, y


def test_the_planted_box_is_found_with_both_limits_and_not_the_third_input():
    x, y = planted()
    trajectory = prim.peel(x, y, mass_min=0.05)
    widest = next(box for box in trajectory if y[box.inside].mean() >= 0.9)
    assert widest.lows[0] == pytest.approx(0.6, abs=0.03)
    assert widest.highs[1] == pytest.approx(0.5, abs=0.03)
    assert not widest.restricted(x)[2]
    masses = [box.inside.mean() for box in trajectory[:-1]]
    assert all(a > b for a, b in zip(masses, masses[1:], strict=False))  # each peel removes runs
    assert min(masses) >= 0.05


def test_an_input_with_two_values_is_peeled_by_a_value():
    rng = np.random.default_rng(2)
    happens = (rng.random(2000) < 0.5) * 1.0
    x = np.column_stack([happens, rng.random(2000)])
    y = (happens == 0) * 1.0
    trajectory = prim.peel(x, y, mass_min=0.05)
    last = trajectory[-1]
    assert last.highs[0] == 0.0 and y[last.inside].mean() == 1.0


def test_pasting_takes_back_runs_that_raise_the_mean():
    x = np.linspace(0, 1, 1001)[:, None]
    y = (x[:, 0] >= 0.3) * 1.0
    y[x[:, 0] >= 0.5] = np.arange(int((x[:, 0] >= 0.5).sum())) % 2  # half cases past 0.5
    cut = prim.Box(np.array([0.5]), np.array([1.0]), x[:, 0] >= 0.5)
    pasted = prim.paste(x, y, cut)
    assert pasted.lows[0] == pytest.approx(0.3, abs=0.01)  # the cases from 0.3 taken back
    assert y[pasted.inside].mean() > y[cut.inside].mean()
    assert prim.paste(x, y, pasted) is pasted  # nothing more to gain


def test_a_limit_that_matters_has_a_small_quasi_p_and_one_that_does_not_a_large_one():
    x, y = planted()
    box = prim.Box(np.array([0.6, 0.0, 0.2]), np.array([1.0, 0.5, 1.0]), np.zeros(len(y), bool))
    box = prim.Box(box.lows, box.highs, prim.within(x, box.lows, box.highs))
    assert prim.quasi_p(x, y, box, 0) < 1e-10
    assert prim.quasi_p(x, y, box, 2) > 0.05


def test_the_same_box_as_the_prim_package_on_the_same_data():
    reference = pytest.importorskip("prim")  # GPL: only where it happens to be installed
    import pandas as pd

    x, y = planted()
    box = reference.Prim(pd.DataFrame(x, columns=["x0", "x1", "x2"]), y.astype(bool)).find_box()
    theirs = box.peeling_trajectory
    ours = prim.peel(x, y, mass_min=0.05)
    best = int(np.argmax(theirs["density"].to_numpy()))
    box.select(best)
    limits = box.limits
    assert len(ours) == len(theirs)  # as many peels (39 on this data)
    density = np.array([y[b.inside].mean() for b in ours])
    coverage = np.array([y[b.inside].sum() / y.sum() for b in ours])
    assert np.abs(density - theirs["density"].to_numpy()).max() < 0.03
    assert np.abs(coverage - theirs["coverage"].to_numpy()).max() < 0.03
    densest = max(ours, key=lambda b: y[b.inside].mean())
    assert y[densest.inside].mean() == pytest.approx(theirs["density"].iloc[best], abs=0.03)
    assert densest.lows[0] == pytest.approx(limits.loc["x0", "min"], abs=0.05)
    assert densest.highs[1] == pytest.approx(limits.loc["x1", "max"], abs=0.05)
