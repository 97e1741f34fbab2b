"""How a run is split and seeded: the defaults, and chunks spawned from the one user seed.

Apart from the engine (no model, no mesa) so that reading saved results and starting the
command line do not load the simulation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_SEED = 1950
DEFAULT_REPLICATES = 1000
CHUNK_SIZE = 50_000
"""Replicates per model instance. Chunks are the unit of seeding, so a result depends only on
the seed and the replicate count, never on how chunks are spread over workers."""


@dataclass(frozen=True)
class Chunk:
    index: int
    first: int  # number of the chunk's first replicate
    size: int
    seed: int  # spawned from the user seed; recorded with the results


def chunk_plan(replicates: int, seed: int, chunk_size: int = CHUNK_SIZE) -> list[Chunk]:
    """Split `replicates` into chunks, each seeded from `seed` by numpy's SeedSequence.spawn."""
    count = -(-replicates // chunk_size)
    children = np.random.SeedSequence(seed).spawn(count)
    return [
        Chunk(
            i,
            i * chunk_size,
            min(chunk_size, replicates - i * chunk_size),
            int(child.generate_state(1, np.uint64)[0]),
        )
        for i, child in enumerate(children)
    ]
