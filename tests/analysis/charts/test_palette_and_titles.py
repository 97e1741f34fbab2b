"""One colour per category in every chart, patterns and labels beside colour, and titles that
fit at every size a chart is drawn at (issue 21 items 7 and 8)."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from analysis.charts import palette  # noqa: E402
from analysis.charts.blockers_chart import blockers_over_time_data, plot_blockers_over_time  # noqa: E402
from analysis.charts.style import describe, fit_titles  # noqa: E402
from sim.engine.runner import run  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402

CHARTS = Path(__file__).resolve().parents[3] / "analysis" / "charts"
LONG = "What if Stalin had not died in March 1953 and had kept the war going for years?"


@pytest.fixture(scope="module")
def runs():
    base = run(load_scenario("pow_repatriation"), 150, 1950, label="Historical scenario")
    other = run(load_scenario("pow_stalin_lives"), 150, 1950, label=LONG)
    return [base, other]


def _looks(data: dict) -> dict[str, set[tuple[str, str]]]:
    """Each state's colour and pattern over every panel of a blockers chart, by the capital's
    name in it ("Moscow (Stalin) preferred fighting on" without the side)."""
    found: dict[str, set] = {}
    for panel in data["panels"].values():
        for state, colour, hatch in zip(panel["states"], panel["colours"], panel["hatches"],
                                        strict=True):  # fmt: skip
            key = state.removeprefix(f"{panel['label']}: ")
            found.setdefault(key, set()).add((colour, hatch))
    return found


def test_a_capital_keeps_its_colour_in_every_panel_and_run_and_a_reason_its_pattern(runs):
    """Colours used to go by how often a reason came up in a panel: Beijing was orange in one
    run and pink in another, Washington orange like Beijing, and the first reason took the
    base run's blue."""
    looks = [_looks(blockers_over_time_data([r], "pow_repatriation")) for r in runs]
    for state in set(looks[0]) & set(looks[1]):
        assert looks[0][state] == looks[1][state], state
    merged = {state: found for each in looks for state, found in each.items()}
    assert all(len(found) == 1 for found in merged.values()), merged
    colour = {state: next(iter(found))[0] for state, found in merged.items()}
    assert colour["Beijing (Mao) preferred fighting on"] == palette.CAPITALS["beijing"]
    assert colour["Washington preferred fighting on"] == palette.CAPITALS["washington"]
    assert colour["Beijing (Mao) vetoed the terms"] == palette.CAPITALS["beijing"]
    hatch = {state: next(iter(found))[1] for state, found in merged.items()}
    assert hatch["Beijing (Mao) vetoed the terms"] != hatch["Beijing (Mao) preferred fighting on"]
    assert not set(palette.CAPITALS.values()) & set(palette.RUNS)  # a capital is never a run


def test_the_drawn_bands_carry_their_colour_pattern_and_name(runs):
    data = blockers_over_time_data(runs[:1], "pow_repatriation")
    figure = plot_blockers_over_time(runs[:1], "pow_repatriation")
    bands = [a for a in figure.findobj() if str(a.get_gid()).startswith("state:")]
    drawn = {(a.get_gid().removeprefix("state:"), to_hex(a.get_facecolor()[0]).upper(), a.get_hatch() or "")
             for a in bands}  # fmt: skip
    expected = {(s, c.upper(), h) for p in data["panels"].values()
                for s, c, h in zip(p["states"], p["colours"], p["hatches"], strict=True)}  # fmt: skip
    assert drawn == expected
    names = [
        t.get_text().replace("\n", " ") for t in figure.findobj() if t.get_gid() == "direct-label"
    ]
    assert "Moscow (Stalin) preferred fighting on" in names  # written on its band


def test_chart_modules_take_every_colour_from_the_palette_module():
    """A colour literal other than a grey anywhere but `palette.py` would be a second palette."""
    found = {}
    for path in CHARTS.glob("*.py"):
        if path.name == "palette.py":
            continue
        for colour in re.findall(r"#[0-9A-Fa-f]{6}\b", path.read_text(encoding="utf-8")):
            red, green, blue = colour[1:3], colour[3:5], colour[5:7]
            if not red.lower() == green.lower() == blue.lower():
                found.setdefault(path.name, []).append(colour)
    assert found == {}


