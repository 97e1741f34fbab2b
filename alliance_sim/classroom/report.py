"""The exercise report: one self-contained HTML page for a class.

The question, what changed and why (with sources), the results against the
base with intervals, the figures embedded as images, and what actually
happened. Everything the page needs is inside it, so it can be mailed,
projected or opened offline.
"""

from __future__ import annotations

import html
import math

from alliance_sim.classroom.article import ARTICLE
from alliance_sim.classroom.html_table import Cell, Markup, Row, table
from alliance_sim.classroom.plain_words import cite, day
from alliance_sim.classroom.questions import verdict
from alliance_sim.classroom.report_figures import issue_pair, screen_extras, war_pair
from alliance_sim.classroom.report_posterior import PosteriorRuns, posterior_runs, posterior_section
from alliance_sim.classroom.result_rows import shown_issues
from alliance_sim.classroom.what_changed import change_words
from alliance_sim.i18n import _, html_lang, ngettext
from alliance_sim.i18n.formats import format_date, format_number, format_percent
from alliance_sim.i18n.page_fonts import FAMILIES, font_faces
from alliance_sim.i18n.scenario_texts import in_language
from analysis.blockers import deadlock_sentence
from analysis.compare import compare
from analysis.summary import summarize
from sim import __version__
from sim.engine.results import NO_AGREEMENT, Results
from sim.engine.runner import run
from sim.experiments.calibration.folder import Posterior
from sim.scenario.structure import Scenario

STYLE = (
    f"body {{ font-family: {FAMILIES}, sans-serif; }}"
    + """
@page { size: A4; margin: 12mm 13mm; }
body { font-size: 20px; line-height: 1.5; margin: 2em auto;
       max-width: 70em; color: #111; padding: 0 1em; }
h1 { font-size: 1.8em; } h2 { border-bottom: 2px solid #0072B2; margin-top: 2em; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
.question { font-size: 1.35em; font-weight: 600; background: #eef5fb; padding: .8em 1em; }
table { border-collapse: collapse; margin: 1em 0; } td, th { padding: .35em .8em; }
thead { display: table-header-group; } tr, img, .pair, li { break-inside: avoid; }
th { text-align: left; border-bottom: 2px solid #333; } td { border-bottom: 1px solid #ccc; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.happened { font-weight: 700; } .source { color: #444; font-size: .85em; }
img { max-width: 100%; height: auto; margin: 1em 0; } footer { color: #555; font-size: .8em; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.5em; align-items: start; }
@media screen and (max-width: 700px) { .pair { display: block; } }
@media print {
  body { font-size: 9.5pt; line-height: 1.3; margin: 0; max-width: none; padding: 0; }
  h1 { font-size: 15pt; margin: 0 0 .3em; } h2 { font-size: 12pt; margin: 1em 0 .3em; }
  .question { font-size: 11pt; padding: .4em .8em; } p, ul { margin: .3em 0; }
  td, th { padding: .15em .6em; } table { margin: .4em 0; } img { margin: .2em 0; }
  .screen-only, details { display: none; }
}
"""
)


def exercise_report(
    exercise: Scenario, base: Scenario, replicates: int, seed: int, explanation: bool = True,
    posterior: Posterior | None = None,
) -> str:  # fmt: skip
    """Run base and counterfactual with the same seed and replicates; return the HTML page
    (`explanation=False`: without the exercise's explanation, for a class still predicting;
    `posterior`: both run under it too, a section comparing them, :mod:`.report_posterior`)."""
    if exercise.exercise is None:
        raise ValueError(f"`{exercise.id}` is not a counterfactual exercise (it has no `extends`)")
    under = posterior and posterior_runs(exercise, base, posterior, replicates, seed)
    labelled = [
        run(base, replicates, seed, label=_("Historical scenario")),
        run(exercise, replicates, seed, label=in_language(exercise).title),
    ]
    return report_of_runs(exercise, base, labelled, explanation, under)


