"""Per-replicate draws of uncertain parameters from the model's one Generator."""

from __future__ import annotations

import numpy as np

from sim.schema import Uncertain


class ParameterDraws:
    """Draws each uncertain number once per replicate and records it by name.

    Names are drawn in the order the model asks for them, which is fixed by
    the scenario, so one seed always gives the same parameters. The record is
    kept so batch results can carry the drawn parameters for later sweeps.
    """

    def __init__(self, rng: np.random.Generator, replicates: int, uncertain: bool = True):
        self.rng, self.replicates, self.uncertain = rng, replicates, uncertain
        self.values: dict[str, np.ndarray] = {}

    def __call__(self, name: str, number: Uncertain) -> np.ndarray:
        if self.uncertain and number.range is not None and number.low < number.high:
            values = self.rng.uniform(number.low, number.high, self.replicates)
            self.values[name] = values
            return values
        return np.full(self.replicates, number.value)
