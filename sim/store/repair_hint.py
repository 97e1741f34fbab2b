"""The command that finishes or repairs a results folder, for messages about it.

A sweep's folder is finished by the `alliance-sim sweep` command that made it, never by
`batch` (which would fill a gap with chunks that lack the factor columns, issue 24): the
command is rebuilt from the folder's `sweep.json` when it is the one the manifest vouches for
(without a manifest, the chunk size comes from the chunks' own identities).
"""

from __future__ import annotations

import hashlib
import json
import shlex
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sim.engine.run_plan import CHUNK_SIZE
from sim.store import manifest as mf
from sim.store.chunk_integrity import CHUNK_KEY

SOME_SWEEP = "the `alliance-sim sweep` command that made it, with --resume"
"""The hint when the sweep's own command cannot be rebuilt (its `sweep.json` is gone or changed)."""


def resume_command(folder: Path, manifest: dict) -> str:
    """The command line that finishes the batch or sweep saved in `folder`."""
    if manifest.get("sweep_sha256"):
        return sweep_command(folder, manifest)
    return (
        f"alliance-sim batch {manifest.get('source', manifest['scenario_id'])} "
        f"--replicates {manifest['replicates']} --seed {manifest['seed']} "
        f"--out {folder.parent} --resume"
        + (f" --chunk-size {size}" if (size := manifest["chunk_size"]) != CHUNK_SIZE else "")
        + (f" --posterior {used['folder']}" if (used := manifest.get("posterior")) else "")
    )


def sweep_command(folder: Path, manifest: dict | None = None) -> str:
    """The `alliance-sim sweep … --resume` command of the sweep in `folder`, from its
    `sweep.json` (checked against the manifest's checksum when there is one)."""
    try:
        data = (folder / mf.SWEEP).read_bytes()
        record = json.loads(data)
    except (OSError, ValueError):
        return SOME_SWEEP
    expected = (manifest or {}).get("sweep_sha256")
    if expected and hashlib.sha256(data).hexdigest() != expected:
        return SOME_SWEEP
    try:
        argv = ["alliance-sim", "sweep", record["scenario"]]
        for factor in record["factors"]:
            low, high = factor["range"]
            levels = f":{factor['levels']}" if factor.get("levels") else ""
            argv.append(f"--factor={factor['path']}={low!r}:{high!r}{levels}")
        argv.append(f"--design={record['design']}")
        if record.get("points") is not None:
            argv.append(f"--points={record['points']}")
        argv += [f"--replicates-per-point={record['replicates_per_point']}"]
        argv += [f"--seed={record['seed']}", f"--out={folder}", "--resume"]
    except (KeyError, TypeError, ValueError):
        return SOME_SWEEP
    size = (manifest or {}).get("chunk_size") or chunk_size_of(folder, record["replicates"])
    argv += [f"--chunk-size={size}"] if size != CHUNK_SIZE else []
    used = (manifest or {}).get("posterior")
    return shlex.join(argv + ([f"--posterior={used['folder']}"] if used else []))


def chunk_size_of(folder: Path, replicates: int) -> int:
    """The chunk size of a folder without its manifest, from its chunks' own identities."""
    for path in sorted((folder / mf.CHUNKS).glob("chunk-*.parquet")):
        try:
            metadata = pq.ParquetFile(path).metadata.schema.to_arrow_schema().metadata or {}
            said = json.loads(metadata.get(CHUNK_KEY, b"null"))
            index, first, size = said["index"], said["first"], said["size"]
        except (OSError, ValueError, TypeError, KeyError, pa.ArrowException):
            continue
        if index > 0:
            return first // index
        if size < replicates or replicates > CHUNK_SIZE:
            return size
    return CHUNK_SIZE
