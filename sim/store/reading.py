"""Read a saved batch folder (manifest, chunk tables, history) back into memory.

Every problem is a ResultsError naming the folder: not a results folder, a
format this version cannot read, a damaged manifest, chunks missing from an
unfinished batch, a chunk or history whose bytes no longer match the
checksum the manifest recorded (then `--resume` redoes it), a chunk whose stored
identity is not that chunk of this folder's run, or a sweep whose `sweep.json` changed.
`iter_chunks` reads one chunk at a time (and only the columns asked for) for
analyses that must not hold a million-replicate table at once; `iter_arrow_chunks`
does the same as Arrow tables with dictionary-encoded strings, so that an
aggregation never builds fixed-width string arrays. Chunks are checked and
decoded a few at a time in threads (SHA-256 and Parquet decoding release the
GIL), and handed on in replicate order.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sim.engine.arrow_table import from_arrow
from sim.engine.results import Results, Table
from sim.engine.run_plan import Chunk
from sim.scenario import campaign
from sim.store import chunk_integrity as integrity
from sim.store import history_file, repair_hint
from sim.store import manifest as mf
from sim.store.arrow_io import parquet_columns, read_arrow, sha256

READ_THREADS = max(1, min(4, os.cpu_count() or 1))
"""Chunks checked and decoded at once (each holds one chunk file's bytes while it is read)."""

T = TypeVar("T")
U = TypeVar("U")


class ResultsError(ValueError):
    """A folder that cannot be read as batch results."""

    def __init__(self, folder: Path, message: str):
        self.folder = folder
        super().__init__(f"{folder}: {message}")


def read_results(
    folder: Path | str,
    columns: Sequence[str] | None = None,
    label: str | None = None,
    optional: Sequence[str] = (),
) -> Results:
    """The complete results saved in `folder` by `alliance-sim batch`, checked against the
    manifest (optionally only some `columns` of the table, and those of the `optional` ones
    the folder has; named `label`, else the scenario id)."""
    folder = Path(folder)
    manifest = read_checked_manifest(folder)
    if columns and optional:
        first = folder / mf.CHUNKS / mf.chunk_name(mf.plan(manifest)[0].index)
        try:
            known = parquet_columns(first)
        except OSError as error:
            raise ResultsError(folder, f"cannot read {first.name}: {error}") from None
        columns = [*columns, *(name for name in optional if name in known)]
    table = _joined(list(iter_chunks(folder, columns, manifest)))
    scenario = campaign.from_dump(manifest["scenario"])
    history = verified_history(folder, manifest)
    replicates, seed = int(manifest["replicates"]), int(manifest["seed"])
    return Results(label or scenario.id, scenario, replicates, seed, table, history, str(folder))


def _joined(tables: list[Table]) -> Table:
    """`concat_tables(tables)`, letting go of each column's chunks once they are joined.

    The peak is then the table plus one column, rather than twice the table.
    """
    if len(tables) == 1:
        return tables[0]
    parts = {name: [table.pop(name) for table in tables] for name in list(tables[0])}
    return {name: np.concatenate(parts.pop(name)) for name in list(parts)}


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
    _check_sweep_record(folder, manifest)
    return manifest


def _check_sweep_record(folder: Path, manifest: dict) -> None:
    """A sweep's `sweep.json` must be the one its manifest recorded (readers trust its labels)."""
    expected = manifest["sweep_sha256"]
    if expected is None:
        return
    try:
        data = (folder / mf.SWEEP).read_bytes()
    except OSError:
        data = None
    if data is None or sha256(data) != expected:
        state = "missing" if data is None else "changed (its checksum differs from the manifest's)"
        raise ResultsError(
            folder,
            f"{mf.SWEEP} is {state}; rewrite it with {repair_hint.SOME_SWEEP}",
        )


def verified_history(folder: Path, manifest: dict) -> list[dict]:
    """The per-step history of a checked results folder, once its bytes match the manifest
    and it says it is this run's (chunk 0's identity)."""
    return _checked_history(folder, manifest)[1]


def verified_history_bytes(folder: Path, manifest: dict) -> bytes:
    """The history file's bytes once they match the manifest and say they are this run's."""
    return _checked_history(folder, manifest)[0]


def _checked_history(folder: Path, manifest: dict) -> tuple[bytes, list[dict]]:
    path = folder / mf.HISTORY
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    problem = None
    if data is None:
        problem = "missing"
    elif sha256(data) != manifest.get("history_sha256"):
        problem = "damaged (its checksum differs from the manifest's)"
    else:
        try:
            return data, history_file.checked_steps(data, manifest)
        except history_file.HistoryDamaged as damage:
            problem = f"not this run's: {damage}"
    raise ResultsError(
        folder,
        f"{mf.HISTORY} is {problem}; rebuild it with `{repair_hint.resume_command(folder, manifest)}`",
    )


def iter_chunks(
    folder: Path, columns: Sequence[str] | None = None, manifest: dict | None = None
) -> Iterator[Table]:
    """The chunk tables of a complete results folder, in replicate order, one at a time."""
    for arrow in iter_arrow_chunks(folder, columns, manifest):
        yield from_arrow(arrow)


def iter_arrow_chunks(
    folder: Path,
    columns: Sequence[str] | None = None,
    manifest: dict | None = None,
    threads: int = READ_THREADS,
) -> Iterator[pa.Table]:
    """The chunks of a complete results folder as Arrow tables, in replicate order.

    Strings are dictionary-encoded. Each chunk's bytes are checked against the
    manifest's SHA-256 and row count before they are handed on (a ResultsError
    otherwise); at most `threads` + 1 chunks are held at once.
    """
    manifest = manifest or read_checked_manifest(folder)
    chunks = mf.plan(manifest)

    def load(chunk: Chunk) -> pa.Table:
        path = folder / mf.CHUNKS / mf.chunk_name(chunk.index)
        try:
            file = _checked_file(path, manifest["chunks"].get(str(chunk.index)))
        except integrity.ChunkDamaged as damage:
            raise _damaged(folder, path, damage, manifest) from None
        with file:
            try:
                integrity.check_footer(pq.ParquetFile(file).metadata, chunk, manifest)
            except integrity.ChunkDamaged as damage:
                raise _foreign(folder, path, damage, manifest) from None
            except (OSError, ValueError, pa.ArrowException) as error:
                raise _damaged(folder, path, error, manifest) from None
            file.seek(0)
            if columns and chunk.index == 0:
                _check_columns(folder, path, columns)
            try:
                table = read_arrow(path, columns, source=file)
            except (OSError, ValueError, pa.ArrowException) as error:  # a page checksum, say
                raise _damaged(folder, path, error, manifest) from None
        if table.num_rows != manifest["chunks"][str(chunk.index)]["rows"]:
            raise _damaged(folder, path, ValueError(f"it holds {table.num_rows} rows"), manifest)
        return table

    yield from ordered_map(load, chunks, threads)


HASH_BLOCK = 1 << 20


def _checked_file(path: Path, expected: dict | None) -> BinaryIO:
    """`path` opened, once its bytes match the manifest's record `expected`, else ChunkDamaged.

    As `sim.store.chunk_integrity.checked_bytes` (same checks, same words), but the file is
    hashed a block at a time and handed back open: the caller decodes only the columns
    it wants from the very file that was checked, never holding all of its bytes.
    """
    if expected is None:
        raise integrity.ChunkDamaged("the manifest has no record of it")
    try:
        file = path.open("rb")
    except OSError as error:
        raise integrity.ChunkDamaged(f"cannot be read ({error.strerror})") from None
    try:
        digest, size, block = hashlib.sha256(), 0, bytearray(HASH_BLOCK)
        view = memoryview(block)
        while read := file.readinto(block):
            digest.update(view[:read])
            size += read
    except OSError as error:
        file.close()
        raise integrity.ChunkDamaged(f"cannot be read ({error.strerror})") from None
    if size == 0:
        file.close()
        raise integrity.ChunkDamaged("it is empty (0 bytes)")
    if digest.hexdigest() != expected["sha256"]:
        file.close()
        raise integrity.ChunkDamaged(
            "its checksum differs from the manifest's (the file was changed)"
        )
    file.seek(0)
    return file


def ordered_map(function: Callable[[T], U], items: Iterable[T], threads: int) -> Iterator[U]:
    """`map(function, items)` run in `threads` threads, `threads` + 1 items ahead at most.

    Results come in the order of `items`; the first exception raised stops the rest.
    """
    if threads <= 1:
        yield from map(function, items)
        return
    with ThreadPoolExecutor(threads) as pool:
        pending: deque = deque()
        try:
            for item in items:
                pending.append(pool.submit(function, item))
                if len(pending) > threads:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def _damaged(folder: Path, path: Path, why: Exception, manifest: dict) -> ResultsError:
    return ResultsError(
        folder,
        f"{path.name} is damaged: {why}; redo it with `{repair_hint.resume_command(folder, manifest)}`",
    )


def _foreign(folder: Path, path: Path, why: Exception, manifest: dict) -> ResultsError:
    return ResultsError(
        folder,
        f"{path.name} is refused: {why}; redo it with "
        f"`{repair_hint.resume_command(folder, manifest)}`",
    )


def _manifest(folder: Path) -> dict:
    if not folder.is_dir():
        raise ResultsError(folder, "no such folder")
    if not (folder / mf.MANIFEST).is_file():
        raise ResultsError(folder, _not_results(folder))
    try:
        return mf.read_manifest(folder)
    except mf.ManifestError as error:
        again = (
            f"`{repair_hint.sweep_command(folder)}`"
            if (folder / mf.SWEEP).exists()
            else "rerunning the batch with --resume"
        )
        raise ResultsError(
            folder,
            f"damaged {mf.MANIFEST}: {error} ({again} rebuilds it from the chunks that verify)",
        ) from None
    except (OSError, ValueError) as error:
        raise ResultsError(folder, f"unreadable {mf.MANIFEST} ({error})") from None


def _not_results(folder: Path) -> str:
    inner = sorted(p.name for p in folder.iterdir() if (p / mf.MANIFEST).is_file())
    if inner:
        return f"not a results folder, but it holds some: {', '.join(inner)}"
    if not any(folder.iterdir()):
        return "empty folder, not a results folder (make one with `alliance-sim batch`)"
    if (folder / mf.SWEEP).is_file():
        return (
            f"a sweep whose {mf.MANIFEST} is missing; rebuild it from the chunks that verify "
            f"with `{repair_hint.sweep_command(folder)}`"
        )
    if mf.chunks_on_disk(folder):
        return (
            f"{mf.MANIFEST} is missing; rerunning the batch command with --resume rebuilds it "
            "from the chunks that verify"
        )
    return f"not a results folder (no {mf.MANIFEST}; make one with `alliance-sim batch`)"


def _check_complete(folder: Path, manifest: dict) -> None:
    expected = range(len(manifest["chunk_seeds"]))
    missing = sorted(set(expected) - set(mf.chunks_on_disk(folder)))
    if not missing:
        return
    shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
    raise ResultsError(
        folder,
        f"incomplete {'sweep' if manifest['sweep_sha256'] else 'batch'} "
        f"(status {manifest.get('status')}): {len(missing)} of "
        f"{len(expected)} chunks missing ({shown}); finish it with `{repair_hint.resume_command(folder, manifest)}`",
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
