"""Which uncertain parameters matter: rank correlations over a run's own replicates.

Each replicate drew its parameters from their ranges (the `draw:` columns), so a
run is already a Monte Carlo sample of the parameter space. Spearman's rank
correlation between a parameter and an outcome measure is a cheap global
sensitivity measure: it needs no extra runs and captures monotone effects.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from sim.results import Table


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation (ties averaged; 0 when either side is constant)."""
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return 0.0
    return float(stats.spearmanr(x, y).statistic)


def agreement_day(table: Table, rows: np.ndarray) -> np.ndarray:
    """Days from the first agreement to each replicate's agreement; no agreement ranks last."""
    dates = table["agreement_date"][rows]
    days = dates.astype("datetime64[D]").astype("int64").astype(float)
    agreed = ~np.isnat(dates)
    latest = days[agreed].max() + 1 if agreed.any() else 0.0
    return np.where(agreed, days, latest)


def correlations(table: Table, issue: str) -> dict[str, dict[str, float]]:
    """Every drawn parameter's rank correlation with the issue's agreement date and with the
    agreed position: ``{"date": {parameter: rho}, "outcome": {parameter: rho}}``."""
    rows = table["issue"] == issue
    day = agreement_day(table, rows)
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
