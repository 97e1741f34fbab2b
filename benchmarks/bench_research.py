"""The research commands at their issue-9 sizes, timed end to end on this machine.

    python benchmarks/bench_research.py [--workers 2] [--out DIR] [--convergence]

1. `sensitivity pow_repatriation --method sobol -N 1024` over every uncertain parameter
   (with --convergence also N = 2048 and 4096: the largest totals and how far they move).
2. A 3-factor grid sweep of 11 x 11 x 11 points x 100 replicates (133,100 replicates); then
   the same sweep on one worker stopped by Ctrl-C after its first chunk and finished with
   --resume on all workers, whose chunk files must be byte-identical to the uninterrupted ones.
3. `discover` on that sweep for "no agreement on the prisoners".

Each command runs as a subprocess, as a user would type it, so times include start-up.
Not a test: it prints figures and asserts only the resume's identity.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = [sys.executable, "-c", "from alliance_sim.cli.entry import main; main()"]
GRID = [
    "--factor=actors.washington.profile.war_payoff=-0.012:-0.004:11",
    "--factor=actors.moscow.profile.war_payoff=0.02:0.03:11",
    "--factor=events.stalin_dies.changes.0.set=0.3:0.5:11",
    "--replicates-per-point=100",
]


def timed(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([*CLI, *args], capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def sobol(workers: int, samples: int) -> None:
    seconds, text = timed(
        ["sensitivity", "pow_repatriation", "--method", "sobol", "-N", str(samples)]
        + ["-w", str(workers), "-f", "json"]
    )
    report = json.loads(text)
    date = next(o for o in report["outputs"] if o["key"] == "pow_repatriation:date")
    top = sorted(date["indices"].items(), key=lambda item: -(item[1]["ST"] or 0))[:3]
    print(
        f"sobol N={samples}: {len(report['parameters'])} parameters, {report['runs']:,} runs, "
        f"{seconds:.1f} s; convergence N/2 -> N: max change {date['convergence']['max_change']}"
    )
    for name, value in top:
        print(
            f"    {name}: S1 {value['S1']:.3f} ± {value['S1_conf']:.3f}, "
            f"ST {value['ST']:.3f} ± {value['ST_conf']:.3f}"
        )


def grid(workers: int, out: Path) -> Path:
    folder = out / "grid"
    seconds, _ = timed(
        ["sweep", "pow_repatriation", *GRID, "-w", str(workers), "--out", str(folder)]
    )
    print(f"grid sweep 11x11x11 x 100 = 133,100 replicates, {workers} workers: {seconds:.1f} s")
    cut = out / "cut"
    process = subprocess.Popen(  # one worker, so that Ctrl-C lands while chunk 1 runs
        [*CLI, "sweep", "pow_repatriation", *GRID, "-w", "1", "--out", str(cut)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not any((cut / "chunks").glob("chunk-*.parquet")) and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate()
    saved = len(list((cut / "chunks").glob("chunk-*.parquet")))
    print(f"    Ctrl-C: exit {process.returncode}, {saved} of 3 chunks kept")
    seconds, _ = timed(
        ["sweep", "pow_repatriation", *GRID, "-w", str(workers), "--out", str(cut), "--resume"]
    )
    same = all(
        (folder / "chunks" / p.name).read_bytes() == p.read_bytes()
        for p in (cut / "chunks").glob("chunk-*.parquet")
    )
    assert same and saved < 3, "the resumed sweep differs from the uninterrupted one"
    print(f"    --resume: {seconds:.1f} s; chunk files byte-identical to the uninterrupted run")
    return folder


def discover(folder: Path) -> None:
    seconds, text = timed(
        ["discover", str(folder), "--outcome", "pow_repatriation=no_agreement", "-f", "json"]
    )
    found = json.loads(text)
    print(f"discover on the grid sweep: {seconds:.1f} s ({found['runs_given_to_prim']:,} runs)")
    for line in found["boxes"][0]["statement"]:
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--convergence", action="store_true")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-research-"))
    sobol(args.workers, 1024)
    if args.convergence:
        for samples in (2048, 4096):
            sobol(args.workers, samples)
    folder = grid(args.workers, out)
    discover(folder)
    print(f"results in {out}")


if __name__ == "__main__":
    main()
