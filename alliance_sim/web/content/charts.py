"""Charts for the page: the figures of `analysis.charts` as PNG, with their numbers as text.

The numbers behind each chart are rendered beside it (and in the image's alt
text) so that a screen reader, a student at the back and a browser test all
read the same shares the chart draws.
"""

from __future__ import annotations

import base64
import io
import threading
from collections import OrderedDict

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from alliance_sim.classroom.html_table import Cell, table
from alliance_sim.web.content import words
from analysis.charts.blockers_chart import (
    OPEN,
    SETTLED,
    blockers_over_time_data,
    plot_blockers_over_time,
)
from analysis.charts.outcome_chart import outcome_share_data, plot_outcome_shares
from analysis.charts.run_data import history_runs
from analysis.charts.style import fit_texts, fit_titles
from analysis.charts.survival_chart import plot_survival, survival_data
from analysis.summary import agreement_dates, date_quantiles
from sim.engine.results import Table
from sim.scenario.structure import Scenario

PALETTE_COLOURS = 64
"""Colours of a page chart's PNG. The charts are flat colours and text: a palette of 64 keeps
them sharp at a third of the bytes (every student's browser receives every chart)."""


def png_data_uri(figure: Figure, dpi: int = 96) -> str:
    fit_titles(figure)  # no title clipped at this size
    figure.set_dpi(dpi)
    canvas = FigureCanvasAgg(figure)  # drawn to pixels once, encoded once (as the palette PNG)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE).save(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def share_table_html(data: dict, issue_id: str) -> str:
    """The plotted shares as an HTML table; each cell carries data-run and data-option."""
    head = [words.OUTCOME, *(Cell(run, {"scope": "col"}) for run in data["runs"])]
    rows = []
    for index, (label, option) in enumerate(zip(data["options"], data["option_ids"], strict=True)):
        happened = words.WHAT_HAPPENED if index == data["historical_index"] else ""
        cells = [
            Cell(f"{data['percent'][run][index]:.1f}",
                 {"class": "num", "data-run": run, "data-option": option})
            for run in data["runs"]
        ]  # fmt: skip
        rows.append([Cell(label + happened, {"scope": "row"}, header=True), *cells])
    attributes = {"class": "shares", "data-issue": issue_id}
    return table(head, rows, attributes=attributes, caption=words.SHARES_CAPTION)


def share_alt(data: dict) -> str:
    parts = []
    for run in data["runs"]:
        shares = ", ".join(
            f"{label} {p:.1f} %"
            for label, p in zip(data["options"], data["percent"][run], strict=True)
        )
        parts.append(f"{run}: {shares}")
    history = f" {data['historical_label']}." if data["historical_label"] else ""
    return f"{data['title']}. " + "; ".join(parts) + "." + history


def survival_alt(data: dict) -> str:
    """Where each curve crosses half: the date by which half the runs had agreed."""
    parts = []
    for run in data["runs"]:
        curve = data["curves"][run]
        below = np.flatnonzero(curve["percent"] <= 50)
        half = str(curve["dates"][below[0]]) if below.size else words.NEVER
        parts.append(words.HALF_AGREED.format(run=run, date=half))
    history = f" {data['historical_label']}." if data["historical_label"] else ""
    return f"{data['title']}. " + "; ".join(parts) + "." + history


def issue_charts(runs: list, issue_id: str) -> dict:
    """Both charts of one issue as data URIs with alt texts and the share table."""
    shares = outcome_share_data(runs, issue_id)
    survival = survival_data(runs, issue_id)
    return {
        "issue": issue_id,
        "shares_png": png_data_uri(plot_outcome_shares(runs, issue_id)),
        "shares_alt": share_alt(shares),
        "shares_table": share_table_html(shares, issue_id),
        "survival_png": png_data_uri(plot_survival(runs, issue_id)),
        "survival_alt": survival_alt(survival),
    }


def blockers_charts(runs: list, issue_id: str) -> list[dict]:
    """The blockers-over-time chart of one issue for each run whose history covers it (a
    campaign keeps its last stage's only), with its alt text: who kept the deal closed."""
    charts = []
    for run in history_runs(runs, issue_id):
        data = blockers_over_time_data([run], issue_id)
        figure = plot_blockers_over_time([run], issue_id)
        charts.append({"issue": issue_id, "run": run.label, "png": png_data_uri(figure, dpi=72),
                       "alt": blockers_alt(data)})  # fmt: skip
    return charts


