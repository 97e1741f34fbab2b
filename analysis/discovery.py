"""Scenario discovery: which combinations of parameters lead to an outcome, as PRIM boxes.

The runs of a saved sweep (or batch) are points in parameter space: the sweep's factors
and every replicate's own draws (`analysis.discovery_inputs`). A condition
(`analysis.discovery_conditions`: `pow_repatriation=no_agreement`, `pow_repatriation>1953-07-27`)
marks the cases of interest, or names a date to make late or early (`pow_repatriation.date=late`).
PRIM (`analysis.prim`, Friedman and Fisher 1999) peels the space down to a box where the
cases are dense (or the date late), recording the peeling trajectory: how many of the cases
the box still holds (coverage) against how many of its runs are cases (density), or the mean
day against the share of runs (mass). One box on the trajectory is chosen (by default the
widest dense enough) and stated in words, each limit with the parameter's source. Further
boxes are found in turn on the runs outside the boxes chosen before (covering).

The trajectory is charted by `analysis.charts.discovery_chart` (`trajectory_data` returns its
numbers, `plot_trajectory` draws them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from analysis import prim
from analysis.discovery_conditions import Condition, DiscoveryError
from analysis.discovery_inputs import Input, inputs, limit_words
from analysis.measures import iso_day
from analysis.sobol import clock_window
from sim.engine.results import Table

MIN_DENSITY = 0.8
"""Default: the chosen box is the widest (most coverage) with at least this density; for a
date made late or early, the widest with at least this share of the trajectory's largest
move of the mean day."""
MASS_MIN = 0.05
"""PRIM's smallest box (share of runs), lowered to half the cases' share for rare outcomes."""
MAX_ROWS = 50_000
"""Runs given to PRIM at most (a seeded random sample beyond): with the 39 draws of
`pow_repatriation` it peels them in about 10 s."""
SAMPLE_STREAM = 0xD15C
SIGNIFICANT = 0.05
"""A limit whose quasi-p value (Bryant and Lempert 2010) is above this may be chance."""


@dataclass
class Discovery:
    """One PRIM box: its peeling trajectory and the chosen step, with everything needed to
    state it. `number` counts the boxes found in turn (1 first); box k peels the runs outside
    boxes 1 to k-1."""

    condition: Condition
    runs: int
    sampled: int
    cases: float
    """How many of the runs given to PRIM are cases (a continuous outcome: its mean, in days)."""
    inputs: list[Input]
    left_out: list[str]
    trajectory: list[dict]
    chosen: int
    rule: str
    limits: list[dict] = field(default_factory=list)
    mass_min: float = MASS_MIN
    number: int = 1
    start_day: float = 0.0
    """The issue's first day (a day number): a continuous outcome's days count from it."""

    @property
    def base_rate(self) -> float:
        """The share of the runs that are cases (a continuous outcome: the mean day)."""
        return self.cases if self.condition.continuous else self.cases / self.sampled


def discover(
    scenario,
    table: Table,
    condition: Condition,
    record: dict | None,
    over: str = "all",
    min_density: float = MIN_DENSITY,
    box: int | None = None,
    max_rows: int = MAX_ROWS,
    seed: int = 0,
    mass_min: float | None = None,
    boxes: int = 1,
) -> list[Discovery]:
    """Up to `boxes` PRIM boxes in turn for `condition` over the runs of `table` (fewer when
    the runs left hold no contrast); DiscoveryError if not even one can be found."""
    rows = np.flatnonzero(table["issue"] == condition.issue)
    issue_table = {name: values[rows] for name, values in table.items()}
    chosen_inputs, left_out = inputs(scenario, issue_table, record, over)
    if not chosen_inputs:
        raise DiscoveryError(
            f"no parameter varies across these runs ({over}); nothing to peel"
            + (f" (left out: {', '.join(left_out)})" if left_out else "")
        )
    y_all = _outcome(scenario, condition, issue_table, rows.size)
    sample = np.arange(rows.size)
    if rows.size > max_rows:
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(SAMPLE_STREAM,)))
        sample = np.sort(rng.choice(rows.size, max_rows, replace=False))
    x_all = np.column_stack([issue_table[item.column][sample] for item in chosen_inputs])
    y_sample = y_all[sample]
    left = np.ones(sample.size, dtype=bool)
    found: list[Discovery] = []
    while len(found) < boxes:
        if _no_contrast(condition, y_sample[left]):
            if found:
                break
            raise DiscoveryError(
                f"the sample of {sample.size:,} runs has no contrast; raise --max-rows"
            )
        step = _one_box(scenario, condition, x_all[left], y_sample[left], chosen_inputs,
                        (min_density, box, mass_min), len(found) + 1)  # fmt: skip
        step.runs, step.left_out = int(rows.size), left_out
        found.append(step)
        kept = np.flatnonzero(left)
        left[kept[step.trajectory[step.chosen].pop("inside")]] = False
        for entry in step.trajectory:
            entry.pop("inside", None)
    return found


def _outcome(scenario, condition: Condition, table: Table, size: int) -> np.ndarray:
    """What PRIM makes high: 1.0 for a case, else 0.0; or the days (negated to make early)."""
    if condition.continuous:
        days = condition.days(scenario, table, np.arange(size))
        if np.ptp(days) == 0:
            raise DiscoveryError(f"`{condition.text}`: every run has the same date")
        return days if condition.direction == "late" else -days
    met = condition.holds(table, np.arange(size))
    if not met.any() or met.all():
        share = "no run" if not met.any() else "every run"
        raise DiscoveryError(
            f"{share} meets `{condition.text}` ({condition.words(scenario)}): "
            "there is nothing to tell apart"
        )
    return met * 1.0


def _no_contrast(condition: Condition, y: np.ndarray) -> bool:
    return y.size == 0 or np.ptp(y) == 0 or (not condition.continuous and y.sum() < 2)


def _one_box(scenario, condition, x, y, chosen_inputs, choice, number: int) -> Discovery:
    """PRIM's trajectory over `x`, `y`, the chosen step and its limits in words."""
    min_density, box, mass_min = choice
    continuous = condition.continuous
    mass = (
        mass_min
        if mass_min is not None
        else MASS_MIN
        if continuous
        else min(MASS_MIN, y.mean() / 2)
    )
    trajectory = prim.peel(x, y, mass)
    sign = -1.0 if condition.direction == "early" else 1.0
    start = clock_window(scenario, condition.issue)[0] if continuous else 0.0
    steps = [_step(i, b, x, y, continuous, sign, start) for i, b in enumerate(trajectory)]
    index, rule = choose(steps, min_density, box, continuous)
    cases = float(sign * y.mean()) if continuous else float(y.sum())
    found = Discovery(condition, 0, int(y.size), cases, chosen_inputs, [], steps, index, rule,
                      mass_min=mass, number=number, start_day=start)  # fmt: skip
    found.limits = _limits(trajectory[index], x, y, chosen_inputs, scenario, continuous)
    return found


