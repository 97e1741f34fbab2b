"""A sweep's folder: its `sweep.json` beside the batch's manifest, and the checks before a
sweep starts or resumes there.

The folder is a batch folder (:mod:`sim.store.batch`) whose manifest records the SHA-256 of
`sweep.json`, which every chunk repeats in its identity (issue 24): a changed `sweep.json` is
refused by the readers, and `--resume` rewrites it when the manifest vouches for this sweep."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sim.engine.run_plan import CHUNK_SIZE
from sim.experiments.sweep import FORMAT_VERSION, Sweep
from sim.store import manifest as mf
from sim.store.atomic import json_bytes, write_atomic
from sim.store.batch import BatchError, Target, prepare_folder


def record_bytes(sweep: Sweep) -> bytes:
    """The bytes of the sweep's `sweep.json` (their SHA-256 is in the manifest and chunks)."""
    return json_bytes(sweep.record())


def prepare(
    sweep: Sweep,
    folder: Path,
    resume: bool = False,
    chunk_size: int = CHUNK_SIZE,
    allow_engine_change: bool = False,
    posterior: dict | None = None,
) -> Target:
    """Plan the sweep's chunks in `folder` (checked as `batch` checks its folders); BatchError,
    writing nothing, if it cannot start or resume there.

    On resume a `sweep.json` that differs from this sweep is refused, unless the manifest
    vouches that the folder holds this very sweep (the file was changed afterwards: it is
    rewritten). A lost `sweep.json` is rewritten too, the chunks proving they are this sweep's.
    `posterior` is the manifest's record of the posterior of a sweep under one (whose design
    the caller sets: :func:`sim.experiments.calibration.use_batch.prepare_sweep`).
    """
    digest = hashlib.sha256(record_bytes(sweep)).hexdigest()
    repairs = []
    if resume:
        try:
            saved = read_record(folder)
        except BatchError as error:
            if _vouched(folder) != digest:
                raise
            saved, repairs = None, [f"{error}: it is rewritten from this sweep"]
        wanted = sweep.record()
        differs = [] if saved is None else [k for k in wanted if saved.get(k) != wanted[k]]
        if differs and _vouched(folder) != digest:
            raise BatchError(
                f"cannot resume {folder}: it holds another sweep (it differs in "
                f"{', '.join(differs)})"
            )
        if not repairs and (saved is None or differs):
            state = "missing" if saved is None else "changed"
            repairs.append(f"{mf.SWEEP} is {state}: it is rewritten from this sweep")
    target = prepare_folder(
        folder,
        sweep.scenario,
        sweep.source,
        sweep.replicates,
        sweep.seed,
        resume,
        chunk_size,
        sweep_sha256=digest,
        allow_engine_change=allow_engine_change,
        posterior=posterior,
    )
    target.design = sweep
    target.repairs[:0] = repairs
    return target


def _vouched(folder: Path) -> str | None:
    """The `sweep.json` checksum the folder's manifest records, if it can be read."""
    try:
        return mf.read_manifest(folder).get("sweep_sha256")
    except (OSError, ValueError):
        return None


def write_record(sweep: Sweep, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = record_bytes(sweep)
    write_atomic(folder / mf.SWEEP, lambda file: file.write(data))


def read_record(folder: Path) -> dict | None:
    """The `sweep.json` of `folder`, None if there is none; BatchError if it is unreadable."""
    path = folder / mf.SWEEP
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BatchError(f"{path}: unreadable ({error})") from None
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        raise BatchError(f"{path}: not a sweep record of format version {FORMAT_VERSION}")
    return data
