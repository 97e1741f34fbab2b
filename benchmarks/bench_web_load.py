"""A class of 30 pressing Run at once: the web app under load, measured in real browsers.

    python benchmarks/bench_web_load.py [--contexts 30] [--replicates 2000] [--distinct]

Starts `alliance-sim serve` on a free 127.0.0.1 port, opens N browser contexts (one headless
Debian /usr/bin/chromium, N contexts, each its own Solara session), and in each picks the
POW episode, the "What if?" tab and the exercise "What if Stalin had not died in March 1953?",
then the Run tab. When every context is ready, all press Run together; each page records, in
its own clock, the moment of the click and the moment its charts appear, and any queue message
("Waiting: N runs ahead of yours") shown meanwhile. Prints n, errors, median, p95 (nearest
rank), max of click-to-charts, the queue positions seen, and the requests blocked because they
were not to 127.0.0.1 (every other request is aborted and counted).

Same exercise, same seed: the server computes the run once and shares it (issue 10, item 7).
`--distinct` gives each context its own seed, so N different runs queue in the server's
bounded pool and the pages show their positions.

Not a test: no thresholds. Bounded: every wait has a timeout, the whole benchmark stops after
--timeout seconds, and the server is killed at the end whatever happened.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
EPISODE = "POW repatriation, 1951-53"
EXERCISE = "What if Stalin had not died in March 1953?"
DEFAULT_REPLICATES = 2000  # the page's (alliance_sim.web.state), which a student cannot change

WATCH = """() => {
  const b = window.__bench = {click: null, done: null, queue: [], failed: null};
  document.addEventListener('click', e => {
    if (b.click === null && e.target.closest('.run-button')) b.click = performance.now();
  }, true);
  const look = () => {  // cheap selector checks only: this runs on every change of the page
    const q = document.querySelector('.queue-position');
    if (q && b.queue[b.queue.length - 1] !== q.textContent) b.queue.push(q.textContent);
    if (b.done === null && document.querySelector('.charts[data-done]')) b.done = performance.now();
  };
  new MutationObserver(look).observe(document.body,
    {childList: true, subtree: true, characterData: true});
}"""
FAILED = """() => [...document.querySelectorAll('.v-alert')].map(a => a.textContent)
  .find(t => t.includes('failed')) || null"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, log: Path, command: str | None = None) -> subprocess.Popen:
    """`alliance-sim serve` (or `command serve`, e.g. a patched copy to compare) on `port`."""
    command = command or shutil.which("alliance-sim")
    argv = command.split() if command else [sys.executable, "-c", "from alliance_sim.cli.app import app; app()"]  # fmt: skip
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            [*argv, "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop_server(process)
                raise SystemExit(f"the server did not start:\n{log.read_text()}") from None
            time.sleep(0.3)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux /proc), 0 if unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def stop_server(process: subprocess.Popen) -> None:
    """The server and anything it started (its own process group), whatever its state."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=wait)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass


class Blocked:
    """Counts (and aborts) every request that is not to 127.0.0.1."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    PATTERN = re.compile(r"^(?!(http|ws)s?://127\.0\.0\.1[:/]|data:|blob:)")
    """Every URL but loopback's: matched in the browser's driver, so the page's own requests
    do not make a round trip through this script."""

    async def route(self, route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).hostname == "127.0.0.1":
            await route.continue_()  # not matched by PATTERN; kept as a safety net
        else:
            self.urls.append(url)
            await route.abort()


async def prepare(browser, url: str, blocked: Blocked, seed: int | None, replicates: int):
    """A context on the Run tab of the exercise, ready to press Run."""
    context = await browser.new_context(viewport={"width": 1366, "height": 1000})
    await context.route(blocked.PATTERN, blocked.route)
    page = await context.new_page()
    page.set_default_timeout(120_000)
    fields = [("Replicates", replicates)] if replicates != DEFAULT_REPLICATES else []
    fields += [("Seed", seed)] if seed is not None else []
    await page.goto(url + ("?view=teacher" if fields else ""))  # students have no such boxes
    await page.get_by_role("heading", name="Alliance bargaining in the Korean War").wait_for()
    await page.get_by_role("button", name=EPISODE).click()
    await page.get_by_role("tab", name="2 What if?").click()
    await page.get_by_role("button", name=EXERCISE).click()
    await page.get_by_role("heading", name=EXERCISE, exact=True).wait_for()
    await page.get_by_role("tab", name="3 Run").click()
    await page.get_by_role("button", name="Run", exact=True).wait_for()
    for label, value in fields:
        field = page.get_by_label(label)
        if not await field.count():
            raise SystemExit(f"no {label} field on the Run tab in teacher view")
        await field.fill(str(value))
        await field.press("Tab")
    await page.wait_for_function("!document.querySelector('.replicates-problem')")
    await page.evaluate(WATCH)
    return context, page


async def measure(args) -> dict:
    from playwright.async_api import async_playwright

    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="bench_web_load_")) / "server.log"
    server = start_server(port, log, args.server)
    url = f"http://127.0.0.1:{port}/"
    blocked = Blocked()
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            ready = asyncio.Semaphore(4)  # page loads are not timed: a few at a time

            async def one(index: int):
                async with ready:
                    seed = 1000 + index if args.distinct else None
                    return await prepare(browser, url, blocked, seed, args.replicates)

            t0 = time.monotonic()
            pages = await asyncio.gather(*(one(i) for i in range(args.contexts)))
            print(f"{args.contexts} contexts ready in {time.monotonic() - t0:.1f} s", flush=True)
            run_buttons = [page.get_by_role("button", name="Run", exact=True) for _, page in pages]
            cpu, wall = cpu_seconds(server.pid), time.monotonic()
            await asyncio.gather(*(button.click() for button in run_buttons))
            done = f"() => window.__bench.done !== null || ({FAILED})() !== null"
            waits = [
                page.wait_for_function(done, polling=250, timeout=args.wait * 1000)
                for _, page in pages
            ]
            outcomes = await asyncio.gather(*waits, return_exceptions=True)
            cpu, wall = cpu_seconds(server.pid) - cpu, time.monotonic() - wall
            results = []
            for (_, page), outcome in zip(pages, outcomes, strict=True):
                record = await page.evaluate("window.__bench")
                record["failed"] = await page.evaluate(FAILED)
                if isinstance(outcome, Exception):
                    record["failed"] = record["failed"] or f"no charts: {type(outcome).__name__}"
                results.append(record)
            await browser.close()
    finally:
        stop_server(server)
    return {"results": results, "blocked": blocked.urls, "log": log, "cpu": cpu, "wall": wall}


