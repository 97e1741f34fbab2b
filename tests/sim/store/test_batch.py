"""Batches on disk: worker-count invariance, interrupt and resume, bad inputs, reading back."""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import same_tables
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from sim import __version__
from sim.engine.model import AllianceModel
from sim.engine.runner import chunk_plan, run
from sim.scenario.loader import load_scenario
from sim.store import chunk_jobs
from sim.store import manifest as mf
from sim.store.arrow_io import read_parquet, write_parquet
from sim.store.batch import BatchInterrupted, prepare, run_batch
from sim.store.reading import ResultsError, read_checked_manifest, read_results

SCENARIO = "pow_repatriation"
cli = CliRunner()


@pytest.fixture(scope="module")
def pow_scenario():
    return load_scenario(SCENARIO)


def make_batch(out: Path, scenario, replicates: int, seed: int, workers: int = 1, size: int = 500):
    targets = prepare([(SCENARIO, scenario)], out, replicates, seed, chunk_size=size)
    run_batch(targets, workers)
    return out / scenario.id


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (to show that nothing was written)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_results_are_identical_whatever_the_number_of_workers(tmp_path, pow_scenario):
    one = make_batch(tmp_path / "one", pow_scenario, 2_300, seed=11, workers=1)
    two = make_batch(tmp_path / "two", pow_scenario, 2_300, seed=11, workers=2)
    first, second = read_results(one), read_results(two)
    assert len(read_checked_manifest(one)["chunk_seeds"]) == 5  # four full chunks and a short one
    assert same_tables(first.table, second.table)
    assert first.history == second.history
    assert first.table["replicate"].max() == 2_299


def test_a_batch_reproduces_an_in_memory_run(tmp_path, pow_scenario):
    """Saving changes nothing: the table read back is `sim.engine.runner.run`'s, dtypes included."""
    folder = make_batch(tmp_path, pow_scenario, 800, seed=3, size=50_000)
    saved, direct = read_results(folder), run(pow_scenario, 800, seed=3)
    assert same_tables(saved.table, direct.table)
    assert {k: v.dtype.kind for k, v in saved.table.items()} == {
        k: v.dtype.kind for k, v in direct.table.items()
    }
    assert saved.table["agreement_date"].dtype == np.dtype("datetime64[D]")
    assert saved.scenario == pow_scenario


def test_the_manifest_records_what_was_run(tmp_path, pow_scenario):
    folder = make_batch(tmp_path, pow_scenario, 1_200, seed=5)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format_version"] == mf.FORMAT_VERSION
    assert manifest["package_version"] == __version__
    assert (manifest["scenario_id"], manifest["seed"], manifest["replicates"]) == (
        SCENARIO,
        5,
        1200,
    )
    assert manifest["chunk_seeds"] == [c.seed for c in chunk_plan(1200, 5, 500)]
    assert manifest["completed_chunks"] == [0, 1, 2]
    assert manifest["status"] == "complete"
    assert manifest["scenario_hash"] == mf.scenario_hash(pow_scenario)
    assert manifest["start_time"] <= manifest["end_time"]
    assert load_scenario(SCENARIO).model_dump(mode="json") == manifest["scenario"]


def test_only_some_columns_can_be_read(tmp_path, pow_scenario):
    folder = make_batch(tmp_path, pow_scenario, 600, seed=5)
    saved = read_results(folder, ["issue", "agreement_date"])
    assert list(saved.table) == ["issue", "agreement_date"]
    assert saved.table["issue"].size == 600
    with pytest.raises(ResultsError, match="no column"):
        read_results(folder, ["issue", "nonsense"])


@settings(max_examples=40, deadline=None)
@given(
    days=st.lists(st.one_of(st.none(), st.integers(-30_000, 30_000)), min_size=1, max_size=30),
    words=st.lists(st.sampled_from(["a", "bc", "no_agreement"]), min_size=30, max_size=30),
)
def test_parquet_keeps_days_strings_and_missing_dates(tmp_path_factory, days, words):
    n = len(days)
    table = {
        "agreement_date": np.array(
            [np.datetime64("NaT") if d is None else np.datetime64(d, "D") for d in days],
            dtype="datetime64[D]",
        ),
        "outcome": np.array(words[:n]),
        "position": np.linspace(0, 1, n),
        "steps": np.arange(n),
    }
    path = tmp_path_factory.mktemp("parquet") / "t.parquet"
    write_parquet(path, table)
    back = read_parquet(path)
    assert same_tables(table, back)
    assert all(back[k].dtype == table[k].dtype for k in table)


def live_models() -> int:
    gc.collect()
    return sum(isinstance(o, AllianceModel) for o in gc.get_objects())


