"""Chunk files that prove what they are: checked against the manifest, or against themselves.

A batch folder can be damaged after it was written: a file truncated by a
full disk, zeroed, flipped bits, a chunk copied over another. The manifest
records each finished chunk's row count and SHA-256, so readers and
`--resume` can refuse a file that changed. Each chunk file also carries, in
its Parquet metadata, which run and chunk it is (index, replicates, seed, scenario
hash, engine fingerprint, for a sweep the checksum of its `sweep.json` and, under a
posterior, the checksum of its `posterior.parquet`), and its
pages carry checksums. Readers and `--resume` check that identity as well as the
checksum, so a chunk of another run whose checksum was written into the manifest is
refused (issue 24); a chunk the manifest does not record (its worker finished as the
batch was interrupted, or the manifest itself was lost) is accepted only if it proves
itself that way.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sim.engine.arrow_table import dtype_problem
from sim.engine.run_plan import Chunk
from sim.store import manifest as mf
from sim.store.arrow_io import read_parquet, sha256
from sim.store.provenance import short

CHUNK_KEY = b"alliance_sim.chunk"
"""Parquet metadata key of a chunk file's identity."""


class ChunkDamaged(ValueError):
    """A chunk file that cannot be trusted; the message says why, in a few words."""


def origin(manifest: dict) -> dict:
    """The run a folder's chunks belong to, as each chunk's identity repeats it (the
    posterior's checksum only under a posterior: a plain chunk's identity is what it was)."""
    posterior = mf.posterior_sha256(manifest)
    return {
        "scenario_hash": manifest["scenario_hash"],
        "sweep_sha256": manifest["sweep_sha256"],
        "engine_fingerprint": mf.engine_fingerprint(manifest),
    } | ({} if posterior is None else {POSTERIOR_KEY: posterior})


def identity(chunk: Chunk, run: dict) -> dict:
    """What a chunk file says it is, stored in its metadata: the chunk and its run's `origin`."""
    return {
        "index": chunk.index,
        "first": chunk.first,
        "size": chunk.size,
        "seed": chunk.seed,
        **run,
    }


SHOWN = {
    "index": "chunk index",
    "first": "first replicate",
    "size": "replicates",
    "seed": "chunk seed",
    "scenario_hash": "scenario hash",
    "sweep_sha256": "sweep (sweep.json checksum)",
    "engine_fingerprint": "engine fingerprint",
    "posterior_sha256": "posterior (posterior.parquet checksum)",
}
POSTERIOR_KEY = "posterior_sha256"
RUN_KEYS = ("scenario_hash", "sweep_sha256", "engine_fingerprint", POSTERIOR_KEY)


def identity_problem(metadata: dict[bytes, bytes], chunk: Chunk, manifest: dict) -> str | None:
    """What in a chunk file's stored identity differs from `chunk` of the folder's `manifest`."""
    try:
        said = json.loads(metadata.get(CHUNK_KEY, b"null"))
    except ValueError:
        said = None
    wanted = {POSTERIOR_KEY: None, **identity(chunk, origin(manifest))}
    if isinstance(said, dict):  # a chunk without one was made without a posterior
        said = {POSTERIOR_KEY: None, **said}
    if not isinstance(said, dict) or set(said) != set(wanted):
        return "it holds no chunk identity of this format (not a chunk of this alliance-sim)"
    engines = mf.accepted_engines(manifest)
    differs = {
        key: f"{SHOWN[key]} {_shown(said[key])}, not {_shown(value)}"
        for key, value in wanted.items()
        if said[key] != value and not (key == "engine_fingerprint" and said[key] in engines)
    }
    if not differs:
        return None
    if "index" in differs and not any(key in differs for key in RUN_KEYS):
        return f"it says it is another chunk of this run: its {differs['index']}"
    if "seed" in differs and "index" not in differs:
        differs["seed"] += " (another --seed)"
    return "it is a chunk of another run: its " + "; ".join(differs.values())


def _shown(value: object) -> str:
    if isinstance(value, str) and len(value) == 64:
        return short(value)
    return "none" if value is None else str(value)


def replicates_problem(footer: pq.FileMetaData, chunk: Chunk) -> str | None:
    """Whether the footer's statistics of the `replicate` column cover exactly the chunk's."""
    names = footer.schema.to_arrow_schema().names
    if "replicate" not in names:
        return "it has no replicate column"
    column = names.index("replicate")
    lows, highs = [], []
    for group in range(footer.num_row_groups):
        stats = footer.row_group(group).column(column).statistics
        if stats is None or not stats.has_min_max:
            return None  # nothing to compare without decoding; the checksum vouches for it
        lows.append(stats.min)
        highs.append(stats.max)
    last = chunk.first + chunk.size - 1
    if lows and (min(lows), max(highs)) != (chunk.first, last):
        return f"its replicates are {min(lows)}-{max(highs)}, not the chunk's {chunk.first}-{last}"
    return None


def check_footer(footer: pq.FileMetaData, chunk: Chunk, manifest: dict) -> None:
    """ChunkDamaged if a file's footer says it is not `chunk` of the folder of `manifest`."""
    schema = footer.schema.to_arrow_schema()
    metadata = dict(schema.metadata or {})
    problem = identity_problem(metadata, chunk, manifest) or replicates_problem(footer, chunk)
    # the readers take the dtypes from the file's own key-value metadata, which Arrow's copy
    # of the schema (a base64 blob) need not match in an edited file: both must fit
    stored = schema.with_metadata({**metadata, **(footer.metadata or {})})
    problem = problem or dtype_problem(schema) or dtype_problem(stored)
    if problem:
        raise ChunkDamaged(problem)


def record(rows: int, digest: str) -> dict:
    """The manifest's record of a finished chunk."""
    return {"rows": rows, "sha256": digest}


def checked_bytes(path: Path, manifest: dict, chunk: Chunk) -> bytes:
    """The bytes of `path` once they match the manifest's record of `chunk` and say they are
    that chunk of this folder's run."""
    expected = manifest["chunks"].get(str(chunk.index))
    if expected is None:
        raise ChunkDamaged("the manifest has no record of it")
    data = _read(path)
    if sha256(data) != expected["sha256"]:
        raise ChunkDamaged("its checksum differs from the manifest's (the file was changed)")
    try:
        footer = pq.ParquetFile(pa.BufferReader(data)).metadata
    except (OSError, ValueError, pa.ArrowException) as error:
        raise ChunkDamaged(f"not a readable Parquet file ({_short(error)})") from None
    check_footer(footer, chunk, manifest)
    if footer.num_rows != expected["rows"]:
        raise ChunkDamaged(f"it holds {footer.num_rows} rows, the manifest says {expected['rows']}")
    return data


def self_check(path: Path, chunk: Chunk, manifest: dict) -> dict:
    """A manifest record for an unrecorded chunk file that proves itself, else ChunkDamaged.

    The file must hold the identity of `chunk` of the run of `manifest`, pages whose
    checksums verify, and rows for exactly the chunk's replicates.
    """
    data = _read(path)
    try:
        footer = pq.ParquetFile(pa.BufferReader(data)).metadata
        rows = footer.num_rows
        check_footer(footer, chunk, manifest)
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