def report(args, measured: dict) -> None:
    results = measured["results"]
    errors = [r for r in results if r["failed"] or r["done"] is None or r["click"] is None]
    times = sorted((r["done"] - r["click"]) / 1000 for r in results if r not in errors)
    queued = [r["queue"] for r in results if r["queue"]]
    mode = "distinct seeds (one run each)" if args.distinct else "same exercise and seed (shared)"
    print(f"mode: {mode}; replicates {args.replicates}; CPUs {os.cpu_count()}")
    print(f"n={len(results)} errors={len(errors)}")
    if times:
        p95 = times[math.ceil(0.95 * len(times)) - 1]
        print(
            f"click-to-charts s: median={statistics.median(times):.2f} p95={p95:.2f} "
            f"max={max(times):.2f} min={min(times):.2f}"
        )
    print(
        f"server CPU from the clicks to the last charts: {measured['cpu']:.1f} s "
        f"in {measured['wall']:.1f} s of wall time"
    )
    print(f"contexts that saw a queue message: {len(queued)}")
    if queued:
        first = [q[0] for q in queued]
        print(f"  e.g. {first[0]!r}; most ahead seen: {max(_ahead(q) for q in first)}")
    print(f"requests blocked (not to 127.0.0.1): {len(measured['blocked'])}")
    for url in sorted(set(measured["blocked"]))[:10]:
        print(f"  {url}")
    for r in errors[:3]:
        print(f"error: {str(r['failed'])[:300]!r}")
    if errors:
        print(f"server log: {measured['log']}")


def _ahead(text: str) -> int:
    words = text.split()
    return int(words[1]) if len(words) > 1 and words[1].isdigit() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contexts", type=int, default=30, help="browser contexts (students)")
    parser.add_argument(
        "--replicates",
        type=int,
        default=DEFAULT_REPLICATES,
        help="per run (the page's default: student view)",
    )
    parser.add_argument("--distinct", action="store_true", help="a different seed per context")
    parser.add_argument("--wait", type=float, default=180, help="seconds to wait for charts")
    parser.add_argument("--server", help="the command to serve with (default: alliance-sim)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for everything")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    try:
        measured = asyncio.run(asyncio.wait_for(measure(args), args.timeout))
    except TimeoutError:
        raise SystemExit(f"stopped after {args.timeout:.0f} s (server killed)") from None
    report(args, measured)


if __name__ == "__main__":
    main()
