"""Charts for the page: the figures of `analysis.plots` as PNG, with their numbers as text.

The numbers behind each chart are rendered beside it (and in the image's alt
text) so that a screen reader, a student at the back and a browser test all
read the same shares the chart draws.
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np
from matplotlib.figure import Figure

from alliance_sim.web import words
from analysis.plots import outcome_share_data, plot_outcome_shares, plot_survival, survival_data
from analysis.summary import agreement_dates, date_quantiles
from sim.results import Table
from sim.schema import Scenario


def png_data_uri(figure: Figure, dpi: int = 96) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def share_table_html(data: dict, issue_id: str) -> str:
    """The plotted shares as an HTML table; each cell carries data-run and data-option."""
    head = "".join(f"<th scope='col'>{html.escape(run)}</th>" for run in data["runs"])
    rows = []
    for index, (label, option) in enumerate(zip(data["options"], data["option_ids"], strict=True)):
        happened = words.WHAT_HAPPENED if index == data["historical_index"] else ""
        cells = "".join(
            f"<td class='num' data-run='{html.escape(run)}' data-option='{option}'>"
            f"{data['percent'][run][index]:.1f}</td>"
            for run in data["runs"]
        )
        rows.append(f"<tr><th scope='row'>{html.escape(label)}{happened}</th>{cells}</tr>")
    return (
        f"<table class='shares' data-issue='{issue_id}'><caption>{words.SHARES_CAPTION}"
        f"</caption><thead><tr><th>{words.OUTCOME}</th>{head}</tr></thead><tbody>{''.join(rows)}"
        "</tbody></table>"
    )


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


LARGE_WIDTH = 7.5
"""Inches: a little over half the page's chart width (`analysis.plots.WIDE`), so that with the
same fonts the text of two charts side by side on a projector reads about as large as one."""


def large_issue_charts(runs: list, issue_id: str) -> dict:
    """Both charts of one issue drawn narrower, so their text is large next to each other
    (projector layout); the same data, alt texts and table as `issue_charts`."""
    shares = outcome_share_data(runs, issue_id)
    bars = len(shares["options"]) * max(1, len(shares["runs"]) / 2)
    figures = {
        "shares_png": (plot_outcome_shares, (LARGE_WIDTH, 2.4 + 1.1 * bars)),
        "survival_png": (plot_survival, (LARGE_WIDTH, 6.0)),
    }
    drawn = {}
    for key, (plot, size) in figures.items():
        figure = Figure(figsize=size, layout="constrained")
        plot(runs, issue_id, ax=figure.add_subplot())
        drawn[key] = png_data_uri(figure, dpi=110)
    return drawn


def agreement_table_html(scenario: Scenario, runs: list[tuple[str, Table]]) -> str:
    """The agreement that settles every question at once (the armistice of the talks), per
    run: the share of runs that reach it and the date by which half had; what happened."""
    agreement = scenario.agreement
    rows = []
    for label, table in runs:
        dates = agreement_dates(scenario, table)
        share = 100 * float((~np.isnat(dates)).mean())
        half = date_quantiles(dates)["p50"] or words.NOT_REACHED
        run = html.escape(label)
        rows.append(
            f"<tr><th scope='row'>{run}</th><td class='num' data-run='{run}'>{share:.1f}</td>"
            f"<td data-run='{run}'>{half}</td></tr>"
        )
    happened = agreement.historical_date
    caption = words.AGREEMENT_CAPTION.format(label=html.escape(agreement.label)) + (
        words.AGREEMENT_HAPPENED.format(date=happened) if happened else ""
    )
    head = "".join(f"<th>{html.escape(column)}</th>" for column in words.AGREEMENT_COLUMNS)
    return (
        f"<table class='shares agreement'><caption>{caption}</caption><thead><tr>{head}"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
