"""Scenario discovery: which combinations of parameters lead to an outcome, as PRIM boxes.

The runs of a saved sweep (or batch) are points in parameter space: the sweep's factors
and every replicate's own draws. An outcome condition (`pow_repatriation=no_agreement`,
or a date condition such as `pow_repatriation>1953-07-27`) marks the cases of interest.
PRIM (the Patient Rule Induction Method of Friedman and Fisher, 1999, as kept by the
`prim` package, derived from the EMA Workbench and RAND's sdtoolkit) peels the space down
to a box where those cases are dense, recording the peeling trajectory: how many of the
cases the box still holds (coverage) against how many of its runs are cases (density).
One box on the trajectory is chosen (by default the one with the most coverage among
those dense enough) and stated in words, each limit with the parameter's source.

As in `analysis.plots`, `trajectory_data` returns plain numbers and `plot_trajectory`
draws them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

import numpy as np

from sim.factors import Parameter, catalogue
from sim.results import NO_AGREEMENT, Table

MIN_DENSITY = 0.8
"""Default: the chosen box is the widest (most coverage) with at least this density."""
MASS_MIN = 0.05
"""PRIM's smallest box (share of runs), lowered to half the cases' share for rare outcomes."""
MAX_ROWS = 50_000
"""Runs given to PRIM at most (a seeded random sample beyond); it peels in about 5 s."""
SAMPLE_STREAM = 0xD15C
SIGNIFICANT = 0.05
"""A limit whose quasi-p value (Bryant and Lempert 2010) is above this may be chance."""
_CONDITION = re.compile(r"^\s*([A-Za-z0-9_]+)(?:\.date)?\s*(!=|<=|>=|==|=|<|>)\s*(\S+)\s*$")
_WORDS = {"=": "is", "==": "is", "!=": "is not", "<": "before", "<=": "on or before"}
_WORDS |= {">": "after", ">=": "on or after"}


class DiscoveryError(ValueError):
    """A discovery that cannot run as asked; the message says why."""


@dataclass(frozen=True)
class Condition:
    """Which runs are cases of interest: an issue's outcome, or its agreement date."""

    issue: str
    op: str
    value: str
    date: dt.date | None = None

    @property
    def text(self) -> str:
        return f"{self.issue}{self.op}{self.value}"

    def words(self, scenario) -> str:
        issue = scenario.issues[self.issue]
        if self.date is None:
            labels = {o.id: o.label for o in issue.options} | {
                NO_AGREEMENT: issue.no_agreement_label
            }
            return f"{issue.label} {_WORDS[self.op]} '{labels[self.value]}'"
        never = " or never" if self.op in (">", ">=") else ""
        return f"{issue.label} agreed {_WORDS[self.op]} {self.value}{never}"

    def holds(self, table: Table, rows: np.ndarray) -> np.ndarray:
        """Whether each of `rows` (the issue's rows) meets the condition."""
        if self.date is None:
            met = table["outcome"][rows] == self.value
            return ~met if self.op == "!=" else met
        dates = table["agreement_date"][rows]
        day = np.datetime64(self.date, "D")
        never = np.isnat(dates)
        compare = {
            "<": lambda d: d < day,
            "<=": lambda d: d <= day,
            ">": lambda d: d > day,
            ">=": lambda d: d >= day,
        }[self.op]
        return np.where(never, self.op in (">", ">="), compare(np.where(never, day, dates)))


def parse_condition(text: str, scenario) -> Condition:
    """`ISSUE=OPTION`, `ISSUE!=OPTION` or `ISSUE<DATE` (also <=, >, >=); DiscoveryError with a
    did-you-mean for an unknown issue or option."""
    found = _CONDITION.match(text)
    if not found:
        raise DiscoveryError(
            f"--outcome `{text}`: expected ISSUE=OPTION, ISSUE!=OPTION or ISSUE<DATE (also <=, "
            f">, >=), e.g. `{next(iter(scenario.issues))}={NO_AGREEMENT}`"
        )
    issue_id, op, value = found.groups()
    issues = list(scenario.issues)
    if issue_id not in issues:
        raise DiscoveryError(f"--outcome `{text}`: {_unknown('issue', issue_id, issues)}")
    op = "=" if op == "==" else op
    if op in ("=", "!="):
        options = [o.id for o in scenario.issues[issue_id].options] + [NO_AGREEMENT]
        if value not in options:
            hint = "" if not _is_date(value) else " (a date is compared with <, <=, > or >=)"
            raise DiscoveryError(
                f"--outcome `{text}`: {_unknown(f'outcome of {issue_id}', value, options)}{hint}"
            )
        return Condition(issue_id, op, value)
    if not _is_date(value):
        raise DiscoveryError(
            f"--outcome `{text}`: `{value}` is not a date (YYYY-MM-DD); an outcome is "
            "compared with = or !="
        )
    return Condition(issue_id, op, value, dt.date.fromisoformat(value))


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _unknown(what: str, name: str, known: list[str]) -> str:
    guess = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean `{guess[0]}`?" if guess else ""
    return f"no {what} `{name}`{hint} (known: {', '.join(known)})"


