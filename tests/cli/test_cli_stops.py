"""How commands stop: SIGTERM named as such, a stop after the last chunk is no failure, a
write that never started suggests no resume, a `sensitivity` stop speaks of no chunks, and
options that do nothing for a method are refused."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from typer.testing import CliRunner

from alliance_sim.cli import batch as batch_cli
from alliance_sim.cli.app import app
from sim.store import chunk_jobs
from sim.store.batch import BatchInterrupted
from sim.store.reading import read_checked_manifest
from sim.store.stop_signals import Terminated

cli = CliRunner()
SCENARIO = "pow_repatriation"
ARGS = [SCENARIO, "-n", "3000", "--chunk-size", "1000", "-w", "1"]


def stopping_on_chunk(monkeypatch, signal_like: type[BaseException], number: int) -> None:
    real, calls = chunk_jobs.run_job, []

    def run_job(job):
        calls.append(job)
        if len(calls) == number:
            raise signal_like
        return real(job)

    monkeypatch.setattr(chunk_jobs, "run_job", run_job)


def text(result) -> str:
    return " ".join(result.output.split())


def test_sigterm_is_named_sigterm(tmp_path, monkeypatch):
    stopping_on_chunk(monkeypatch, Terminated, 2)
    result = cli.invoke(app, ["batch", *ARGS, "--out", str(tmp_path)])
    assert result.exit_code == 130, result.output
    assert "batch interrupted (SIGTERM): 1 of 3 chunks are saved" in text(result)
    assert "Ctrl-C" not in result.output


def test_a_stop_after_every_chunk_was_saved_ends_well(tmp_path, monkeypatch):
    real = batch_cli.run_batch

    def stopped_at_the_end(targets, workers, on_chunk):
        real(targets, workers, on_chunk)
        raise BatchInterrupted("interrupted (Ctrl-C)", targets, by_user=True)

    monkeypatch.setattr(batch_cli, "run_batch", stopped_at_the_end)
    result = cli.invoke(app, ["batch", *ARGS, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "interrupted" not in result.output
    assert read_checked_manifest(tmp_path / SCENARIO)["status"] == "complete"


def test_a_folder_that_cannot_be_made_suggests_no_resume(tmp_path, monkeypatch):
    def refused(self, *args, **kwargs):
        raise PermissionError(13, "Operation not permitted", str(self))

    monkeypatch.setattr("pathlib.Path.mkdir", refused)
    result = cli.invoke(app, ["batch", *ARGS, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "cannot write the results: Operation not permitted" in text(result)
    assert "nothing was kept" in text(result) and "--resume" not in result.output


def test_an_interrupted_sensitivity_speaks_of_no_chunks(monkeypatch):
    stopping_on_chunk(monkeypatch, KeyboardInterrupt, 1)  # its only chunk
    args = ["sensitivity", SCENARIO, "--method", "morris", "-N", "4", "-w", "1"]
    result = cli.invoke(app, args)
    assert result.exit_code == 130, result.output
    assert "interrupted (Ctrl-C); run the command again to start over" in text(result)
    assert "chunks are saved" not in result.output and "Finish with" not in result.output


@pytest.mark.parametrize("option", ["--chart", "--keep"])
def test_spearman_refuses_the_options_it_has_no_use_for(tmp_path, option):
    result = cli.invoke(app, ["sensitivity", SCENARIO, "-n", "50", option, str(tmp_path / "x")])
    assert result.exit_code == 2, result.output
    assert f"{option} is for --method sobol or morris" in text(result)
    assert not (tmp_path / "x").exists()


def test_discover_on_chunks_of_different_runs_is_one_message(tmp_path):
    """A chunk of a counterfactual (two more draw columns) put in a base's folder, its
    checksum written into the manifest."""
    done = cli.invoke(app, ["batch", SCENARIO, "pow_stalin_lives", *ARGS[1:], "--out", tmp_path])
    assert done.exit_code == 0, done.output
    folder, stranger = tmp_path / SCENARIO, tmp_path / "pow_stalin_lives"
    shutil.copy(stranger / "chunks/chunk-00001.parquet", folder / "chunks/chunk-00001.parquet")
    manifest = json.loads((folder / "manifest.json").read_text())
    data = (folder / "chunks/chunk-00001.parquet").read_bytes()
    manifest["chunks"]["1"]["sha256"] = hashlib.sha256(data).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    result = cli.invoke(app, ["discover", str(folder), "--outcome", f"{SCENARIO}=no_agreement"])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "error:" in result.output and "Traceback" not in result.output
