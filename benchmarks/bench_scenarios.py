"""Throughput of the joint talks and the campaign beside the single-question prisoner episode.

    python benchmarks/bench_scenarios.py [--replicates 100000] [--repeat 3]

Runs each scenario through `sim.engine.runner.run` (the one code path of `run` and `batch`), in the
same process, alternating scenario by scenario in every repeat, and prints the median
replicates per second and each one's ratio to `pow_repatriation`. Scenarios are loaded once,
so file reading is not timed. Not a test: no thresholds.
"""

from __future__ import annotations

import argparse
import statistics
import time

from sim.engine.runner import run
from sim.scenario.loader import load_scenario

SCENARIOS = ("pow_repatriation", "talks_1951_53", "war_1950_53")


def throughput(scenario, replicates: int) -> float:
    start = time.perf_counter()
    run(scenario, replicates, seed=1)
    return replicates / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    loaded = {name: load_scenario(name) for name in SCENARIOS}
    for scenario in loaded.values():
        throughput(scenario, 1000)  # warm-up
    rates: dict[str, list[float]] = {name: [] for name in SCENARIOS}
    for _ in range(args.repeat):
        for name, scenario in loaded.items():
            rates[name].append(throughput(scenario, args.replicates))
    base = statistics.median(rates[SCENARIOS[0]])
    print(f"R = {args.replicates:,}, median of {args.repeat} alternating repeats")
    for name in SCENARIOS:
        rate = statistics.median(rates[name])
        print(f"  {name:18} {rate:10,.0f} replicates/s   {rate / base:5.2f}x {SCENARIOS[0]}")


if __name__ == "__main__":
    main()