@dataclass(frozen=True)
class Input:
    """A column PRIM may restrict: a sweep's factor or a replicate's draw."""

    column: str
    label: str
    path: str
    source: str
    kind: str  # "factor" or "draw"
    parameter: Parameter | None = None


def inputs(scenario, table: Table, record: dict | None, over: str) -> tuple[list[Input], list[str]]:
    """The columns to peel (`over`: all, factors or draws) and the columns left out with why."""
    entries = catalogue(scenario)
    by_name = {p.name: p for p in entries.values() if p.name}
    factors = (record or {}).get("factors", [])
    factor_draws = {f"draw:{f['draw']}" for f in factors if f.get("draw")}
    chosen: list[Input] = []
    if over in ("all", "factors"):
        for factor in factors:
            chosen.append(
                Input(
                    factor["column"],
                    factor["label"],
                    factor["path"],
                    factor["source"],
                    "factor",
                    entries.get(factor["path"]),
                )
            )
    if over in ("all", "draws"):
        for column in table:
            if not column.startswith("draw:") or column in factor_draws:
                continue
            name = column.removeprefix("draw:")
            chosen.append(_draw_input(column, name, by_name.get(name), scenario))
    kept, left = [], []
    for item in chosen:
        values = table[item.column]
        if np.isnan(values).any():
            left.append(f"{item.column} (not drawn in every run)")
        elif np.ptp(values) == 0:
            left.append(f"{item.column} (the same in every run)")
        else:
            kept.append(item)
    return kept, left


def _draw_input(column: str, name: str, parameter: Parameter | None, scenario) -> Input:
    if parameter is not None:
        return Input(column, parameter.label, parameter.path, parameter.source, "draw", parameter)
    parts = name.split(".")
    event = _event(scenario, parts)
    if event is not None and parts[-1] == "day":
        label = f"day of '{event.label}' (days after {event.date_range[0]})"
        return Input(column, label, f"events.{event.id}.date_range", event.source, "draw")
    if event is not None and parts[-1] == "happens":
        label = f"whether '{event.label}' happens"
        return Input(column, label, f"events.{event.id}.probability", event.source, "draw")
    return Input(column, name, name, "", "draw")


def _event(scenario, parts: list[str]):
    """The event a draw name such as `events.<id>.day` (in a campaign `<stage>.events...`) is of."""
    if "events" not in parts or parts.index("events") + 1 >= len(parts):
        return None
    event_id = parts[parts.index("events") + 1]
    stages = getattr(scenario, "stages", [scenario])
    return next((e for s in stages for e in s.events if e.id == event_id), None)


@dataclass
class Discovery:
    """PRIM's peeling trajectory and the chosen box, with everything needed to state it."""

    condition: Condition
    runs: int
    sampled: int
    cases: int
    inputs: list[Input]
    left_out: list[str]
    trajectory: list[dict]
    chosen: int
    rule: str
    limits: list[dict] = field(default_factory=list)
    mass_min: float = MASS_MIN

    @property
    def base_rate(self) -> float:
        return self.cases / self.sampled


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
) -> Discovery:
    """Run PRIM for `condition` over the runs of `table`; DiscoveryError if it cannot."""
    rows = np.flatnonzero(table["issue"] == condition.issue)
    issue_table = {name: values[rows] for name, values in table.items()}
    chosen_inputs, left_out = inputs(scenario, issue_table, record, over)
    if not chosen_inputs:
        raise DiscoveryError(
            f"no parameter varies across these runs ({over}); nothing to peel"
            + (f" (left out: {', '.join(left_out)})" if left_out else "")
        )
    y_all = condition.holds(issue_table, np.arange(rows.size))
    if not y_all.any() or y_all.all():
        share = "no run" if not y_all.any() else "every run"
        raise DiscoveryError(
            f"{share} meets `{condition.text}` ({condition.words(scenario)}): "
            "there is nothing to tell apart"
        )
    sample = np.arange(rows.size)
    if rows.size > max_rows:
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(SAMPLE_STREAM,)))
        sample = np.sort(rng.choice(rows.size, max_rows, replace=False))
    y = y_all[sample]
    if not y.any() or y.all():
        raise DiscoveryError(
            f"the sample of {sample.size:,} runs has no contrast; raise --max-rows"
        )
    mass = mass_min if mass_min is not None else min(MASS_MIN, y.mean() / 2)
    result = _peel(issue_table, chosen_inputs, sample, y, mass)
    trajectory, box_limits = result
    index, rule = choose(trajectory, min_density, box)
    found = Discovery(
        condition,
        int(rows.size),
        int(sample.size),
        int(y.sum()),
        chosen_inputs,
        left_out,
        trajectory,
        index,
        rule,
        mass_min=mass,
    )
    found.limits = _limits(box_limits(index), chosen_inputs, issue_table, sample, scenario)
    return found


