"""The public Python API: thin, documented functions over the engine and the analysis.

One results type, :class:`Results` (`sim.engine.results.Results`), stands for a run in memory and
for a batch read back from disk, so a notebook passes either to :func:`compare`, to
:func:`summary` or to the charts of `analysis.charts`. The analyses (:func:`sensitivity`,
:func:`discover`, :func:`compare`) return the JSON-ready dicts their commands print with
`-f json`. A parameter has one name everywhere: its dotted path in the scenario
(`actors.washington.profile.war_payoff`), as `run(..., set=...)`, `sweep` and the analyses of a
sweep folder take and give it (a sweep's `sweep.json` adds its draw name and label).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from analysis.compare import compare as compare_runs
from analysis.summary import summarize
from sim.engine.results import Results
from sim.engine.runner import DEFAULT_REPLICATES, DEFAULT_SEED
from sim.engine.runner import run as _run
from sim.scenario.campaign import Campaign
from sim.scenario.loader import load_scenario as _load
from sim.scenario.structure import Scenario
from sim.store.batch import run_batch
from sim.store.reading import read_results

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
    sim.scenario.errors.ScenarioError
        Naming the file, the line and the field of the first problem.
    """
    return _load(name)


def _loaded(scenario: str | Path | Loaded) -> Loaded:
    return scenario if isinstance(scenario, Scenario | Campaign) else _load(scenario)


