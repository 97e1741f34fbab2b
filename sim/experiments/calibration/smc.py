"""The ABC loop: a rejection round over prior draws, then SMC rounds until the final
tolerance, each population simulated as one ensemble by a `simulate` callable.

The loop is deterministic given the seed: every random number comes from a stream spawned
from the seed and the (round, batch) it serves, and batch sizes depend only on earlier
results. So a calibration interrupted and resumed replays the same batches, finding the
finished ones on disk (:mod:`.populations`), and the result never depends on the workers.

The rejection round draws `particles / threshold` parameter vectors from the prior. If at
least `particles` of them (a share of at least `threshold`) lie within the final tolerance,
they are the posterior (plain rejection ABC, exact at that tolerance). Otherwise the round's
draws seed ABC-SMC (:mod:`.abc`): tolerances shrink round by round until the final one, or
until the simulation budget or the minimum acceptance stops the loop, which is recorded.
The default threshold and why: :attr:`Settings.threshold`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from sim.experiments.calibration import abc
from sim.experiments.calibration.abc import CalibrationError, Prior

STREAM = 0xCA11B8
"""First word of the spawn key of the calibration's own random streams."""
MIN_BATCH = 2000
"""The fewest replicates an SMC batch simulates (smaller ones waste the workers)."""

Simulate = Callable[[np.ndarray, int, str], np.ndarray]
"""(parameter vectors (n, parameters), seed, batch name) -> distances (n, data)."""


@dataclass(frozen=True)
class Settings:
    """How a calibration runs; recorded in its manifest (a resume must use the same)."""

    particles: int = 1000
    """Accepted parameter vectors per population."""
    threshold: float = 0.01
    """Below this acceptance at the final tolerance, the rejection round is followed by SMC.

    1 %: above it, the rejection round of particles / threshold draws (100,000 by default,
    about half a minute on two cores for the talks) is affordable, and its particles all weigh
    the same, so the effective size is the number accepted. SMC rounds buy acceptance at the
    cost of importance weights, and in 45 to 68 mostly unconstrained dimensions those keep
    little of the size: measured with threshold 0.05, 255 of 1000 particles effective for the
    talks and 78 for the campaign, where rejection kept 3,304 of equal weight."""
    simulations: int = 600_000
    """The most replicates the whole calibration may simulate."""
    min_acceptance: float = 0.002
    """SMC stops after a round accepting fewer than this share of its proposals."""

    def __post_init__(self) -> None:
        if self.particles < 50:
            raise CalibrationError(f"particles must be at least 50, got {self.particles}")
        if not 0 < self.threshold <= 1:
            raise CalibrationError(f"threshold must be in (0, 1], got {self.threshold}")
        if not 0 < self.min_acceptance < 1:
            raise CalibrationError(f"min_acceptance must be in (0, 1), got {self.min_acceptance}")
        if self.simulations < self.first_round:
            raise CalibrationError(
                f"simulations ({self.simulations:,}) must cover at least the rejection round "
                f"of particles / threshold = {self.first_round:,} replicates"
            )

    @property
    def first_round(self) -> int:
        return math.ceil(self.particles / self.threshold)

    def as_json(self) -> dict:
        return {
            "particles": self.particles,
            "threshold": self.threshold,
            "simulations": self.simulations,
            "min_acceptance": self.min_acceptance,
            "kernel_quantile": abc.QUANTILE,
        }


@dataclass
class Population:
    """Accepted parameter vectors with normalised weights and their distances."""

    theta: np.ndarray
    weights: np.ndarray
    distance: np.ndarray
    tolerance: np.ndarray


@dataclass
class Round:
    """What one round did (for the manifest and the progress display)."""

    number: int
    method: str
    tolerance: list[float]
    simulated: int
    accepted: int
    effective_size: float

    @property
    def acceptance(self) -> float:
        return self.accepted / self.simulated if self.simulated else 0.0

    def as_json(self) -> dict:
        return {
            "round": self.number,
            "method": self.method,
            "tolerance": self.tolerance,
            "simulated": self.simulated,
            "accepted": self.accepted,
            "acceptance": round(self.acceptance, 6),
            "effective_size": round(self.effective_size, 1),
        }


@dataclass
class Outcome:
    """The posterior population, every round, and why the loop ended."""

    population: Population
    rounds: list[Round] = field(default_factory=list)
    stopped: str = "final tolerance reached"

    @property
    def simulated(self) -> int:
        return sum(r.simulated for r in self.rounds)


