"""The public Python API, and the README's notebook example run as written."""

import json
import re
from pathlib import Path

import numpy as np

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
