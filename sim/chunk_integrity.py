"""Chunk files that prove what they are: checked against the manifest, or against themselves.

A batch folder can be damaged after it was written: a file truncated by a
full disk, zeroed, flipped bits, a chunk copied over another. The manifest
records each finished chunk's row count and SHA-256, so readers and
`--resume` can refuse a file that changed. Each chunk file also carries, in
its Parquet metadata, which chunk it is (index, seed, scenario hash), and its
pages carry checksums: a chunk the manifest does not record (its worker
finished as the batch was interrupted, or the manifest itself was lost) is
accepted only if it proves itself that way.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa

from sim.run_plan import Chunk
from sim.table_io import parquet_metadata, read_parquet, sha256

CHUNK_KEY = b"alliance_sim.chunk"
"""Parquet metadata key of a chunk file's identity."""


class ChunkDamaged(ValueError):
    """A chunk file that cannot be trusted; the message says why, in a few words."""


def identity(chunk: Chunk, scenario_hash: str) -> dict:
    """What a chunk file says it is, stored in its metadata."""
    return {
        "index": chunk.index,
        "first": chunk.first,
        "size": chunk.size,
        "seed": chunk.seed,
        "scenario_hash": scenario_hash,
    }


def record(rows: int, digest: str) -> dict:
    """The manifest's record of a finished chunk."""
    return {"rows": rows, "sha256": digest}


def checked_bytes(path: Path, expected: dict | None, chunk: Chunk) -> bytes:
    """The bytes of `path` once they match the manifest's record `expected` of `chunk`."""
    if expected is None:
        raise ChunkDamaged("the manifest has no record of it")
    data = _read(path)
    if sha256(data) != expected["sha256"]:
        raise ChunkDamaged("its checksum differs from the manifest's (the file was changed)")
    return data


def self_check(path: Path, chunk: Chunk, scenario_hash: str) -> dict:
    """A manifest record for an unrecorded chunk file that proves itself, else ChunkDamaged.

    The file must hold the identity of `chunk` for this scenario, pages whose
    checksums verify, and rows for exactly the chunk's replicates.
    """
    data = _read(path)
    try:
        rows, metadata = parquet_metadata(data)
        said = json.loads(metadata.get(CHUNK_KEY, b"null"))
        if said != identity(chunk, scenario_hash):
            raise ChunkDamaged("it says it is another chunk, or of another batch")
        table = read_parquet(path, data=data)  # every page, so every page checksum is checked
        replicates = np.unique(table["replicate"])
        if not np.array_equal(replicates, np.arange(chunk.first, chunk.first + chunk.size)):
            raise ChunkDamaged("its replicates are not the chunk's")
    except (OSError, ValueError, pa.ArrowException) as error:
        if isinstance(error, ChunkDamaged):
            raise
        raise ChunkDamaged(f"not a readable Parquet file ({_short(error)})") from None
    return record(rows, sha256(data))


def _read(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ChunkDamaged(f"cannot be read ({error.strerror})") from None
    if not data:
        raise ChunkDamaged("it is empty (0 bytes)")
    return data


def _short(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text if len(text) <= 120 else text[:119] + "…"