def _peel(table: Table, chosen: list[Input], sample: np.ndarray, y: np.ndarray, mass: float):
    """PRIM's first box: the trajectory, and a function giving the limits at one step."""
    import logging

    import pandas as pd

    try:
        import prim
    except ImportError:  # the optional dependency
        raise DiscoveryError(
            "scenario discovery needs the `prim` package: pip install 'alliance-sim[discover]' "
            "(prim is GPL-3.0-or-later; alliance-sim itself is MIT)"
        ) from None
    logging.getLogger("prim").setLevel(logging.WARNING)
    frame = pd.DataFrame({item.column: table[item.column][sample] for item in chosen})
    engine = prim.Prim(frame, y.astype(bool), mass_min=mass)
    box = engine.find_box()
    steps = box.peeling_trajectory
    trajectory = [
        {
            "step": int(i),
            "coverage": float(steps["coverage"].iloc[i]),
            "density": float(steps["density"].iloc[i]),
            "mass": float(steps["mass"].iloc[i]),
            "restricted": int(steps["res dim"].iloc[i]),
        }
        for i in range(len(steps))
    ]

    def limits(index: int):
        box.select(index)
        return box.limits

    return trajectory, limits


def choose(trajectory: list[dict], min_density: float, box: int | None) -> tuple[int, str]:
    """The step of the trajectory to state, and the rule that chose it."""
    if box is not None:
        if not 0 <= box < len(trajectory):
            raise DiscoveryError(
                f"--box {box}: the trajectory has steps 0 to {len(trajectory) - 1}"
            )
        return box, f"step {box}, as asked (--box)"
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


def _limits(frame, chosen: list[Input], table: Table, sample: np.ndarray, scenario) -> list[dict]:
    by_column = {item.column: item for item in chosen}
    found = []
    for column, row in frame.iterrows():
        item = by_column[column]
        values = table[column][sample]
        low, high = float(values.min()), float(values.max())
        entry = {
            "column": column,
            "label": item.label,
            "path": item.path,
            "source": item.source,
            "min": float(row["min"]),
            "max": float(row["max"]),
            "data_min": low,
            "data_max": high,
            "quasi_p": float(row["qp values"]),
        }
        entry["words"] = _words(entry, item, scenario)
        found.append(entry)
    return found


def _words(entry: dict, item: Input, scenario) -> str:
    """The limit in plain words: at least / at most / between, or whether an event happens."""
    low, high = entry["min"], entry["max"]
    above, below = low > entry["data_min"], high < entry["data_max"]
    if item.kind == "draw" and item.column.endswith(".happens"):  # 0 or 1
        return "it does not happen" if below else "it happens" if above else "either way"
    if item.parameter is not None and item.parameter.kind == "occurs":
        threshold = item.parameter.value
        if low >= threshold:
            return "it happens"
        if high <= threshold:
            return "it does not happen"
    event = _event(scenario, item.column.removeprefix("draw:").split("."))
    if item.column.endswith(".day") and event is not None and event.date_range:
        start = event.date_range[0]

        def shown(days: float) -> str:
            return str(start + dt.timedelta(days=round(days)))

        low_text, high_text = shown(low), shown(high)
    else:
        low_text, high_text = f"{low:.3g}", f"{high:.3g}"
    if above and below:
        return f"between {low_text} and {high_text}"
    if above:
        return f"at least {low_text}"
    return f"at most {high_text}"


