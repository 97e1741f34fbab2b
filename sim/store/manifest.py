"""The manifest of a batch folder: what was run, from which seed, and how far it got.

It is what makes a folder of chunk files a result: `--resume` checks it
before adding chunks, and `sim.store.reading` checks it before reading.
It records each finished chunk's row count and SHA-256 (and the history's),
so that a damaged file is found. A manifest of this format version is read
through the typed :class:`Manifest` and checked for consistency (the chunk
seeds are those the seed spawns, the scenario matches its hash); every
problem is a :class:`ManifestError` naming the file, line and field.
It records the engine that made the chunks (:mod:`sim.store.provenance`), for a
sweep the checksum of its `sweep.json` and, for a run under a posterior
(`--posterior`), that posterior's identity (:func:`posterior_identity`); every chunk's
identity repeats the checksums.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from sim import __version__
from sim.engine.run_plan import Chunk, chunk_plan
from sim.scenario import campaign, safe_yaml
from sim.scenario.campaign import Campaign
from sim.scenario.errors import ScenarioError, from_validation, locate
from sim.scenario.structure import Scenario
from sim.store.atomic import write_json_atomic
from sim.store.provenance import provenance, short

FORMAT_VERSION = 4
"""Bump when the folder layout or table columns change incompatibly (2: chunk checksums;
3: provenance, and chunk identities with the engine fingerprint and the sweep's checksum;
4: a history.json that holds its run's identity beside its steps)."""

MANIFEST = "manifest.json"
HISTORY = "history.json"
CHUNKS = "chunks"
SWEEP = "sweep.json"
"""A sweep's record beside its manifest (written by :mod:`sim.experiments.sweep`)."""

RUNNING, COMPLETE, INTERRUPTED = "running", "complete", "interrupted"


def chunk_name(index: int) -> str:
    return f"chunk-{index:05d}.parquet"


def scenario_hash(scenario: Scenario | Campaign) -> str:
    """sha256 of the canonical JSON of the resolved scenario: equal hashes, same inputs."""
    text = json.dumps(
        scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def new_manifest(
    scenario: Scenario | Campaign,
    source: str,
    replicates: int,
    seed: int,
    chunk_size: int,
    sweep_sha256: str | None = None,
    posterior: dict | None = None,
) -> dict:
    """A manifest for a batch (or, with the SHA-256 of its `sweep.json`, a sweep) about to start;
    `posterior` records the posterior its replicates take their parameters from (a key only
    then: a plain batch's manifest is what it was)."""
    return {
        "format_version": FORMAT_VERSION,
        "package_version": __version__,
        "provenance": provenance(),
        "engine_changes": [],
        "sweep_sha256": sweep_sha256,
        "scenario_id": scenario.id,
        "source": source,
        "scenario_hash": scenario_hash(scenario),
        "seed": seed,
        "replicates": replicates,
        "chunk_size": chunk_size,
        "chunk_seeds": [c.seed for c in chunk_plan(replicates, seed, chunk_size)],
        "completed_chunks": [],
        "chunks": {},
        "history_sha256": None,
        "start_time": now(),
        "end_time": None,
        "status": RUNNING,
        "scenario": scenario.model_dump(mode="json"),
    } | ({} if posterior is None else {"posterior": dict(posterior)})


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
    keys += ("chunk_size", "sweep_sha256")
    found = [
        f"{key}: saved {saved.get(key)!r}, now {wanted[key]!r}"
        for key in keys
        if saved.get(key) != wanted[key]
    ]
    if posterior_identity(saved) != posterior_identity(wanted):
        found.append(f"posterior: saved {_posterior_shown(saved)}, now {_posterior_shown(wanted)}")
    return found


POSTERIOR_KEYS = ("sha256", "target_hash")
"""What identifies the posterior of a run: its `posterior.parquet`'s checksum and the hash of
the scenario it was calibrated on (its prior); the folder it was read from is only noted."""


def posterior_identity(manifest: dict) -> tuple | None:
    """The identity of the posterior a manifest's replicates took their parameters from."""
    used = manifest.get("posterior")
    return None if not isinstance(used, dict) else tuple(used.get(k) for k in POSTERIOR_KEYS)


def posterior_sha256(manifest: dict) -> str | None:
    """The checksum of the `posterior.parquet` a manifest's run used (None: no posterior)."""
    used = manifest.get("posterior")
    return used.get("sha256") if isinstance(used, dict) else None


def _posterior_shown(manifest: dict) -> str:
    used = manifest.get("posterior")
    if not isinstance(used, dict):
        return "none (no --posterior)"
    return f"{used.get('folder')} (posterior.parquet {short(used.get('sha256'))})"


def engine_fingerprint(manifest: dict) -> str | None:
    """The fingerprint of the engine a manifest says made its chunks (None if it says none)."""
    recorded = manifest.get("provenance")
    return recorded.get("engine_fingerprint") if isinstance(recorded, dict) else None


def accepted_engines(manifest: dict) -> set[str]:
    """Fingerprints a chunk of this folder may carry: the current one and, after a resume with
    `--allow-engine-change`, each engine the folder was started or resumed with before."""
    return {engine_fingerprint(manifest)} | {
        change["previous"] for change in manifest.get("engine_changes", [])
    }


def engine_change(saved: dict, wanted: dict, allowed: bool) -> str | None:
    """Why a saved folder cannot be resumed by this engine (None: it can, or `allowed`)."""
    before, now_ = engine_fingerprint(saved), engine_fingerprint(wanted)
    if before == now_ or allowed:
        return None
    return (
        f"its chunks were made by engine {short(before)}, this is engine {short(now_)} "
        "(the code or the built-in scenario data changed); rerun into a new --out, or add "
        "--allow-engine-change to mix the two engines' chunks (it is recorded in the manifest)"
    )


def record_engine_change(saved: dict, wanted: dict) -> None:
    """Note in `saved` that it is resumed by the engine of `wanted` (`--allow-engine-change`)."""
    previous = engine_fingerprint(saved)
    if previous == engine_fingerprint(wanted):
        return
    saved["engine_changes"] = [
        *saved.get("engine_changes", []),
        {"previous": previous, "current": engine_fingerprint(wanted), "time": now()},
    ]
    saved["provenance"] = wanted["provenance"]


class ManifestError(ScenarioError):
    """A manifest that cannot be trusted, located as `file:line: field: what is wrong`."""


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class ChunkRecord(BaseModel):
    """A finished chunk: its rows and the SHA-256 of its file."""

    model_config = ConfigDict(extra="forbid", strict=True)
    rows: int = Field(ge=1)
    sha256: Sha256


class Provenance(BaseModel):
    """The engine that made a folder's chunks (:func:`sim.store.provenance.provenance`)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    engine_fingerprint: Sha256
    package_version: str
    git_commit: str | None
    versions: dict[str, str]


class EngineChange(BaseModel):
    """A resume by another engine, allowed with `--allow-engine-change`."""

    model_config = ConfigDict(extra="forbid", strict=True)
    previous: Sha256 | None
    current: Sha256
    time: str


class PosteriorUsed(BaseModel):
    """The posterior a run's replicates took their parameters from (`--posterior`)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    folder: str
    """The posterior folder as given (a note: the checksums identify it)."""
    target: str
    """The scenario it was calibrated on."""
    target_hash: Sha256
    sha256: Sha256
    """Of its `posterior.parquet` (the manifest of the posterior vouches for it)."""
    particles: int = Field(ge=1)
    engine_fingerprint: Sha256 | None
    """The engine that calibrated it."""
    overridden: list[str]
    """Paths whose values the run's own scenario sets instead of the posterior."""


class Manifest(BaseModel):
    """The manifest of a batch folder, as this format version writes it."""

    model_config = ConfigDict(extra="forbid", strict=True)
    format_version: Literal[4]
    package_version: str
    provenance: Provenance
    engine_changes: list[EngineChange]
    sweep_sha256: Sha256 | None
    """SHA-256 of the folder's `sweep.json` (a sweep), None for a plain batch."""
    scenario_id: str
    source: str
    scenario_hash: Sha256
    seed: int = Field(ge=0)
    replicates: int = Field(ge=1)
    chunk_size: int = Field(ge=1)
    chunk_seeds: list[int]
    completed_chunks: list[int]
    chunks: dict[str, ChunkRecord]
    """Chunk index (as text: JSON keys are text) -> its record."""
    history_sha256: Sha256 | None = None
    start_time: str
    end_time: str | None
    status: Literal["running", "complete", "interrupted"]
    interruption: str | None = None
    scenario: dict
    posterior: PosteriorUsed | None = None
    """The posterior of a run under `--posterior`; absent for a plain run."""


def consistency_problems(manifest: Manifest) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """What a structurally valid manifest gets wrong about itself."""
    plan_ = chunk_plan(manifest.replicates, manifest.seed, manifest.chunk_size)
    if len(manifest.chunk_seeds) != len(plan_):
        count = len(manifest.chunk_seeds)
        yield (
            ("chunk_seeds",),
            f"{count} seeds, but {manifest.replicates} replicates in chunks "
            f"of {manifest.chunk_size} make {len(plan_)}",
        )
        return
    for chunk, saved in zip(plan_, manifest.chunk_seeds, strict=True):
        if saved != chunk.seed:
            expected = f"not the seed {manifest.seed} spawns for chunk {chunk.index}"
            yield ("chunk_seeds", chunk.index), f"{expected} (it is {chunk.seed})"
            return
    indices = {str(chunk.index) for chunk in plan_}
    for key in manifest.chunks:
        if key not in indices:
            yield ("chunks", key), f"no chunk `{key}` in a batch of {len(plan_)} chunks"
    for position, index in enumerate(manifest.completed_chunks):
        if str(index) not in manifest.chunks:
            yield ("completed_chunks", position), f"chunk {index} is listed but has no record"
    try:
        scenario = campaign.from_dump(manifest.scenario)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(map(str, first["loc"])) or "(top level)"
        yield (
            ("scenario",),
            f"not a valid scenario for this version of alliance-sim ({where}: {first['msg']})",
        )
        return
    if scenario_hash(scenario) != manifest.scenario_hash:
        yield ("scenario_hash",), "does not match the scenario recorded beside it"


def read_manifest(folder: Path) -> dict:
    """The manifest of `folder` as a dict; OSError if unreadable, ManifestError if damaged.

    A manifest of another format version is returned unchecked, for the
    caller to report the version. A sound manifest is checked and returned at
    once; only a damaged one is parsed again into a tree of line numbers (which
    costs more than reading a million replicates' columns) to say where it is wrong.
    """
    path = folder / MANIFEST
    try:
        text = safe_yaml.decode(path.read_bytes())
        data = json.loads(text)
    except safe_yaml.YamlProblem as problem:
        raise ManifestError(path, problem.line, "", problem.message) from None
    except ValueError as error:
        line = getattr(error, "lineno", None)
        raise ManifestError(path, line, "", f"not JSON: {_why(error)}") from None
    if not isinstance(data, dict):
        raise ManifestError(path, 1, "", "expected a JSON object")
    if data.get("format_version") != FORMAT_VERSION:
        return data
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as error:
        located = from_validation(error, path, _tree_with_lines(text, data))
        raise ManifestError(path, located.line, located.path, located.message) from None
    for loc, message in consistency_problems(manifest):
        line, shown = locate(_tree_with_lines(text, data), loc)
        raise ManifestError(path, line, shown, message)
    return data


def _tree_with_lines(text: str, data: dict) -> object:
    """The manifest as a node tree with line numbers (JSON is YAML), else the plain data."""
    try:
        return safe_yaml.load(text)
    except safe_yaml.YamlProblem:
        return data


def _why(error: ValueError) -> str:
    return getattr(error, "msg", None) or str(error)


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