def _outside(figure: Figure) -> list[str]:
    """The texts drawn past the figure's edges (clipped in a PNG that is not cropped)."""
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    width, height = figure.bbox.width, figure.bbox.height
    texts = [t for t in figure.findobj(lambda a: hasattr(a, "get_text")) if t.get_visible()]
    ticks, shown = set(), set()  # a tick label outside the axis's range is not drawn
    for axis in (axis for ax in figure.axes for axis in (ax.xaxis, ax.yaxis)):
        ticks |= {id(t.label1) for t in axis.get_major_ticks() + axis.get_minor_ticks()}
        shown |= {id(t.label1) for t in axis._update_ticks()}
    outside = []
    for text in texts:
        if not text.get_text().strip() or text.get_gid() == "direct-label":
            continue
        if id(text) in ticks - shown:
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < -1 or box.x1 > width + 1 or box.y0 < -1 or box.y1 > height + 1:
            outside.append(text.get_text())
    return outside


def test_the_blockers_title_fits_with_a_long_exercise_name(runs):
    """Its title ran 90 pixels past both edges of the PNG with an exercise's name in it."""
    figure = plot_blockers_over_time(runs[1:], "pow_repatriation")
    assert LONG in figure._suptitle.get_text()
    fit_titles(figure)
    assert _outside(figure) == []
    tight = figure.get_tightbbox(FigureCanvasAgg(figure).get_renderer())
    assert tight.x0 >= -0.01 and tight.x1 <= figure.get_size_inches()[0] + 0.01


@pytest.mark.parametrize("kind", ["phone", "projector", "page"])
def test_no_text_of_the_pages_charts_is_clipped_at_any_layout(runs, kind, monkeypatch):
    """The charts exactly as the web page draws them (redrawn for a phone or the projector,
    or at the page's own size), with a long exercise name: nothing past an edge."""
    from alliance_sim.web.content import charts

    drawn, encode = [], charts.png_data_uri
    monkeypatch.setattr(charts, "png_data_uri", lambda f, dpi=96: drawn.append(f) or encode(f, dpi))
    if kind == "page":
        charts.issue_charts(runs, "pow_repatriation")
        charts.blockers_charts(runs, "pow_repatriation")
    else:
        charts.resized_issue_charts(runs, "pow_repatriation", kind)
    assert len(drawn) >= 2
    for figure in drawn:
        assert _outside(figure) == []


def test_a_figure_is_described_by_its_titles_axes_and_legend(runs):
    """The report's images were described as "chart 1", "chart 2"."""
    text = describe(plot_blockers_over_time(runs[:1], "pow_repatriation"))
    assert text.startswith("Who kept the deal closed Repatriation of prisoners of war")
    assert "Communist side (% of sampled runs)" in text
    assert "Communist side: Moscow (Stalin) preferred fighting on" in text


def test_a_run_has_one_colour_in_every_chart_and_a_pattern_on_bars(runs):
    """The base run is blue and the exercise orange in the shares, the survival curves and the
    blockers' neighbours alike; on bars a run is told by its pattern as well."""
    from analysis.charts.outcome_chart import plot_outcome_shares
    from analysis.charts.survival_chart import plot_survival

    bars = plot_outcome_shares(runs, "pow_repatriation").axes[0].containers
    assert [to_hex(c[0].get_facecolor()).upper() for c in bars] == palette.RUNS[:2]
    assert [c[0].get_hatch() or "" for c in bars] == ["", "//"]
    lines = [
        line
        for line in plot_survival(runs, "pow_repatriation").axes[0].get_lines()
        if line.get_label() in (runs[0].label, runs[1].label)
    ]
    assert [to_hex(line.get_color()).upper() for line in lines] == palette.RUNS[:2]


def test_a_single_game_is_not_labelled_as_a_share_of_sampled_runs():
    """Issue 21: the chart of one student's game said "% of sampled runs"."""
    game = run(load_scenario("pow_repatriation"), 1, 1950, label="Your game")
    figure = plot_blockers_over_time([game], "pow_repatriation")
    labels = [ax.get_ylabel() for ax in figure.axes]
    assert labels == ["Communist side", "UN side"]
    assert "sampled" not in figure._suptitle.get_text()
