"""The public Python API: thin, documented functions over the engine and the analysis.

One results type, :class:`Results` (`sim.results.Results`), stands for a run in memory and
for a batch read back from disk, so a notebook passes either to :func:`compare`, to
:func:`summary` or to the plots of `analysis.plots`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis.compare import compare as compare_runs
from analysis.results_io import read_results
from analysis.summary import summarize
from sim.batch import prepare, run_batch
from sim.campaign import Campaign
from sim.loader import load_scenario as _load
from sim.results import Results
from sim.runner import DEFAULT_REPLICATES, DEFAULT_SEED
from sim.runner import run as _run
from sim.schema import Scenario

Loaded = Scenario | Campaign


def summary(results: Results) -> dict:
    """Outcome shares, date quantiles and the historical record per issue, as
    `alliance-sim run -f json` prints them.

    Parameters
    ----------
    results : Results
        From :func:`run` or :func:`read` (a table read with some columns needs `issue`,
        `outcome`, `agreement_date` and `replicate`).
    """
    return summarize(results.scenario, results.table, results.replicates, results.seed)


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
    return _run(scenario, replicates, seed, label=label)


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
    return read_results(folder, columns, label)


def compare(
    base: Results | str | Path, *counterfactuals: Results | str | Path, resamples: int = 1000
) -> dict:
    """Base against counterfactuals run with the same seed and replicate count: per issue,
    outcome shares with 95 % intervals, the median date and its paired-bootstrap shift, and
    the share agreed by the historical date (as `alliance-sim compare -f json`).

    Each run is a :class:`Results` or a results folder; a folder is read chunk by chunk,
    only the columns compared (as `alliance-sim compare` does), so comparing saved
    million-replicate batches takes little memory. The numbers are the same either way.

    Raises
    ------
    analysis.compare.CompareError
        Runs over other issues or options, or over other replicates.
    """
    return compare_runs(base, counterfactuals, resamples)
