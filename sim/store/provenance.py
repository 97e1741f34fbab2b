"""Which engine made a result: a fingerprint of its code and data, and the libraries' versions.

The package version alone says nothing when the code changes between releases (issue 22):
the engine fingerprint is a SHA-256 over the engine's source files (`sim/`, `agents/`) and the
built-in scenario data they read (`scenarios/`, `actors/` included), so a changed line gives
another fingerprint. It is recorded in every manifest, in every chunk's identity and in the
JSON outputs, and `--resume` and Dask workers refuse another one. The git commit is recorded
beside it when the package sits in a git checkout; it is not part of the fingerprint (a commit
that changes only the documentation leaves the engine what it was).
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sim import __version__

ROOT = Path(__file__).resolve().parents[2]
"""The folder holding the `sim`, `agents` and `scenarios` packages."""

ENGINE_FILES = (("sim", "*.py"), ("agents", "*.py"), ("scenarios", "*.yaml"))
"""(folder, pattern) of the files whose bytes make the fingerprint."""

LIBRARIES = ("numpy", "scipy", "pyarrow", "mesa", "pydantic", "SALib")
"""The numerical and storage dependencies whose versions a result records."""

SHORT = 12
"""Hex digits of a fingerprint shown to people."""


def engine_files(root: Path = ROOT) -> list[Path]:
    """The files of the fingerprint, sorted by their path relative to `root`."""
    found = [
        path
        for folder, pattern in ENGINE_FILES
        for path in (root / folder).rglob(pattern)
        if "__pycache__" not in path.parts
    ]
    return sorted(found, key=lambda path: path.relative_to(root).as_posix())


def fingerprint_of(root: Path) -> str:
    """SHA-256 over each engine file's relative path, size and bytes, in path order."""
    digest = hashlib.sha256()
    for path in engine_files(root):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


@functools.cache
def engine_fingerprint() -> str:
    """This process's engine fingerprint (computed once)."""
    return fingerprint_of(ROOT)


def short(fingerprint: str | None) -> str:
    """The first digits of a fingerprint, as messages show it."""
    return "none recorded" if not fingerprint else fingerprint[:SHORT]


def git_commit(root: Path = ROOT) -> str | None:
    """The commit checked out at `root`, or None outside a git checkout (or without git)."""
    if not (root / ".git").exists():
        return None
    try:
        found = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = found.stdout.strip()
    return commit or None


def library_versions() -> dict[str, str]:
    """Installed versions of Python and the libraries of `LIBRARIES` (read, not imported)."""
    versions = {"python": sys.version.split()[0]}
    for name in LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            continue
    return versions


@functools.cache
def _provenance() -> tuple[tuple[str, object], ...]:
    return (
        ("engine_fingerprint", engine_fingerprint()),
        ("package_version", __version__),
        ("git_commit", git_commit()),
        ("versions", library_versions()),
    )


def provenance() -> dict:
    """What a result records of the engine that made it (a fresh dict, computed once)."""
    return {key: dict(value) if isinstance(value, dict) else value for key, value in _provenance()}
