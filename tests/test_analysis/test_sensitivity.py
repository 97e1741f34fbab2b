"""Rank-correlation sensitivity: known answers, and the parameter that sets a date is found."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from analysis.sensitivity import sensitivity, spearman
from sim.loader import load_scenario
from sim.runner import run


def test_spearman_known_values():
    x = np.arange(10.0)
    assert spearman(x, x**3) == pytest.approx(1.0)
    assert spearman(x, -x) == pytest.approx(-1.0)
    assert spearman(x, np.ones(10)) == 0.0


def test_the_demarcation_date_waits_on_washington_and_the_autumn_fighting():
    """The line of contact waits on Washington giving up its line north of the front
    (note 60): its conflict value and its weight on the line rank high for the date, beside
    whether the UN's autumn offensives of 1951 proved costly (fighting while negotiating)."""
    table = run("armistice_terms", 2000, 1950).table
    ranked = sensitivity(table, "demarcation_line", top=3)
    names = {name for name, _, _ in ranked}
    assert {"washington.conflict_value", "washington.demarcation_line.salience"} <= names
    assert all(name.startswith(("washington.", "events.un_autumn_offensives")) for name in names)
    assert all(abs(with_date) > 0.3 for _, with_date, _ in ranked)


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
    assert set(document) == {"scenario", "replicates", "seed", "issues"}
    assert (document["scenario"], document["replicates"]) == (scenario, 2000)
    rho = document["issues"][issue]
    assert set(rho) == {"date", "outcome"}
    actors = set(load_scenario(scenario).actors) | {"lobbying"}
    by_actor = {k: v for k, v in rho["date"].items() if k.split(".")[0] in actors}
    assert max(abs(v) for v in by_actor.values()) >= 0.2, by_actor
