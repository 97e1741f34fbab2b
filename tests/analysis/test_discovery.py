"""Scenario discovery: PRIM finds the box of a known driver and states it in words with sources;
further boxes in turn, a date made late, a date condition between two steps said as such."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from analysis import discovery as sd
from analysis.discovery_conditions import parse_condition
from sim.experiments import sweep as sw
from sim.experiments import sweep_folder
from sim.scenario.loader import load_scenario
from sim.store.batch import run_batch

cli = CliRunner()
SCENARIO = "pow_repatriation"
WAR_COST = "actors.washington.profile.war_payoff"


@pytest.fixture(scope="module")
def pow_scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def cost_sweep(tmp_path_factory, pow_scenario):
    """400 Latin-hypercube points x 5 replicates over Washington's and Moscow's war payoffs,
    Washington's reaching up to no cost at all."""
    folder = tmp_path_factory.mktemp("sweeps") / "costs"
    specs = [
        sw.FactorSpec(path=WAR_COST, range=(-0.012, 0.0)),
        sw.FactorSpec(path="actors.moscow.profile.war_payoff", range=(0.01, 0.04)),
    ]
    sweep = sw.build(pow_scenario, SCENARIO, specs, "lhs", 400, 5, 1950)
    target = sweep_folder.prepare(sweep, folder)
    sweep_folder.write_record(sweep, folder)
    run_batch([target], 1)
    return folder


