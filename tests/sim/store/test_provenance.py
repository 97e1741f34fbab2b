"""Provenance (issue 22): the engine fingerprint and versions are recorded in manifests and JSON
outputs; `--resume` refuses a folder started by another engine unless `--allow-engine-change`,
which is recorded; Dask workers are checked on the fingerprint."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from sim import __version__
from sim.store import executors, provenance
from sim.store import manifest as mf
from sim.store.executors import BackendError, DaskExecutor

SCENARIO = "pow_repatriation"
SMALL = ["-n", "600", "-s", "4", "--chunk-size", "200", "-w", "1"]  # three chunks
cli = CliRunner()


def batch(out: Path, *extra: str):
    return cli.invoke(app, ["batch", SCENARIO, *SMALL, "--out", str(out), *extra])


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / mf.MANIFEST).read_text(encoding="utf-8"))


@pytest.fixture
def changed_engine(tmp_path, monkeypatch):
    """The engine as if one line of its source had changed: the fingerprint is computed over a
    copy of `sim/`, `agents/` and `scenarios/` with a line added to the model's module."""
    copy = tmp_path / "engine"
    for folder in ("sim", "agents", "scenarios"):
        shutil.copytree(
            provenance.ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    with (copy / "sim" / "engine" / "model.py").open("a", encoding="utf-8") as file:
        file.write("# one changed line\n")
    before = provenance.engine_fingerprint()
    monkeypatch.setattr(provenance, "ROOT", copy)
    provenance.engine_fingerprint.cache_clear()
    provenance._provenance.cache_clear()
    yield before, provenance.engine_fingerprint()
    provenance.engine_fingerprint.cache_clear()
    provenance._provenance.cache_clear()


@pytest.fixture
def interrupted(tmp_path) -> Path:
    """A three-chunk batch whose last chunk was never written (as after a kill)."""
    result = batch(tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / SCENARIO
    (folder / "chunks" / mf.chunk_name(2)).unlink()
    manifest = manifest_of(folder)
    del manifest["chunks"]["2"]
    manifest.update(completed_chunks=[0, 1], status=mf.INTERRUPTED, end_time=None)
    (folder / mf.MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


def test_the_fingerprint_covers_the_engine_sources_and_the_scenario_data():
    names = {path.relative_to(provenance.ROOT).as_posix() for path in provenance.engine_files()}
    assert {"sim/engine/model.py", "agents/__init__.py", "scenarios/pow_repatriation.yaml"} <= names
    assert any(name.startswith("scenarios/actors/") for name in names)
    assert len(provenance.engine_fingerprint()) == 64


def test_a_manifest_records_the_engine_and_the_versions(interrupted):
    recorded = manifest_of(interrupted)["provenance"]
    assert recorded["engine_fingerprint"] == provenance.engine_fingerprint()
    assert {"python", "numpy", "scipy", "pyarrow", "mesa", "pydantic", "SALib"} <= set(
        recorded["versions"]
    )


def test_resume_with_a_changed_engine_is_refused(interrupted, changed_engine):
    before, now = changed_engine
    assert before != now
    result = batch(interrupted.parent, "--resume")
    assert result.exit_code == 2
    message = result.output.strip()
    assert len(message.splitlines()) == 1, message
    assert f"its chunks were made by engine {before[:12]}, this is engine {now[:12]}" in message
    assert "--allow-engine-change" in message
    assert not (interrupted / "chunks" / mf.chunk_name(2)).exists()  # nothing was run
    assert manifest_of(interrupted)["status"] == mf.INTERRUPTED


def test_allow_engine_change_finishes_the_folder_and_is_recorded(interrupted, changed_engine):
    before, now = changed_engine
    result = batch(interrupted.parent, "--resume", "--allow-engine-change")
    assert result.exit_code == 0, result.output
    manifest = manifest_of(interrupted)
    assert manifest["status"] == mf.COMPLETE
    assert manifest["provenance"]["engine_fingerprint"] == now
    [change] = manifest["engine_changes"]
    assert (change["previous"], change["current"]) == (before, now)
    # the folder reads, the older engine's chunks included
    compared = cli.invoke(app, ["compare", str(interrupted), str(interrupted), "-f", "json"])
    assert compared.exit_code == 0, compared.output


def test_compare_json_carries_the_provenance(interrupted):
    result = batch(interrupted.parent, "--resume")
    assert result.exit_code == 0, result.output
    compared = cli.invoke(app, ["compare", str(interrupted), str(interrupted), "-f", "json"])
    assert compared.exit_code == 0, compared.output
    recorded = json.loads(compared.stdout)["provenance"]
    assert recorded["engine_fingerprint"] == provenance.engine_fingerprint()
    assert recorded["versions"]["numpy"]


class _Workers:
    """A Dask client whose one worker answers the engine check as told."""

    def __init__(self, fingerprint: str):
        self.fingerprint = fingerprint

    def run(self, function):
        assert function is executors._worker_engine
        return {"tcp://10.0.0.2:4001": (__version__, self.fingerprint, False)}


def test_dask_workers_with_another_engine_are_refused_though_the_version_is_the_same():
    other = "0" * 64
    with pytest.raises(BackendError) as refused:
        DaskExecutor(_Workers(other)).check_versions()
    ours = provenance.engine_fingerprint()
    assert str(refused.value) == (
        f"the Dask workers must run the engine of this machine, alliance-sim {__version__} "
        f"(engine {ours[:12]}): tcp://10.0.0.2:4001 has {__version__} (engine {other[:12]})"
    )
    DaskExecutor(_Workers(ours)).check_versions()  # the same engine passes
