"""Which uncertain parameters matter: rank correlations over a run's own replicates.

Each replicate drew its parameters from their ranges (the `draw:` columns), so a
run is already a Monte Carlo sample of the parameter space. Spearman's rank
correlation between a parameter and an outcome measure is a cheap global
sensitivity measure: it needs no extra runs and captures monotone effects. Over a sweep's runs
(`rank_correlations`) the same measure ranks its factors, with an interval and a check that
half the design points give the same.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from analysis.measures import day_numbers
from sim.engine.results import Table


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation (ties averaged; 0 when either side is constant).

    Only ranks count, so a never (+inf) in `y` simply ranks last."""
    if _constant(x) or _constant(y):
        return 0.0
    return float(stats.spearmanr(x, y).statistic)


def _constant(values: np.ndarray) -> bool:
    """Every value the same (+inf included, where `np.ptp` would give nan)."""
    return bool(np.all(values == values[0]))


def correlations(table: Table, issue: str) -> dict[str, dict[str, float]]:
    """Every drawn parameter's rank correlation with the issue's agreement date (no agreement
    counts as never, ranked last) and with the agreed position (no agreement ranked first):
    ``{"date": {parameter: rho}, "outcome": {parameter: rho}}``."""
    rows = table["issue"] == issue
    day = day_numbers(table["agreement_date"][rows])
    position = np.nan_to_num(table["position"][rows], nan=-1.0)
    result: dict[str, dict[str, float]] = {"date": {}, "outcome": {}}
    for name in (c for c in table if c.startswith("draw:")):
        values, parameter = table[name][rows], name.removeprefix("draw:")
        result["date"][parameter] = round(spearman(values, day), 4)
        result["outcome"][parameter] = round(spearman(values, position), 4)
    return result


def sensitivity(table: Table, issue: str, top: int = 8) -> list[tuple[str, float, float]]:
    """The `top` parameters by strongest rank correlation with the agreement date or position.

    Returns (parameter, rho with agreement date, rho with agreed position) sorted by the
    larger of the two in absolute value.
    """
    rho = correlations(table, issue)
    results = [(name, rho["date"][name], rho["outcome"][name]) for name in rho["date"]]
    results.sort(key=lambda row: -max(abs(row[1]), abs(row[2])))
    return results[:top]


CONFIDENCE = 0.95
STABLE = 0.05
"""A rank correlation is stable when half the design points give it within this."""
HALF_STREAM = 0x5A1F


def rank_interval(rho: float, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The interval of a Spearman correlation over `n` runs: Fisher's z with Bonett and
    Wright's (2000) variance (1 + rho^2 / 2) / (n - 3); (nan, nan) under 4 runs."""
    if n < 4:
        return math.nan, math.nan
    z = math.atanh(max(min(rho, 0.999999), -0.999999))
    half = stats.norm.ppf(0.5 + confidence / 2) * math.sqrt((1 + rho * rho / 2) / (n - 3))
    return math.tanh(z - half), math.tanh(z + half)


def rank_correlations(table: Table, issue: str, factors: dict[str, str], seed: int) -> dict:
    """Each factor's (path -> its column) rank correlation with the issue's agreement date and
    agreed position over every run, with its interval; and the convergence check: the largest
    move of any correlation between a seeded random half of the design points and all of them."""
    rows = table["issue"] == issue
    measures = {
        "date": day_numbers(table["agreement_date"][rows]),
        "outcome": np.nan_to_num(table["position"][rows], nan=-1.0),
    }
    point = table["point"][rows]
    points = np.unique(point)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(HALF_STREAM,)))
    half = np.isin(point, rng.choice(points, size=max(points.size // 2, 1), replace=False))
    found: dict[str, dict] = {}
    moves = []
    for path, column in factors.items():
        x = table[column][rows]
        entry = {}
        for measure, y in measures.items():
            rho = spearman(x, y)
            low, high = rank_interval(rho, int(x.size))
            from_half = spearman(x[half], y[half])
            moves.append(abs(rho - from_half))
            entry[measure] = {"rho": round(rho, 4), "low": round(low, 4), "high": round(high, 4),
                              "half": round(from_half, 4)}  # fmt: skip
        found[path] = entry
    change = max(moves, default=0.0)
    return {
        "factors": found,
        "convergence": {"half_runs": int(half.sum()), "max_change": round(change, 4),
                        "stable": bool(change <= STABLE)},
    }  # fmt: skip
