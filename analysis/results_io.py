"""Read a saved batch folder (manifest, chunk tables, history) back into memory.

Every problem is a ResultsError naming the folder: not a results folder, a
format this version cannot read, a damaged manifest, chunks missing from an
unfinished batch, or a chunk or history whose bytes no longer match the
checksum the manifest recorded (then `--resume` redoes it).
`iter_chunks` reads one chunk at a time (and only the columns asked for) for
analyses that must not hold a million-replicate table at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from sim import campaign
from sim import chunk_integrity as integrity
from sim import manifest as mf
from sim.campaign import Campaign
from sim.results import Table, concat_tables
from sim.runner import CHUNK_SIZE
from sim.schema import Scenario
from sim.table_io import parquet_columns, read_parquet, sha256


class ResultsError(ValueError):
    """A folder that cannot be read as batch results."""

    def __init__(self, folder: Path, message: str):
        self.folder = folder
        super().__init__(f"{folder}: {message}")


@dataclass(frozen=True)
class SavedResults:
    folder: Path
    manifest: dict
    scenario: Scenario | Campaign
    table: Table
    history: list[dict]


def read_results(folder: Path | str, columns: Sequence[str] | None = None) -> SavedResults:
    """The complete results saved in `folder` by `alliance-sim batch` (optionally some columns)."""
    folder = Path(folder)
    manifest = read_checked_manifest(folder)
    table = concat_tables(list(iter_chunks(folder, columns, manifest)))
    scenario = campaign.from_dump(manifest["scenario"])
    return SavedResults(folder, manifest, scenario, table, verified_history(folder, manifest))


def read_checked_manifest(folder: Path) -> dict:
    """The manifest of a readable, complete results folder."""
    manifest = _manifest(folder)
    found = manifest.get("format_version")
    if found != mf.FORMAT_VERSION:
        raise ResultsError(
            folder,
            f"results format version {found!r}; this alliance-sim reads version "
            f"{mf.FORMAT_VERSION} (rerun the batch with this version)",
        )
    _check_complete(folder, manifest)
    return manifest


def verified_history(folder: Path, manifest: dict) -> list[dict]:
    """The per-step history of a checked results folder, if its bytes match the manifest."""
    path = folder / mf.HISTORY
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    if data is None or sha256(data) != manifest.get("history_sha256"):
        state = "missing" if data is None else "damaged (its checksum differs from the manifest's)"
        raise ResultsError(
            folder, f"{mf.HISTORY} is {state}; rebuild it with `{resume_command(folder, manifest)}`"
        )
    return json.loads(data)


def iter_chunks(
    folder: Path, columns: Sequence[str] | None = None, manifest: dict | None = None
) -> Iterator[Table]:
    """The chunk tables of a complete results folder, in replicate order, one at a time."""
    manifest = manifest or read_checked_manifest(folder)
    chunks = mf.plan(manifest)
    paths = [folder / mf.CHUNKS / mf.chunk_name(chunk.index) for chunk in chunks]
    for chunk, path in zip(chunks, paths, strict=True):
        try:
            data = integrity.checked_bytes(path, manifest["chunks"].get(str(chunk.index)), chunk)
        except integrity.ChunkDamaged as damage:
            raise _damaged(folder, path, damage, manifest) from None
        if columns and chunk.index == 0:
            _check_columns(folder, path, columns)
        try:
            table = read_parquet(path, columns, data=data)
        except (OSError, ValueError, pa.ArrowException) as error:  # a page checksum, say
            raise _damaged(folder, path, error, manifest) from None
        rows = len(next(iter(table.values()))) if table else 0
        if rows != manifest["chunks"][str(chunk.index)]["rows"]:
            raise _damaged(folder, path, ValueError(f"it holds {rows} rows"), manifest)
        yield table


def _damaged(folder: Path, path: Path, why: Exception, manifest: dict) -> ResultsError:
    return ResultsError(
        folder, f"{path.name} is damaged: {why}; redo it with `{resume_command(folder, manifest)}`"
    )


def _manifest(folder: Path) -> dict:
    if not folder.is_dir():
        raise ResultsError(folder, "no such folder")
    if not (folder / mf.MANIFEST).is_file():
        raise ResultsError(folder, _not_results(folder))
    try:
        return mf.read_manifest(folder)
    except mf.ManifestError as error:
        raise ResultsError(
            folder,
            f"damaged {mf.MANIFEST}: {error} (rerunning the batch with --resume rebuilds it "
            "from the chunks that verify)",
        ) from None
    except (OSError, ValueError) as error:
        raise ResultsError(folder, f"unreadable {mf.MANIFEST} ({error})") from None


def _not_results(folder: Path) -> str:
    inner = sorted(p.name for p in folder.iterdir() if (p / mf.MANIFEST).is_file())
    if inner:
        return f"not a results folder, but it holds some: {', '.join(inner)}"
    if not any(folder.iterdir()):
        return "empty folder, not a results folder (make one with `alliance-sim batch`)"
    return f"not a results folder (no {mf.MANIFEST}; make one with `alliance-sim batch`)"


def _check_complete(folder: Path, manifest: dict) -> None:
    expected = range(len(manifest["chunk_seeds"]))
    missing = sorted(set(expected) - set(mf.chunks_on_disk(folder)))
    if not missing:
        return
    shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
    raise ResultsError(
        folder,
        f"incomplete batch (status {manifest.get('status')}): {len(missing)} of "
        f"{len(expected)} chunks missing ({shown}); finish it with `{resume_command(folder, manifest)}`",
    )


def resume_command(folder: Path, manifest: dict) -> str:
    """The command line that finishes the batch saved in `folder`."""
    return (
        f"alliance-sim batch {manifest.get('source', manifest['scenario_id'])} "
        f"--replicates {manifest['replicates']} --seed {manifest['seed']} "
        f"--out {folder.parent} --resume"
        + (f" --chunk-size {size}" if (size := manifest["chunk_size"]) != CHUNK_SIZE else "")
    )


def _check_columns(folder: Path, path: Path, columns: Sequence[str]) -> None:
    try:
        known = parquet_columns(path)
    except OSError as error:
        raise ResultsError(folder, f"cannot read {path.name}: {error}") from None
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise ResultsError(
            folder, f"no column(s) {', '.join(unknown)} (columns: {', '.join(known)})"
        )
