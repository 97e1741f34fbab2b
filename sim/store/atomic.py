"""Atomic file writes: a reader sees the old file or the whole new one, never a part.

Batches can be interrupted at any moment (Ctrl-C, a killed worker), so every
result file is written to a hidden temporary file in the same folder, flushed
to disk and renamed over its final name. A set of files (a command's figures,
a teacher pack) is written into a hidden draft folder first and moved in only
once every file is complete, so an interruption never leaves new files beside
old ones. A file-system fault raises OSError naming the final path, which
`write_failure` turns into one message for the user.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".tmp-"
DRAFT_PREFIX = ".draft-"
"""Hidden folders where a set of files is written before it is moved in (see `file_set`)."""


def write_atomic(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write `path` through `write(file)` so that it appears complete or not at all.

    A file-system fault (no permission, a full disk, a missing folder) raises OSError
    whose `filename` is `path`, whatever temporary name it struck.
    """
    with _named(path):
        fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", dir=path.parent)
        try:
            os.chmod(temp, 0o644)  # mkstemp makes files private; results are for sharing
            with os.fdopen(fd, "wb") as file:
                write(file)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise
        _sync_folder(path.parent)


def json_bytes(data: object) -> bytes:
    """`data` as the indented UTF-8 JSON `write_json_atomic` writes (to checksum it first)."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_json_atomic(path: Path, data: object) -> None:
    """Write `data` as indented UTF-8 JSON, atomically."""
    encoded = json_bytes(data)
    write_atomic(path, lambda file: file.write(encoded))


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` as UTF-8, atomically."""
    write_atomic(path, lambda file: file.write(text.encode("utf-8")))


def write_failure(error: OSError, path: Path | str | None = None) -> str:
    """One line for the user: the path that could not be written and why."""
    where = error.filename or path
    cause = error.strerror or str(error) or type(error).__name__
    return f"cannot write {where}: {cause}" if where else f"cannot write: {cause}"


@contextlib.contextmanager
def file_set(folder: Path) -> Iterator[Path]:
    """A draft folder to write a set of files into; when the block ends normally they all
    move into `folder` (made if missing) at once, Ctrl-C and SIGTERM waiting until they are
    in. If the block raises or is interrupted, the draft is removed and `folder` is left
    as it was: never new files beside old ones of an earlier set.

    Files of `folder` that the set does not replace are kept. A file-system fault raises
    OSError naming the path.
    """
    with _named(folder):
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "it is a file, not a folder", str(folder))
        home = folder if folder.is_dir() else folder.parent
        home.mkdir(parents=True, exist_ok=True)
        _remove_drafts(home, folder.name)
        draft = Path(tempfile.mkdtemp(prefix=f"{DRAFT_PREFIX}{folder.name}.", dir=home))
    try:
        yield draft
        with _named(folder), signals_deferred():
            _move_in(draft, folder)
    finally:
        shutil.rmtree(draft, ignore_errors=True)


def _move_in(draft: Path, folder: Path) -> None:
    """Put the draft's files in `folder`: a rename of the whole draft when `folder` is new."""
    files = sorted(draft.iterdir())
    if not files:
        return
    if not folder.exists():
        os.chmod(draft, 0o755)  # mkdtemp makes folders private; results are for sharing
        os.replace(draft, folder)
        _sync_folder(folder.parent)
        return
    for file in files:
        os.replace(file, folder / file.name)
    _sync_folder(folder)


def _remove_drafts(home: Path, name: str) -> None:
    """Drafts left by a process that was killed while it wrote `name`."""
    for draft in home.glob(f"{DRAFT_PREFIX}{name}.*"):
        shutil.rmtree(draft, ignore_errors=True)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends, then deliver them (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda n, f: caught.append(n)) for number in held}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(caught):
            signal.raise_signal(number)


@contextlib.contextmanager
def _named(path: Path) -> Iterator[None]:
    """Re-raise a file-system fault as the same kind of OSError, naming `path`."""
    try:
        yield
    except OSError as error:
        if error.errno is None or error.filename == str(path):
            raise
        raise OSError(error.errno, error.strerror, str(path)) from None


def remove_temp_files(folder: Path) -> None:
    """Delete temporary files left by writes that were cut short (their process was killed)."""
    for temp in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
