"""A results folder's `history.json` that proves which run it belongs to (issue 24).

The history (every step of replicate 0, for the demands chart) is written by chunk 0, and the
manifest records its SHA-256. A checksum alone proves only that the file is the one recorded:
another run's history with its checksum written into the manifest used to be read as this
run's (the demands chart drawn from a counterfactual). So the file holds, beside its steps, the
identity of the chunk that wrote it (:func:`sim.store.chunk_integrity.identity`: chunk 0's
replicates and seed, the scenario hash, the sweep's checksum, the engine fingerprint and,
under a posterior, its checksum), and
every reader and `--resume` checks it against the folder's manifest as they check a chunk's.
"""

from __future__ import annotations

import json

from sim.store import chunk_integrity as integrity
from sim.store import manifest as mf

IDENTITY = "identity"
STEPS = "steps"


class HistoryDamaged(ValueError):
    """A history file that cannot be trusted; the message says why, in a few words."""


def encode(records: list[dict], identity: dict) -> bytes:
    """The history file's bytes: the chunk's `identity` and the per-step `records`."""
    data = {IDENTITY: identity, STEPS: records}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def checked_steps(data: bytes, manifest: dict) -> list[dict]:
    """The steps of a history file's `data` once its identity is chunk 0's of `manifest`'s run.

    Raises HistoryDamaged naming what differs (or that it holds no identity at all)."""
    try:
        held = json.loads(data)
    except ValueError:
        raise HistoryDamaged("it is not JSON") from None
    if not isinstance(held, dict) or not isinstance(held.get(STEPS), list):
        raise HistoryDamaged("it holds no run identity (not a history of this alliance-sim)")
    said = json.dumps(held.get(IDENTITY)).encode("utf-8")
    first = mf.plan(manifest)[0]
    problem = integrity.identity_problem({integrity.CHUNK_KEY: said}, first, manifest)
    if problem:
        raise HistoryDamaged(
            problem.replace("a chunk of another run", "the history of another run")
        )
    return held[STEPS]
