"""The Dask backend: chunks as tasks give the built-in workers' files byte for byte; Ctrl-C and
resume behave as locally; bad options and unreachable schedulers write nothing.

Every cluster here listens on 127.0.0.1 only, without a dashboard, and is closed by its test
or fixture.
"""

from __future__ import annotations

import json
import logging
import socket
import sys
import time
from pathlib import Path

import distributed
import pytest
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from sim.scenario.loader import load_scenario
from sim.store import executors
from sim.store import manifest as mf
from sim.store.batch import BatchInterrupted, prepare, run_batch
from sim.store.executors import DaskExecutor

SCENARIO = "pow_repatriation"
SMALL = ["-n", "1200", "-s", "4", "--chunk-size", "200"]  # six chunks
WAR_COST = "actors.washington.profile.war_payoff"
cli = CliRunner()


@pytest.fixture(scope="module")
def pow_scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def client():
    """Two single-threaded worker processes on 127.0.0.1, stopped after this file's tests."""
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    client = distributed.Client(cluster, set_as_default=False)
    yield client
    client.close()
    cluster.close()


def files(folder: Path) -> dict[str, bytes]:
    """Every file's bytes; the manifest without its clock times."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.name == mf.MANIFEST:
            manifest = json.loads(data)
            manifest.pop("start_time"), manifest.pop("end_time")
            data = json.dumps(manifest).encode()
        found[str(path.relative_to(folder))] = data
    return found


def test_dask_local_writes_the_same_files_as_the_built_in_workers(tmp_path):
    dask = cli.invoke(app, ["batch", SCENARIO, *SMALL, "--dask-local", "2", "-o", tmp_path / "d"])
    assert dask.exit_code == 0, dask.output
    assert "local Dask cluster: 2 workers" in dask.output
    local = cli.invoke(app, ["batch", SCENARIO, *SMALL, "-w", "1", "-o", tmp_path / "w"])
    assert local.exit_code == 0, local.output
    by_dask, by_workers = files(tmp_path / "d"), files(tmp_path / "w")
    assert len([name for name in by_dask if name.startswith(f"{SCENARIO}/chunks/")]) == 6
    assert by_dask == by_workers


def test_a_local_cluster_keeps_glibc_s_adaptive_malloc_in_its_workers():
    """Dask's nannies set MALLOC_TRIM_THRESHOLD_, which made each chunk about 3x slower."""
    with DaskExecutor.local(1) as executor:
        found = executor.client.run(executors._worker_engine)
    assert [slow for *_, slow in found.values()] == [False]


@pytest.mark.slow  # a second cluster start; --dask-local's identity test stays in the suite
def test_a_sweep_on_a_scheduler_writes_the_same_files(tmp_path, client):
    sweep = ["sweep", SCENARIO, "--factor", f"{WAR_COST}=-0.012:-0.004:3", "-k", "200", "-s", "3"]
    sweep += ["--chunk-size", "200"]  # three chunks, one per design point
    address = client.scheduler.address
    dask = cli.invoke(app, [*sweep, "--scheduler", address, "-o", tmp_path / "d"])
    assert dask.exit_code == 0, dask.output
    assert f"Dask cluster at {address}: 2 workers" in dask.output
    # the fixture's workers keep Dask's default malloc setting: the user is told what it costs
    assert "2 set MALLOC_TRIM_THRESHOLD_, Dask's default" in dask.output
    local = cli.invoke(app, [*sweep, "-w", "1", "-o", tmp_path / "w"])
    assert local.exit_code == 0, local.output
    assert files(tmp_path / "d") == files(tmp_path / "w")


@pytest.mark.slow  # needs the module's cluster: with the sweep test, in the slow tier
def test_ctrl_c_cancels_the_tasks_keeps_finished_chunks_and_resume_finishes(
    tmp_path, client, pow_scenario
):
    def stop_after_first(target, index):
        raise KeyboardInterrupt

    targets = prepare([(SCENARIO, pow_scenario)], tmp_path / "d", 3000, 4, chunk_size=500)
    with pytest.raises(BatchInterrupted) as stopped:
        run_batch(targets, DaskExecutor(client), stop_after_first)
    assert stopped.value.by_user
    folder = tmp_path / "d" / SCENARIO
    manifest = json.loads((folder / mf.MANIFEST).read_text())
    assert manifest["status"] == mf.INTERRUPTED
    assert manifest["completed_chunks"] == mf.chunks_on_disk(folder)
    assert 0 < len(manifest["completed_chunks"]) < 6
    deadline = time.monotonic() + 10
    while any(client.processing().values()):  # the cancelled tasks leave the workers
        assert time.monotonic() < deadline, client.processing()
        time.sleep(0.05)

    resumed = prepare([(SCENARIO, pow_scenario)], tmp_path / "d", 3000, 4, True, 500)
    run_batch(resumed, DaskExecutor(client))
    run_batch(prepare([(SCENARIO, pow_scenario)], tmp_path / "w", 3000, 4, chunk_size=500), 1)
    assert files(tmp_path / "d") == files(tmp_path / "w")


# --- bad options write nothing ----------------------------------------------------------------


@pytest.mark.parametrize(
    "options, message",
    [
        (["--dask-local", "2", "-w", "2"], "leave it out with --dask-local"),
        (["--scheduler", "tcp://127.0.0.1:1", "-w", "2"], "leave it out with --scheduler"),
        (["--dask-local", "2", "--scheduler", "tcp://127.0.0.1:1"], "not both"),
        (["--dask-local", "0"], "--dask-local 0: give at least 1 worker process"),
        (["--scheduler", "nonsense://x"], "not a Dask scheduler address"),
    ],
)
@pytest.mark.parametrize("command", ["batch", "sweep"])
def test_options_that_do_not_go_together_are_refused(tmp_path, command, options, message):
    args = [command, SCENARIO, *options, "-o", tmp_path / "out"]
    if command == "sweep":
        args += ["--factor", f"{WAR_COST}=-0.012:-0.004:3"]
    result = cli.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (tmp_path / "out").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_times_out_quickly_writing_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(executors, "SCHEDULER_TIMEOUT", 0.5)
    address = f"tcp://127.0.0.1:{free_port()}"
    started = time.monotonic()
    result = cli.invoke(app, ["batch", SCENARIO, *SMALL, "--scheduler", address, "-o", tmp_path])
    assert result.exit_code == 2, result.output
    assert f"--scheduler {address}: no Dask scheduler answered within 0.5 s" in result.output
    assert time.monotonic() - started < 10
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("option", [["--dask-local", "2"], ["--scheduler", "tcp://127.0.0.1:1"]])
def test_without_dask_the_options_say_how_to_install_it(tmp_path, monkeypatch, option):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    result = cli.invoke(app, ["batch", SCENARIO, *option, "-o", tmp_path / "out"])
    assert result.exit_code == 2, result.output
    assert f"{option[0]} needs Dask, which is not installed" in result.output
    assert 'pip install "alliance-sim[dask]"' in result.output
    assert not (tmp_path / "out").exists()
