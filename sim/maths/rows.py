"""Per-replicate arrays cut to some replicates and spread back: late in a run the engine
bargains on the unsettled rows only (the results are the same)."""

from __future__ import annotations

import numpy as np


def take_rows(values, rows: np.ndarray | None):
    """`values[rows]` for a per-replicate array; scalars and None pass through."""
    if rows is None or values is None or np.ndim(values) == 0:
        return values
    return values[rows]


def scatter_rows(values: np.ndarray, rows: np.ndarray | None, replicates: int) -> np.ndarray:
    """A per-replicate array of `replicates` rows from the values of `rows` (zeros elsewhere)."""
    if rows is None:
        return values
    full = np.zeros((*values.shape[:-1], replicates), dtype=values.dtype)
    full[..., rows] = values
    return full