def stream(seed: int, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(STREAM, *key)))


def batch_seed(seed: int, number: int, batch: int) -> int:
    """The seed of the ensemble that simulates batch `batch` of round `number`."""
    sequence = np.random.SeedSequence(seed, spawn_key=(STREAM, 1, number, batch))
    return int(sequence.generate_state(1, np.uint32)[0])


def calibrate(
    prior: Prior,
    final: np.ndarray,
    settings: Settings,
    seed: int,
    simulate: Simulate,
    on_round: Callable[[Round], None] | None = None,
) -> Outcome:
    """Rejection, then (if its acceptance is below the threshold) ABC-SMC down to `final`,
    one whole number of steps per datum."""
    final = np.asarray(final, dtype=float)
    report = on_round or (lambda _: None)
    theta = prior.sample(stream(seed, 0, 0, 0), settings.first_round)
    distance = simulate(theta, batch_seed(seed, 0, 0), "round_00_batch_00")
    inside = abc.accepted(distance, final)
    if inside.sum() >= settings.particles:
        population = _equal(theta[inside], distance[inside], final)
        first = Round(0, "rejection", final.tolist(), len(theta), int(inside.sum()),
                      float(inside.sum()))  # fmt: skip
        report(first)
        return Outcome(population, [first])
    tolerance = abc.first_tolerance(distance, final)
    within = np.flatnonzero(abc.accepted(distance, tolerance))
    inside = within[: settings.particles]
    population = _equal(theta[inside], distance[inside], tolerance)
    rounds = [Round(0, "rejection", tolerance.tolist(), len(theta), len(within), len(inside))]
    report(rounds[0])
    used, rate = len(theta), max(len(within) / len(theta), settings.min_acceptance)
    while np.any(population.tolerance > final):
        tolerance = abc.next_tolerance(population.distance, population.weights,
                                       population.tolerance, final)  # fmt: skip
        found = _smc_round(prior, population, tolerance, settings, seed, len(rounds), rate,
                           settings.simulations - used, simulate)  # fmt: skip
        if found is None:
            return Outcome(
                population, rounds, "simulation budget reached before the final tolerance"
            )
        population, done = found
        used += done.simulated
        rate = max(done.acceptance, settings.min_acceptance)
        rounds.append(done)
        report(done)
        if done.acceptance < settings.min_acceptance and np.any(tolerance > final):
            return Outcome(population, rounds, f"acceptance fell below {settings.min_acceptance}")
    return Outcome(population, rounds)


def _equal(theta: np.ndarray, distance: np.ndarray, tolerance: np.ndarray) -> Population:
    return Population(theta, np.full(len(theta), 1.0 / len(theta)), distance, tolerance)


def _smc_round(
    prior: Prior,
    population: Population,
    tolerance: np.ndarray,
    settings: Settings,
    seed: int,
    number: int,
    rate: float,
    budget: int,
    simulate: Simulate,
) -> tuple[Population, Round] | None:
    """One SMC population at `tolerance`; None if the budget ends before it is complete."""
    old = population.theta
    scale = abc.kernel_scale(old, population.weights, prior)
    kept_z, kept_d, simulated, batch, within = [], [], 0, 0, 0
    while sum(len(z) for z in kept_z) < settings.particles:
        missing = settings.particles - sum(len(z) for z in kept_z)
        size = min(max(math.ceil(1.2 * missing / rate), MIN_BATCH), budget - simulated)
        if size <= 0:
            return None
        rng = stream(seed, 0, number, batch)
        z = abc.perturb(rng, old, population.weights, size, scale, prior)
        name = f"round_{number:02d}_batch_{batch:02d}"
        distance = simulate(z, batch_seed(seed, number, batch), name)
        inside = abc.accepted(distance, tolerance)
        kept_z.append(z[inside])
        kept_d.append(distance[inside])
        simulated += size
        within += int(inside.sum())
        rate = max(inside.mean(), settings.min_acceptance)
        batch += 1
    z = np.concatenate(kept_z)[: settings.particles]
    weights = abc.importance_weights(prior, z, old, population.weights, scale)
    theta, distance = z, np.concatenate(kept_d)[: settings.particles]
    done = Round(number, "smc", tolerance.tolist(), simulated, within,
                 abc.effective_size(weights))  # fmt: skip
    return Population(theta, weights, distance, tolerance), done