def report_of_runs(
    exercise: Scenario, base: Scenario, labelled: list[Results], explanation: bool = True,
    under: PosteriorRuns | None = None,
) -> str:  # fmt: skip
    """The HTML page of runs already made: base first, then the exercise, with the same seed
    and replicates (the web app's download uses the run on the page, never a new one).

    The results come first and the answer after them: the question and the changes, the
    results (with charts for the questions the exercise is about, a table for the others),
    then what the exercise expected and whether the runs bore it out, the explanation (left
    out with `explanation=False`) and what happened."""
    replicates, seed = labelled[0].replicates, labelled[0].seed
    exercise, base = in_language(exercise), in_language(base)  # their texts, in the reader's
    stats = compare(labelled[0], labelled[1:])
    summaries = [summarize(r.scenario, r.table, replicates, seed) for r in labelled]
    parts = [_header(exercise), _changes(exercise, base)]
    if base.agreement is not None:
        parts.append(_whole_war(base, labelled))
    about = shown_issues(exercise)
    for issue_id in sorted(base.issues, key=lambda i: i not in about):  # its questions first
        charted = issue_id in about
        parts.append(_issue_section(base, issue_id, stats["issues"][issue_id], labelled, charted))
    parts.append(_expectations(exercise, *summaries))
    if under is not None:  # the same runs under a posterior too
        parts.append(posterior_section(exercise, tuple(summaries), under))
    if explanation:
        parts.append(_explanation(exercise))
    parts.append(_what_happened(base))
    parts.append(_footer(replicates, seed))
    title = html.escape(exercise.title)
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang()}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{font_faces(title + body)}\n{STYLE}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


def _footer(replicates: int, seed: int) -> str:
    said = ngettext(
        "{count} replicate per run, seed {seed}, the same seed stream for both runs; "
        "alliance-sim {version}. Preferences drawn from {article}.",
        "{count} replicates per run, seed {seed}, the same seed stream for both runs; "
        "alliance-sim {version}. Preferences drawn from {article}.",
        replicates,
    ).format(
        count=format_number(replicates),
        seed=seed,
        version=html.escape(__version__),
        article=html.escape(ARTICLE),
    )
    return f"<footer><p>{said}</p></footer>"


def _header(exercise: Scenario) -> str:
    spec = exercise.exercise
    return (
        f"<h1>{html.escape(exercise.title)}</h1>"
        f'<p class="question">{html.escape(spec.question)}</p>'
    )


def _explanation(exercise: Scenario) -> str:
    """The exercise's answer, after the results (projected, it must not spoil the prediction)."""
    heading = html.escape(_("Why, in the model"))
    return f"<h2>{heading}</h2><p>{html.escape(exercise.exercise.explanation)}</p>"


def _changes(exercise: Scenario, base: Scenario) -> str:
    """Each change in plain words with its reason (notes cited), the change as written in the
    file folded away for the teacher (issue 10, defect 11: no code names in front of a class)."""
    rows = []
    for change in exercise.exercise.changes:
        if change.path is not None:
            what = _("set {path} to {value}").format(
                path=_code(change.path), value=html.escape(_value(change.set))
            )
        elif change.remove_event is not None:
            what = _("remove the event {event}").format(event=_code(change.remove_event))
        else:
            event = change.add_event
            what = _("add the event {event} on {date}").format(
                event=_code(event.id), date=html.escape(format_date(event.date))
            )
        why = _("Why: {reason}").format(reason=html.escape(cite(change.source)))
        in_file = html.escape(_("In the file"))
        rows.append(
            f"<li>{html.escape(change_words(change, base))}<br>"
            f'<span class="source">{why}</span>'
            f'<details class="source"><summary>{in_file}</summary>{what}</details></li>'
        )
    heading = html.escape(_("What changed, and why"))
    return f"<h2>{heading}</h2><ul>{''.join(rows)}</ul>"


def _code(name: str) -> str:
    return f"<code>{html.escape(name)}</code>"


def _expectations(exercise: Scenario, base: dict, changed: dict) -> str:
    """What the exercise says the change does, and whether these runs show it."""
    rows = [
        f"<li>{html.escape(verdict(exercise, expectation, base, changed))}</li>"
        for expectation in exercise.exercise.expect
    ]
    heading = html.escape(_("What the exercise expects"))
    return f"<h2>{heading}</h2><ul>{''.join(rows)}</ul>" if rows else ""


def _value(value: object) -> str:
    if isinstance(value, dict):
        shown = value.get("value", value)
        if not value.get("range"):
            return str(shown)
        low, high = value["range"]
        return _("{value} (range {low} to {high})").format(value=shown, low=low, high=high)
    return str(value)