def blockers_alt(data: dict) -> str:
    """What the chart shows, in words: per side, the reason that most often kept the deal
    closed before it was settled, as a share of the sampled runs' steps."""
    parts = []
    for panel in data["panels"].values():
        states, shares = panel["states"], panel["shares"].sum(axis=1)
        open_steps = shares.sum() - shares[states.index(SETTLED)]
        reasons = [s for s in states if s not in (SETTLED, OPEN)]
        if open_steps <= 0 or not reasons:
            continue
        top = max(reasons, key=lambda s: shares[states.index(s)])
        reason = top.removeprefix(f"{panel['label']}: ")
        share = shares[states.index(top)] / open_steps
        parts.append(words.BLOCKED_MOST.format(side=panel["label"], reason=reason, share=share))
    title = data["title"].replace("\n", ": ")
    runs = data["run"]
    if data["sample"] > 1:
        runs = words.BLOCKERS_SAMPLE.format(run=runs, sample=data["sample"])
    return f"{title} ({runs}). " + " ".join(parts)


SIZES = {"projector": (7.5, 110), "phone": (6.0, 150)}
"""Inches wide and dots per inch of the redrawn charts. Projector: a little over half the
page's chart width (`analysis.charts.style.WIDE`), so that with the same fonts the text of two charts
side by side reads larger than one full-width chart's. Phone: narrow enough that the text
stays readable scaled to a 390-pixel screen, sharp on its dense pixels."""
_REDRAWN: OrderedDict[tuple[int, str], tuple[object, list[dict]]] = OrderedDict()
_REDRAWN_LOCK = threading.Lock()
KEEP_REDRAWN = 12


def resized_issue_charts(runs: list, issue_id: str, kind: str) -> dict:
    """Both charts of one issue redrawn at the size of `kind` (see `SIZES`): the same data,
    so the alt texts and the table of `issue_charts` still describe them."""
    width, dpi = SIZES[kind]
    shares = outcome_share_data(runs, issue_id)
    bars = len(shares["options"]) * max(1, len(shares["runs"]) / 2)
    figures = {
        "shares_png": (plot_outcome_shares, (width, 2.4 + 1.1 * bars)),
        "survival_png": (plot_survival, (width, 0.8 * width)),
    }
    drawn = {}
    for key, (plot, size) in figures.items():
        figure = Figure(figsize=size, layout="constrained")
        ax = figure.add_subplot()
        plot(runs, issue_id, ax=ax)
        fit_texts(ax, int(width * 4.5))
        drawn[key] = png_data_uri(figure, dpi=dpi)
    return drawn


def redrawn_charts(result, kind: str) -> list[dict]:
    """Every chart of a run comparison (`comparison.Comparison`) redrawn for `kind`, once per
    result and kind for the whole server (the run pool shares one result among sessions)."""
    key = (id(result), kind)
    with _REDRAWN_LOCK:
        kept = _REDRAWN.get(key)
        if kept is not None and kept[0] is result:
            _REDRAWN.move_to_end(key)
            return kept[1]
    drawn = [resized_issue_charts(result.runs, chart["issue"], kind) for chart in result.charts]
    with _REDRAWN_LOCK:
        _REDRAWN[key] = (result, drawn)  # the result is kept with them: its id stays its own
        while len(_REDRAWN) > KEEP_REDRAWN:
            _REDRAWN.popitem(last=False)
    return drawn


def agreement_table_html(scenario: Scenario, runs: list[tuple[str, Table]]) -> str:
    """The agreement that settles every question at once (the armistice of the talks), per
    run: the share of runs that reach it and the date by which half had; what happened."""
    agreement = scenario.agreement
    rows = []
    for label, results in runs:
        dates = agreement_dates(scenario, results)
        share = 100 * float((~np.isnat(dates)).mean())
        half = date_quantiles(dates)["p50"] or words.NOT_REACHED
        rows.append(
            [
                Cell(label, {"scope": "row"}, header=True),
                Cell(f"{share:.1f}", {"class": "num", "data-run": label}),
                Cell(half, {"data-run": label}),
            ]
        )
    happened = agreement.historical_date
    caption = words.AGREEMENT_CAPTION.format(label=agreement.label) + (
        words.AGREEMENT_HAPPENED.format(date=happened) if happened else ""
    )
    attributes = {"class": "shares agreement"}
    return table(words.AGREEMENT_COLUMNS, rows, attributes=attributes, caption=caption)
