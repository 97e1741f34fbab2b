"""Per-replicate draws of uncertain parameters, each from its own stream keyed by its name.

Every drawn quantity (a parameter's path, an event's day or occurrence, the logit noise of
the bargaining rounds) takes its random numbers from a stream of its own, derived from the one
user seed and the quantity's name by numpy's SeedSequence. So adding or removing a change, an
event or a mechanism leaves every other draw identical: a counterfactual and its baseline share
their random numbers (paired draws), and the difference between them is the change's alone.
"""

from __future__ import annotations

import hashlib

import numpy as np

from sim.scenario.numbers import Uncertain

DRAW_STREAM = 0x19500625
"""First word of every draw stream's spawn key, apart from the other streams of a seed."""


def name_key(name: str) -> tuple[int, ...]:
    """A stable key for `name`: four 32-bit words of its SHA-256 (the same in every process)."""
    digest = hashlib.sha256(name.encode()).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))


class ParameterDraws:
    """Draws each uncertain number once per replicate, from the stream named after it, and
    records it by name (batch results carry the drawn parameters for later analysis)."""

    def __init__(self, seed: int, replicates: int, uncertain: bool = True):
        self.seed, self.replicates, self.uncertain = seed, replicates, uncertain
        self.values: dict[str, np.ndarray] = {}

    def stream(self, name: str) -> np.random.Generator:
        """The random stream of the quantity `name`, from the seed and the name alone."""
        key = np.random.SeedSequence(self.seed, spawn_key=(DRAW_STREAM, *name_key(name)))
        return np.random.default_rng(key)

    def __call__(self, name: str, number: Uncertain) -> np.ndarray:
        if self.uncertain and number.range is not None and number.low < number.high:
            values = self.stream(name).uniform(number.low, number.high, self.replicates)
            self.values[name] = values
            return values
        return np.full(self.replicates, number.value)