def test_prim_finds_that_the_deadlock_lasts_where_washington_pays_little(cost_sweep, tmp_path):
    """With no cost of war to Washington the prisoner deadlock outlasts the horizon (its war
    cost moves the settlement, README): PRIM's box bounds that factor from below, and says so
    in words with the parameter's source."""
    result = cli.invoke(
        app,
        ["discover", str(cost_sweep), "--outcome", f"{SCENARIO}=no_agreement"]
        + ["--over", "factors", "-f", "json", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    found = document["boxes"][0]
    assert document["runs"] == 2000 and 0.05 < found["base_rate"] < 0.6
    chosen = found["trajectory"][found["chosen"]]
    assert chosen["density"] >= 0.5 and chosen["coverage"] > 0.3  # Beijing holds out too
    first = found["box"][0]
    assert first["path"] == WAR_COST
    assert first["words"].startswith(("at least", "between")) and first["min"] > -0.006
    assert first["source"].startswith("note 62")
    assert "Washington: war payoff per month" in " ".join(found["statement"])
    assert found["trajectory"][0]["coverage"] == 1.0  # the whole space, before peeling
    assert (tmp_path / f"{SCENARIO}_discover_{SCENARIO}_no_agreement.png").is_file()


def test_a_known_box_in_made_up_draws_is_found_and_worded(pow_scenario):
    """No agreement exactly where Washington's war payoff is above -0.006 and the autumn
    offensives did not happen: the box has both limits, in words."""
    rng = np.random.default_rng(1)
    n = 4000
    cost = rng.uniform(-0.012, -0.004, n)
    happened = (rng.random(n) < 0.5) * 1.0
    stuck = (cost > -0.006) & (happened == 0)
    table = {
        "replicate": np.arange(n),
        "issue": np.full(n, SCENARIO),
        "outcome": np.where(stuck, "no_agreement", "voluntary_neutral_custody"),
        "agreement_date": np.full(n, np.datetime64("1953-05-01")),
        "draw:washington.war_payoff": cost,
        "draw:events.un_autumn_offensives.happens": happened,
        "draw:moscow.war_payoff": rng.uniform(0.02, 0.03, n),
    }
    condition = parse_condition(f"{SCENARIO}=no_agreement", pow_scenario)
    found = sd.discover(pow_scenario, table, condition, None, "draws", min_density=0.95)[0]
    words = {limit["column"]: limit["words"] for limit in found.limits}
    assert words["draw:events.un_autumn_offensives.happens"] == "it does not happen"
    assert words["draw:washington.war_payoff"].startswith("at least -0.00")
    assert found.trajectory[found.chosen]["coverage"] > 0.9
    assert "draw:moscow.war_payoff" not in words


def test_a_date_condition_counts_never_as_later(pow_scenario):
    table = {
        "outcome": np.array(["voluntary_neutral_custody", "no_agreement"]),
        "agreement_date": np.array(["1953-05-01", "NaT"], dtype="datetime64[D]"),
    }
    rows = np.arange(2)
    later = parse_condition(f"{SCENARIO}>1953-07-27", pow_scenario)
    assert later.holds(table, rows).tolist() == [False, True]
    earlier = parse_condition(f"{SCENARIO}<=1953-05-01", pow_scenario)
    assert earlier.holds(table, rows).tolist() == [True, False]
    assert "or never" in later.words(pow_scenario)


@pytest.mark.parametrize(
    "outcome, expected",
    [
        ("pow_repatriaton=no_agreement", "did you mean `pow_repatriation`?"),
        (f"{SCENARIO}=neutral_custody", "did you mean `voluntary_neutral_custody`?"),
        (f"{SCENARIO}<1953", "not a date"),
        (f"{SCENARIO}=1953-07-27", "compared with <"),
        (SCENARIO, "expected ISSUE=OPTION"),
        (f"{SCENARIO}=all_for_all", "no run meets"),
    ],
)
def test_bad_conditions_are_one_message(cost_sweep, tmp_path, outcome, expected):
    result = cli.invoke(
        app, ["discover", str(cost_sweep), "--outcome", outcome, "--out", str(tmp_path / "f")]
    )
    assert result.exit_code == 2
    assert expected in " ".join(result.output.split())
    assert not (tmp_path / "f").exists()


def test_an_unfinished_sweep_says_how_to_finish_it(cost_sweep, tmp_path):
    import shutil

    copy = tmp_path / "cut"
    shutil.copytree(cost_sweep, copy)
    (copy / "chunks" / "chunk-00000.parquet").unlink()
    result = cli.invoke(app, ["discover", str(copy), "--outcome", f"{SCENARIO}=no_agreement"])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "alliance-sim sweep" in text and "--resume" in text and "alliance-sim batch" not in text


def test_two_boxes_in_turn_the_second_outside_the_first(cost_sweep, tmp_path):
    result = cli.invoke(
        app,
        ["discover", str(cost_sweep), "--outcome", f"{SCENARIO}=no_agreement", "--boxes", "2"]
        + ["--over", "factors", "-f", "json", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    first, second = json.loads(result.stdout)["boxes"]
    assert second["number"] == 2
    assert second["runs_peeled"] == first["runs_peeled"] - round(
        first["trajectory"][first["chosen"]]["mass"] * first["runs_peeled"]
    )
    assert second["cases"] < first["cases"]
    assert "outside the boxes before it" in second["statement"][1]
    assert (tmp_path / f"{SCENARIO}_discover_{SCENARIO}_no_agreement_box2.png").is_file()


def test_a_late_date_is_found_where_washington_pays_little(cost_sweep, tmp_path):
    """The date as days (never: the day after the horizon) made late: the box bounds
    Washington's war cost from below, and its mean date is later than all runs'."""
    result = cli.invoke(
        app,
        ["discover", str(cost_sweep), "--outcome", f"{SCENARIO}.date=late", "--over", "factors"]
        + ["-f", "json", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["continuous"] is True
    found = document["boxes"][0]
    chosen = found["trajectory"][found["chosen"]]
    assert chosen["mean_days"] > found["mean_days"] + 30
    assert chosen["mean_date"] > found["trajectory"][0]["mean_date"]
    assert found["box"][0]["path"] == WAR_COST and found["box"][0]["words"].startswith("at least")


def test_a_date_between_two_steps_is_said_to_be_the_next_step(pow_scenario):
    later = parse_condition(f"{SCENARIO}>1953-07-27", pow_scenario)
    assert "the same as agreed on or after 1953-08-01" in later.step_note(pow_scenario)
    earlier = parse_condition(f"{SCENARIO}<1953-07-27", pow_scenario)
    assert "on or before 1953-07-01" in earlier.step_note(pow_scenario)
    assert parse_condition(f"{SCENARIO}>1953-08-01", pow_scenario).step_note(pow_scenario) is None
