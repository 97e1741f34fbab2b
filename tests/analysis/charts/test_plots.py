"""Figures tested through their data: plotted values equal the computed statistics."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from analysis.charts import figures  # noqa: E402
from analysis.charts.demand_chart import demand_fan_data, event_numbers, plot_demand_fan  # noqa: E402
from analysis.charts.figures import demand_figure, draw_all, save_figure, tension_figure  # noqa: E402
from analysis.charts.outcome_chart import outcome_share_data, plot_outcome_shares  # noqa: E402
from analysis.charts.style import HISTORY_GID  # noqa: E402
from analysis.charts.survival_chart import plot_still_fighting, plot_survival, survival_data  # noqa: E402
from analysis.charts.tension_chart import plot_tension, tension_data  # noqa: E402
from analysis.charts.timeline import plot_timeline, timeline_data  # noqa: E402
from analysis.summary import agreement_dates, shares  # noqa: E402
from sim.engine.runner import run  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402

REPLICATES, SEED = 300, 1950


def _labelled(label, scenario):
    return run(scenario, REPLICATES, SEED, label=label)


@pytest.fixture(scope="module")
def pow_runs():
    """The POW scenario and a counterfactual in which Stalin does not die (built in code)."""
    base = load_scenario("pow_repatriation")
    lives = base.model_copy(
        update={
            "id": "stalin_lives",
            "events": [e for e in base.events if e.id != "stalin_dies"],
        }
    )
    return [_labelled("History", base), _labelled("Stalin lives", lives)]


@pytest.fixture(scope="module")
def talks_runs():
    """The talks as one negotiation: three issues and the armistice (a table, no history)."""
    result = run(load_scenario("talks_1951_53"), 200, SEED, label="History")
    return [replace(result, history=[])]


@pytest.fixture(scope="module")
def air_runs():
    return [_labelled("History", load_scenario("air_cover"))]


def _date_number(value) -> float:
    return float(mdates.date2num(np.datetime64(value, "D")))


def _gid(artists, gid):
    return [a for a in artists if a.get_gid() == gid]


# --- outcome shares ------------------------------------------------------------------------


def test_outcome_shares_equal_summary_shares_and_mark_what_happened(pow_runs):
    data = outcome_share_data(pow_runs, "pow_repatriation")
    scenario = pow_runs[0].scenario
    ids = [o.id for o in scenario.issues["pow_repatriation"].options]
    for result in pow_runs:
        expected = shares(result.table["outcome"], ids)
        assert data["percent"][result.label] == pytest.approx([100 * v for v in expected.values()])
    assert data["options"] == [o.label for o in scenario.issues["pow_repatriation"].options] + [
        "No agreement"
    ]
    assert data["option_ids"][data["historical_index"]] == "voluntary_neutral_custody"
    assert data["historical_label"].startswith("What happened: Voluntary repatriation")


def test_plot_outcome_shares_draws_the_bars_and_the_marker(pow_runs):
    data = outcome_share_data(pow_runs, "pow_repatriation")
    ax = plot_outcome_shares(pow_runs, "pow_repatriation").axes[0]
    widths = {c.get_label(): [bar.get_width() for bar in c] for c in ax.containers}
    assert widths.keys() == data["percent"].keys()
    for label, percent in data["percent"].items():
        assert widths[label] == pytest.approx(percent)
    ticks = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert ticks == data["options"]
    (band,) = _gid(ax.patches, HISTORY_GID)
    centre = band.get_y() + band.get_height() / 2
    assert centre == pytest.approx(data["historical_index"])
    assert ax.get_yticklabels()[data["historical_index"]].get_fontweight() == "bold"


def test_air_cover_calls_no_agreement_china_stays_out(air_runs):
    assert outcome_share_data(air_runs, "soviet_air_cover")["options"][-1] == "China stays out"


# --- still-fighting curves -----------------------------------------------------------------


def test_survival_curve_is_the_share_not_agreed_by_each_date(pow_runs):
    data = survival_data(pow_runs, "pow_repatriation")
    for result in pow_runs:
        scenario, curve = result.scenario, data["curves"][result.label]
        agreed = result.table["agreement_date"]
        assert curve["percent"][0] == 100.0  # the day before the start
        assert curve["dates"][0] == np.datetime64(scenario.time.start, "D") - 1
        start = np.datetime64(scenario.time.start, "D")
        for day in start + np.arange(0, 900, 17):
            expected = 100 * np.mean(~(agreed <= day))
            at = np.searchsorted(curve["dates"], day, side="right") - 1  # step, value holds after
            assert curve["percent"][at] == pytest.approx(expected)
    assert data["historical_date"] == np.datetime64("1953-06-04")
    assert all(data["historical_date"] in c["dates"] for c in data["curves"].values())
    assert data["historical_label"] == "What happened: agreed 4 Jun 1953"
    assert data["title"] == "Repatriation of prisoners of war: share not yet settled"


def test_plot_survival_draws_the_curves_and_the_historical_date(pow_runs):
    data = survival_data(pow_runs, "pow_repatriation")
    ax = plot_survival(pow_runs, "pow_repatriation").axes[0]
    lines = {line.get_label(): line for line in ax.lines if line.get_gid() != HISTORY_GID}
    for label, curve in data["curves"].items():
        assert lines[label].get_drawstyle() == "steps-post"
        np.testing.assert_array_equal(lines[label].get_ydata(), curve["percent"])
        np.testing.assert_array_equal(lines[label].get_xdata(), curve["dates"])
    (marker,) = [line for line in _gid(ax.lines, HISTORY_GID)]
    assert _date_number(marker.get_xdata()[0]) == _date_number("1953-06-04")


def _at(curve, day):
    """The value of a step curve at the end of `day`."""
    return curve["percent"][np.searchsorted(curve["dates"], np.datetime64(day), side="right") - 1]


def test_still_fighting_lasts_until_the_armistice_not_until_the_line(talks_runs):
    scenario, table = talks_runs[0].scenario, talks_runs[0].table
    armistice = agreement_dates(scenario, table)
    fighting = survival_data(talks_runs, None)
    curve = fighting["curves"]["History"]
    assert fighting["title"] == "Still fighting until the armistice"
    assert fighting["historical_date"] == np.datetime64("1953-07-27")
    assert fighting["historical_label"] == "What happened: The armistice, 27 Jul 1953"
    for day in np.datetime64("1951-07-01") + np.arange(0, 1100, 23):
        assert _at(curve, day) == pytest.approx(100 * np.mean(~(armistice <= day)))
    last = armistice[~np.isnat(armistice)].max()
    assert (curve["percent"][curve["dates"] < last] > 0).all()  # above zero until the last one
    line = survival_data(talks_runs, "demarcation_line")
    assert line["title"] == "Military demarcation line: share not yet settled"
    settling = line["curves"]["History"]
    assert _at(settling, "1952-12-31") < 0.5 * _at(curve, "1952-12-31")
    for issue_id in scenario.issues:  # the war goes on while any issue is open
        issue = survival_data(talks_runs, issue_id)
        assert "still fighting" not in (issue["title"] + issue["ylabel"]).lower()
        for day in curve["dates"]:
            assert _at(issue["curves"]["History"], day) <= _at(curve, day) + 1e-9
            assert _at(issue["context"], day) == _at(curve, day)


def test_an_issue_chart_shows_the_still_fighting_curve_beside_it(talks_runs):
    ax = plot_survival(talks_runs, "demarcation_line").axes[0]
    (context,) = _gid(ax.lines, "context")
    assert context.get_label() == "Still fighting (until the armistice), History"
    assert ax.get_title(loc="left") == "Military demarcation line: share not yet settled"
    fighting = plot_still_fighting(talks_runs).axes[0]
    assert fighting.get_title(loc="left") == "Still fighting until the armistice"
    (marker,) = _gid(fighting.lines, HISTORY_GID)
    assert _date_number(marker.get_xdata()[0]) == _date_number("1953-07-27")


def test_still_fighting_needs_an_armistice(pow_runs):
    assert survival_data(pow_runs, "pow_repatriation")["context"] is None
    with pytest.raises(ValueError, match="no armistice"):
        survival_data(pow_runs, None)


def test_air_cover_curve_counts_china_s_entry(air_runs):
    data = survival_data(air_runs, "soviet_air_cover")
    table = air_runs[0].table
    curve = data["curves"]["History"]
    day = np.datetime64("1950-10-19")
    at = np.searchsorted(curve["dates"], day, side="right") - 1
    assert curve["percent"][at] == pytest.approx(100 * np.mean(~(table["entry_date"] <= day)))
    assert data["title"].startswith("China not yet in the war")
    assert data["historical_label"] == "What happened: China entered 19 Oct 1950"


# --- demand fan chart ----------------------------------------------------------------------


def test_fan_chart_median_and_bands_are_those_of_the_history_sample(pow_runs):
    run_ = pow_runs[0]
    history = run_.history
    data = demand_fan_data(run_, "pow_repatriation", "communist")
    sample = np.array([r["demand"]["pow_repatriation"]["communist"] for r in history])
    steps = len(history)
    np.testing.assert_allclose(data["median"][:steps], np.median(sample, axis=1))
    np.testing.assert_allclose(data["p25"][:steps], np.quantile(sample, 0.25, axis=1))
    np.testing.assert_allclose(data["p95"][:steps], np.quantile(sample, 0.95, axis=1))
    assert data["median"][-1] == data["median"][steps - 1]  # the last step drawn to its end
    np.testing.assert_array_equal(
        data["dates"][:steps], np.array([r["date"] for r in history], "datetime64[D]")
    )
    np.testing.assert_allclose(data["paths"], np.vstack([sample, sample[-1:]])[:, :20])
    assert data["tick_labels"] == [
        o.label for o in run_.scenario.issues["pow_repatriation"].options
    ]
    assert data["historical_position"] == 0.5  # voluntary repatriation with neutral custody


def test_plot_demand_fan_draws_median_paths_events_and_what_happened(pow_runs):
    data = demand_fan_data(pow_runs[0], "pow_repatriation", "un")
    ax = plot_demand_fan(pow_runs[0], "pow_repatriation", "un").axes[0]
    (median,) = _gid(ax.lines, "median")
    np.testing.assert_allclose(median.get_ydata(), data["median"])
    assert len(_gid(ax.lines, "path")) == data["paths"].shape[1]
    (star,) = _gid(ax.lines, HISTORY_GID)
    assert _date_number(star.get_xdata()[0]) == _date_number("1953-06-04")
    assert star.get_ydata()[0] == data["historical_position"]
    event_lines = [line for line in _gid(ax.lines, "event")]
    assert sorted(_date_number(line.get_xdata()[0]) for line in event_lines) == [
        _date_number(date) for date, _ in data["events"]
    ]
    assert [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()] == data["tick_labels"]


def test_demand_figure_numbers_the_same_event_alike_in_every_panel(pow_runs):
    fig = demand_figure(pow_runs, "pow_repatriation")
    numbers = event_numbers(pow_runs)
    stalin_dies = next(n for (date, label), n in numbers.items() if label == "Stalin dies")
    base_panel, counterfactual_panel = fig.subfigs[0].axes[0], fig.subfigs[0].axes[1]
    base_badges = {t.get_text() for t in _gid(base_panel.texts, "event")}
    counterfactual_badges = {t.get_text() for t in _gid(counterfactual_panel.texts, "event")}
    assert base_badges - counterfactual_badges == {str(stalin_dies)}


# --- tension -------------------------------------------------------------------------------


def test_tension_median_is_that_of_the_history_sample(pow_runs):
    data = tension_data(pow_runs, "pow_repatriation", "communist")
    ax = plot_tension(pow_runs, "pow_repatriation", "communist").axes[0]
    medians = _gid(ax.lines, "median")
    for result, line in zip(pow_runs, medians, strict=True):
        curve = data["curves"][result.label]
        sample = np.array([r["tension"]["pow_repatriation"]["communist"] for r in result.history])
        np.testing.assert_allclose(curve["median"][:-1], np.median(sample, axis=1))
        np.testing.assert_allclose(line.get_ydata(), curve["median"])
    (marker,) = _gid(ax.lines, HISTORY_GID)
    assert _date_number(marker.get_xdata()[0]) == _date_number("1953-06-04")


def test_every_tension_legend_entry_is_drawn_in_its_colour(pow_runs):
    """Issue 10, defect 17: the legend showed a grey "shading" swatch for a band that was
    never drawn grey (each run's band is in its own colour). Every legend entry must name an
    artist with data on the axes, and a band's swatch must have that band's colour."""
    from matplotlib.colors import to_rgba

    ax = plot_tension(pow_runs, "pow_repatriation", "communist").axes[0]
    legend = ax.get_legend()
    drawn = {a.get_label(): a for a in [*ax.lines, *ax.collections]}
    for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
        label = text.get_text()
        assert label in drawn, f"legend entry {label!r} has nothing drawn"
        artist = drawn[label]
        if hasattr(artist, "get_paths"):  # a band: drawn, and the swatch in its colour
            assert any(len(path.vertices) for path in artist.get_paths()), label
            assert to_rgba(handle.get_facecolor())[:3] == to_rgba(artist.get_facecolor()[0])[:3]
    bands = [t.get_text() for t in legend.get_texts() if "middle 50 %" in t.get_text()]
    assert bands == [f"{label} (middle 50 % of runs)" for label in (r.label for r in pow_runs)]


def test_no_tension_figure_without_a_bloc(air_runs):
    assert tension_figure(air_runs, "soviet_air_cover") is None


# --- timeline of the talks ------------------------------------------------------------------


TALKS_HISTORY = {
    "troop_withdrawal": "1951-07-26",
    "demarcation_line": "1951-11-27",
    "pow_repatriation": "1953-06-04",
    "agreement": "1953-07-27",
}


def test_timeline_has_a_row_per_issue_then_the_armistice(talks_runs):
    scenario, table = talks_runs[0].scenario, talks_runs[0].table
    data = timeline_data(talks_runs)
    assert [row["id"] for row in data["rows"]] == list(TALKS_HISTORY)
    assert data["unit"] == "month"
    armistice = agreement_dates(scenario, table)
    for row in data["rows"]:
        if row["id"] == "agreement":
            dates = armistice
        else:
            dates = table["agreement_date"][table["issue"] == row["id"]]
        never = 100 * np.mean(np.isnat(dates))
        assert row["never"]["History"] == pytest.approx(never)
        assert row["percent"]["History"].sum() + never == pytest.approx(100)
        for month in range(len(data["edges"]) - 1):  # each bar: the runs settled that month
            first, last = data["edges"][month], data["edges"][month + 1]
            share = 100 * np.mean((dates >= first) & (dates < last))
            assert row["percent"]["History"][month] == pytest.approx(share)
        assert row["historical_date"] == np.datetime64(TALKS_HISTORY[row["id"]])
    armistice_row = data["rows"][-1]
    assert armistice_row["label"] == "The armistice: signed after every question is settled"
    assert armistice_row["tick_label"].endswith(
        f"never signed: {armistice_row['never']['History']:.0f} %"
    )


def test_timeline_figure_labels_each_row_and_marks_what_happened(talks_runs):
    data = timeline_data(talks_runs)
    ax = plot_timeline(talks_runs).axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == [row["tick_label"] for row in data["rows"]]
    assert ticks[1].startswith("Military demarcation line\nnever settled: ")
    assert ax.get_yticklabels()[-1].get_fontweight() == "bold"  # the armistice
    marks = sorted(_date_number(line.get_xdata()[0]) for line in _gid(ax.lines, HISTORY_GID))
    assert marks == [_date_number(day) for day in TALKS_HISTORY.values()]
    labels = {t.get_text() for t in _gid(ax.texts, HISTORY_GID)}
    assert labels == {
        "What happened: 26 Jul 1951",
        "What happened: 27 Nov 1951",
        "What happened: 4 Jun 1953",
        "What happened: 27 Jul 1953",
    }
    heights, shares = [], []  # bars on one scale for every row: heights in proportion
    for row in data["rows"]:
        bars = _gid(ax.patches, f"settled:{row['id']}")
        percent = row["percent"]["History"]
        assert len(bars) == np.count_nonzero(percent)
        heights += [bar.get_height() for bar in bars]
        shares += list(percent[percent > 0])
    np.testing.assert_allclose(heights, np.array(shares) * heights[0] / shares[0])
    assert (
        ax.get_title(loc="left") == "The armistice talks, 1951-53: when each question was settled"
    )
    assert ax.xaxis.get_major_formatter().format_ticks(ax.get_xticks())[0]  # dates, not numbers


def test_timeline_takes_its_time_axis_from_the_table_not_the_scenario_clock(talks_runs):
    scenario, table = talks_runs[0].scenario, talks_runs[0].table
    bare = SimpleNamespace(  # what a chained campaign also offers: no `time`
        id=scenario.id, title=scenario.title, issues=scenario.issues,
        historical=scenario.historical, agreement=scenario.agreement,
    )  # fmt: skip
    data = timeline_data([replace(talks_runs[0], scenario=bare)])
    assert data["edges"][0] == np.datetime64("1951-07-01")
    settled = table["agreement_date"][~np.isnat(table["agreement_date"])]
    assert data["edges"][-2] == settled.max().astype("M8[M]").astype("M8[D]")
    np.testing.assert_array_equal(data["edges"], timeline_data(talks_runs)["edges"])


def test_timeline_of_a_short_daily_episode_counts_days(air_runs):
    data = timeline_data(air_runs)
    (row,) = data["rows"]
    assert data["unit"] == "day"
    assert np.all(np.diff(data["edges"]) == np.timedelta64(1, "D"))
    issue = air_runs[0].scenario.issues["soviet_air_cover"]
    assert row["label"] == f"{issue.label} (date China entered)"
    assert row["tick_label"].splitlines()[-1].startswith("never entered: ")
    assert row["historical_date"] == np.datetime64("1950-10-19")


def test_timeline_strips_say_which_run_never_settled(talks_runs):
    runs = [*talks_runs, talks_runs[0].labelled("Again")]
    ax = plot_timeline(runs).axes[0]
    nevers = [t.get_text() for t in _gid(ax.texts, "never")]
    assert len(nevers) == 2 * 4
    assert nevers[0].startswith("never settled: ")
    shares = " / ".join(text.removeprefix("never settled: ") for text in nevers[:2])
    assert ax.get_yticklabels()[0].get_text().endswith(f"never settled: {shares}")


# --- files and the command -----------------------------------------------------------------


def test_draw_all_writes_every_chart_as_png_and_svg(pow_runs, tmp_path):
    files = draw_all(pow_runs, tmp_path)
    stems = sorted({f.stem for f in files})
    assert stems == [
        "pow_repatriation_blockers",
        "pow_repatriation_demands_vs_stalin_lives",
        "pow_repatriation_not_settled",
        "pow_repatriation_outcomes",
        "pow_repatriation_tension",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f.name for f in files)
    assert all(f.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for f in files if f.suffix == ".png")
    assert all(b"<svg" in f.read_bytes()[:2000] for f in files if f.suffix == ".svg")


def test_file_names_say_the_scenario_and_the_issue_once(talks_runs, tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "save_figure", lambda figure, path: [path])  # names, no pixels
    stems = {path.name for path in draw_all(talks_runs, tmp_path)}
    for issue_id in ("troop_withdrawal", "demarcation_line", "pow_repatriation"):
        for chart in ("outcomes", "not_settled"):
            assert f"talks_1951_53_{issue_id}_{chart}" in stems
    assert "talks_1951_53_still_fighting" in stems
    assert "talks_1951_53_timeline" in stems
    for stem in stems:
        assert stem.startswith("talks_1951_53_")
        assert stem.count("talks_1951_53") == 1
        assert not any(part.isdigit() for part in stem.removeprefix("talks_1951_53").split("_"))


def test_the_charts_need_only_the_table_columns_plot_reads(talks_runs, tmp_path, monkeypatch):
    """`alliance-sim plot` reads `TABLE_COLUMNS` of a folder: every chart of the talks (issues,
    armistice, timeline) draws from them the same data as from the whole table."""
    read = (*figures.TABLE_COLUMNS, *figures.OPTIONAL_COLUMNS)
    narrow = [replace(r, table={c: r.table[c] for c in read}) for r in talks_runs]
    assert len(talks_runs[0].table) > 2 * len(figures.TABLE_COLUMNS)  # there is much to skip
    monkeypatch.setattr(figures, "save_figure", lambda figure, path: [path])
    assert draw_all(narrow, tmp_path) == draw_all(talks_runs, tmp_path)
    for data in (outcome_share_data, survival_data):
        assert repr(data(narrow, "demarcation_line")) == repr(data(talks_runs, "demarcation_line"))
    assert repr(survival_data(narrow, None)) == repr(survival_data(talks_runs, None))
    assert repr(timeline_data(narrow)) == repr(timeline_data(talks_runs))


def test_save_figure_replaces_and_leaves_no_temporary_file(pow_runs, tmp_path):
    fig = plot_outcome_shares(pow_runs, "pow_repatriation")
    (tmp_path / "chart.png").write_text("old")
    written = save_figure(fig, tmp_path / "chart")
    assert [p.name for p in written] == ["chart.png", "chart.svg"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png", "chart.svg"]
    assert (tmp_path / "chart.png").read_bytes()[:4] == b"\x89PNG"


def test_plot_command_draws_a_base_with_its_counterfactual(tmp_path):
    from alliance_sim.cli.app import app

    results, figures = tmp_path / "results", tmp_path / "figures"
    counterfactual = "scenarios/counterfactuals/air_cover_frontline_promise.yaml"
    runner = CliRunner()
    batch = runner.invoke(
        app, ["batch", "air_cover", counterfactual, "-n", "200", "--out", str(results)]
    )
    assert batch.exit_code == 0, batch.output
    result = runner.invoke(app, ["plot", str(results), "--out", str(figures)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in figures.glob("*.png")) == [
        "air_cover_blockers.png",
        "air_cover_demands_vs_air_cover_frontline_promise.png",
        "air_cover_entry_dates.png",
        "air_cover_outcomes.png",
    ]


def test_plot_command_draws_the_timeline_of_the_talks_alone(tmp_path):
    from alliance_sim.cli.app import app
    from alliance_sim.cli.plot import POOLED_CHARTS
    from analysis.charts.figures import CHARTS

    assert tuple(CHARTS) == POOLED_CHARTS  # the command offers every kind the figures draw
    results, figures = tmp_path / "results", tmp_path / "figures"
    runner = CliRunner()
    batch = runner.invoke(app, ["batch", "talks_1951_53", "-n", "200", "--out", str(results)])
    assert batch.exit_code == 0, batch.output
    result = runner.invoke(app, ["plot", str(results), "--chart", "timeline", "-o", str(figures)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in figures.iterdir()) == [
        "talks_1951_53_timeline.png",
        "talks_1951_53_timeline.svg",
    ]
    wrong = runner.invoke(app, ["plot", str(results), "--chart", "timelines"])
    assert wrong.exit_code == 2
    assert "unknown chart timelines; choose from outcomes, not_settled" in wrong.output


def test_charts_that_do_not_apply_are_not_drawn(air_runs, tmp_path):
    assert draw_all(air_runs, tmp_path, charts=["timeline", "still_fighting"]) == []
    with pytest.raises(ValueError, match="unknown chart"):
        draw_all(air_runs, tmp_path, charts=["timelines"])


def test_plot_command_on_an_empty_folder_fails_clearly_and_writes_nothing(tmp_path):
    from alliance_sim.cli.app import app

    empty, figures = tmp_path / "empty", tmp_path / "figures"
    empty.mkdir()
    result = CliRunner().invoke(app, ["plot", str(empty), "--out", str(figures)])
    assert result.exit_code == 2
    assert "empty folder" in result.output
    assert not figures.exists()


def test_the_engine_and_the_cli_never_import_matplotlib():
    code = "import sys, alliance_sim.cli.app, sim.engine.runner, agents; print('matplotlib' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"


@pytest.fixture(scope="module")
def war_runs():
    """The campaign and its frontline-cover exercise (the history is the talks stage's)."""
    return [
        _labelled("History", load_scenario("war_1950_53")),
        _labelled("Frontline cover", load_scenario("war_frontline_promise")),
    ]


def test_a_campaign_draws_every_chart_its_history_covers(war_runs, tmp_path, monkeypatch):
    """Issue 8: plot accepts campaigns. Demand and tension charts come from the last stage's
    history (the talks); the air-cover bargain and the war's end get their share charts."""
    monkeypatch.setattr(figures, "save_figure", lambda figure, path: [path])
    stems = {path.name for path in draw_all(war_runs, tmp_path)}
    assert "war_1950_53_soviet_air_cover_entry_dates" in stems
    assert "war_1950_53_end_state_outcomes" in stems
    assert "war_1950_53_pow_repatriation_demands_vs_war_frontline_promise" in stems
    assert not any(s.startswith("war_1950_53_soviet_air_cover_demands") for s in stems)
    assert {"war_1950_53_still_fighting", "war_1950_53_timeline"} <= stems


def test_a_daily_stage_of_a_campaign_is_not_squashed_by_the_armistice_curve(war_runs):
    """The still-fighting curve runs to 1953; beside the days of October 1950 it would flatten
    the entry curve, so the air-cover chart of a campaign goes without it."""
    assert survival_data(war_runs, "soviet_air_cover")["context"] is None
    assert survival_data(war_runs, "pow_repatriation")["context"] is not None
