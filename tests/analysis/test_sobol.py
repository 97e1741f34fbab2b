"""Sobol' and Morris sensitivity: the wiring on a known function, and the scenario's known driver."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from analysis import sobol
from analysis.charts import sensitivity_chart
from sim.scenario.loader import load_scenario

cli = CliRunner()
WAR_COST = "washington.war_payoff"
WAR_COST_PATH = "actors.washington.profile.war_payoff"
"""One parameter's draw name (its `draw:` column) and its path, the name the indices use."""


@pytest.fixture(scope="module")
def pow_scenario():
    return load_scenario("pow_repatriation")


def synthetic_table(scenario, sweep, days_of) -> dict:
    """A results table whose agreement date is `days_of(design row)`: no model run."""
    points = np.arange(sweep.design_points)
    start = np.datetime64(scenario.time.start, "D")
    days = np.array([days_of(row) for row in sweep.matrix]).round().astype(int)
    return {
        "replicate": points,
        "issue": np.full(points.size, "pow_repatriation"),
        "outcome": np.where(days > 400, "no_agreement", "voluntary_neutral_custody"),
        "agreement_date": start + days.astype("timedelta64[D]"),
        "point": points,
    }


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_an_output_that_depends_on_one_parameter_gives_it_every_index(pow_scenario, method):
    """The design's rows and the outputs' points line up: an agreement date that follows
    Washington's war cost alone gives that parameter ST ~ 1 (or the only mu*), the others ~ 0."""
    sweep = sobol.design(pow_scenario, "pow_repatriation", method, 64, 1, 3)
    column = [p.name for p in sweep.parameters].index(WAR_COST)
    low, high = sweep.bounds[column]
    table = synthetic_table(
        pow_scenario, sweep, lambda row: 100 + 600 * (row[column] - low) / (high - low)
    )
    report = sobol.report(sweep, table, method, 64, 3)
    date = next(found for found in report.indices if found.output.measure == "date")
    top = date.order()[0]
    assert date.names[top] == WAR_COST_PATH
    if method == "sobol":
        assert date.values["ST"][top] == pytest.approx(1.0, abs=0.05)
        others = np.delete(date.values["ST"], top)
        assert np.abs(others).max() < 0.01
    else:
        assert np.delete(date.values["mu_star"], top).max() == 0.0
    assert date.change() < 0.05


def test_sobol_finds_washingtons_war_cost_drives_the_prisoner_date():
    """`sensitivity pow_repatriation` shows Washington's monthly war cost with rho ~ +0.5 on the
    date of the prisoner settlement; the variance-based analysis gives it the largest total
    index, with intervals, sample sizes and the convergence check in the JSON."""
    result = cli.invoke(
        app,
        ["sensitivity", "pow_repatriation", "--method", "sobol", "-N", "256", "-w", "1"]
        + ["-f", "json"],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["samples"], document["design_points"]) == (256, 256 * (38 + 2))
    assert document["runs"] == document["design_points"]
    date = next(o for o in document["outputs"] if o["key"] == "pow_repatriation:date")
    totals = {name: value["ST"] for name, value in date["indices"].items()}
    assert max(totals, key=totals.get) == WAR_COST_PATH
    assert date["indices"][WAR_COST_PATH]["ST_conf"] > 0
    assert date["convergence"]["doubled_from"] == 128
    shares = [o["key"] for o in document["outputs"] if o["measure"] == "share"]
    assert shares[0] == "pow_repatriation:voluntary_neutral_custody"
    left_out = {item["key"] for item in document["left_out"]}
    assert "pow_repatriation:all_for_all" in left_out  # never happens: nothing to apportion
    assert not left_out & set(shares)
    sources = {p["name"]: p["source"] for p in document["parameters"]}
    assert sources[WAR_COST_PATH].startswith("note 62")
    assert {p["draw"] for p in document["parameters"]} >= {WAR_COST}


def test_the_table_and_the_chart_state_sizes_and_convergence(tmp_path):
    result = cli.invoke(
        app,
        ["sensitivity", "pow_repatriation", "--method", "morris", "-N", "8", "-w", "1"]
        + ["--chart", str(tmp_path), "--top", "3", "--keep", str(tmp_path / "design")],
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "8 trajectories x (38 parameters + 1) = 312 points" in text
    assert "doubling from 4 to 8 moved" in text
    charts = sorted(p.name for p in tmp_path.glob("*.png"))
    assert "pow_repatriation_morris_pow_repatriation_date.png" in charts
    assert (tmp_path / "design" / "sweep.json").is_file()


def test_chart_data_puts_the_largest_total_first_with_its_interval(pow_scenario):
    sweep = sobol.design(pow_scenario, "pow_repatriation", "sobol", 16, 1, 3)
    column = [p.name for p in sweep.parameters].index(WAR_COST)
    table = synthetic_table(pow_scenario, sweep, lambda row: 500 + 20_000 * row[column])
    report = sobol.report(sweep, table, "sobol", 16, 3)
    data = sensitivity_chart.chart_data(report.indices[0], {WAR_COST_PATH: "Washington"}, top=4)
    assert data["parameters"][0] == "Washington"
    assert set(data["bars"]) == {"S1", "ST"} and set(data["errors"]) == {"S1", "ST"}
    assert len(data["bars"]["ST"]) == 4
    fig = sensitivity_chart.plot_indices(data, "note")
    assert len(fig.axes[0].patches) == 8  # two bars per parameter


@pytest.mark.parametrize(
    "args, expected",
    [
        (["pow_repatriation", "--method", "sobol", "-N", "100"], "power of 2"),
        (["pow_repatriation", "--method", "morris", "-N", "2"], "at least 4"),
        (["pow_repatriation", "--method", "fourier"], "fourier"),
    ],
)
def test_bad_requests_are_refused_before_anything_runs(args, expected, tmp_path):
    result = cli.invoke(app, ["sensitivity", *args, "--keep", str(tmp_path / "k")])
    assert result.exit_code == 2
    assert expected in " ".join(result.output.split())
    assert not (tmp_path / "k").exists()


def test_a_campaign_analysis_covers_both_stages_and_respects_their_order(tmp_path):
    """Morris over `war_1950_53`: parameters of both stages are factors, set replicate by
    replicate; a talks parameter cannot move the air-cover bargain of October 1950 (its mu* is
    exactly 0 there), while the armistice date responds to the talks' parameters."""
    result = cli.invoke(
        app,
        ["sensitivity", "war_1950_53", "--method", "morris", "-N", "4", "-w", "1", "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    names = [p["name"] for p in found["parameters"]]
    assert {name.split(".")[0] for name in names} == {"air_cover", "talks_1951_53"}
    outputs = {output["key"]: output["indices"] for output in found["outputs"]}
    air_cover = outputs["soviet_air_cover:date"]
    talks = [name for name in names if name.startswith("talks_1951_53.")]
    assert all(air_cover[name]["mu_star"] == 0.0 for name in talks)
    assert any(air_cover[name]["mu_star"] > 0 for name in names if name not in talks)
    assert max(outputs["end_state:date"][name]["mu_star"] for name in talks) > 0
