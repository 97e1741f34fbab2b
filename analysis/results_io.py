"""Read a saved batch folder (manifest, chunk tables, history) back into memory.

Every problem is a ResultsError naming the folder: not a results folder, a
format this version cannot read, or chunks missing from an unfinished batch.
`iter_chunks` reads one chunk at a time (and only the columns asked for) for
analyses that must not hold a million-replicate table at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sim import manifest as mf
from sim.results import Table, concat_tables
from sim.runner import CHUNK_SIZE
from sim.schema import Scenario
from sim.table_io import parquet_columns, read_parquet


class ResultsError(ValueError):
    """A folder that cannot be read as batch results."""

    def __init__(self, folder: Path, message: str):
        self.folder = folder
        super().__init__(f"{folder}: {message}")


@dataclass(frozen=True)
class SavedResults:
    folder: Path
    manifest: dict
    scenario: Scenario
    table: Table
    history: list[dict]


def read_results(folder: Path | str, columns: Sequence[str] | None = None) -> SavedResults:
    """The complete results saved in `folder` by `alliance-sim batch` (optionally some columns)."""
    folder = Path(folder)
    manifest = read_checked_manifest(folder)
    table = concat_tables(list(iter_chunks(folder, columns, manifest)))
    scenario = Scenario.model_validate(manifest["scenario"])
    return SavedResults(folder, manifest, scenario, table, _history(folder))


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


def iter_chunks(
    folder: Path, columns: Sequence[str] | None = None, manifest: dict | None = None
) -> Iterator[Table]:
    """The chunk tables of a complete results folder, in replicate order, one at a time."""
    manifest = manifest or read_checked_manifest(folder)
    paths = [folder / mf.CHUNKS / mf.chunk_name(i) for i in range(len(manifest["chunk_seeds"]))]
    if columns:
        _check_columns(folder, paths[0], columns)
    for path in paths:
        try:
            yield read_parquet(path, columns)
        except OSError as error:  # pyarrow's ArrowInvalid is an OSError subclass too
            raise ResultsError(folder, f"cannot read {path.name}: {error}") from None


def _manifest(folder: Path) -> dict:
    if not folder.is_dir():
        raise ResultsError(folder, "no such folder")
    if not (folder / mf.MANIFEST).is_file():
        raise ResultsError(folder, _not_results(folder))
    try:
        return mf.read_manifest(folder)
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


def _history(folder: Path) -> list[dict]:
    path = folder / mf.HISTORY
    if not path.is_file():
        return []
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ResultsError(folder, f"unreadable {mf.HISTORY} ({error})") from None