def _step(i: int, box: prim.Box, x, y, continuous: bool, sign: float, start: float) -> dict:
    inside = box.inside
    entry = {"step": i, "mass": float(inside.mean()), "restricted": int(box.restricted(x).sum())}
    if continuous:
        mean = float(sign * y[inside].mean())
        entry |= {"mean_days": round(mean, 2), "mean_date": iso_day(round(start + mean))}
    else:
        entry |= {"coverage": float(y[inside].sum() / y.sum()), "density": float(y[inside].mean())}
    return entry | {"inside": inside}


def choose(
    trajectory: list[dict], min_density: float, box: int | None, continuous: bool = False
) -> tuple[int, str]:
    """The step of the trajectory to state, and the rule that chose it."""
    if box is not None:
        if not 0 <= box < len(trajectory):
            raise DiscoveryError(
                f"--box {box}: the trajectory has steps 0 to {len(trajectory) - 1}"
            )
        return box, f"step {box}, as asked (--box)"
    if continuous:
        means = np.array([abs(s["mean_days"] - trajectory[0]["mean_days"]) for s in trajectory])
        enough = [
            s
            for s, move in zip(trajectory, means, strict=True)
            if move >= min_density * means.max()
        ]
        best = max(enough, key=lambda s: (s["mass"], -s["step"]))
        return best["step"], (
            f"the widest box (most runs) that moves the mean date by at least {min_density:.0%} "
            "of the most any box on the trajectory does"
        )
    dense = [s for s in trajectory if s["density"] >= min_density]
    if dense:
        best = max(dense, key=lambda s: (s["coverage"], -s["restricted"], -s["step"]))
        return best["step"], (
            f"the widest box (most coverage) with a density of at least {min_density:.0%}"
        )
    best = max(trajectory, key=lambda s: (s["density"], s["coverage"]))
    return best["step"], (
        f"no box reaches a density of {min_density:.0%}: the densest box on the trajectory"
    )


