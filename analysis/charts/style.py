"""The look every chart shares: fonts and sizes for a classroom projector (the colours are
`analysis.charts.palette`'s), titles that fit the figure, and the small drawing helpers (a
calendar date axis, the legend below, what happened marked on a date).

Charts are data + draw pairs, as in Axelrod's `axelrod/plot.py`: a pure `*_data` function
returns plain numbers, arrays and dicts a test can check, and a `plot_*(..., ax=None)`
returns the `Figure` it drew, drawing exactly those numbers and computing nothing itself.
Matplotlib is imported by `analysis.charts` and the front ends, never by `sim/`, `agents/` or
the statistics of `analysis`.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from contextlib import contextmanager

import matplotlib.dates as mdates
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.charts import palette

HISTORY_GID = "historical"
"""`gid` of every artist that marks what happened, so tests can find the marker."""

STYLE = {
    "font.size": 15,
    "axes.titlesize": 18,
    "axes.titleweight": "bold",
    "axes.labelsize": 16,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 14,
    "figure.titlesize": 21,
    "figure.titleweight": "bold",
    "lines.linewidth": 2.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "svg.fonttype": "path",
}
WIDE = (14, 7.5)  # inches: 16:9-ish, fills a projector


@contextmanager
def style():
    """Draw inside this to draw in the charts' fonts and sizes (`STYLE`), in type that has
    the current language's glyphs (`alliance_sim.i18n.fonts`)."""
    import matplotlib

    from alliance_sim.i18n.fonts import chart_families

    with matplotlib.rc_context({**STYLE, "font.family": chart_families()}):
        yield


def axes_or_new(ax: Axes | None, figsize: tuple[float, float] = WIDE) -> Axes:
    """`ax`, or the axes of a new figure of `figsize` inches when there is none."""
    if ax is not None:
        return ax
    return Figure(figsize=figsize, layout="constrained").add_subplot()


def wrap(text: str, width: int = 22) -> str:
    """`text` broken into lines of at most `width` characters (a label or a title)."""
    return "\n".join(textwrap.wrap(text, width)) or text


def nice_date(day: dt.date | np.datetime64) -> str:
    """A date as a class reads it: "27 Jul 1953" (CLDR's medium date in other languages)."""
    from alliance_sim.i18n.formats import format_date

    day = day.astype("datetime64[D]").item() if isinstance(day, np.datetime64) else day
    return format_date(day, "medium")


def date_axis(ax: Axes, minticks: int = 3, maxticks: int = 7) -> None:
    """Calendar dates on x: "Oct 1950", "15 Oct" (days), "Jul 1951" (months)."""
    from alliance_sim.i18n import _

    locator = mdates.AutoDateLocator(minticks=minticks, maxticks=maxticks)
    month, day = _("%b %Y"), _("%-d %b")  # strftime forms, numeric outside English
    formatter = mdates.ConciseDateFormatter(
        locator,
        formats=["%Y", month, day, "%H:%M", "%H:%M", "%S.%f"],
        zero_formats=["", "%Y", month, day, "%H:%M", "%H:%M"],
        show_offset=False,
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


def legend_below(ax: Axes) -> None:
    """The legend under the axes, one entry a line."""
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), frameon=False, ncols=1)


def mark_date(ax: Axes, date: np.datetime64, label: str) -> None:
    """What happened on `date`: a dashed vertical line and its label at the top."""
    ax.axvline(date, color=palette.HISTORY, linestyle="--", linewidth=2.2, gid=HISTORY_GID)
    ax.annotate(
        label, (date, 1.0), xycoords=("data", "axes fraction"), xytext=(6, -4),
        textcoords="offset points", ha="left", va="top", fontsize=14, fontweight="bold",
        gid=HISTORY_GID, bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85},
    )  # fmt: skip


def fit_texts(ax: Axes, characters: int) -> None:
    """Break the title, the legend's labels and a marker's note into lines of about
    `characters` (a note: half that), and keep at most 4 dates on a date axis, so that a
    narrow chart (a phone's, half an A4 page) keeps its text inside its frame and apart."""
    with style():  # the title is set again: in the charts' own font
        ax.set_title(textwrap.fill(ax.get_title(loc="left"), characters), loc="left")
    legend = ax.get_legend()
    for text in legend.get_texts() if legend else []:
        text.set_text(textwrap.fill(text.get_text(), characters))
    for text in ax.texts:
        text.set_text(textwrap.fill(text.get_text(), characters // 2))
    if isinstance(ax.xaxis.get_major_locator(), mdates.DateLocator):
        date_axis(ax, minticks=2, maxticks=4)


def _titles(fig: Figure) -> list:
    found = [fig._suptitle] if fig._suptitle is not None else []
    for ax in fig.axes:
        found += [ax.title, ax._left_title, ax._right_title]
    return [t for t in found if t.get_visible() and t.get_text().strip()]


def fit_titles(fig: Figure, margin: float = 8.0) -> Figure:
    """Break each title of `fig` (its own and its axes') that would run past the figure's
    edge into shorter lines, so that no title is clipped at any size the figure is drawn at
    (a long exercise name in a phone-sized chart); returns `fig`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for _attempt in range(4):  # each pass re-measures: a re-wrapped title may move
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw_without_rendering()  # the layout places the titles
        changed = False
        for text in _titles(fig):
            box = text.get_window_extent(renderer)
            if box.x0 >= 0 and box.x1 <= fig.bbox.width:
                continue
            align = text.get_horizontalalignment()
            room = {"left": fig.bbox.width - max(box.x0, 0), "right": min(box.x1, fig.bbox.width)}
            available = room.get(align, fig.bbox.width) - margin
            lines = text.get_text().split("\n")
            longest = max(len(line) for line in lines)
            width = max(8, int(longest * available / max(box.width, 1) * 0.95))
            text.set_text("\n".join(wrap(line, width) for line in lines))
            changed = True
        if not changed:
            break
    return fig


def describe(fig: Figure) -> str:
    """An alt text for a drawn figure, from what it shows: its title, and for each panel its
    title, the quantity on its y axis and the entries of its legend (a figure in a printed or
    saved report, where no table of its own numbers sits beside it)."""
    parts = []
    if fig._suptitle is not None and fig._suptitle.get_text().strip():
        parts.append(_one_line(fig._suptitle.get_text()))
    for ax in fig.axes:
        title = " ".join(
            _one_line(t.get_text()) for t in (ax._left_title, ax.title) if t.get_text()
        )
        ylabel = _one_line(ax.get_ylabel())
        legend = ax.get_legend()
        entries = [_one_line(t.get_text()) for t in legend.get_texts()] if legend else []
        panel = ", ".join(p for p in (title, ylabel) if p)
        if entries:
            panel += (": " if panel else "") + "; ".join(entries)
        if panel:
            parts.append(panel)
    return ". ".join(parts) + "."


def _one_line(text: str) -> str:
    return " ".join(text.split())
