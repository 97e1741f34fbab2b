"""Per-replicate arrays cut to some replicates and spread back: late in a run the engine
bargains on the unsettled rows only (the results are the same)."""

from __future__ import annotations

import numpy as np


def take_rows(values, rows: np.ndarray | None):
    """`values[rows]` for a per-replicate array; scalars and None pass through."""
    if rows is None or values is None or np.ndim(values) == 0:
        return values
    return values[rows]


def scatter_rows(
    values: np.ndarray, rows: np.ndarray | None, replicates: int, axis: int = -1
) -> np.ndarray:
    """A per-replicate array of `replicates` rows along `axis` from the values of `rows`
    (zeros elsewhere)."""
    if rows is None:
        return values
    shape = list(values.shape)
    shape[axis] = replicates
    full = np.zeros(shape, dtype=values.dtype)
    index = [slice(None)] * values.ndim
    index[axis] = rows
    full[tuple(index)] = values
    return full


def rows_where(mask: np.ndarray, below: float) -> np.ndarray | None:
    """The rows of `mask`, once they are fewer than the share `below` of all (None: every row,
    computing on all of them being cheaper than copying most of them out and back)."""
    return np.flatnonzero(mask) if mask.mean() < below else None
