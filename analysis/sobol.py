"""Variance-based (Sobol') and screening (Morris) sensitivity, with SALib, over a scenario's
uncertain parameters.

The inputs are every number the scenario gives with a range and the model draws per
replicate, and whether each event with a probability happens (:mod:`sim.experiments.factors`). SALib's
Saltelli sampler (or its Morris sampler) makes the design; the design is run as a sweep by
the batch engine (:mod:`sim.experiments.sweep`), each point by ``replicates_per_point`` replicates
whose mean is the point's output. The outputs, per issue, are the agreement date (days from
the scenario's start) and the share of each outcome. A mean needs finite days, so here a
replicate that never agreed counts as agreeing at the end of the horizon
(`analysis.measures.never_at`), not as never as everywhere else. What stays random in every run (the logit noise of concessions,
the day of events with a date range) is not a factor: it is noise the indices do not
apportion.

Sobol': first-order (S1) and total (ST) indices with bootstrap confidence intervals.
Morris: mu* (mean absolute elementary effect, in the output's units) with a bootstrap
interval, and sigma. Convergence is checked by doubling: the indices from the first half of
the design (N/2 base samples, or trajectories) against those from all of it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis.measures import day_number, day_numbers, never_at
from sim.engine.results import NO_AGREEMENT, Table
from sim.experiments import designs
from sim.experiments.factors import Parameter, uncertain_parameters
from sim.scenario.calendar import step_date
from sim.scenario.campaign import END_STATE, Campaign
from sim.scenario.structure import Scenario

METHODS = ("sobol", "morris")
DEFAULT_SAMPLES = {"sobol": 1024, "morris": 64}
RESAMPLES = 100
"""Bootstrap resamples for the confidence intervals (SALib's default)."""
CONFIDENCE = 0.95
CHUNK = 10_000
"""Replicates per chunk of a sensitivity run: small enough to keep every worker busy, fixed so
that a result depends only on the seed and the sample size."""
STABLE = 0.05
"""A convergence check passes when no index moved more than this on doubling N."""
NEGATIVE_S1 = (
    "A first-order index below 0 is estimation noise: the true index, a share of the output's "
    "variance, is at least 0. Read it as about 0 within its interval; more base samples (N) "
    "narrow the interval."
)
ANALYSIS_STREAM = 0xB007
COLUMNS = ("replicate", "issue", "outcome", "agreement_date", "point")
NOT_FACTORS = (
    "the logit noise of concessions",
    "the day of each event with a date range",
)


class SensitivityError(ValueError):
    """A sensitivity analysis that cannot run as asked."""


@dataclass(frozen=True)
class Output:
    """One measured output: an issue's agreement date, or the share of one of its outcomes."""

    key: str
    issue: str
    measure: str  # "date" or "share"
    option: str | None
    label: str
    values: np.ndarray  # (design points,) mean over the point's replicates


@dataclass
class Indices:
    """SALib's indices of one output, at N and at N/2 (the convergence check)."""

    output: Output
    names: list[str]
    values: dict[str, np.ndarray]
    half: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def ranking(self) -> str:
        return "ST" if "ST" in self.values else "mu_star"

    def change(self) -> float:
        """Largest move of any index between N/2 and N (Morris: relative to the largest mu*);
        NaN when the output did not vary in the first half of the design."""
        keys = ("S1", "ST") if "ST" in self.values else ("mu_star",)
        if not self.half or all(np.isnan(self.half[k]).all() for k in keys):
            return float("nan")
        scale = 1.0
        if "mu_star" in self.values:
            scale = float(np.nanmax(self.values["mu_star"])) or 1.0
        moves = [np.abs(self.values[k] - self.half[k]) / scale for k in keys]
        return float(np.nanmax(np.concatenate(moves)))

    def order(self) -> np.ndarray:
        """Parameters by the ranking index, largest first."""
        return np.argsort(-np.nan_to_num(self.values[self.ranking], nan=-np.inf), kind="stable")


def check(scenario, method: str, samples: int) -> list[Parameter]:
    """The analysis's inputs; SensitivityError if the analysis cannot run as asked."""
    if method not in METHODS:
        raise SensitivityError(
            f"unknown method `{method}` (choose from spearman, {', '.join(METHODS)})"
        )
    if samples < 4:
        raise SensitivityError(
            f"--samples must be at least 4 (it is halved to check convergence), got {samples}"
        )
    if method == "sobol" and samples & (samples - 1):
        below = 1 << (samples.bit_length() - 1)
        raise SensitivityError(
            f"--samples must be a power of 2 for Sobol' (the sequence keeps its balance only "
            f"then), got {samples}; try {below} or {below * 2}"
        )
    parameters = uncertain_parameters(scenario)
    if not parameters:
        raise SensitivityError(f"{scenario.id} has no uncertain parameters to analyse")
    return parameters


def design(scenario: Scenario, source: str, method: str, samples: int, per_point: int, seed: int):
    """The sweep that runs the analysis's design (Saltelli, or Morris trajectories)."""
    from sim.experiments.sweep import from_parameters

    parameters = check(scenario, method, samples)
    kind = "saltelli" if method == "sobol" else "morris"
    bounds = [(p.low, p.high) for p in parameters]
    return from_parameters(scenario, source, parameters, bounds, kind, samples, per_point, seed)


def outputs(scenario: Scenario, table: Table, points: int) -> tuple[list[Output], list[dict]]:
    """Every output per design point; and the outputs left out: those that never vary (nothing
    to apportion) and an outcome share that is one minus another's (the same indices)."""
    found, constant = [], []
    for issue_id, issue in scenario.issues.items():
        start, after_horizon = clock_window(scenario, issue_id)
        rows = table["issue"] == issue_id
        point = table["point"][rows]
        count = np.bincount(point, minlength=points)
        days = never_at(day_numbers(table["agreement_date"][rows]), after_horizon) - start
        measures = [("date", None, f"{issue.label}: agreement date (days)", days)]
        outcome = table["outcome"][rows]
        for option in [o.id for o in issue.options] + [NO_AGREEMENT]:
            name = issue.no_agreement_label if option == NO_AGREEMENT else _option(issue, option)
            measures.append(("share", option, f"{issue.label}: {name}", (outcome == option) * 1.0))
        shares: list[Output] = []
        for measure, option, label, per_row in measures:
            values = np.bincount(point, weights=per_row, minlength=points) / np.maximum(count, 1)
            key = f"{issue_id}:{measure if option is None else option}"
            mirror = next((o for o in shares if np.allclose(o.values, 1 - values)), None)
            if np.ptp(values) == 0:
                constant.append({"key": key, "label": label, "value": float(values[0])})
            elif mirror is not None:  # the only other outcome: its indices are the same
                constant.append({"key": key, "label": label, "mirror_of": mirror.key})
            else:
                found.append(Output(key, issue_id, measure, option, label, values))
                if measure == "share":
                    shares.append(found[-1])
    return found, constant


def clock_window(scenario: Scenario | Campaign, issue_id: str) -> tuple[float, float]:
    """The first day and the day after the horizon (as day numbers) of the clock `issue_id` is
    bargained on (a campaign: its stage's; how the war ended: the whole campaign's, from its
    first day)."""
    first = last = scenario.time
    if isinstance(scenario, Campaign):
        if issue_id == END_STATE:
            first = scenario.stages[0].time
        else:
            first = last = scenario.stages[scenario.stage_of(issue_id)].time
    end = step_date(last.start, last.step, last.horizon)
    return day_number(first.start), day_number(end)


def _option(issue, option_id: str) -> str:
    return next(o.label for o in issue.options if o.id == option_id)


def analyse(
    method: str,
    names: list[str],
    bounds: list[tuple[float, float]],
    matrix: np.ndarray,
    output: Output,
    seed: int,
) -> Indices:
    """SALib's indices of `output` over the design `matrix` (factors `names` with `bounds`),
    at N and at N/2."""
    problem = designs.salib_problem(bounds, names)
    per = len(names) + (2 if method == "sobol" else 1)
    samples = matrix.shape[0] // per
    full = _indices(method, problem, matrix, output.values, seed)
    half_rows = (samples // 2) * per
    half = _indices(method, problem, matrix[:half_rows], output.values[:half_rows], seed)
    return Indices(output, names, full, half)


def _indices(method, problem, matrix, y, seed) -> dict[str, np.ndarray]:
    if np.ptp(y) == 0:  # constant in this part of the design: nothing to apportion
        nan = np.full(problem["num_vars"], np.nan)
        keys = (
            ("S1", "S1_conf", "ST", "ST_conf")
            if method == "sobol"
            else ("mu_star", "mu_star_conf", "sigma")
        )
        return {key: nan for key in keys}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if method == "sobol":
            from SALib.analyze import sobol

            found = sobol.analyze(
                problem,
                y,
                calc_second_order=False,
                num_resamples=RESAMPLES,
                conf_level=CONFIDENCE,
                seed=seed,
            )
            keys = ("S1", "S1_conf", "ST", "ST_conf")
        else:
            from SALib.analyze import morris

            found = morris.analyze(
                problem,
                matrix,
                y,
                num_resamples=RESAMPLES,
                conf_level=CONFIDENCE,
                num_levels=designs.MORRIS_LEVELS,
                seed=seed,
            )
            keys = ("mu_star", "mu_star_conf", "sigma")
    return {key: np.asarray(found[key], dtype=float) for key in keys}


def analysis_seed(seed: int) -> int:
    """The bootstrap's seed, from the user seed (SALib takes an int; 0 would mean unseeded)."""
    state = np.random.SeedSequence(seed, spawn_key=(ANALYSIS_STREAM,)).generate_state(1)
    return int(state[0]) or 1


@dataclass
class Report:
    """A finished analysis: its settings, inputs and each output's indices."""

    scenario: Scenario
    method: str
    samples: int
    per_point: int
    seed: int
    runs: int
    parameters: list[Parameter]
    indices: list[Indices]
    constant: list[dict]
    """Outputs left out: constant ones (`value`) and mirrors of another share (`mirror_of`)."""
    folder: Path | None = None
    names: list[str] = field(default_factory=list)
    """Each parameter's name in the indices: its path in the scenario (the one name of a
    parameter; its draw name and label are in `parameters`)."""
    sweep_design: str | None = None
    """The design of the sweep folder analysed (`saltelli`, `morris`); None for a scenario."""
    not_factors: tuple[str, ...] = NOT_FACTORS
    """What stays random in every run: noise the indices do not apportion."""
    posterior: dict | None = None
    """A sweep folder's posterior (`sweep --posterior`): where the other parameters came from."""

    def __post_init__(self) -> None:
        self.names = self.names or [p.path for p in self.parameters]

    def as_json(self) -> dict:
        """The report as one JSON-ready object (keys documented in the README)."""
        unit = "base samples N" if self.method == "sobol" else "trajectories"
        return {
            "scenario": self.scenario.id,
            **({"sweep_folder": str(self.folder)} if self.sweep_design else {}),
            **({"sweep_design": self.sweep_design} if self.sweep_design else {}),
            "method": self.method,
            "seed": self.seed,
            "samples": self.samples,
            "samples_are": unit,
            "replicates_per_point": self.per_point,
            "design_points": self.runs // self.per_point,
            "runs": self.runs,
            "bootstrap_resamples": RESAMPLES,
            "confidence_level": CONFIDENCE,
            "not_factors": list(self.not_factors),
            **({"posterior": self.posterior} if self.posterior else {}),
            "parameters": [
                {
                    "name": name,
                    "path": p.path,
                    "draw": p.name,
                    "range": [p.low, p.high],
                    "label": p.label,
                    "source": p.source,
                }
                for name, p in zip(self.names, self.parameters, strict=True)
            ],
            "outputs": [_output_json(found, self.samples) for found in self.indices],
            "left_out": self.constant,
        }


def _output_json(found: Indices, samples: int) -> dict:
    keys = list(found.values)
    return {
        "key": found.output.key,
        "issue": found.output.issue,
        "measure": found.output.measure,
        "option": found.output.option,
        "label": found.output.label,
        "indices": {
            name: {key: _number(found.values[key][i]) for key in keys}
            for i, name in enumerate(found.names)
        },
        "convergence": {
            "doubled_from": samples // 2,
            "max_change": _number(found.change()),
            "stable": bool(found.change() <= STABLE),
            "half": {
                name: {key: _number(found.half[key][i]) for key in keys if "conf" not in key}
                for i, name in enumerate(found.names)
            },
        },
        **({"negative_first_order": NEGATIVE_S1} if negative_first_order(found) else {}),
    }


def negative_first_order(found: Indices) -> bool:
    """Whether any first-order index came out below 0 (estimation noise, `NEGATIVE_S1`)."""
    return "S1" in found.values and bool((found.values["S1"] < 0).any())


def _number(value: float) -> float | None:
    return None if not np.isfinite(value) else round(float(value), 5)


def report(sweep, table: Table, method: str, samples: int, seed: int, folder=None) -> Report:
    """The indices of every varying output of a finished sensitivity sweep."""
    found, constant = outputs(sweep.scenario, table, sweep.design_points)
    bootstrap = analysis_seed(seed)
    parameters = list(sweep.parameters)
    names = [p.path for p in parameters]
    bounds = [(p.low, p.high) for p in parameters]
    indices = [analyse(method, names, bounds, sweep.matrix, output, bootstrap) for output in found]
    return Report(
        sweep.scenario,
        method,
        samples,
        sweep.replicates_per_point,
        seed,
        sweep.replicates,
        parameters,
        indices,
        constant,
        folder,
    )


def run_design(sweep, method: str, samples: int, seed: int, keep: Path | None, execute) -> Report:
    """Run a sensitivity design (from :func:`design`) in the folder `keep` (or a temporary one)
    and analyse it; `execute(target)` runs its chunks (with or without a progress bar).
    sim.store.batch.BatchError, writing nothing, if the folder cannot take it."""
    import contextlib
    import tempfile

    from sim.experiments import sweep_folder
    from sim.store.reading import read_results

    with contextlib.ExitStack() as stack:
        folder = keep or Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="alliance-sim-sensitivity-"))
        )
        target = sweep_folder.prepare(sweep, folder, chunk_size=CHUNK)
        sweep_folder.write_record(sweep, folder)
        execute(target)
        table = read_results(folder, COLUMNS).table
        return report(sweep, table, method, samples, seed, keep)
