"""A teacher's own scenario or counterfactual file, checked like the CLI checks it.

The bytes are written only inside a `tempfile.TemporaryDirectory` (removed when
the check ends) because the loader reads files; the loaded Scenario stays in
memory. Errors come back as the loader's located ScenarioError, renamed to the
uploaded file's name so the temporary path never shows.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath

from sim.errors import ScenarioError
from sim.loader import load_scenario
from sim.schema import Scenario

MAX_BYTES = 256 * 1024


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
    with tempfile.TemporaryDirectory(prefix="alliance-upload-") as folder:
        path = Path(folder) / shown
        path.write_bytes(data)
        try:
            return load_scenario(path)
        except ScenarioError as error:
            file = shown if error.file == str(path) else Path(error.file).name
            raise ScenarioError(file, error.line, error.path, error.message) from None
