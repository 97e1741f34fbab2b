"""Atomic file writes: a reader sees the old file or the whole new one, never a part.

Batches can be interrupted at any moment (Ctrl-C, a killed worker), so every
result file is written to a hidden temporary file in the same folder, flushed
to disk and renamed over its final name.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".tmp-"


def write_atomic(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write `path` through `write(file)` so that it appears complete or not at all."""
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


def write_json_atomic(path: Path, data: object) -> None:
    """Write `data` as indented UTF-8 JSON, atomically."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, lambda file: file.write(text.encode("utf-8")))


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
