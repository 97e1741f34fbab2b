"""Vectorised approximate Bayesian computation: rejection, then sequential Monte Carlo.

Pure numpy/scipy, no simulation and no I/O: the calibration (:mod:`.run`) simulates whole
populations as one ensemble each and hands the distances here.

- The prior is uniform on each parameter's range (the article's uncertainty, as the engine
  draws it).
- Acceptance: a replicate is accepted at tolerance `eps` (one whole number of steps per
  datum) when every outcome matches the record and every date lies within its datum's
  tolerance (`accepted`).
- ABC-SMC (Toni et al. 2009, Beaumont et al. 2009): a new particle is an old one drawn by
  weight and moved by a Gaussian kernel whose variance is twice the weighted variance of the
  population, component by component as Beaumont et al. did, truncated to the prior's range
  (`perturb`), and weighted by prior / kernel mixture with each truncated kernel's exact
  normalising constant (`importance_weights`). Component by component because a correlated
  Gaussian truncated to a box in 45 dimensions has no closed-form constant per particle;
  a first version moved particles with the full covariance in logit coordinates of the
  ranges and its weights collapsed (effective size 2 of 1000): in 45 mostly unconstrained
  dimensions the logistic prior and the wider kernel mixture disagree in every coordinate.
- Tolerances shrink datum by datum to the weighted quantile `QUANTILE` of the population's
  distances, never below the final tolerance and always by at least one step
  (`next_tolerance`), so the acceptance regions are nested.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp, ndtr
from scipy.stats import truncnorm

QUANTILE = 0.5
"""Each round's tolerance is this weighted quantile of the last population's distances."""


class CalibrationError(ValueError):
    """Settings or data a calibration cannot work with; the message says which and why."""


@dataclass(frozen=True)
class Prior:
    """Independent uniform priors: one row per parameter (its dotted path and range)."""

    paths: tuple[str, ...]
    low: np.ndarray
    high: np.ndarray

    def __post_init__(self) -> None:
        if len(self.paths) == 0:
            raise CalibrationError("no uncertain parameter to calibrate: every number is fixed")
        if not (np.all(np.isfinite(self.low)) and np.all(self.high > self.low)):
            bad = [p for p, lo, hi in zip(self.paths, self.low, self.high, strict=True)
                   if not lo < hi]  # fmt: skip
            raise CalibrationError(f"a prior range must have low < high: {', '.join(bad)}")

    @property
    def size(self) -> int:
        return len(self.paths)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """(n, parameters) independent draws from the prior."""
        return self.low + (self.high - self.low) * rng.random((n, self.size))

    @property
    def width(self) -> np.ndarray:
        return self.high - self.low


def accepted(distance: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """Which replicates (rows of (replicates, data) distances) lie within every datum's
    tolerance; an outcome that differs is an infinite distance, never accepted."""
    return np.all(distance <= tolerance, axis=1)


def kernel_scale(theta: np.ndarray, weights: np.ndarray, prior: Prior) -> np.ndarray:
    """Each component's kernel standard deviation: the square root of twice the weighted
    variance of the particles (never below a millionth of the range)."""
    mean = weights @ theta
    variance = weights @ (theta - mean) ** 2 / (1.0 - np.sum(weights**2))
    return np.maximum(np.sqrt(2.0 * variance), 1e-6 * prior.width)


def _bounds(centres: np.ndarray, scale: np.ndarray, prior: Prior) -> tuple[np.ndarray, np.ndarray]:
    """The prior's range in standard units of each kernel centred at `centres`."""
    return (prior.low - centres) / scale, (prior.high - centres) / scale


def perturb(
    rng: np.random.Generator, theta: np.ndarray, weights: np.ndarray, n: int,
    scale: np.ndarray, prior: Prior,
) -> np.ndarray:  # fmt: skip
    """`n` proposals: particles drawn by weight, each component moved by a normal of sd
    `scale` truncated to the prior's range."""
    centres = theta[rng.choice(len(theta), size=n, p=weights)]
    low, high = _bounds(centres, scale, prior)
    moved = truncnorm.rvs(low, high, loc=centres, scale=scale, random_state=rng)
    return np.clip(moved, prior.low, prior.high)


def importance_weights(
    prior: Prior, new: np.ndarray, old: np.ndarray, old_weights: np.ndarray, scale: np.ndarray
) -> np.ndarray:
    """Normalised weights prior(new) / sum_j w_j K(new | old_j); the prior is uniform, so the
    weight is 1 / mixture. Each K is a product of truncated normals with its own constant."""
    low, high = _bounds(old, scale, prior)
    log_mass = np.sum(
        np.log(np.maximum(ndtr(high) - ndtr(low), 1e-300)), axis=1
    )  # per old particle
    a, b = new / scale, old / scale
    squared = (a**2).sum(1)[:, None] + (b**2).sum(1)[None, :] - 2.0 * a @ b.T
    log_kernel = -0.5 * np.maximum(squared, 0.0) - log_mass[None, :]
    log_weight = -logsumexp(log_kernel, b=old_weights[None, :], axis=1)
    log_weight -= log_weight.max()
    weights = np.exp(log_weight)
    return weights / weights.sum()


def effective_size(weights: np.ndarray) -> float:
    """Kish's effective sample size of normalised weights."""
    return float(1.0 / np.sum(weights**2))


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float | np.ndarray) -> np.ndarray:
    """Quantiles of a weighted sample (the inverse of its weighted distribution function)."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    cumulative /= cumulative[-1]
    index = np.searchsorted(cumulative, np.atleast_1d(q), side="left")
    return values[order][np.minimum(index, len(values) - 1)]


def first_tolerance(distance: np.ndarray, final: np.ndarray, share: float = 0.9) -> np.ndarray:
    """The tolerance of a first SMC population from prior draws: per datum, the `share`
    quantile of the distances of draws whose outcomes all match (never below the final)."""
    matched = distance[np.all(np.isfinite(distance), axis=1)]
    if len(matched) == 0:
        raise CalibrationError(
            "no simulated replicate matched every recorded outcome: the record lies outside "
            "what the prior can produce (or give more --simulations)"
        )
    return np.maximum(final, np.floor(np.quantile(matched, share, axis=0)))


def next_tolerance(
    distance: np.ndarray, weights: np.ndarray, current: np.ndarray, final: np.ndarray
) -> np.ndarray:
    """Shrink each datum's tolerance to the weighted `QUANTILE` of the population's distances,
    within [final, current]; if none moves, lower the one furthest above its final by a step."""
    quantile = np.array([weighted_quantile(distance[:, i], weights, QUANTILE)[0]
                         for i in range(distance.shape[1])])  # fmt: skip
    shrunk = np.clip(np.floor(quantile), final, current)
    if np.all(shrunk == current) and np.any(current > final):
        furthest = int(np.argmax(current - final))
        shrunk[furthest] = max(final[furthest], current[furthest] - 1)
    return shrunk