def statement(found: Discovery, scenario) -> list[str]:
    """The chosen box in plain words: what it holds, then one line per limit with its source."""
    step = found.trajectory[found.chosen]
    lines = [
        f"Runs where {found.condition.words(scenario)}: {found.cases:,} of {found.sampled:,} "
        f"({found.base_rate:.1%}).",
        f"Box at step {found.chosen} of {len(found.trajectory) - 1} ({found.rule}): it holds "
        f"{step['coverage']:.0%} of those runs (coverage), {step['density']:.0%} of the runs "
        f"inside it meet the condition (density, against {found.base_rate:.1%} overall), and it "
        f"covers {step['mass']:.0%} of all runs. Its limits:",
    ]
    for limit in found.limits:
        qp = limit["quasi_p"]
        quasi = "< 1e-300" if qp == 0 else f"{qp:.1g}"
        chance = "" if qp <= SIGNIFICANT else ", above 0.05: this limit may be chance"
        lines.append(
            f"- {limit['label']} ({limit['path']}): {limit['words']} "
            f"(in these runs {limit['data_min']:.3g} to {limit['data_max']:.3g}; quasi-p "
            f"{quasi}{chance}). Source: {limit['source'] or 'none recorded'}"
        )
    return lines


def as_json(found: Discovery, scenario, folder) -> dict:
    return {
        "folder": str(folder),
        "scenario": scenario.id,
        "outcome": found.condition.text,
        "outcome_words": found.condition.words(scenario),
        "runs": found.runs,
        "runs_given_to_prim": found.sampled,
        "cases": found.cases,
        "base_rate": round(found.base_rate, 5),
        "mass_min": found.mass_min,
        "inputs": [item.column for item in found.inputs],
        "left_out": found.left_out,
        "trajectory": found.trajectory,
        "chosen": found.chosen,
        "rule": found.rule,
        "box": found.limits,
        "statement": statement(found, scenario),
    }


# --- the chart -------------------------------------------------------------------------------


def trajectory_data(found: Discovery, scenario) -> dict:
    """The peeling trajectory's points, the chosen step and the base rate."""
    return {
        "title": f"Where {found.condition.words(scenario)}",
        "coverage": np.array([s["coverage"] for s in found.trajectory]),
        "density": np.array([s["density"] for s in found.trajectory]),
        "restricted": np.array([s["restricted"] for s in found.trajectory]),
        "chosen": found.chosen,
        "base_rate": found.base_rate,
        "limits": [f"{limit['label']}: {limit['words']}" for limit in found.limits],
    }


def plot_trajectory(data: dict, ax=None):
    """Coverage against density along the peeling, coloured by restricted dimensions, the chosen
    box ringed; without `ax`, the chosen box's limits are written in a panel beside it."""
    from matplotlib.figure import Figure

    from analysis.plots import HISTORY_COLOUR, PALETTE, style, wrap

    with style():
        side = None
        if ax is None:
            fig = Figure(figsize=(15, 7.5), layout="constrained")
            ax, side = fig.subplots(1, 2, width_ratios=[2.6, 1])
        fig = ax.figure
        counts = sorted(set(data["restricted"].tolist()))
        for number, count in enumerate(counts):
            mask = data["restricted"] == count
            ax.scatter(
                data["coverage"][mask],
                data["density"][mask],
                s=70,
                color=PALETTE[number % len(PALETTE)],
                label=f"{count} restricted",
                zorder=3,
            )
        ax.plot(data["coverage"], data["density"], color="grey", linewidth=1, zorder=2)
        chosen = data["chosen"]
        ax.scatter(
            [data["coverage"][chosen]],
            [data["density"][chosen]],
            s=380,
            facecolors="none",
            edgecolors=HISTORY_COLOUR,
            linewidths=2.5,
            zorder=4,
            label=f"chosen box (step {chosen})",
        )
        ax.axhline(data["base_rate"], color="dimgray", linestyle="--", linewidth=1.5)
        ax.annotate(
            f"all runs: {data['base_rate']:.0%}",
            (0.5, data["base_rate"]),
            xytext=(0, 5),
            textcoords="offset points",
            ha="center",
            fontsize=12,
            color="dimgray",
        )
        ax.set_xlim(0, 1.03)
        ax.set_ylim(0, 1.03)
        ax.set_xlabel("coverage (share of the cases inside the box)")
        ax.set_ylabel("density (share of the box that are cases)")
        ax.set_title(wrap(data["title"], 70), loc="left")
        ax.legend(loc="best", fontsize=12)
        if side is not None:
            side.axis("off")
            lines = [f"Chosen box (step {chosen}):", ""]
            lines += [wrap(f"• {line}", 38) + "\n" for line in data["limits"]] or ["no limits"]
            side.text(
                0, 1, "\n".join(lines), va="top", ha="left", fontsize=12, transform=side.transAxes
            )
    return fig
