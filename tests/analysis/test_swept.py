"""Sensitivity of a finished sweep folder: Sobol' of a saltelli sweep as SALib gives it by
hand on the same files, Morris of a morris sweep, Spearman of any, each with intervals."""

import json

import numpy as np
import pyarrow.parquet as pq
import pytest
from scipy import stats
from typer.testing import CliRunner

import alliance_sim as asim
from alliance_sim.cli.app import app
from analysis import sobol, swept
from analysis.sensitivity import rank_interval

FACTORS = {
    "actors.washington.profile.war_payoff": (-0.012, -0.004),
    "actors.moscow.profile.war_payoff": (0.02, 0.03),
    "events.stalin_dies.changes.0.set": (0.3, 0.5),
}
OUTCOME = "voluntary_neutral_custody"


@pytest.fixture(scope="module")
def saltelli(tmp_path_factory):
    out = tmp_path_factory.mktemp("saltelli")
    return asim.sweep("pow_repatriation", FACTORS, out, "saltelli", 32, 2, seed=5)


def test_sobol_of_a_saltelli_sweep_is_salibs_on_the_same_files(saltelli):
    from SALib.analyze import sobol as salib_sobol

    record = json.loads((saltelli / "sweep.json").read_text())
    files = sorted((saltelli / "chunks").glob("*.parquet"))
    rows = pq.read_table(files, columns=["point", "outcome", *(f"factor:{p}" for p in FACTORS)])
    point = rows["point"].to_numpy()
    y = np.bincount(point, weights=(rows["outcome"].to_numpy() == OUTCOME) * 1.0) / np.bincount(
        point
    )
    problem = {"num_vars": 3, "names": list(FACTORS), "bounds": [list(b) for b in FACTORS.values()]}
    by_hand = salib_sobol.analyze(
        problem, y, calc_second_order=False, num_resamples=100, conf_level=0.95,
        seed=sobol.analysis_seed(record["seed"]),
    )  # fmt: skip
    report = swept.indices(swept.read_sweep(saltelli), "sobol")
    found = next(i for i in report.indices if i.output.option == OUTCOME)
    assert found.names == list(FACTORS)
    for key in ("S1", "S1_conf", "ST", "ST_conf"):
        assert np.allclose(found.values[key], by_hand[key], rtol=0, atol=1e-12), key
    assert report.samples == 32 and report.runs == 32 * 5 * 2
    assert report.as_json()["parameters"][0]["range"] == [-0.012, -0.004]
    assert np.isfinite(found.change())


def test_the_design_read_back_is_the_design_that_was_run(saltelli):
    sweep = swept.read_sweep(saltelli)
    lows = np.array([b[0] for b in FACTORS.values()])
    highs = np.array([b[1] for b in FACTORS.values()])
    assert sweep.matrix.shape == (32 * 5, 3)
    assert ((sweep.matrix >= lows) & (sweep.matrix <= highs)).all()


def test_spearman_of_a_sweep_is_scipys_with_an_interval_around_it(saltelli):
    sweep = swept.read_sweep(saltelli)
    report = swept.correlations(sweep)
    path = "actors.washington.profile.war_payoff"
    entry = report["issues"]["pow_repatriation"]["factors"][path]["date"]
    rows = sweep.table["issue"] == "pow_repatriation"
    days = sweep.table["agreement_date"][rows].astype("datetime64[D]").astype("float64")
    days[np.isnat(sweep.table["agreement_date"][rows])] = np.inf
    expected = stats.spearmanr(sweep.table[f"factor:{path}"][rows], days).statistic
    assert entry["rho"] == pytest.approx(expected, abs=1e-4)
    assert entry["low"] < entry["rho"] < entry["high"]
    assert set(report["issues"]["pow_repatriation"]["convergence"]) >= {"max_change", "stable"}


def test_a_rank_interval_narrows_with_more_runs_and_stays_within_minus_one_and_one():
    narrow, wide = rank_interval(0.5, 10_000), rank_interval(0.5, 40)
    assert wide[0] < narrow[0] < 0.5 < narrow[1] < wide[1]
    assert rank_interval(-0.99, 20)[0] > -1 and rank_interval(0.99, 20)[1] < 1
    assert np.isnan(rank_interval(0.2, 3)[0])


def test_morris_needs_a_morris_sweep_and_is_its_default(tmp_path, saltelli):
    assert swept.method_for("morris", None) == "morris"
    assert swept.method_for("grid", None) == "spearman"
    with pytest.raises(swept.SweptError, match="needs a `saltelli` sweep"):
        swept.method_for("lhs", "sobol")
    folder = asim.sweep("pow_repatriation", dict(list(FACTORS.items())[:2]), tmp_path, "morris", 4)
    report = swept.indices(swept.read_sweep(folder), "morris")
    assert report.indices and set(report.indices[0].values) == {"mu_star", "mu_star_conf", "sigma"}


def test_the_command_analyses_a_sweep_folder_and_explains_negative_first_order(saltelli, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["sensitivity", str(saltelli), "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["sweep_design"], document["method"]) == ("saltelli", "sobol")
    assert [p["name"] for p in document["parameters"]] == list(FACTORS)
    negative = [o for o in document["outputs"] if any(
        v["S1"] is not None and v["S1"] < 0 for v in o["indices"].values())]  # fmt: skip
    assert negative, "this seed gives a negative first-order index to explain"
    assert all("estimation noise" in o["negative_first_order"] for o in negative)
    table = runner.invoke(app, ["sensitivity", str(saltelli), "--top", "3"])
    assert "factors of the saltelli sweep" in table.stdout
    assert "estimation noise" in " ".join(table.stdout.split())
    assert runner.invoke(app, ["sensitivity", str(tmp_path)]).exit_code == 2
