"""The public Python API, and the README's notebook example run as written."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import alliance_sim as asim
from analysis.compare import jsonable

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_example_runs_as_written(tmp_path, monkeypatch, capsys):
    text = README.read_text(encoding="utf-8")
    section = text.split("### In a notebook: the Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(tmp_path)  # the example writes results/api here
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert set(eval(printed[0])) == {"p10", "p50", "p90"}
    assert set(eval(printed[1])) == {"kim_evacuated", "agreement", "no_agreement"}
    assert (tmp_path / "results" / "api" / "pow_repatriation" / "manifest.json").is_file()


def test_a_run_read_back_from_disk_is_the_same_results(tmp_path):
    folder = asim.batch(["air_cover"], tmp_path, replicates=300, seed=4)[0]
    saved, direct = asim.read(folder), asim.run("air_cover", replicates=300, seed=4)
    assert (saved.label, saved.replicates, saved.seed) == ("air_cover", 300, 4)
    assert saved.scenario == direct.scenario
    assert np.array_equal(saved.table["outcome"], direct.table["outcome"])
    assert asim.summary(saved) == asim.summary(direct)
    assert saved.to_arrow().num_rows == 300


def test_a_sweep_from_python_has_its_design_points_as_columns(tmp_path):
    folder = asim.sweep(
        "pow_repatriation",
        {"actors.washington.profile.war_payoff": (-0.012, -0.004, 3)},
        tmp_path / "grid",
        replicates_per_point=20,
        seed=3,
    )
    result = asim.read(folder)
    column = result.table["factor:actors.washington.profile.war_payoff"]
    assert result.replicates == 60
    assert np.allclose(sorted(set(column.round(6))), [-0.012, -0.008, -0.004])


def test_saved_folders_compare_as_the_results_read_back(tmp_path):
    """A folder given to compare is read chunk by chunk; the numbers are those of `read`."""
    folders = asim.batch(["pow_repatriation", "pow_stalin_lives"], tmp_path, replicates=300, seed=2)
    streamed = asim.compare(*folders, resamples=200)
    read_back = asim.compare(*(asim.read(folder) for folder in folders), resamples=200)
    assert json.dumps(jsonable(streamed["issues"])) == json.dumps(jsonable(read_back["issues"]))
    assert streamed["seed"] == 2 and streamed["runs"][1]["source"] == str(folders[1])
    narrow = asim.read(folders[0], columns=["issue", "outcome"])
    assert set(narrow.table) == {"issue", "outcome"} and narrow.table["outcome"].size == 300


WAR_COST = "actors.washington.profile.war_payoff"


def test_run_with_set_fixes_a_number_in_every_replicate():
    from sim.experiments.factors import FactorError

    fixed = asim.run("pow_repatriation", replicates=300, seed=3, set={WAR_COST: 0.0})
    base = asim.run("pow_repatriation", replicates=300, seed=3)
    drawn = "draw:washington.war_payoff"
    assert drawn in base.table and drawn not in fixed.table  # fixed: no longer drawn
    shares = asim.summary(fixed)["issues"]["pow_repatriation"]["shares"]
    # without a cost at home Washington never accepts custody (notes 62, 65, 68)
    assert (
        shares["no_agreement"]
        > asim.summary(base)["issues"]["pow_repatriation"]["shares"]["no_agreement"] + 0.4
    )
    with pytest.raises(FactorError, match="did you mean `war_payoff`"):
        asim.run("pow_repatriation", replicates=10, set={WAR_COST[:-1]: 0.0})


def test_a_design_matrix_gives_the_same_runs_as_the_named_design_it_copies(tmp_path):
    factors = {WAR_COST: (-0.012, -0.004, 3), "actors.moscow.profile.war_payoff": (0.02, 0.03, 2)}
    grid = asim.sweep("pow_repatriation", factors, tmp_path / "grid", replicates_per_point=5)
    record = json.loads((grid / "sweep.json").read_text())
    from sim.experiments.designs import matrix

    rows = matrix("grid", [b[:2] for b in factors.values()], 1950, None, [3, 2])
    own = asim.sweep("pow_repatriation", list(factors), tmp_path / "own", design=rows,
                     replicates_per_point=5)  # fmt: skip
    mine = json.loads((own / "sweep.json").read_text())
    assert mine["design"] == "matrix" and mine["design_sha256"] == record["design_sha256"]
    first, second = asim.read(grid).table, asim.read(own).table
    assert first.keys() == second.keys()
    assert all(
        np.array_equal(first[c], second[c], equal_nan=first[c].dtype.kind in "fmM") for c in first
    )


def test_sensitivity_and_discover_analyse_a_sweep_folder_by_path(tmp_path):
    folder = asim.sweep("pow_repatriation", {WAR_COST: (-0.012, 0.0)}, tmp_path, "lhs", 60, 5)
    ranks = asim.sensitivity(folder)
    assert ranks["method"] == "spearman"
    assert ranks["issues"]["pow_repatriation"]["factors"][WAR_COST]["date"]["rho"] > 0.3
    found = asim.discover(folder, "pow_repatriation.date=late", over="factors")
    assert found["boxes"][0]["box"][0]["path"] == WAR_COST
    draws = asim.sensitivity("pow_repatriation", replicates=300)
    assert draws["issues"]["pow_repatriation"]["date"]


def test_the_ema_workbench_recipe_runs_as_written(tmp_path, monkeypatch):
    pytest.importorskip("ema_workbench")
    text = README.read_text(encoding="utf-8")
    section = text.split("#### With the EMA Workbench", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    shares = namespace["outcomes"]["no_agreement_share"]
    assert len(shares) == namespace["N_SCENARIOS"] and 0 < shares.max() <= 1