def _issue_section(
    base: Scenario, issue_id: str, stats: dict, labelled: list, charted: bool
) -> str:
    """A question's results table and who the deal waited for; for a question the exercise is
    about, its two charts too (every question's further charts are for the screen only)."""
    issue = base.issues[issue_id]
    charts = issue_pair(labelled, issue_id, issue.label) if charted else ""
    extras = screen_extras(labelled, issue_id, issue.label)
    waited = "".join(_waited(r.label, r.scenario, r.table, issue_id) for r in labelled)
    table = _results_table(issue, stats)
    return f"<h2>{html.escape(issue.label)}</h2>{table}{waited}{charts}{extras}"


def _results_table(issue, stats: dict) -> str:
    """Each outcome's share per run with its interval (what happened marked), then when half
    the runs agreed, how far the change moved that date, and the share agreed by history's."""
    runs = stats["runs"]
    happened = (stats["historical"] or {}).get("outcome")
    rows = []
    for option in [*(o.id for o in issue.options), NO_AGREEMENT]:
        label = issue.label_of(option) + (_(" \u2190 what happened") if option == happened else "")
        cells = [_number(_share(r["shares"][option])) for r in runs]
        rows.append(Row([label, *cells], {"class": "happened" if option == happened else None}))
    unreached = html.escape(_("not reached"))
    rows.append(
        [
            _("Half of the runs agreed by"),
            *(_number(html.escape(day(r["median_date"])) if r["median_date"] else unreached)
              for r in runs),
        ]
    )  # fmt: skip
    rows.append([_("Change of that date"), "", _number(_shift(runs[1]["median_shift_days"]))])
    if stats["historical"]:
        by = [_number(_share(r["agreed_by_historical_date"])) for r in runs]
        real = _("Agreed by the real date ({date})").format(date=day(stats["historical"]["date"]))
        rows.append([real, *by])
    columns = (_("Historical scenario"), _("With the change"))  # short: a header fits a line
    return table([_("Outcome"), *columns[: len(runs)]], rows)


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
    value, low, high = (format_percent(interval[k], 1) for k in ("estimate", "low", "high"))
    between = _("({low} to {high})").format(low=low, high=high)
    return f'{html.escape(value)} <span class="source">{html.escape(between)}</span>'


def _shift(interval: dict | None) -> str:
    if not interval or math.isnan(interval["estimate"]):
        return html.escape(_("neither run reached half"))
    value = interval["estimate"]
    if math.isinf(value):
        never = _("half never agreed") if value > 0 else _("earlier: the base never reached half")
        return html.escape(never)
    low, high = interval["low"], interval["high"]
    bounds = ""
    if math.isfinite(low) and math.isfinite(high):
        said = _("(95 %: {low} to {high})").format(low=f"{low:+.0f}", high=f"{high:+.0f}")
        bounds = f' <span class="source">{html.escape(said)}</span>'
    days = round(value)
    shift = ngettext("{days} day", "{days} days", abs(days)).format(days=f"{days:+d}")
    return f"{html.escape(shift)}{bounds}"


def _whole_war(base: Scenario, labelled: list) -> str:
    """When the war ended (the armistice needs every issue), and every issue on one time axis."""
    label = base.agreement.label
    name = html.escape(label[:1].lower() + label[1:])
    heading = _("Until {agreement}").format(agreement=name)
    said = _(
        "Each issue waited for the ones before it, and {agreement} needed every issue settled. "
        "First the share of runs still fighting, then when each issue was settled, on one time "
        "axis."
    ).format(agreement=name)
    return f"<h2>{heading}</h2><p>{said}</p>" + war_pair(labelled, label[:1].lower() + label[1:])


def _what_happened(base: Scenario) -> str:
    items = []
    for issue_id, record in base.historical.items():
        issue = base.issues[issue_id]
        label = next(o.label for o in issue.options if o.id == record.outcome)
        items.append(
            f"<li><b>{html.escape(issue.label)}:</b> {html.escape(label)}, "
            f"{html.escape(format_date(record.date))}. {html.escape(record.note)}</li>"
        )
    heading = html.escape(_("What actually happened"))
    return f"<h2>{heading}</h2><ul>{''.join(items)}</ul>"
