"""Variance-based (Sobol') and screening (Morris) sensitivity, with SALib, over a scenario's
uncertain parameters.

The inputs are every number the scenario gives with a range and the model draws per
replicate, and whether each event with a probability happens (:mod:`sim.factors`). SALib's
Saltelli sampler (or its Morris sampler) makes the design; the design is run as a sweep by
the batch engine (:mod:`sim.sweep`), each point by ``replicates_per_point`` replicates
whose mean is the point's output. The outputs, per issue, are the agreement date (days from
the scenario's start, a replicate that never agreed counted at the end of the horizon) and
the share of each outcome. What stays random in every run (the logit noise of concessions,
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

from sim import designs
from sim.calendar import step_date
from sim.campaign import END_STATE, Campaign
from sim.factors import Parameter, uncertain_parameters
from sim.results import NO_AGREEMENT, Table
from sim.schema import Scenario

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
    from sim.sweep import from_parameters

    parameters = check(scenario, method, samples)
    kind = "saltelli" if method == "sobol" else "morris"
    bounds = [(p.low, p.high) for p in parameters]
    return from_parameters(scenario, source, parameters, bounds, kind, samples, per_point, seed)


def outputs(scenario: Scenario, table: Table, points: int) -> tuple[list[Output], list[dict]]:
    """Every output per design point; and the outputs left out: those that never vary (nothing
    to apportion) and an outcome share that is one minus another's (the same indices)."""
    found, constant = [], []
    for issue_id, issue in scenario.issues.items():
        start, never = _window(scenario, issue_id)
        rows = table["issue"] == issue_id
        point = table["point"][rows]
        count = np.bincount(point, minlength=points)
        dates = table["agreement_date"][rows]
        days = np.where(np.isnat(dates), never, dates).astype("datetime64[D]") - start
        measures = [
            ("date", None, f"{issue.label}: agreement date (days)", days.astype(float)),
        ]
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


def _window(scenario: Scenario | Campaign, issue_id: str) -> tuple[np.datetime64, np.datetime64]:
    """The first day and the day after the horizon of the clock `issue_id` is bargained on
    (a campaign: its stage's; how the war ended: the whole campaign's, from its first day)."""
    first = last = scenario.time
    if isinstance(scenario, Campaign):
        if issue_id == END_STATE:
            first = scenario.stages[0].time
        else:
            first = last = scenario.stages[scenario.stage_of(issue_id)].time
    end = step_date(last.start, last.step, last.horizon)
    return np.datetime64(first.start, "D"), np.datetime64(end, "D")


def _option(issue, option_id: str) -> str:
    return next(o.label for o in issue.options if o.id == option_id)


def analyse(
    method: str, parameters: list[Parameter], matrix: np.ndarray, output: Output, seed: int
) -> Indices:
    """SALib's indices of `output` over the design `matrix`, at N and at N/2."""
    names = [p.name for p in parameters]
    problem = designs.salib_problem([(p.low, p.high) for p in parameters], names)
    per = len(parameters) + (2 if method == "sobol" else 1)
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

    def as_json(self) -> dict:
        """The report as one JSON-ready object (keys documented in the README)."""
        unit = "base samples N" if self.method == "sobol" else "trajectories"
        return {
            "scenario": self.scenario.id,
            "method": self.method,
            "seed": self.seed,
            "samples": self.samples,
            "samples_are": unit,
            "replicates_per_point": self.per_point,
            "design_points": self.runs // self.per_point,
            "runs": self.runs,
            "bootstrap_resamples": RESAMPLES,
            "confidence_level": CONFIDENCE,
            "not_factors": list(NOT_FACTORS),
            "parameters": [
                {
                    "name": p.name,
                    "path": p.path,
                    "range": [p.low, p.high],
                    "label": p.label,
                    "source": p.source,
                }
                for p in self.parameters
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
    }


def _number(value: float) -> float | None:
    return None if not np.isfinite(value) else round(float(value), 5)


def report(sweep, table: Table, method: str, samples: int, seed: int, folder=None) -> Report:
    """The indices of every varying output of a finished sensitivity sweep."""
    found, constant = outputs(sweep.scenario, table, sweep.design_points)
    bootstrap = analysis_seed(seed)
    parameters = list(sweep.parameters)
    indices = [analyse(method, parameters, sweep.matrix, output, bootstrap) for output in found]
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


# --- the chart -------------------------------------------------------------------------------


def chart_data(found: Indices, labels: dict[str, str], top: int = 10) -> dict:
    """The bars of one output: the `top` parameters by ST (or mu*), with their intervals."""
    order = found.order()[:top]
    bars = {
        key: found.values[key][order]
        for key in found.values
        if not key.endswith("_conf") and key != "sigma"
    }
    errors = {
        key: found.values[f"{key}_conf"][order] for key in bars if f"{key}_conf" in found.values
    }
    return {
        "title": found.output.label,
        "parameters": [labels.get(found.names[i], found.names[i]) for i in order],
        "bars": bars,
        "errors": errors,
        "change": found.change(),
    }


def plot_indices(data: dict, note: str = "", ax=None):
    """Horizontal bars of each index with its confidence interval as error bars."""
    from matplotlib.figure import Figure

    from analysis.plots import PALETTE, style, wrap

    with style():
        if ax is None:
            height = 1.2 + 0.55 * len(data["parameters"]) * max(len(data["bars"]), 1)
            fig = Figure(figsize=(14, max(height, 5.5)), layout="constrained")
            ax = fig.add_subplot()
        fig = ax.figure
        y = np.arange(len(data["parameters"]))
        width = 0.8 / max(len(data["bars"]), 1)
        names = {"S1": "first order S1", "ST": "total ST", "mu_star": "mu* (mean |effect|)"}
        for number, (key, values) in enumerate(data["bars"].items()):
            ax.barh(
                y + (number - (len(data["bars"]) - 1) / 2) * width,
                np.nan_to_num(values),
                height=width,
                xerr=data["errors"].get(key),
                color=PALETTE[number],
                ecolor="black",
                capsize=4,
                label=names.get(key, key),
            )
        ax.set_yticks(y, [wrap(label, 34) for label in data["parameters"]])
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=1)
        ax.set_title(wrap(data["title"], 70), loc="left")
        ax.legend(loc="best")
        if "S1" in data["bars"]:
            ax.set_xlabel("Sobol' index (share of the output's variance), 95 % interval")
        else:
            ax.set_xlabel("Morris mu* (output units), 95 % interval")
        if note:
            fig.supxlabel(wrap(note, 140), fontsize=11, color="dimgray", ha="left", x=0.01)
    return fig
