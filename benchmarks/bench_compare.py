"""`alliance-sim compare` on two saved million-replicate folders: wall time and peak memory.

    python benchmarks/bench_compare.py [--out DIR] [--replicates N] [--workers 2]
                                       [--repeat 3] [--before REV]

Makes (or reuses, when `DIR/base/pow_repatriation` and `DIR/cf/pow_stalin_lives` are
complete batch folders of N replicates) the base and the counterfactual with
`alliance-sim batch`, then times

    alliance-sim compare DIR/base/pow_repatriation DIR/cf/pow_stalin_lives -f json

`--repeat` times in a fresh process each (so start-up is included, as a user types it),
printing each run's wall time, CPU time and peak resident memory (the child's own
`ru_maxrss`, from `os.wait4`) and the median. With `--before REV` the same is done with
the code of git revision REV (exported with `git archive` into a temporary folder and put
first on PYTHONPATH), and the two JSON outputs must be identical.

Issue 9's target: at most 2 s and 300 MB on 2 cores. The machine may be shared: the load
average is printed before each run. Not a test; it asserts only that the outputs agree.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "from alliance_sim.cli.entry import main; main()"]
BASE, COUNTERFACTUAL = "pow_repatriation", "pow_stalin_lives"


def ensure_folder(out: Path, name: str, replicates: int, workers: int) -> Path:
    """A complete batch folder of `name` under `out` (made unless one of N replicates is there)."""
    folder = out / name
    manifest = folder / "manifest.json"
    if manifest.is_file():
        saved = json.loads(manifest.read_text())
        if saved.get("status") == "complete" and saved.get("replicates") == replicates:
            print(f"reusing {folder}")
            return folder
    print(f"making {folder} ({replicates:,} replicates, {workers} workers) ...", flush=True)
    start = time.perf_counter()
    subprocess.run(
        [*CLI, "batch", name, "-n", str(replicates), "-w", str(workers), "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    print(f"  {time.perf_counter() - start:.1f} s")
    return folder


def run_once(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float, bytes]:
    """Wall seconds, CPU seconds, peak RSS in MB and stdout of one child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        child = subprocess.Popen([*CLI, *args], stdout=stdout, stderr=stderr, env=env, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            stderr.seek(0)
            raise SystemExit(f"compare failed ({child.returncode}): {stderr.read().decode()}")
        stdout.seek(0)
        output = stdout.read()
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, output  # ru_maxrss is in KiB on Linux


def measure(label: str, args: list[str], env: dict[str, str], cwd: Path, repeat: int) -> bytes:
    """Time `repeat` runs of `alliance-sim ARGS` with the code found first from `cwd`."""
    walls, cpus, peaks = [], [], []
    output = b""
    for number in range(1, repeat + 1):
        load = os.getloadavg()[0]
        wall, cpu, peak, output = run_once(args, env, cwd)
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak)
        print(
            f"{label} run {number}: {wall:.2f} s wall, {cpu:.2f} s CPU, {peak:.0f} MB peak RSS "
            f"(load average {load:.1f} before)",
            flush=True,
        )
    print(
        f"{label} median: {statistics.median(walls):.2f} s wall, "
        f"{statistics.median(cpus):.2f} s CPU, {statistics.median(peaks):.0f} MB peak RSS"
    )
    return output


def export(revision: str, into: Path) -> Path:
    """The project's files at git `revision`, unpacked under `into`."""
    archive = into / "tree.tar"
    subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), revision],
        check=True,
    )
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bench_compare")
    parser.add_argument("--replicates", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", metavar="REV", help="Also time the code of this revision.")
    options = parser.parse_args()
    options.out = options.out.resolve()
    base = ensure_folder(options.out / "base", BASE, options.replicates, options.workers)
    cf = ensure_folder(options.out / "cf", COUNTERFACTUAL, options.replicates, options.workers)
    args = ["compare", str(base), str(cf), "-f", "json"]
    print(f"cores: {os.cpu_count()}; command: alliance-sim {' '.join(args)}")
    after = measure("now", args, dict(os.environ), ROOT, options.repeat)
    if options.before:
        with tempfile.TemporaryDirectory() as scratch:
            tree = export(options.before, Path(scratch))
            env = {**os.environ, "PYTHONPATH": str(tree)}  # `python -c` puts the cwd first
            before = measure(f"{options.before[:10]}", args, env, tree, options.repeat)
        same = json.loads(before) == json.loads(after)
        print(f"outputs identical: {'yes' if same else 'NO'}")
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
