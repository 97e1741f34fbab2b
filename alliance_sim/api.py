"""The public Python API: thin, documented functions over the engine and the analysis.

One results type, :class:`Results`, stands for a run in memory and for a batch read back
from disk, so a notebook passes either to :func:`compare` or to the plots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from analysis.compare import Sample, read_sample
from analysis.compare import compare as compare_samples
from analysis.results_io import read_checked_manifest, read_results
from analysis.summary import summarize
from sim.batch import prepare, run_batch
from sim.campaign import Campaign
from sim.history import history_records
from sim.loader import load_scenario as _load
from sim.results import Table
from sim.runner import DEFAULT_REPLICATES, DEFAULT_SEED
from sim.runner import run as _run
from sim.schema import Scenario
from sim.table_io import to_arrow

Loaded = Scenario | Campaign


@dataclass(frozen=True)
class Results:
    """The results of one scenario, campaign or counterfactual.

    Attributes
    ----------
    label : str
        A name for people (the scenario id unless given).
    scenario : Scenario or Campaign
        The resolved scenario that was run.
    replicates, seed : int
        How many replicates, from which user seed (all randomness flows from it).
    table : dict of str to numpy.ndarray
        One row per replicate and issue: `outcome`, `agreement_date` (NaT: no agreement),
        `held_out_<party>`, the replicate's drawn parameters as `draw:<name>`, ...
    history : list of dict
        Per step, the history of a sample of replicates (demands, zone, who blocked).
    """

    label: str
    scenario: Loaded
    replicates: int
    seed: int
    table: Table
    history: list[dict]

    def summary(self) -> dict:
        """Outcome shares, date quantiles and the historical record per issue (as
        `alliance-sim run -f json` prints it)."""
        return summarize(self.scenario, self.table, self.replicates, self.seed)

    def to_arrow(self) -> pa.Table:
        """The table as a pyarrow Table (`.to_pandas()` on it needs pandas installed)."""
        return to_arrow(self.table)


def load_scenario(name: str | Path) -> Loaded:
    """Load and check a built-in scenario, campaign or exercise by id, or a YAML file.

    Raises
    ------
    sim.errors.ScenarioError
        Naming the file, the line and the field of the first problem.
    """
    return _load(name)


def run(
    scenario: str | Path | Loaded,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    label: str | None = None,
) -> Results:
    """Simulate `replicates` replicates in memory.

    Parameters
    ----------
    scenario : id, path, or a loaded Scenario or Campaign
    replicates : int
        Simulated side by side; the result depends only on the seed and this count.
    seed : int
        The one user seed.
    label : str, optional
        A name for tables and plots (default: the scenario id).
    """
    result = _run(scenario, replicates, seed)
    return Results(
        label or result.scenario.id,
        result.scenario,
        replicates,
        seed,
        result.table,
        history_records(result.model),
    )


def batch(
    scenarios: Sequence[str | Path],
    out: str | Path,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    workers: int = 1,
    resume: bool = False,
) -> list[Path]:
    """Run scenarios in worker processes, streaming Parquet chunks to `out/<id>/`.

    The same as `alliance-sim batch`: a manifest per folder, atomic chunks, `resume`
    finishes an interrupted batch. Returns the result folders (read them with :func:`read`).
    """
    loaded = [(str(name), _load(name)) for name in scenarios]
    targets = prepare(loaded, Path(out), replicates, seed, resume)
    run_batch(targets, workers)
    return [target.folder for target in targets]


def sweep(
    scenario: str | Path | Loaded,
    factors: dict[str, tuple[float, float] | tuple[float, float, int]],
    out: str | Path,
    design: str = "grid",
    points: int | None = None,
    replicates_per_point: int = 1,
    seed: int = DEFAULT_SEED,
    workers: int = 1,
) -> Path:
    """A designed experiment, kept like a batch (as `alliance-sim sweep`).

    Parameters
    ----------
    factors : dict
        Dotted path (any a counterfactual can `set`) -> (low, high) or, for a grid,
        (low, high, levels).
    design : {"grid", "lhs", "sobol", "saltelli", "morris"}
    points : int, optional
        Points of an lhs/sobol design, base samples of saltelli, trajectories of morris.

    Returns the result folder: :func:`read` gives the runs with a `point` and a
    `factor:<path>` column per factor.

    Raises
    ------
    sim.sweep.SweepError
        An unknown path, a range the scenario rejects, a design that cannot be built.
    """
    from sim import sweep as sweeps

    loaded = scenario if isinstance(scenario, Scenario | Campaign) else _load(scenario)
    specs = [
        sweeps.FactorSpec(path=path, range=(bounds[0], bounds[1]), levels=(bounds[2:] or [None])[0])
        for path, bounds in factors.items()
    ]
    plan = sweeps.build(loaded, str(scenario if isinstance(scenario, str | Path) else loaded.id),
                        specs, design, points, replicates_per_point, seed)  # fmt: skip
    folder = Path(out)
    target = sweeps.prepare(plan, folder)
    sweeps.write_record(plan, folder)
    run_batch([target], workers)
    return folder


def read(
    folder: str | Path, label: str | None = None, columns: Sequence[str] | None = None
) -> Results:
    """The results saved by :func:`batch` (or `alliance-sim batch`) in `folder`, checked
    against their manifest.

    Parameters
    ----------
    columns : list of str, optional
        Only these columns of the table (say ``["issue", "outcome", "agreement_date"]``):
        a million-replicate folder then fits in far less memory. Default: every column.

    Raises
    ------
    analysis.results_io.ResultsError
        Not a complete results folder, or a file whose checksum no longer matches.
    """
    saved = read_results(folder, columns)
    manifest = saved.manifest
    return Results(
        label or saved.scenario.id,
        saved.scenario,
        int(manifest["replicates"]),
        int(manifest["seed"]),
        saved.table,
        saved.history,
    )


def compare(
    base: Results | str | Path, *counterfactuals: Results | str | Path, resamples: int = 1000
) -> dict:
    """Base against counterfactuals run with the same seed and replicate count: per issue,
    outcome shares with 95 % intervals, the median date and its paired-bootstrap shift, and
    the share agreed by the historical date (as `alliance-sim compare -f json`).

    Each run is a :class:`Results` or a results folder; a folder is read chunk by chunk,
    only the columns compared (as `alliance-sim compare` does), so comparing saved
    million-replicate batches takes little memory. The numbers are the same either way.
    """
    (first, seed), *others = [_sample(run) for run in (base, *counterfactuals)]
    return compare_samples(first, [sample for sample, _ in others], seed, resamples)


def _sample(run: Results | str | Path) -> tuple[Sample, int]:
    """One side of a comparison, and its seed."""
    if isinstance(run, Results):
        return Sample(run.label, run.scenario, run.table), run.seed
    manifest = read_checked_manifest(Path(run))
    return read_sample(run, manifest=manifest), int(manifest["seed"])
