"""The exercise report: one self-contained HTML page for a class.

The question, what changed and why (with sources), the results against the
base with intervals, the figures embedded as images, and what actually
happened. Everything the page needs is inside it, so it can be mailed,
projected or opened offline.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import math

from matplotlib.figure import Figure

from alliance_sim.classroom.article import ARTICLE
from alliance_sim.classroom.exercises import holds, measure
from alliance_sim.classroom.html_table import Cell, Markup, Row, table
from alliance_sim.classroom.plain_words import cite
from alliance_sim.classroom.what_changed import change_words
from analysis.blockers import deadlock_sentence
from analysis.charts.blockers_chart import plot_blockers_over_time
from analysis.charts.figures import demand_figure
from analysis.charts.outcome_chart import plot_outcome_shares
from analysis.charts.run_data import history_runs
from analysis.charts.style import describe, fit_titles
from analysis.charts.survival_chart import plot_still_fighting, plot_survival
from analysis.charts.timeline import plot_timeline
from analysis.compare import compare
from analysis.summary import summarize
from sim import __version__
from sim.engine.results import NO_AGREEMENT, Results
from sim.engine.runner import run
from sim.scenario.structure import Scenario

STYLE = """
body { font-family: system-ui, sans-serif; font-size: 20px; line-height: 1.5; margin: 2em auto;
       max-width: 70em; color: #111; padding: 0 1em; }
h1 { font-size: 1.8em; } h2 { border-bottom: 2px solid #0072B2; margin-top: 2em; }
.question { font-size: 1.35em; font-weight: 600; background: #eef5fb; padding: .8em 1em; }
table { border-collapse: collapse; margin: 1em 0; } td, th { padding: .35em .8em; }
th { text-align: left; border-bottom: 2px solid #333; } td { border-bottom: 1px solid #ccc; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.happened { font-weight: 700; } .source { color: #444; font-size: .85em; }
img { max-width: 100%; height: auto; margin: 1em 0; } footer { color: #555; font-size: .8em; }
"""


def exercise_report(exercise: Scenario, base: Scenario, replicates: int, seed: int) -> str:
    """Run base and counterfactual with the same seed and replicates; return the HTML page."""
    if exercise.exercise is None:
        raise ValueError(f"`{exercise.id}` is not a counterfactual exercise (it has no `extends`)")
    labelled = [
        run(base, replicates, seed, label="Historical scenario"),
        run(exercise, replicates, seed, label=exercise.title),
    ]
    return report_of_runs(exercise, base, labelled)


def report_of_runs(exercise: Scenario, base: Scenario, labelled: list[Results]) -> str:
    """The HTML page of runs already made: base first, then the exercise, with the same seed
    and replicates (the web app's download uses the run on the page, never a new one)."""
    replicates, seed = labelled[0].replicates, labelled[0].seed
    stats = compare(labelled[0], labelled[1:])
    summaries = [summarize(r.scenario, r.table, replicates, seed) for r in labelled]
    parts = [_header(exercise), _changes(exercise, base), _expectations(exercise, *summaries)]
    if base.agreement is not None:
        parts.append(_whole_war(base, labelled))
    for issue_id in base.issues:
        parts.append(_issue_section(base, issue_id, stats["issues"][issue_id], labelled))
    parts.append(_what_happened(base))
    parts.append(
        f"<footer><p>{replicates:,} replicates per run, seed {seed}, the same seed "
        f"stream for both runs; alliance-sim {html.escape(__version__)}. Preferences "
        f"drawn from {ARTICLE}.</p></footer>"
    )
    title = html.escape(exercise.title)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )


def _header(exercise: Scenario) -> str:
    spec = exercise.exercise
    return (
        f"<h1>{html.escape(exercise.title)}</h1>"
        f'<p class="question">{html.escape(spec.question)}</p>'
        f"<p>{html.escape(spec.explanation)}</p>"
    )


def _changes(exercise: Scenario, base: Scenario) -> str:
    """Each change in plain words with its reason (notes cited), the change as written in the
    file folded away for the teacher (issue 10, defect 11: no code names in front of a class)."""
    rows = []
    for change in exercise.exercise.changes:
        if change.path is not None:
            what = (
                f"set <code>{html.escape(change.path)}</code> to {html.escape(_value(change.set))}"
            )
        elif change.remove_event is not None:
            what = f"remove the event <code>{html.escape(change.remove_event)}</code>"
        else:
            event = change.add_event
            what = f"add the event <code>{html.escape(event.id)}</code> on {event.date}"
        rows.append(
            f"<li>{html.escape(change_words(change, base))}<br>"
            f'<span class="source">Why: {html.escape(cite(change.source))}</span>'
            f'<details class="source"><summary>In the file</summary>{what}</details></li>'
        )
    return f"<h2>What changed, and why</h2><ul>{''.join(rows)}</ul>"


MEASURES = {
    "median_date": "the date by which half the runs agreed",
    "agreement_share": "the share of runs that agreed at all",
    "modal": "the most frequent outcome",
}


def _expectations(exercise: Scenario, base: dict, changed: dict) -> str:
    """What the exercise says the change does, and whether these runs show it."""
    rows = []
    for expectation in exercise.exercise.expect:
        issue = exercise.issues[expectation.issue]
        name = expectation.measure
        if name.startswith("share:"):
            what = f"the share of \u201c{issue.label_of(name.removeprefix('share:'))}\u201d"
        elif name.startswith("agreed_by:"):
            what = f"the share of runs agreed by {name.removeprefix('agreed_by:')}"
        else:
            what = MEASURES[name]
        before, after = (
            _measured(measure(s["issues"][expectation.issue], name), issue) for s in (base, changed)
        )
        verdict = "yes" if holds(expectation, base, changed) else "no"
        rows.append(
            f"<li>{html.escape(issue.label)}: {html.escape(what)} is expected to be "
            f"<b>{expectation.direction}</b>; these runs: {html.escape(before)} \u2192 "
            f"{html.escape(after)} (<b>{verdict}</b>)</li>"
        )
    return f"<h2>What the exercise expects</h2><ul>{''.join(rows)}</ul>" if rows else ""


def _measured(value: float | str, issue) -> str:
    if isinstance(value, str):
        return issue.label_of(value)
    if math.isinf(value):
        return "not reached"
    if value > 1:  # a day number
        return dt.date.fromordinal(int(value)).isoformat()
    return f"{value:.1%}"


def _value(value: object) -> str:
    if isinstance(value, dict):
        shown = value.get("value", value)
        return (
            f"{shown} (range {value['range'][0]} to {value['range'][1]})"
            if value.get("range")
            else str(shown)
        )
    return str(value)


def _issue_section(base: Scenario, issue_id: str, stats: dict, labelled: list) -> str:
    issue = base.issues[issue_id]
    figures = [plot_outcome_shares(labelled, issue_id), plot_survival(labelled, issue_id)]
    if history_runs(labelled, issue_id):  # a campaign keeps its last stage's history only
        figures.append(demand_figure(labelled, issue_id))
        figures += [
            plot_blockers_over_time([run], issue_id) for run in history_runs(labelled, issue_id)
        ]
    images = "".join(_image(f) for f in figures)
    waited = "".join(_waited(r.label, r.scenario, r.table, issue_id) for r in labelled)
    table = _results_table(issue, stats)
    return f"<h2>{html.escape(issue.label)}</h2>{table}{waited}{images}"


def _results_table(issue, stats: dict) -> str:
    """Each outcome's share per run with its interval (what happened marked), then when half
    the runs agreed, how far the change moved that date, and the share agreed by history's."""
    runs = stats["runs"]
    happened = (stats["historical"] or {}).get("outcome")
    rows = []
    for option in [*(o.id for o in issue.options), NO_AGREEMENT]:
        label = issue.label_of(option) + (" \u2190 what happened" if option == happened else "")
        cells = [_number(_share(r["shares"][option])) for r in runs]
        rows.append(Row([label, *cells], {"class": "happened" if option == happened else None}))
    rows.append(
        ["Half of the runs agreed by", *(_number(r["median_date"] or "not reached") for r in runs)]
    )
    rows.append(["Change of that date", "", _number(_shift(runs[1]["median_shift_days"]))])
    if stats["historical"]:
        by = [_number(_share(r["agreed_by_historical_date"])) for r in runs]
        rows.append([f"Agreed by the real date ({stats['historical']['date']})", *by])
    return table(["Outcome", *(r["name"] for r in runs)], rows)


def _number(content: str) -> Cell:
    """A right-aligned cell; its content is markup (`_share` and `_shift` add their intervals)."""
    return Cell(Markup(content), {"class": "num"})


def _waited(name: str, scenario: Scenario, table, issue_id: str) -> str:
    """Who the deal waited for at the end of the longest deadlock, in words."""
    sentence = deadlock_sentence(scenario, table, issue_id)
    return f"<p><b>{html.escape(name)}</b>: {html.escape(sentence)}.</p>" if sentence else ""


def _share(interval: dict | None) -> str:
    if not interval or math.isnan(interval["estimate"]):
        return ""
    value, low, high = interval["estimate"], interval["low"], interval["high"]
    return f'{value:.1%} <span class="source">({low:.1%} to {high:.1%})</span>'


def _shift(interval: dict | None) -> str:
    if not interval or math.isnan(interval["estimate"]):
        return "neither run reached half"
    value = interval["estimate"]
    if math.isinf(value):
        return "half never agreed" if value > 0 else "earlier: the base never reached half"
    low, high = interval["low"], interval["high"]
    bounds = ""
    if math.isfinite(low) and math.isfinite(high):
        bounds = f' <span class="source">(95 %: {low:+.0f} to {high:+.0f})</span>'
    return f"{value:+.0f} days{bounds}"


def _whole_war(base: Scenario, labelled: list) -> str:
    """When the war ended (the armistice needs every issue), and every issue on one time axis."""
    label = base.agreement.label
    name = html.escape(label[:1].lower() + label[1:])
    return (
        f"<h2>Until {name}</h2><p>Each issue waited for the ones before it, and {name} "
        "needed every issue settled. First the share of runs still fighting, then when each "
        "issue was settled, on one time axis.</p>"
        + _image(plot_still_fighting(labelled), f"Still fighting until {base.agreement.label}")
        + _image(plot_timeline(labelled), "When each issue was settled, on one time axis")
    )


def _image(figure: Figure, alt: str | None = None) -> str:
    """The figure as an embedded PNG, its titles fitted, with an alt text saying what it shows
    (by default its titles, axes and legend: `analysis.charts.style.describe`)."""
    fit_titles(figure)
    alt = alt or describe(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{encoded}">'


def _what_happened(base: Scenario) -> str:
    items = []
    for issue_id, record in base.historical.items():
        issue = base.issues[issue_id]
        label = next(o.label for o in issue.options if o.id == record.outcome)
        items.append(
            f"<li><b>{html.escape(issue.label)}:</b> {html.escape(label)}, "
            f"{record.date:%d %B %Y}. {html.escape(record.note)}</li>"
        )
    return f"<h2>What actually happened</h2><ul>{''.join(items)}</ul>"
