"""Server memory over rounds of browser sessions: does it come back once the tabs close?

    python benchmarks/soak_web_memory.py [--rounds 4] [--contexts 20] [--seconds 30]
                                         [--grace 10s] [--replicates 2000]

Starts `alliance-sim serve` on a free 127.0.0.1 port (with SOLARA_KERNEL_CULL_TIMEOUT set to
--grace, so that a round need not wait the server's default of 60 s), then plays rounds: N
browser contexts (one headless Debian /usr/bin/chromium, each context its own Solara session)
open the POW exercise "What if Stalin had not died in March 1953?", each with its own seed, and
press Run again and again for --seconds (a new seed each time, so each click is a new run in
the server's pool); then every context is closed, the script waits the grace period and a
settling time, and reads the server's resident memory (VmRSS, /proc) while it is idle. Prints
the idle RSS after each round and how far each is from the first (issue 24 item 6 asks for
within 20 %), and the requests blocked because they were not to 127.0.0.1.

Not part of the timed suite and not a test: no thresholds asserted. Bounded: every wait has a
timeout, the whole soak stops after --timeout seconds, and the server is killed at the end
whatever happened. The suite's short version is tests/web/test_web_memory.py.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web_load import (  # noqa: E402
    ARGS,
    CHROMIUM,
    Blocked,
    free_port,
    prepare,
    start_server,
    stop_server,
)


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc), 0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


async def press_run_for(page, seconds: float, first_seed: int) -> int:
    """Press Run with a new seed each time until `seconds` have passed; runs finished."""
    finished, seed = 0, first_seed
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seed += 1
        field = page.get_by_label("Seed")
        await field.fill(str(seed))
        await field.press("Tab")
        await page.get_by_role("button", name="Run", exact=True).click()
        try:
            await page.wait_for_function(
                f"() => document.querySelector('.charts[data-done]') && "
                f"document.body.innerText.includes('seed {seed}:')",
                polling=500,
                timeout=max(1.0, deadline - time.monotonic() + 60) * 1000,
            )
            finished += 1
        except Exception:  # the round's time is up; the tab closes with the run pending
            break
    return finished


async def one_round(browser, url: str, blocked: Blocked, args, number: int) -> int:
    ready = asyncio.Semaphore(4)  # page loads a few at a time

    async def open_one(index: int):
        async with ready:
            return await prepare(browser, url, blocked, 10_000 * number + index, args.replicates)

    contexts = await asyncio.gather(*(open_one(i) for i in range(args.contexts)))
    runs = await asyncio.gather(
        *(
            press_run_for(page, args.seconds, 1_000_000 * number + 1000 * i)
            for i, (_, page) in enumerate(contexts)
        )
    )
    for context, _ in contexts:
        await context.close()
    return sum(runs)


async def soak(args) -> dict:
    from playwright.async_api import async_playwright

    os.environ["SOLARA_KERNEL_CULL_TIMEOUT"] = args.grace  # read by the server at its start
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="soak_web_memory_")) / "server.log"
    server = start_server(port, log, args.server)
    url = f"http://127.0.0.1:{port}/"
    blocked = Blocked()
    rows = []
    try:
        rows.append(("start", 0, rss_mb(server.pid)))
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for number in range(1, args.rounds + 1):
                runs = await one_round(browser, url, blocked, args, number)
                await asyncio.sleep(args.settle + _seconds(args.grace))
                rows.append((f"round {number}", runs, rss_mb(server.pid)))
                print(f"{rows[-1][0]}: {runs} runs, idle RSS {rows[-1][2]:.0f} MB", flush=True)
            await browser.close()
    finally:
        stop_server(server)
    return {"rows": rows, "blocked": blocked.urls, "log": log}


def _seconds(text: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    return float(text[:-1]) * units[text[-1]] if text[-1] in units else float(text)


def report(args, measured: dict) -> None:
    rows = measured["rows"]
    print(
        f"{args.rounds} rounds of {args.contexts} browsers pressing Run for {args.seconds:.0f} s, "
        f"{args.replicates} replicates a run, kernel grace {args.grace}, CPUs {os.cpu_count()}"
    )
    first = rows[1][2] if len(rows) > 1 else 0
    for name, runs, rss in rows:
        change = f"{100 * (rss - first) / first:+.1f} % of round 1" if first and runs else ""
        print(f"  {name:>8}: idle RSS {rss:6.0f} MB {runs:5d} runs  {change}")
    if len(rows) > 2 and first:
        worst = max(abs(r[2] - first) / first for r in rows[1:])
        print(f"largest change from round 1: {100 * worst:.1f} % (issue 24 asks within 20 %)")
    print(f"requests blocked (not to 127.0.0.1): {len(measured['blocked'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--contexts", type=int, default=20, help="browsers a round")
    parser.add_argument("--seconds", type=float, default=30, help="pressing Run, per round")
    parser.add_argument("--replicates", type=int, default=2000, help="per run")
    parser.add_argument("--grace", default="10s", help="SOLARA_KERNEL_CULL_TIMEOUT of the server")
    parser.add_argument("--settle", type=float, default=10, help="seconds idle before reading")
    parser.add_argument("--server", help="the command to serve with (default: alliance-sim)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for everything")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    try:
        measured = asyncio.run(asyncio.wait_for(soak(args), args.timeout))
    except TimeoutError:
        raise SystemExit(f"stopped after {args.timeout:.0f} s (server killed)") from None
    report(args, measured)


if __name__ == "__main__":
    main()