def run(
    scenario: str | Path | Loaded,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    label: str | None = None,
    set: Mapping[str, float] | None = None,  # the word a counterfactual uses
    posterior: str | Path | None = None,
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
    set : dict, optional
        Dotted path -> value: the number at each path fixed in every replicate, as a
        counterfactual's `set` would (an uncertain number loses its range). Any path
        `alliance-sim sweep SCENARIO --list-factors` shows, except `events.<id>.happens`
        (set `events.<id>.probability` to 1 or 0 instead).
    posterior : path, optional
        A posterior folder of `alliance-sim calibrate` (or :func:`calibrate`) for this scenario
        or the base of this counterfactual: each replicate takes a whole parameter vector from
        it, drawn by weight from its own stream; values the counterfactual (or `set`) changes
        keep the scenario's own draws, so a base and a counterfactual stay paired.

    Raises
    ------
    sim.experiments.factors.FactorError
        A path that leads to no number, or a value the scenario does not accept.
    sim.experiments.calibration.folder.PosteriorError
        A posterior folder that is unfinished, damaged, or of another scenario.
    """
    if not set and posterior is None:
        return _run(scenario, replicates, seed, label=label)
    loaded = _loaded(scenario)
    if set:
        from sim.experiments.variants import fixed_at

        loaded = fixed_at(loaded, set)
    if posterior is None:
        return _run(loaded, replicates, seed, label=label or loaded.id)
    from sim.experiments.calibration import use
    from sim.experiments.calibration.folder import read_posterior

    return use.run(loaded, read_posterior(posterior), replicates, seed, label or loaded.id)


def calibrate(
    target: str | Path | Loaded,
    out: str | Path,
    seed: int = DEFAULT_SEED,
    particles: int = 1000,
    simulations: int = 600_000,
    threshold: float = 0.01,
    tolerance: Mapping[str, int] | None = None,
    workers: int = 1,
    resume: bool = False,
) -> Path:
    """The posterior of the target's uncertain parameters given its historical record, by
    approximate Bayesian computation (as `alliance-sim calibrate`); returns the folder.

    Parameters
    ----------
    particles : int
        Accepted parameter vectors per population.
    simulations : int
        The most replicates the calibration may simulate.
    threshold : float
        The rejection round draws particles / threshold vectors from the prior; if fewer than
        `particles` match the record within the final tolerance, ABC-SMC rounds follow.
    tolerance : dict, optional
        Final tolerance in whole steps per unit (default month=0, week=0, day=2).

    Raises
    ------
    sim.experiments.calibration.abc.CalibrationError
        Bad settings, a folder holding something else, a resume with other settings.
    """
    from sim.experiments.calibration import smc
    from sim.experiments.calibration.run import calibrate as run_calibration

    loaded = _loaded(target)
    source = str(target if isinstance(target, str | Path) else loaded.id)
    settings = smc.Settings(particles, threshold, simulations)
    run_calibration(loaded, source, Path(out), seed, settings, tolerance, workers, resume)
    return Path(out)


def batch(
    scenarios: Sequence[str | Path],
    out: str | Path,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    workers: int = 1,
    resume: bool = False,
    posterior: str | Path | None = None,
) -> list[Path]:
    """Run scenarios in worker processes, streaming Parquet chunks to `out/<id>/`.

    The same as `alliance-sim batch`: a manifest per folder, atomic chunks, `resume`
    finishes an interrupted batch.

    Parameters
    ----------
    scenarios : list of ids or paths
        Built-in scenario ids or YAML files, one folder each.
    replicates, seed : int
        As for :func:`run`: the results depend only on these two, not on `workers`.
    resume : bool
        Finish an interrupted batch in `out` (the same settings and posterior: checked).
    posterior : path, optional
        A posterior folder of :func:`calibrate` for these scenarios (or their base): each
        replicate takes its posterior vector as ``run(..., posterior=)`` does, so a folder
        holds that run's results. Its manifest records the posterior (its target, the checksum
        of its `posterior.parquet`); a resume under another posterior, or none, is refused.

    Returns the result folders (read them with :func:`read`).

    Raises
    ------
    sim.store.batch.BatchError
        A folder that cannot start or resume as asked (nothing is written).
    sim.experiments.calibration.folder.PosteriorError
        A posterior folder that is unfinished, damaged, or of another scenario (nothing is
        written).
    """
    from sim.experiments.calibration.folder import read_posterior
    from sim.experiments.calibration.use_batch import prepare as prepare_batch

    loaded = [(str(name), _load(name)) for name in scenarios]
    found = None if posterior is None else read_posterior(posterior)
    targets = prepare_batch(loaded, Path(out), replicates, seed, found, resume)
    run_batch(targets, workers)
    return [target.folder for target in targets]


def sweep(
    scenario: str | Path | Loaded,
    factors: Mapping[str, tuple] | Sequence[str],
    out: str | Path,
    design: str | np.ndarray | Sequence[Sequence[float]] = "grid",
    points: int | None = None,
    replicates_per_point: int = 1,
    seed: int = DEFAULT_SEED,
    workers: int = 1,
    resume: bool = False,
    posterior: str | Path | None = None,
) -> Path:
    """A designed experiment, kept like a batch (as `alliance-sim sweep`).

    Parameters
    ----------
    factors : dict or list
        Dotted path (any a counterfactual can `set`) -> (low, high) or, for a grid,
        (low, high, levels). With a design matrix, the paths of its columns, in order (a
        list, or a dict whose values are ignored).
    design : {"grid", "lhs", "sobol", "saltelli", "morris"} or a matrix
        A named design, or one's own (points, factors) matrix of values (from another
        sampler, say): each row is one design point, recorded in `sweep.json` as design
        `matrix`, each factor's range its column's.
    points : int, optional
        Points of an lhs/sobol design, base samples of saltelli, trajectories of morris.
    resume : bool
        Finish an interrupted sweep in `out` (the same sweep: checked).
    posterior : path, optional
        As for :func:`batch`: the factors override the posterior for the paths they set,
        every other path keeps the replicate's posterior vector.

    Returns the result folder: :func:`read` gives the runs with a `point` and a
    `factor:<path>` column per factor; :func:`sensitivity` and :func:`discover` analyse it.

    Raises
    ------
    sim.experiments.sweep.SweepError
        An unknown path, a range the scenario rejects, a design that cannot be built.
    sim.experiments.calibration.folder.PosteriorError
        As for :func:`batch`.
    """
    from sim.experiments import sweep as sweeps
    from sim.experiments import sweep_folder
    from sim.experiments.calibration.folder import read_posterior
    from sim.experiments.calibration.use_batch import prepare_sweep

    loaded = _loaded(scenario)
    source = str(scenario if isinstance(scenario, str | Path) else loaded.id)
    if not isinstance(design, str):
        plan = sweeps.from_matrix(loaded, source, list(factors), np.asarray(design),
                                  replicates_per_point, seed)  # fmt: skip
    else:
        specs = [
            sweeps.FactorSpec(path=path, range=(bounds[0], bounds[1]), levels=(bounds[2:] or [None])[0])
            for path, bounds in dict(factors).items()
        ]  # fmt: skip
        plan = sweeps.build(loaded, source, specs, design, points, replicates_per_point, seed)
    folder = Path(out)
    found = None if posterior is None else read_posterior(posterior)
    target = prepare_sweep(plan, folder, found, resume)
    sweep_folder.write_record(plan, folder)
    run_batch([target], workers)
    return folder


def sensitivity(
    source: str | Path | Loaded,
    method: str | None = None,
    replicates: int = DEFAULT_REPLICATES,
    samples: int | None = None,
    replicates_per_point: int = 1,
    seed: int = DEFAULT_SEED,
    workers: int = 1,
    keep: str | Path | None = None,
) -> dict:
    """Which parameters move each issue's date and outcome, as `alliance-sim sensitivity -f json`.

    Parameters
    ----------
    source : a scenario (id, path, loaded) or a finished sweep folder
        A scenario: every uncertain parameter, by `method` spearman (rank correlations over
        `replicates` replicates' own draws; the default), sobol or morris (a SALib design of
        `samples` base samples or trajectories run as a sweep, in `keep` if given). A sweep
        folder: its own factors, by path: sobol (a saltelli sweep), morris (a morris sweep) or
        spearman (any; the default for designs not built for the other two).

    Returns the JSON-ready report: indices with 95 % intervals and a convergence check.

    Raises
    ------
    analysis.swept.SweptError, analysis.sobol.SensitivityError
        A folder that is not a finished sweep, or a method its design was not built for.
    """
    from analysis import sobol, swept

    if isinstance(source, str | Path) and Path(source).is_dir():
        found = swept.read_sweep(source)
        method = swept.method_for(found.record["design"], method)
        if method == "spearman":
            return swept.correlations(found)
        return swept.indices(found, method).as_json()
    loaded = _loaded(source)
    if method in (None, "spearman"):
        from analysis.sensitivity import correlations

        table = _run(loaded, replicates, seed).table
        issues = {issue: correlations(table, issue) for issue in loaded.issues}
        return {"scenario": loaded.id, "replicates": replicates, "seed": seed, "issues": issues}
    samples = samples or sobol.DEFAULT_SAMPLES.get(method, 0)
    design = sobol.design(loaded, loaded.id, method, samples, replicates_per_point, seed)
    kept = None if keep is None else Path(keep)
    report = sobol.run_design(design, method, samples, seed, kept,
                              lambda target: run_batch([target], workers))  # fmt: skip
    return report.as_json()


def discover(
    folder: str | Path,
    outcome: str,
    boxes: int = 1,
    over: str = "all",
    min_density: float = 0.8,
    max_rows: int = 50_000,
    mass_min: float | None = None,
) -> dict:
    """PRIM boxes over a saved sweep (or batch), as `alliance-sim discover -f json` (no chart).

    Parameters
    ----------
    outcome : str
        ISSUE=OPTION, ISSUE!=OPTION, ISSUE<DATE (also <=, >, >=) or ISSUE.date=late|early.
    boxes : int
        How many boxes to find in turn, each on the runs outside the boxes before it.
    over : {"all", "factors", "draws"}
        Peel the sweep's factors, the runs' own draws, or both.

    Raises
    ------
    analysis.discovery_conditions.DiscoveryError
        An unreadable folder, an unknown issue or option, no contrast to explain.
    """
    from analysis.discovery import as_json
    from analysis.discovery import discover as find_boxes
    from analysis.discovery_conditions import parse_condition
    from analysis.discovery_inputs import read_runs

    folder = Path(folder)
    saved, record = read_runs(folder)
    condition = parse_condition(outcome, saved.scenario)
    found = find_boxes(saved.scenario, saved.table, condition, record, over, min_density, None,
                       max_rows, saved.seed, mass_min, boxes)  # fmt: skip
    return as_json(found, saved.scenario, folder)


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
    sim.store.reading.ResultsError
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
    analysis.compared_runs.CompareError
        Runs over other issues or options, or over other replicates.
    """
    return compare_runs(base, counterfactuals, resamples)
