"""Throughput of the ensemble engine against Mesa's batch_run, measured side by side.

    python benchmarks/bench_throughput.py [--replicates 100000] [--batch-runs 300] [--repeat 3]

Times `pow_repatriation` (a) as R replicates in one model and (b) as R = 1 runs through
`mesa.batch_run` (one run per model, the baseline), in the same process, alternating, and
prints replicates per second for each and their ratio. The scenario is loaded once and passed
as an object to both, so file reading is not timed. Not a test: no thresholds.
"""

from __future__ import annotations

import argparse
import statistics
import time

import mesa

from sim.engine.model import AllianceModel
from sim.scenario.loader import load_scenario


def ensemble(scenario, replicates: int) -> float:
    start = time.perf_counter()
    AllianceModel(scenario, replicates=replicates, seed=1, history_sample=100).run()
    return replicates / (time.perf_counter() - start)


def batch_run(scenario, runs: int) -> float:
    start = time.perf_counter()
    mesa.batch_run(
        AllianceModel,
        parameters={
            "scenario": [scenario],
            "replicates": 1,
            "seed": list(range(runs)),
            "history_sample": 1,
        },
        iterations=1,
        max_steps=scenario.time.horizon,
        number_processes=1,
        display_progress=False,
    )
    return runs / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="pow_repatriation")
    parser.add_argument("--replicates", type=int, default=100_000)
    parser.add_argument("--batch-runs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    ensemble(scenario, 1000)  # warm-up
    fast, slow = [], []
    for _ in range(args.repeat):
        fast.append(ensemble(scenario, args.replicates))
        slow.append(batch_run(scenario, args.batch_runs))
    f, s = statistics.median(fast), statistics.median(slow)
    print(f"scenario {args.scenario}, median of {args.repeat} alternating repeats")
    print(f"  one model, R = {args.replicates:,}:      {f:12,.0f} replicates/s")
    print(f"  mesa.batch_run, {args.batch_runs} runs of R = 1: {s:12,.0f} replicates/s")
    print(f"  ratio: {f / s:,.0f}x")


if __name__ == "__main__":
    main()
