"""The Dask backend against the built-in workers, side by side in one run (issue 9).

    python benchmarks/bench_dask.py [-n 200000] [--workers 2] [--repeat 3]

Runs `alliance-sim batch pow_repatriation -n N` with `--workers W` and with `--dask-local W`
in turn (alternating, `--repeat` times each), as a user would type them, so times include
start-up (and, for Dask, starting the local cluster). Checks that both write byte-identical
chunk files, then prints each backend's median wall time and the ratio.
Not a test: it prints figures and asserts only the files' identity.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = [sys.executable, "-c", "from alliance_sim.cli.entry import main; main()"]
SCENARIO = "pow_repatriation"


def timed_batch(out: Path, replicates: int, backend: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*CLI, "batch", SCENARIO, "-n", str(replicates), *backend, "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start


def chunk_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("chunks/*.parquet"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--replicates", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    backends = {
        f"--workers {args.workers}": ["--workers", str(args.workers)],
        f"--dask-local {args.workers}": ["--dask-local", str(args.workers)],
    }
    times: dict[str, list[float]] = {name: [] for name in backends}
    with tempfile.TemporaryDirectory() as scratch:
        folders = {}
        for attempt in range(args.repeat):
            for number, (name, backend) in enumerate(backends.items()):
                out = Path(scratch) / f"{attempt}-{number}"
                times[name].append(timed_batch(out, args.replicates, backend))
                folders[name] = out / SCENARIO
        first, second = (chunk_bytes(folder) for folder in folders.values())
        assert first == second, "the two backends wrote different chunk files"
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{SCENARIO}, {args.replicates:,} replicates, median of {args.repeat} (alternating):")
    for name, values in times.items():
        shown = ", ".join(f"{v:.1f}" for v in values)
        print(f"  {name:<16} {medians[name]:6.1f} s  ({shown})")
    pool, dask = medians.values()
    print(f"  Dask / built-in: {dask / pool:.2f}x; chunk files identical: yes")


if __name__ == "__main__":
    main()
