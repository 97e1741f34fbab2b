"""The manifest of a batch folder: what was run, from which seed, and how far it got.

It is what makes a folder of chunk files a result: `--resume` checks it
before adding chunks, and `analysis.results_io` checks it before reading.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from sim import __version__
from sim.atomic import write_json_atomic
from sim.runner import Chunk, chunk_plan
from sim.schema import Scenario

FORMAT_VERSION = 1
"""Bump when the folder layout or table columns change incompatibly."""

MANIFEST = "manifest.json"
HISTORY = "history.json"
CHUNKS = "chunks"

RUNNING, COMPLETE, INTERRUPTED = "running", "complete", "interrupted"


def chunk_name(index: int) -> str:
    return f"chunk-{index:05d}.parquet"


def scenario_hash(scenario: Scenario) -> str:
    """sha256 of the canonical JSON of the resolved scenario: equal hashes, same inputs."""
    text = json.dumps(
        scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def new_manifest(
    scenario: Scenario, source: str, replicates: int, seed: int, chunk_size: int
) -> dict:
    """A manifest for a batch that is about to start."""
    return {
        "format_version": FORMAT_VERSION,
        "package_version": __version__,
        "scenario_id": scenario.id,
        "source": source,
        "scenario_hash": scenario_hash(scenario),
        "seed": seed,
        "replicates": replicates,
        "chunk_size": chunk_size,
        "chunk_seeds": [c.seed for c in chunk_plan(replicates, seed, chunk_size)],
        "completed_chunks": [],
        "start_time": now(),
        "end_time": None,
        "status": RUNNING,
        "scenario": scenario.model_dump(mode="json"),
    }


def plan(manifest: dict) -> list[Chunk]:
    """The manifest's chunks, with the seeds it recorded."""
    chunks = chunk_plan(manifest["replicates"], manifest["seed"], manifest["chunk_size"])
    return [
        Chunk(c.index, c.first, c.size, seed)
        for c, seed in zip(chunks, manifest["chunk_seeds"], strict=True)
    ]


def mismatches(saved: dict, wanted: dict) -> list[str]:
    """What differs between a saved manifest and the one a resumed batch would write."""
    keys = ("format_version", "package_version", "scenario_hash", "seed", "replicates")
    keys += ("chunk_size",)
    return [
        f"{key}: saved {saved.get(key)!r}, now {wanted[key]!r}"
        for key in keys
        if saved.get(key) != wanted[key]
    ]


def read_manifest(folder: Path) -> dict:
    """The manifest of `folder`; OSError or ValueError if it is missing or not JSON."""
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("manifest.json is not a JSON object")
    return data


def write_manifest(folder: Path, manifest: dict) -> None:
    write_json_atomic(folder / MANIFEST, manifest)


def chunks_on_disk(folder: Path) -> list[int]:
    """Indices of the chunk files present (each complete: they are written atomically)."""
    found = []
    for path in (folder / CHUNKS).glob("chunk-*.parquet"):
        number = path.stem.removeprefix("chunk-")
        if number.isdigit():
            found.append(int(number))
    return sorted(found)
