"""A posterior folder, kept like a batch: `posterior.parquet` (the accepted parameter vectors
with their weights) and `calibration.json` (the manifest: target hash, prior, data, tolerance
schedule, acceptance per round, seed, settings, provenance), beside `rounds/`, the simulated
batches.

The manifest is written first with status `running` (so `--resume` can check it is the same
calibration) and last with status `complete` and the SHA-256 of `posterior.parquet`; both
files are written atomically. A reader accepts only a complete folder whose Parquet file
matches the manifest, and says what is wrong otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.store.arrow_io import read_parquet, sha256, write_parquet
from sim.store.atomic import write_json_atomic

FORMAT_VERSION = 1
KIND = "alliance-sim posterior"
MANIFEST = "calibration.json"
POSTERIOR = "posterior.parquet"
WEIGHT = "weight"
PARTICLE = "particle"
RUNNING, COMPLETE = "running", "complete"


class PosteriorError(ValueError):
    """A folder that cannot be read (or resumed) as a posterior; the message names it."""

    def __init__(self, folder: Path, message: str):
        self.folder = folder
        super().__init__(f"{folder}: {message}")


@dataclass(frozen=True)
class Posterior:
    """A finished calibration: parameter vectors (rows) by path, normalised weights, manifest."""

    folder: Path
    paths: tuple[str, ...]
    theta: np.ndarray
    weights: np.ndarray
    manifest: dict

    @property
    def target(self) -> str:
        return self.manifest["target_id"]

    def prior(self) -> list[dict]:
        return self.manifest["prior"]


def write_manifest(folder: Path, manifest: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_json_atomic(folder / MANIFEST, {"format_version": FORMAT_VERSION, "kind": KIND,
                                          **manifest})  # fmt: skip


def write_posterior(
    folder: Path, paths: tuple[str, ...], theta: np.ndarray, weights: np.ndarray,
    distance: np.ndarray, keys: list[str], manifest: dict,
) -> None:  # fmt: skip
    """The posterior's Parquet file, then the completed manifest vouching for it."""
    table = {PARTICLE: np.arange(len(theta)), WEIGHT: np.asarray(weights, float)}
    table.update({path: theta[:, i] for i, path in enumerate(paths)})
    table.update({f"distance:{key}": distance[:, i] for i, key in enumerate(keys)})
    written = write_parquet(folder / POSTERIOR, table)
    manifest = {**manifest, "status": COMPLETE,
                "posterior": {"file": POSTERIOR, "rows": written.rows, "sha256": written.sha256}}  # fmt: skip
    write_manifest(folder, manifest)


def read_manifest(folder: Path) -> dict:
    """The manifest of a posterior folder (any status); PosteriorError if missing or damaged."""
    path = folder / MANIFEST
    if not folder.is_dir():
        raise PosteriorError(
            folder, "no such folder (give the --out folder of `alliance-sim calibrate`)"
        )
    if not path.is_file():
        raise PosteriorError(folder, f"not a posterior folder: it has no {MANIFEST}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PosteriorError(folder, f"{MANIFEST} is damaged or unreadable ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
        raise PosteriorError(folder, f"{MANIFEST} is not the manifest of a posterior")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise PosteriorError(folder, f"posterior format version {manifest.get('format_version')!r}; "
                             f"this alliance-sim reads version {FORMAT_VERSION}")  # fmt: skip
    return manifest


def read_posterior(folder: Path | str) -> Posterior:
    """The finished posterior in `folder`, checked against its manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest.get("status") != COMPLETE:
        raise PosteriorError(folder, f"the calibration is not finished (status "
                             f"{manifest.get('status')!r}); finish it with --resume")  # fmt: skip
    try:
        recorded = manifest["posterior"]
        paths = tuple(entry["path"] for entry in manifest["prior"])
        data = (folder / POSTERIOR).read_bytes()
    except (KeyError, TypeError) as error:
        raise PosteriorError(folder, f"{MANIFEST} lacks the field {error}") from None
    except OSError as error:
        raise PosteriorError(
            folder, f"{POSTERIOR} is missing or unreadable ({error.strerror})"
        ) from None
    if sha256(data) != recorded.get("sha256"):
        raise PosteriorError(folder, f"{POSTERIOR} does not match its checksum in {MANIFEST}: "
                             "the file was changed or damaged; run the calibration again")  # fmt: skip
    try:
        table = read_parquet(folder / POSTERIOR, data=data)
    except (OSError, ValueError) as error:
        raise PosteriorError(folder, f"{POSTERIOR} cannot be read ({error})") from None
    missing = [name for name in (WEIGHT, *paths) if name not in table]
    if missing:
        raise PosteriorError(folder, f"{POSTERIOR} lacks the column(s) {', '.join(missing)}")
    weights = np.asarray(table[WEIGHT], float)
    if len(weights) == 0 or not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise PosteriorError(folder, f"{POSTERIOR}: weights must be finite and non-negative")
    theta = np.column_stack([table[path] for path in paths])
    return Posterior(folder, paths, theta, weights / weights.sum(), manifest)
