"""The exercise report's figures, sized for the page they print on: the charts a class reads
(each question's outcomes and when it was settled, the war's course) drawn half an A4 page
wide, two to a row; the teacher's extra charts (demands, who kept the deal closed) at full
size, for the screen only (`screen-only`: the projector shows them, the printout leaves them
out, so that the report prints on at most four A4 pages).
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable

from matplotlib.figure import Figure

from alliance_sim.i18n import _
from analysis.charts.blockers_chart import plot_blockers_over_time
from analysis.charts.figures import demand_figure
from analysis.charts.outcome_chart import outcome_share_data, plot_outcome_shares
from analysis.charts.run_data import history_runs
from analysis.charts.style import fit_texts
from analysis.charts.survival_chart import plot_still_fighting, plot_survival
from analysis.charts.timeline import plot_timeline

HALF = 7.0
"""Inches wide of a chart printed in half the A4 text width (about 9 cm): its 15-point
type prints at about 7 points."""
FULL = 11.0
"""Inches wide of a chart printed across the A4 text width (the campaign's timeline)."""


def _drawn(width: float, height: float, draw: Callable) -> Figure:
    figure = Figure(figsize=(width, height), layout="constrained")
    ax = figure.add_subplot()
    draw(ax)
    fit_texts(ax, int(width * 4.5))
    return figure


def _half(height: float, draw: Callable) -> Figure:
    return _drawn(HALF, height, draw)


def image(figure: Figure, alt: str, classes: str = "") -> str:
    """The figure as an embedded PNG (the page needs nothing but itself)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    shown = f' class="{classes}"' if classes else ""
    return f'<img{shown} alt="{html.escape(alt)}" src="data:image/png;base64,{encoded}">'


def pair(*images: str) -> str:
    """Two images side by side (one below the other on a narrow screen)."""
    return f'<div class="pair">{"".join(images)}</div>'


def issue_pair(labelled: list, issue_id: str, label: str) -> str:
    """The outcomes' shares and the not-yet-settled curve of one question, side by side."""
    shares = outcome_share_data(labelled, issue_id)
    bars = len(shares["options"]) * max(1.0, len(shares["runs"]) / 2)
    outcomes = _half(1.9 + 0.75 * bars, lambda ax: plot_outcome_shares(labelled, issue_id, ax=ax))
    survival = _half(4.4, lambda ax: plot_survival(labelled, issue_id, ax=ax))
    return pair(
        image(outcomes, _("{question}: share of runs ending in each outcome").format(
            question=label)),
        image(survival, _("{question}: share of runs not yet settled, by date").format(
            question=label)),
    )  # fmt: skip


def war_pair(labelled: list, agreement: str) -> str:
    """The share of runs still fighting, and when each question was settled, side by side."""
    rows = len(labelled[0].scenario.issues)
    fighting = _half(4.4, lambda ax: plot_still_fighting(labelled, ax=ax))
    if rows > 3:  # a campaign's many questions: the timeline across the page, below
        timeline = _drawn(FULL, 1.8 + 0.6 * rows * max(1.0, 0.75 * len(labelled)),
                          lambda ax: plot_timeline(labelled, ax=ax))  # fmt: skip
    else:
        timeline = _half(2.2 + 0.8 * rows * max(1.0, 0.75 * len(labelled)),
                         lambda ax: plot_timeline(labelled, ax=ax))  # fmt: skip
    alt = _("Share of runs still fighting until {agreement}").format(agreement=agreement)
    when = image(timeline, _("When each question was settled, on one time axis"))
    return pair(image(fighting, alt), when) if rows <= 3 else pair(image(fighting, alt)) + when


def screen_extras(labelled: list, issue_id: str, label: str) -> str:
    """The teacher's charts of one question, for the screen: each side's demands over time and
    who kept the deal closed in each run (a campaign keeps its last stage's history only)."""
    runs = history_runs(labelled, issue_id)
    if not runs:
        return ""
    figures = [(demand_figure(labelled, issue_id), _("{question}: each side's demand over time"))]
    figures += [
        (plot_blockers_over_time([run], issue_id),
         _("{question}: who kept the deal closed ({run})").format(question=label, run=run.label))
        for run in runs
    ]  # fmt: skip
    shown = "".join(image(f, alt.format(question=label)) for f, alt in figures)
    return f'<div class="screen-only">{shown}</div>'
