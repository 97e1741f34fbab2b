"""`--scheduler` at something that is not a Dask scheduler: one clean error within 15 s, no
traceback from the client's teardown, and Ctrl-C stops the wait; a scheduler killed mid-run
ends the batch as interrupted, in one line.

The servers listen on 127.0.0.1 only, in daemon threads or child processes, and are shut by
their fixtures.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from sim.store.executors import BackendError, DaskExecutor  # noqa: E402
from sim.store.scheduler_probe import NotAScheduler, probe_scheduler  # noqa: E402

LIMIT = 15.0
CLI = "import sys; from alliance_sim.cli.entry import main; sys.argv[0] = 'alliance-sim'; main()"


@pytest.fixture
def silent_listener():
    """A TCP server that accepts connections and never says a word."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    held, stop = [], threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(5)
    for connection in held:
        connection.close()
    server.close()


class _Quiet(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def web_server():
    """An HTTP server (what `python -m http.server` runs)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    yield f"tcp://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def refused_quickly(address: str) -> str:
    started = time.monotonic()
    with pytest.raises(BackendError) as refused:
        DaskExecutor.connect(address, timeout=2.0)
    assert time.monotonic() - started < LIMIT
    return str(refused.value)


def test_a_silent_listener_is_refused_within_the_limit(silent_listener):
    message = refused_quickly(silent_listener)
    assert f"--scheduler {silent_listener}: no Dask scheduler answered within 2 s" in message


def test_a_web_server_is_refused_within_the_limit(web_server):
    assert "--scheduler" in refused_quickly(web_server)


@pytest.mark.parametrize("address", ["foo", "127.0.0.1", "tcp://[::1", "inproc://x"])
def test_an_unusable_address_is_named_without_waiting(address):
    started = time.monotonic()
    with pytest.raises(NotAScheduler, match="not a usable address"):
        probe_scheduler(address, 5.0)
    assert time.monotonic() - started < 2.0


def cli_batch(address: str, out) -> subprocess.Popen:
    command = [sys.executable, "-c", CLI, "batch", "pow_repatriation", "-n", "100"]
    return subprocess.Popen(
        [*command, "--scheduler", address, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("server", ["web_server", "bad address"])
def test_the_command_ends_with_one_line_and_no_traceback(request, tmp_path, server):
    address = "foo" if server == "bad address" else request.getfixturevalue(server)
    started = time.monotonic()
    batch = cli_batch(address, tmp_path / "out")
    _, stderr = batch.communicate(timeout=LIMIT + 30)  # the interpreter's start is not timed
    assert batch.returncode == 2, stderr
    assert f"error: --scheduler {address}:" in stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert time.monotonic() - started < LIMIT + 10
    assert not (tmp_path / "out").exists()


def test_ctrl_c_stops_a_connect(tmp_path, silent_listener):
    batch = cli_batch(silent_listener, tmp_path / "out")
    time.sleep(4)  # importing the command line, then waiting on the listener (5 s at most)
    batch.send_signal(signal.SIGINT)
    interrupted = time.monotonic()
    _, stderr = batch.communicate(timeout=10)
    assert batch.returncode == 130, stderr
    assert time.monotonic() - interrupted < 2.0, "the wait went on after Ctrl-C"
    assert "Traceback" not in stderr


@pytest.fixture
def scheduler_with_workers():
    """A Dask scheduler and two worker processes on 127.0.0.1 (they import this checkout)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", str(port), "--no-dashboard"], **quiet,
    )  # fmt: skip
    workers = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "2",
         "--nthreads", "1", "--no-dashboard"], **quiet,
    )  # fmt: skip
    try:
        yield address, scheduler
    finally:
        for process in (workers, scheduler):
            process.terminate()
        for process in (workers, scheduler):
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_scheduler_killed_mid_run_interrupts_the_batch_in_one_line(
    tmp_path, scheduler_with_workers
):
    address, scheduler = scheduler_with_workers
    out = tmp_path / "out"
    command = [sys.executable, "-c", CLI, "batch", "pow_repatriation", "-n", "12000"]
    batch = subprocess.Popen(
        [*command, "--chunk-size", "1000", "--scheduler", address, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    chunks = out / "pow_repatriation" / "chunks"
    deadline = time.monotonic() + 120
    while not list(chunks.glob("chunk-*.parquet")) and time.monotonic() < deadline:
        assert batch.poll() is None, batch.communicate()
        time.sleep(0.2)
    scheduler.kill()
    killed = time.monotonic()
    _, stderr = batch.communicate(timeout=60)
    assert time.monotonic() - killed < LIMIT
    assert batch.returncode == 1, stderr
    text = " ".join(stderr.split())
    assert "batch interrupted: the Dask scheduler cancelled the work or went away" in text
    assert "Traceback" not in stderr and "ERROR" not in stderr
    manifest = json.loads((out / "pow_repatriation" / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
