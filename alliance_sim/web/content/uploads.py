"""A teacher's own scenario or counterfactual file, checked like the CLI checks it.

The bytes are written only inside a `tempfile.TemporaryDirectory` (removed when
the check ends) because the loader reads files; the loaded Scenario stays in
memory. Errors come back as the loader's located ScenarioError, renamed to the
uploaded file's name so the temporary path never shows.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path, PurePath

from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_scenario
from sim.scenario.structure import Scenario

MAX_BYTES = 256 * 1024
PREFIX = "alliance-upload-"
STALE_SECONDS = 600
"""An upload's folder lives for the second its check takes; older ones were orphaned."""


def safe_name(name: str) -> str:
    """The file's own name without any folders, ending in .yaml."""
    stem = PurePath(name.replace("\\", "/")).name or "upload.yaml"
    return stem if stem.endswith((".yaml", ".yml")) else stem + ".yaml"


def load_upload(name: str, data: bytes) -> Scenario:
    """Validate an uploaded file; raise ScenarioError naming `name`, its line and field."""
    shown = safe_name(name)
    if len(data) > MAX_BYTES:
        raise ScenarioError(
            shown, None, "", f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}"
        )
    with tempfile.TemporaryDirectory(prefix=PREFIX) as folder:
        path = Path(folder) / shown
        path.write_bytes(data)
        try:
            return load_scenario(path)
        except ScenarioError as error:
            file = shown if error.file == str(path) else Path(error.file).name
            raise ScenarioError(file, error.line, error.path, error.message) from None


def remove_stale_uploads(folder: Path | None = None, max_age: float = STALE_SECONDS) -> list[Path]:
    """Delete upload folders left behind by a server that was killed mid-upload; return them.

    Only folders older than `max_age` seconds go: another server on this
    machine may be checking an upload right now.
    """
    root = Path(folder or tempfile.gettempdir())
    removed = []
    for path in root.glob(f"{PREFIX}*"):
        try:
            if path.is_dir() and time.time() - path.stat().st_mtime > max_age:
                shutil.rmtree(path)
                removed.append(path)
        except OSError:
            continue  # someone else's, or already gone
    return removed