def test_a_worker_keeps_no_model_after_its_chunk(tmp_path, pow_scenario):
    """Bounded memory: mesa would otherwise keep every chunk's model alive in the worker."""
    (tmp_path / "chunks").mkdir()
    before = live_models()
    for chunk in chunk_plan(900, 2, 300):
        chunk_jobs.run_job(chunk_jobs.Job(tmp_path, pow_scenario, chunk))
    assert live_models() == before
    assert mf.chunks_on_disk(tmp_path) == [0, 1, 2]


# --- interruption and resume ------------------------------------------------------------------

BIG_SIZE = 800
BIG = [
    "-n",
    str(30 * BIG_SIZE),
    "-s",
    "21",
    "--chunk-size",
    str(BIG_SIZE),
]  # 30 chunks of about a hundredth of a second each


def start_batch(out: Path, workers: int) -> subprocess.Popen:
    code = "import sys; from alliance_sim.cli.app import app; sys.argv[0] = 'alliance-sim'; app()"
    args = [sys.executable, "-c", code, "batch", SCENARIO, *BIG, "-w", str(workers)]
    return subprocess.Popen(
        [*args, "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for_first_chunk(folder: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not list(folder.glob("chunks/chunk-*.parquet")):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no chunk was written"
        time.sleep(0.005)


def assert_saved_files_are_complete(folder: Path, size: int = BIG_SIZE) -> list[int]:
    manifest = json.loads((folder / "manifest.json").read_text())
    on_disk = mf.chunks_on_disk(folder)
    assert manifest["completed_chunks"] == on_disk
    assert not [p for p in folder.rglob(".tmp-*")], "a temporary file was left behind"
    for index in on_disk:
        table = read_parquet(folder / "chunks" / mf.chunk_name(index))
        assert table["replicate"].tolist() == list(range(index * size, (index + 1) * size))
    if 0 in on_disk:  # chunk 0 writes the history first
        assert json.loads((folder / "history.json").read_text())
    return on_disk


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, pow_scenario):
    """The batch of BIG run without interruption (shared by both worker counts)."""
    folder = make_batch(
        tmp_path_factory.mktemp("whole"),
        pow_scenario,
        30 * BIG_SIZE,
        seed=21,
        workers=2,
        size=BIG_SIZE,
    )
    return read_results(folder).table


# one worker: the same interruption without a pool, in the slow tier (`python -m pytest -m slow`)
@pytest.mark.parametrize("workers", [pytest.param(1, marks=pytest.mark.slow), 2])
def test_ctrl_c_leaves_complete_files_and_resume_matches_an_uninterrupted_run(
    tmp_path, uninterrupted, workers
):
    out = tmp_path / "interrupted"
    folder = out / SCENARIO
    process = start_batch(out, workers)
    wait_for_first_chunk(folder, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "--resume" in stderr
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    saved = assert_saved_files_are_complete(folder)
    assert 0 < len(saved) < 30
    with pytest.raises(ResultsError, match="--resume") as error:
        read_results(folder)
    assert str(folder) in str(error.value)

    finished = {i: os.stat(folder / "chunks" / mf.chunk_name(i)).st_mtime_ns for i in saved}
    resume = ["batch", SCENARIO, *BIG, "-w", "2", "--out", str(out), "--resume"]
    result = cli.invoke(app, resume)
    assert result.exit_code == 0, result.output
    assert {i: os.stat(folder / "chunks" / mf.chunk_name(i)).st_mtime_ns for i in saved} == finished

    resumed = read_results(folder)
    assert read_checked_manifest(folder)["status"] == "complete"
    assert same_tables(resumed.table, uninterrupted)


RUN_JOB = chunk_jobs.run_job


def die_on_chunk_two(job: chunk_jobs.Job) -> int:
    """A worker that is killed in the middle of chunk 2."""
    if job.chunk.index == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return RUN_JOB(job)


def test_a_killed_worker_interrupts_the_batch_and_resume_finishes_it(
    tmp_path, pow_scenario, monkeypatch
):
    monkeypatch.setattr(chunk_jobs, "run_job", die_on_chunk_two)
    targets = prepare([(SCENARIO, pow_scenario)], tmp_path, 3_000, seed=8, chunk_size=500)
    with pytest.raises(BatchInterrupted, match="worker process died"):
        run_batch(targets, workers=2)
    folder = tmp_path / SCENARIO
    assert json.loads((folder / "manifest.json").read_text())["status"] == "interrupted"
    saved = assert_saved_files_are_complete(folder, size=500)
    assert 2 not in saved and saved, "the patched worker ran and chunk 0 or 1 was saved"
    monkeypatch.setattr(chunk_jobs, "run_job", RUN_JOB)

    run_batch(prepare([(SCENARIO, pow_scenario)], tmp_path, 3_000, 8, True, 500), workers=2)
    whole = make_batch(tmp_path / "whole", pow_scenario, 3_000, seed=8)
    assert same_tables(read_results(folder).table, read_results(whole).table)


# --- bad input writes nothing -----------------------------------------------------------------


def batch_cli(*args: str):
    return cli.invoke(app, ["batch", *args])


def test_an_existing_result_folder_is_not_overwritten_without_resume(tmp_path, pow_scenario):
    make_batch(tmp_path, pow_scenario, 600, seed=1)
    before = snapshot(tmp_path)
    result = batch_cli(SCENARIO, "-n", "600", "-s", "2", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "already holds results" in result.output and "--resume" in result.output
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (["-s", "2"], "seed: saved 1, now 2"),
        (["-n", "700"], "replicates: saved 600, now 700"),
        (["--chunk-size", "50000"], "chunk_size"),
    ],
)
def test_resume_refuses_a_batch_started_with_other_settings(
    tmp_path, pow_scenario, change, expected
):
    make_batch(tmp_path, pow_scenario, 600, seed=1)
    before = snapshot(tmp_path)
    args = ["-n", "600", "-s", "1", "--chunk-size", "500", "--out", str(tmp_path), "--resume"]
    result = batch_cli(SCENARIO, *args, *change)
    assert result.exit_code == 2
    assert "cannot resume" in result.output and expected in result.output
    assert snapshot(tmp_path) == before


def test_resume_refuses_another_scenario_or_format_version(tmp_path, pow_scenario):
    folder = make_batch(tmp_path, pow_scenario, 600, seed=1)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["format_version"] = 99
    manifest["scenario_hash"] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(manifest))
    before = snapshot(tmp_path)
    args = [SCENARIO, "-n", "600", "-s", "1", "--chunk-size", "500", "--resume"]
    result = batch_cli(*args, "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "format_version: saved 99" in result.output and "scenario_hash" in result.output
    assert snapshot(tmp_path) == before


def test_resume_with_nothing_to_resume_and_a_bad_scenario_write_nothing(tmp_path):
    out = tmp_path / "out"
    result = batch_cli(SCENARIO, "-n", "100", "--out", str(out), "--resume")
    assert result.exit_code == 2 and "nothing to resume" in result.output
    result = batch_cli(SCENARIO, str(tmp_path / "missing.yaml"), "-n", "100", "--out", str(out))
    assert result.exit_code == 2 and "missing.yaml" in result.output
    assert not out.exists()


def test_the_batch_command_writes_one_folder_per_scenario(tmp_path):
    result = batch_cli(SCENARIO, "armistice_terms", "-n", "300", "-w", "1", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    for scenario_id in (SCENARIO, "armistice_terms"):
        saved = read_results(tmp_path / scenario_id)  # a ResultsError unless complete
        assert saved.source == str(tmp_path / scenario_id)
        assert np.unique(saved.table["replicate"]).size == 300


# --- reading results: clear errors ------------------------------------------------------------


def test_reading_an_empty_or_foreign_folder_says_it_is_not_results(tmp_path):
    with pytest.raises(ResultsError, match="empty folder") as error:
        read_results(tmp_path)
    assert str(tmp_path) in str(error.value)
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ResultsError, match="not a results folder"):
        read_results(tmp_path)
    with pytest.raises(ResultsError, match="no such folder"):
        read_results(tmp_path / "nowhere")


def test_reading_the_parent_folder_points_to_the_results_inside(tmp_path, pow_scenario):
    make_batch(tmp_path, pow_scenario, 300, seed=1)
    with pytest.raises(ResultsError, match=f"holds some: {SCENARIO}"):
        read_results(tmp_path)


def test_reading_an_incompatible_format_version_is_refused(tmp_path, pow_scenario):
    folder = make_batch(tmp_path, pow_scenario, 300, seed=1)
    manifest = json.loads((folder / "manifest.json").read_text())
    newer = mf.FORMAT_VERSION + 1
    (folder / "manifest.json").write_text(json.dumps({**manifest, "format_version": newer}))
    expected = f"format version {newer}; this alliance-sim reads version {mf.FORMAT_VERSION}"
    with pytest.raises(ResultsError, match=expected):
        read_results(folder)


def test_reading_an_incomplete_batch_names_the_missing_chunks(tmp_path, pow_scenario):
    folder = make_batch(tmp_path, pow_scenario, 1_500, seed=1)
    (folder / "chunks" / mf.chunk_name(1)).unlink()
    with pytest.raises(ResultsError, match=r"1 of 3 chunks missing \(1\).*--resume") as error:
        read_results(folder)
    assert str(folder) in str(error.value)
