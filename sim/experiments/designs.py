"""Design matrices: which values each design point gives the factors.

Every design is drawn from a Generator seeded from the one user seed (its own
stream, apart from the chunks' seeds), so a sweep is fixed by its file and seed.

- ``grid``: the full factorial of `levels` evenly spaced values per factor
  (the first factor varies slowest).
- ``lhs``: a Latin hypercube of `points` points (scipy.stats.qmc).
- ``sobol``: the first `points` points of a scrambled Sobol' sequence
  (scipy.stats.qmc; `points` a power of 2 keeps its balance).
- ``saltelli``: SALib's Saltelli sampler for first-order and total Sobol'
  indices: `points` base samples give ``points * (factors + 2)`` design points.
- ``morris``: SALib's Morris sampler: `points` trajectories of ``factors + 1``
  points on a 4-level grid.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

DESIGNS = ("grid", "lhs", "sobol", "saltelli", "morris")
DEFAULT_LEVELS = 5
"""Grid levels of a factor that gives none."""
MORRIS_LEVELS = 4
DESIGN_STREAM = 0x5EED_DE51
"""Spawn key of the design's seed stream (the chunks take 0, 1, 2, ...)."""


class DesignError(ValueError):
    """A design that cannot be built as asked."""


def design_rng(seed: int) -> np.random.Generator:
    """The design's Generator: from the user seed, on a stream no chunk uses."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(DESIGN_STREAM,)))


def points_of(kind: str, factors: int, points: int | None, levels: Sequence[int]) -> int:
    """How many design points the design has (checked like :func:`matrix`, without building it)."""
    check(kind, factors, points, levels)
    if kind == "grid":  # Python's integers: numpy's int64 wraps past 2**63 (4 x 65,536 levels: 0)
        return math.prod(int(n) for n in levels)
    assert points is not None
    return {
        "saltelli": points * (factors + 2),
        "morris": points * (factors + 1),
    }.get(kind, points)


def check(kind: str, factors: int, points: int | None, levels: Sequence[int]) -> None:
    """DesignError for a design that cannot be built: unknown kind, missing or bad sizes."""
    if kind not in DESIGNS:
        raise DesignError(f"unknown design `{kind}` (choose from {', '.join(DESIGNS)})")
    if factors < 1:
        raise DesignError("a design needs at least one factor")
    if kind == "grid":
        if points is not None:
            raise DesignError(
                "a grid's size is its levels (PATH=LO:HI:N); --points is for lhs, sobol, "
                "saltelli and morris"
            )
        return
    if points is None:
        what = {"saltelli": "base samples N", "morris": "trajectories"}.get(kind, "design points")
        raise DesignError(f"design `{kind}` needs --points (how many {what}), e.g. --points 64")
    if points < 2:
        raise DesignError(f"must be at least 2, got {points}")
    if kind in ("sobol", "saltelli") and points & (points - 1):
        below = 1 << (points.bit_length() - 1)
        raise DesignError(
            f"design `{kind}` needs --points a power of 2 (the Sobol' sequence keeps its "
            f"balance only then), got {points}; try {below} or {below * 2}"
        )


def matrix(
    kind: str,
    bounds: Sequence[tuple[float, float]],
    seed: int,
    points: int | None = None,
    levels: Sequence[int] = (),
) -> np.ndarray:
    """The (design points, factors) matrix of values for factors with `bounds` (low, high)."""
    factors = len(bounds)
    levels = list(levels) or [DEFAULT_LEVELS] * factors
    check(kind, factors, points, levels)
    low = np.array([b[0] for b in bounds], dtype=float)
    high = np.array([b[1] for b in bounds], dtype=float)
    if kind == "grid":
        axes = [np.linspace(lo, hi, n) for lo, hi, n in zip(low, high, levels, strict=True)]
        return np.array(list(itertools.product(*axes)), dtype=float).reshape(-1, factors)
    rng = design_rng(seed)
    if kind in ("lhs", "sobol"):
        from scipy.stats import qmc

        engine = (
            qmc.LatinHypercube(d=factors, rng=rng)
            if kind == "lhs"
            else qmc.Sobol(d=factors, scramble=True, rng=rng)
        )
        return qmc.scale(engine.random(points), low, high) if factors else engine.random(points)
    problem = salib_problem(bounds)
    if kind == "saltelli":
        from SALib.sample import sobol

        return sobol.sample(problem, points, calc_second_order=False, scramble=True, seed=rng)
    from SALib.sample import morris

    return morris.sample(problem, points, num_levels=MORRIS_LEVELS, seed=rng)


def salib_problem(
    bounds: Sequence[tuple[float, float]], names: Sequence[str] | None = None
) -> dict:
    """SALib's problem dict for factors with `bounds`."""
    names = list(names) if names is not None else [f"x{i}" for i in range(len(bounds))]
    return {"num_vars": len(bounds), "names": names, "bounds": [list(b) for b in bounds]}
