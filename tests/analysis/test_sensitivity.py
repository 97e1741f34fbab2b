"""Rank-correlation sensitivity: known answers, and the parameter that sets a date is found."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from analysis.sensitivity import sensitivity, spearman
from sim.engine.runner import run
from sim.scenario.loader import load_scenario


def test_spearman_known_values():
    x = np.arange(10.0)
    assert spearman(x, x**3) == pytest.approx(1.0)
    assert spearman(x, -x) == pytest.approx(-1.0)
    assert spearman(x, np.ones(10)) == 0.0


def test_the_demarcation_date_waits_on_both_sides_giving_up_their_lines():
    """The line of contact needs Beijing to give up the parallel for note 60's reasons (its
    weight on the line, its value of fighting on after the fifth campaign, the North's
    exhaustion) and Washington its line north of the front (its value of fighting on, its
    weight on the line): both sides' parameters rank among the first for the date, and the
    North's exhaustion brings it sooner (a negative rank correlation)."""
    table = run("armistice_terms", 2000, 1950).table
    ranked = sensitivity(table, "demarcation_line", top=6)
    names = {name for name, _, _ in ranked}
    assert {"beijing.demarcation_line.salience", "washington.conflict_value"} <= names
    assert "pyongyang.behaviour.exhaustion.burden" in names
    with_date = {name: rho for name, rho, _ in ranked}
    assert with_date["pyongyang.behaviour.exhaustion.burden"] < -0.1
    assert all(abs(rho) > 0.2 for rho in with_date.values())


@pytest.mark.parametrize(
    "scenario, issue",
    [
        ("air_cover", "soviet_air_cover"),
        ("armistice_terms", "demarcation_line"),
        ("pow_repatriation", "pow_repatriation"),
    ],
)
def test_the_actors_not_one_fixed_event_move_each_date(scenario, issue):
    """`sensitivity -f json`: the documented object, and on China's entry, the line of contact
    and the prisoner settlement at least one drawn actor parameter has |rho| >= 0.2."""
    result = CliRunner().invoke(app, ["sensitivity", scenario, "-n", "2000", "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"scenario", "replicates", "seed", "issues", "provenance"}
    assert (document["scenario"], document["replicates"]) == (scenario, 2000)
    rho = document["issues"][issue]
    assert set(rho) == {"date", "outcome"}
    actors = set(load_scenario(scenario).actors) | {"lobbying"}
    by_actor = {k: v for k, v in rho["date"].items() if k.split(".")[0] in actors}
    assert max(abs(v) for v in by_actor.values()) >= 0.2, by_actor