def _limits(box: prim.Box, x, y, chosen: list[Input], scenario, continuous: bool) -> list[dict]:
    """The chosen box's restricted limits, each in words with its source and quasi-p value."""
    found = []
    for j in np.flatnonzero(box.restricted(x)):
        item = chosen[j]
        entry = {
            "column": item.column,
            "label": item.label,
            "path": item.path,
            "source": item.source,
            "min": float(box.lows[j]),
            "max": float(box.highs[j]),
            "data_min": float(x[:, j].min()),
            "data_max": float(x[:, j].max()),
            "quasi_p": None if continuous else prim.quasi_p(x, y, box, j),
        }
        entry["words"] = limit_words(entry, item, scenario)
        found.append(entry)
    return sorted(found, key=lambda e: (e["quasi_p"] is None, e["quasi_p"] or 0.0))


def statement(found: Discovery, scenario) -> list[str]:
    """The chosen box in plain words: what it holds, then one line per limit with its source."""
    step = found.trajectory[found.chosen]
    which = f"Box {found.number}" + (
        " (on the runs outside the boxes before it)" if found.number > 1 else ""
    )
    lines = [
        f"{which} at step {found.chosen} of {len(found.trajectory) - 1} ({found.rule}):",
    ]
    if found.condition.continuous:
        overall = iso_day(round(found.start_day + found.cases))
        lines[0] = (
            f"{lines[0]} runs where {found.condition.words(scenario)}: the mean agreement date is "
            f"{step['mean_date']} inside the box against {overall} over all {found.sampled:,} "
            f"runs, and the box covers {step['mass']:.0%} of them. Its limits:"
        )
    else:
        lines = [
            f"Runs where {found.condition.words(scenario)}: {found.cases:,.0f} of "
            f"{found.sampled:,} ({found.base_rate:.1%}).",
            f"{lines[0]} it holds {step['coverage']:.0%} of those runs (coverage), "
            f"{step['density']:.0%} of the runs inside it meet the condition (density, against "
            f"{found.base_rate:.1%} overall), and it covers {step['mass']:.0%} of all runs. "
            "Its limits:",
        ]
        note = found.condition.step_note(scenario)
        if note:
            lines.insert(1, f"Note: {note}.")
    for limit in found.limits:
        qp = limit["quasi_p"]
        if qp is None:
            quasi = ""
        else:
            chance = "" if qp <= SIGNIFICANT else ", above 0.05: this limit may be chance"
            quasi = f"; quasi-p {'< 1e-300' if qp == 0 else f'{qp:.1g}'}{chance}"
        lines.append(
            f"- {limit['label']} ({limit['path']}): {limit['words']} "
            f"(in these runs {limit['data_min']:.3g} to {limit['data_max']:.3g}{quasi}). "
            f"Source: {limit['source'] or 'none recorded'}"
        )
    return lines


def as_json(boxes: list[Discovery], scenario, folder) -> dict:
    """Every box found, with what they share (the condition, the runs, the inputs)."""
    first = boxes[0]
    return {
        "folder": str(folder),
        "scenario": scenario.id,
        "outcome": first.condition.text,
        "outcome_words": first.condition.words(scenario),
        "outcome_note": first.condition.step_note(scenario),
        "continuous": first.condition.continuous,
        "runs": first.runs,
        "runs_given_to_prim": first.sampled,
        "inputs": [item.column for item in first.inputs],
        "left_out": first.left_out,
        "prim": "analysis.prim (Friedman and Fisher 1999, written for alliance-sim)",
        "boxes": [_box_json(found, scenario) for found in boxes],
    }


def _box_json(found: Discovery, scenario) -> dict:
    rate = "mean_days" if found.condition.continuous else "base_rate"
    return {
        "number": found.number,
        "runs_peeled": found.sampled,
        "cases": None if found.condition.continuous else int(found.cases),
        rate: round(found.base_rate, 5),
        "mass_min": found.mass_min,
        "trajectory": found.trajectory,
        "chosen": found.chosen,
        "rule": found.rule,
        "box": found.limits,
        "statement": statement(found, scenario),
    }
