"""A sweep's outcomes against its factors: the numbers of each panel, and `plot DIR` drawing
them for a sweep folder only."""

import numpy as np
import pytest
from typer.testing import CliRunner

import alliance_sim as asim
from alliance_sim.cli.app import app
from analysis.charts.sweep_chart import BINS, _binned, plot_sweep, sweep_chart_data
from analysis.swept import read_sweep

FACTORS = {
    "actors.washington.profile.war_payoff": (-0.012, -0.004),
    "actors.moscow.profile.war_payoff": (0.02, 0.03),
}


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    out = tmp_path_factory.mktemp("lhs")
    return asim.sweep("pow_repatriation", FACTORS, out, "lhs", 40, 3, seed=2)


def test_each_outcome_meets_each_factor_in_one_panel(sweep):
    data = sweep_chart_data(read_sweep(sweep))
    assert [f["path"] for f in data["factors"]] == list(FACTORS)
    assert data["outcomes"][0]["label"].endswith("agreement date (days)")
    assert len(data["trends"]) == len(data["outcomes"])
    assert all(len(row) == 2 for row in data["trends"])
    assert all(f["values"].size == 40 for f in data["factors"])
    figure = plot_sweep(data)
    assert len(figure.axes) == 2 * len(data["outcomes"])


def test_the_trend_is_the_mean_of_each_slice_of_the_range():
    x = np.arange(16.0)
    centres, means = _binned(x, 2 * x)
    assert centres.size == means.size == BINS
    assert np.allclose(means, 2 * (np.arange(0, 16, 2) + 0.5))  # two points a slice


def test_plot_draws_the_factors_chart_for_a_sweep_and_only_for_one(sweep, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["plot", str(sweep), "--out", str(tmp_path), "-c", "factors"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pow_repatriation_factors.png").is_file()
    batch = asim.batch(["pow_repatriation"], tmp_path / "batch", replicates=50)[0]
    refused = runner.invoke(
        app, ["plot", str(batch), "--out", str(tmp_path / "b"), "-c", "factors"]
    )
    assert refused.exit_code == 1
