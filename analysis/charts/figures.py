"""Whole figures from the charts of `analysis.charts`, and writing them to disk.

`draw_all(runs, out_dir)` writes every chart for a base run and its counterfactuals (or
the kinds of `CHARTS` asked for) as PNG (for slides) and SVG (for print), each file
written atomically.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from matplotlib.figure import Figure

from analysis.charts import palette
from analysis.charts.blockers_chart import plot_blockers_over_time
from analysis.charts.demand_chart import demand_fan_data, event_key, event_numbers, plot_demand_fan
from analysis.charts.outcome_chart import plot_outcome_shares
from analysis.charts.run_data import as_runs, historical_record, history_runs
from analysis.charts.style import fit_titles, style, wrap
from analysis.charts.survival_chart import plot_still_fighting, plot_survival
from analysis.charts.tension_chart import blocs, plot_tension
from analysis.charts.timeline import plot_timeline
from sim.engine.results import Results
from sim.store.atomic import write_atomic

TABLE_COLUMNS = ("replicate", "issue", "outcome", "agreement_date", "entry_date")
"""The columns of a results table the charts read (the rest of what they show is history):
`alliance-sim plot` reads only these from a saved folder, and `OPTIONAL_COLUMNS` where it has
them."""
OPTIONAL_COLUMNS = ("signed_date",)
"""Columns only some results have (the day an armistice was signed, where there is one)."""
DPI = 150
FORMATS = ("png", "svg")


def save_figure(fig: Figure, path_without_suffix: str | Path) -> list[Path]:
    """Write `fig` as PNG and SVG beside each other; a reader never sees a half-written file."""
    base = Path(path_without_suffix)
    base.parent.mkdir(parents=True, exist_ok=True)
    fit_titles(fig)
    written = []
    for suffix in FORMATS:
        final = base.with_name(f"{base.name}.{suffix}")
        write_atomic(final, lambda file, suffix=suffix: fig.savefig(file, format=suffix, dpi=DPI))
        written.append(final)
    return written


def _slug(scenario_id: str, base_id: str, number: int) -> str:
    return scenario_id if scenario_id != base_id else f"run_{number + 1}"


def demand_figure(
    runs: Iterable[Results], issue_id: str, colours: Sequence[str] = palette.RUNS
) -> Figure:
    """Fan charts of each party's demand: one row per party, one column per run.

    Two columns (base beside one counterfactual) stay readable on a projector.
    """
    runs = history_runs(runs, issue_id)
    if not runs:
        raise ValueError(f"no run has a history of `{issue_id}` to draw demands from")
    scenario = runs[0].scenario
    record = historical_record(runs, issue_id)
    parties = list(scenario.parties)
    numbers = event_numbers(runs)
    shown = [e for run in runs for e in demand_fan_data(run, issue_id, parties[0])["events"]]
    key = event_key(numbers, shown)
    key_height = 0.32 * max(key.count("\n") + 1, 3) + 0.4
    panels_height = 4.2 * len(parties) + 1.2
    with style():
        fig = Figure(
            figsize=(6.5 * len(runs) + 2, panels_height + key_height), layout="constrained"
        )
        top, bottom = fig.subfigures(2, 1, height_ratios=[panels_height, key_height])
        grid = top.subplots(len(parties), len(runs), sharex=True, sharey=True, squeeze=False)
        for col, run in enumerate(runs):
            for row, party_id in enumerate(parties):
                plot_demand_fan(run, issue_id, party_id, ax=grid[row][col],
                                colour=colours[col % len(colours)], historical=record,
                                numbers=numbers)  # fmt: skip
        top.suptitle(f"What each side demands over time: {scenario.issues[issue_id].label}")
        handles, labels = grid[0][0].get_legend_handles_labels()
        bottom.legend(handles, [wrap(t, 40) for t in labels], loc="upper right", frameon=False,
                      ncols=2)  # fmt: skip
        bottom.text(0.015, 0.95, "Events\n" + key, va="top", ha="left", fontsize=14,
                    linespacing=1.35)  # fmt: skip
    return fig


def tension_figure(runs: Iterable[Results], issue_id: str) -> Figure | None:
    """Tension inside each bloc, one panel per bloc; None when no party is a bloc."""
    runs = history_runs(runs, issue_id)
    bloc_ids = blocs(runs[0].scenario) if runs else []
    if not bloc_ids:
        return None
    with style():
        fig = Figure(figsize=(14, 4.6 * len(bloc_ids) + 1.2), layout="constrained")
        axes = fig.subplots(len(bloc_ids), 1, sharex=True, squeeze=False)[:, 0]
        for ax, party_id in zip(axes, bloc_ids, strict=True):
            plot_tension(runs, issue_id, party_id, ax=ax)
        fig.suptitle(f"How far the allies pull apart: {runs[0].scenario.issues[issue_id].label}")
    return fig


CHARTS = {
    "outcomes": "per issue, the share of runs ending in each outcome",
    "not_settled": "per issue, the share of runs not yet settled by each date "
    "(entry_dates where the agreement is an entry into the war)",
    "demands": "per issue, each side's demand over time (runs with a history)",
    "tension": "per issue, how far the allies inside a bloc pull apart (blocs only)",
    "blockers": "per issue, who kept the deal closed at each step (the base run's history)",
    "still_fighting": "the share of runs still fighting, until the armistice (scenarios with one)",
    "timeline": "every issue's settlement dates and the armistice on one time axis "
    "(scenarios with several issues or an armistice)",
}
"""The kinds of chart `draw_all` writes, in the order it writes them, with what each shows."""


def draw_all(
    runs: Iterable[Results],
    out_dir: str | Path,
    prefix: str | None = None,
    charts: Iterable[str] | None = None,
) -> list[Path]:
    """Write every chart (or those of the kinds in `charts`, see `CHARTS`) for a base run
    (first) and its counterfactuals; return the files.

    Each file is named once: `<prefix>_<issue>_<chart>` (`<prefix>_<chart>` when the scenario
    has a single issue), where the chart is `outcomes`, `not_settled` (`entry_dates` for an
    issue whose agreement is an entry into the war), `demands` (`demands_vs_<counterfactual
    id>` per counterfactual, base beside it) and `tension` (only where a party is a bloc),
    each `.png` and `.svg`. A scenario with an agreement settling every issue (the armistice)
    also gets `<prefix>_still_fighting`: the share of runs before it; one with several issues
    or an armistice gets `<prefix>_timeline`. The prefix defaults to the base's id.
    """
    kinds = list(CHARTS) if charts is None else list(charts)
    unknown = [kind for kind in kinds if kind not in CHARTS]
    if unknown:
        raise ValueError(f"unknown chart {', '.join(unknown)}; choose from {', '.join(CHARTS)}")
    runs = as_runs(runs)
    out_dir = Path(out_dir)
    base = runs[0].scenario
    prefix = prefix or base.id
    written: list[Path] = []
    for issue_id, issue in base.issues.items():
        stem = issue_stem(prefix, base, issue_id)
        if "outcomes" in kinds:
            figure = plot_outcome_shares(runs, issue_id)
            written += save_figure(figure, out_dir / f"{stem}_outcomes")
        if "not_settled" in kinds:
            name = "entry_dates" if issue.entry_lag_days is not None else "not_settled"
            written += save_figure(plot_survival(runs, issue_id), out_dir / f"{stem}_{name}")
        if "demands" in kinds:
            written += _demand_figures(runs, issue_id, out_dir, stem)
        tension = tension_figure(runs, issue_id) if "tension" in kinds else None
        if tension is not None:
            written += save_figure(tension, out_dir / f"{stem}_tension")
        if "blockers" in kinds and history_runs(runs[:1], issue_id):
            figure = plot_blockers_over_time(runs[:1], issue_id)
            written += save_figure(figure, out_dir / f"{stem}_blockers")
    if "still_fighting" in kinds and base.agreement is not None:
        written += save_figure(plot_still_fighting(runs), out_dir / f"{prefix}_still_fighting")
    if "timeline" in kinds and (len(base.issues) > 1 or base.agreement is not None):
        written += save_figure(plot_timeline(runs), out_dir / f"{prefix}_timeline")
    return written


def _demand_figures(runs: list, issue_id: str, out_dir: Path, stem: str) -> list[Path]:
    """The base's demands alone, or beside each counterfactual (two columns stay readable)."""
    if not history_runs(runs[:1], issue_id):
        return []
    if len(runs) == 1:
        return save_figure(demand_figure(runs, issue_id), out_dir / f"{stem}_demands")
    written = []
    base_id = runs[0].scenario.id
    for number, other in enumerate(runs[1:], start=1):
        if not history_runs([other], issue_id):
            continue
        name = f"{stem}_demands_vs_{_slug(other.scenario.id, base_id, number)}"
        colours = [palette.run_colour(0), palette.run_colour(number)]
        written += save_figure(demand_figure([runs[0], other], issue_id, colours), out_dir / name)
    return written


def issue_stem(prefix: str, scenario, issue_id: str) -> str:
    """The start of an issue's file names: the prefix, then the issue unless it says nothing new
    (a single-issue scenario, or an issue named like the prefix)."""
    if len(scenario.issues) == 1 or issue_id == prefix:
        return prefix
    return f"{prefix}_{issue_id}"
