"""PRIM, the Patient Rule Induction Method (Friedman and Fisher 1999), written here from the
published algorithm, so that scenario discovery needs no GPL package.

PRIM looks for a box (a lower and upper limit per input) inside which the outcome `y` is
high: for a true/false outcome, where the cases of interest are dense; for a number (a date
in days, say), where its mean is high. It works in two passes:

- **peeling**: starting from every run, remove a thin slice (`alpha` of the box's runs) from
  the low or the high end of one input, the slice whose removal raises the box's mean the
  most per run removed (the "lenient" objective of Kwakkel and Jaxa-Rozen 2016), and repeat
  while the box keeps at least `mass_min` of all runs and some slice still raises the mean.
  An input with few distinct values (an event that happens or not) loses its lowest or
  highest value when a slice would not reach past it. Each box on the way is one step of
  the peeling trajectory;
- **pasting**: from the last box, widen one limit at a time by up to `alpha` of the box's
  runs while that raises the mean (peeling is greedy and may have cut too much).

Several boxes are found in turn by covering: the runs inside a chosen box are set aside and
PRIM runs again on the rest (`remaining`). A restricted limit's quasi-p value (Bryant and
Lempert 2010) is the one-sided binomial probability of the box holding at least as many
cases as it does, were the cases as dense as in the box without that limit (true/false
outcomes only).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

ALPHA = 0.05
"""The share of a box's runs one peel or paste moves."""


@dataclass(frozen=True)
class Box:
    """One box: its limits per input and which runs are inside."""

    lows: np.ndarray
    highs: np.ndarray
    inside: np.ndarray

    def restricted(self, x: np.ndarray) -> np.ndarray:
        """Which inputs the box limits (narrower than the data given to PRIM)."""
        return (self.lows > x.min(axis=0)) | (self.highs < x.max(axis=0))


def within(x: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> np.ndarray:
    """The runs of `x` inside the limits."""
    return ((x >= lows) & (x <= highs)).all(axis=1)


def peel(x: np.ndarray, y: np.ndarray, mass_min: float, alpha: float = ALPHA) -> list[Box]:
    """The peeling trajectory over inputs `x` (runs, inputs) for outcome `y` (runs,), from the
    box of every run; the last step pasted when pasting raises its mean."""
    n = y.size
    box = Box(x.min(axis=0), x.max(axis=0), np.ones(n, dtype=bool))
    trajectory = [box]
    while True:
        best = _best_peel(x, y, box, mass_min * n, alpha)
        if best is None:
            break
        box = best
        trajectory.append(box)
    pasted = paste(x, y, trajectory[-1], alpha)
    if pasted is not trajectory[-1]:
        trajectory.append(pasted)
    return trajectory


def _best_peel(x, y, box: Box, least: float, alpha: float) -> Box | None:
    """The peel that raises the box's mean the most per run removed, keeping at least
    `least` runs; None when none raises it."""
    inside = np.flatnonzero(box.inside)
    mean = y[inside].mean()
    best, gain = None, 0.0
    for j in range(x.shape[1]):
        values = x[inside, j]
        for lower in (True, False):
            limit = _peel_limit(values, alpha, lower)
            if limit is None:
                continue
            kept = values >= limit if lower else values <= limit
            count = int(kept.sum())
            if count < least or count == inside.size:
                continue
            rise = (y[inside][kept].mean() - mean) / (inside.size - count)
            if rise > gain:
                lows, highs = box.lows.copy(), box.highs.copy()
                (lows if lower else highs)[j] = limit
                mask = np.zeros_like(box.inside)
                mask[inside[kept]] = True
                best, gain = Box(lows, highs, mask), rise
    return best


def _peel_limit(values: np.ndarray, alpha: float, lower: bool) -> float | None:
    """The new limit of a peel from the low (or high) end: at the `alpha` quantile, or past
    the lowest (highest) value when the quantile does not reach beyond it; None when the
    input has one value left."""
    low, high = values.min(), values.max()
    if low == high:
        return None
    if lower:
        limit = np.quantile(values, alpha, method="lower")
        return float(limit) if limit > low else float(values[values > low].min())
    limit = np.quantile(values, 1 - alpha, method="higher")
    return float(limit) if limit < high else float(values[values < high].max())


def paste(x: np.ndarray, y: np.ndarray, box: Box, alpha: float = ALPHA) -> Box:
    """`box` widened one limit at a time while that raises its mean (the same box if no
    widening does)."""
    while True:
        mean = y[box.inside].mean()
        best, best_mean = None, mean
        for j in range(x.shape[1]):
            others = np.delete(np.arange(x.shape[1]), j)
            fits = within(x[:, others], box.lows[others], box.highs[others])
            for lower in (True, False):
                widened = _paste_limit(x[:, j], fits & ~box.inside, box, j, alpha, lower)
                if widened is None:
                    continue
                lows, highs = box.lows.copy(), box.highs.copy()
                (lows if lower else highs)[j] = widened
                inside = within(x, lows, highs)
                if y[inside].mean() > best_mean:
                    best, best_mean = Box(lows, highs, inside), y[inside].mean()
        if best is None:
            return box
        box = best


def _paste_limit(column, candidates, box: Box, j: int, alpha: float, lower: bool):
    """How far the limit of input `j` moves to take in about `alpha` of the box's runs just
    outside it; None when there are none."""
    side = column < box.lows[j] if lower else column > box.highs[j]
    values = np.sort(column[candidates & side])
    if values.size == 0:
        return None
    take = max(int(np.ceil(alpha * box.inside.sum())), 1)
    return float(values[::-1][:take].min() if lower else values[:take].max())


def quasi_p(x: np.ndarray, y: np.ndarray, box: Box, j: int) -> float:
    """The quasi-p value of input `j`'s limits in `box` for a true/false `y` (Bryant and
    Lempert 2010): how likely the box's cases were, at the density of the box without them."""
    lows, highs = box.lows.copy(), box.highs.copy()
    lows[j], highs[j] = x[:, j].min(), x[:, j].max()
    wider = within(x, lows, highs)
    density = y[wider].mean()
    cases, runs = int(y[box.inside].sum()), int(box.inside.sum())
    return float(stats.binom.sf(cases - 1, runs, density))
