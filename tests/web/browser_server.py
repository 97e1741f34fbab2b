"""The browser tests' shared fixtures: an `alliance-sim serve` on a free loopback port (one per
test process; `serve_app` starts one with other options for a module) and one Debian Chromium
driven by Playwright. Without chromium or playwright the tests skip, unless
ALLIANCE_SIM_REQUIRE_BROWSER=1.

Loaded for every test by tests/conftest.py's `pytest_plugins`: a second conftest.py would
shadow tests/conftest.py, which tests import by name."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _missing() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install 'alliance-sim[browser-test]')"
    if importlib.util.find_spec("solara") is None:
        return "solara is not installed (pip install 'alliance-sim[web]')"
    if not CHROMIUM.exists():
        return "Debian's chromium is missing (apt-get install -y chromium)"
    return None


def _need_a_browser() -> None:
    reason = _missing()
    if reason:
        if os.environ.get("ALLIANCE_SIM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {reason}")
        pytest.skip(reason)


@dataclass(frozen=True)
class Server:
    url: str
    log: Path  # the server's stdout and stderr
    process: subprocess.Popen

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def _serving(folder: Path, *options: str):
    _need_a_browser()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = folder / "server.log"
    if "--class-db" not in options:  # not the teacher's own file in their home folder
        options = (*options, "--class-db", str(folder / "class_sessions.sqlite3"))
    with log.open("w", encoding="utf-8") as sink:  # a file, not a pipe nobody reads
        process = subprocess.Popen(
            [sys.executable, "-c", "from alliance_sim.cli.app import app; app()", "serve",
             "--port", str(port), *options],
            stdout=sink, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}/", log, process)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(server.url, timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"server did not start:\n{server.output()}")
            time.sleep(0.3)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def serve_app(tmp_path_factory):
    """Start `alliance-sim serve` with the given options (stopped after the module, if not
    before by its `stop`)."""
    with contextlib.ExitStack() as stack:
        yield lambda *options: stack.enter_context(
            _serving(tmp_path_factory.mktemp("server"), *options)
        )


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The server as a teacher starts it on their own computer: no options; one for every
    module of a test process (starting one costs seconds of CPU, and the modules that share it
    do not depend on one another's class sessions)."""
    with _serving(tmp_path_factory.mktemp("server")) as shared:
        yield shared


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the test process; each test gets its own context (cookies, session)."""
    _need_a_browser()
    from playwright.sync_api import expect, sync_playwright

    # a bound against a hang, not a speed check: a page took over 5 s to load on a machine
    # with load 7 (two test workers and another suite), and `expect` waits 5 s by default
    expect.set_options(timeout=30_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def left_loopback():
    """The requests of a list that went elsewhere than this computer (data: and blob: are
    the page's own)."""

    def outside(requests: list[str]) -> list[str]:
        found = [u for u in requests if urlparse(u).hostname not in LOOPBACK | {None}]
        return [u for u in found if not u.startswith(("data:", "blob:"))]

    return outside


@pytest.fixture
def page(server, browser, left_loopback):
    """The page of a new browser at a laptop's size, loaded; its requests must stay on loopback
    (a test file may define its own `page` instead)."""
    context = browser.new_context(viewport={"width": 1366, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server.url)
    page.get_by_role("heading", name="Alliance bargaining in the Korean War").wait_for()
    yield page
    context.close()
    outside = left_loopback(requests)
    assert not outside, f"requests left loopback: {outside}"
    assert requests, "no requests recorded"
