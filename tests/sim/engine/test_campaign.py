"""Campaigns: stages chained replicate by replicate, carry-over rules, early end states, and
the located errors of a malformed campaign file."""

import mesa
import numpy as np
import pytest
from conftest import same_tables

from analysis.summary import summarize
from sim.engine.runner import run
from sim.scenario.campaign import END_STATE, Campaign
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_scenario

REPLICATES = 300

CAMPAIGN = """id: test_campaign
title: A test campaign
summary: The air-cover bargain, then the talks.
stages: [air_cover, talks_1951_53]
{rules}
agreement: {{label: The armistice}}
"""

STAY_OUT = """id: test_stay_out
extends: war_1950_53
title: China never enters
question: What if nothing could bring China in?
changes:
  - path: air_cover.actors.beijing.profile.war_payoff
    set: 0.0
    source: "note 37: a test in which the threat to China's border never grows"
  - path: air_cover.actors.beijing.profile.conflict_value
    set: 1.0
    source: "note 31: a test in which staying out is worth everything to Beijing"
  - path: air_cover.lobbying.0.pressure
    set: 0.0
    source: "note 27: a test in which Stalin does not press"
  - path: air_cover.lobbying.1.pressure
    set: 0.0
    source: "note 26: a test in which Kim does not plead"
  - remove_event: us_cross_parallel
    source: "note 34: a test in which the US stops at the parallel"
  - remove_event: un_capture_pyongyang
    source: "note 35: a test in which the UN stops at the parallel"
  - remove_event: politburo_consensus
    source: "note 32: a test in which the Politburo never agrees"
  - remove_event: rok_cross_parallel
    source: "note 34: a test in which Seoul stops at the parallel"
"""


def rows(table, issue):
    selected = table["issue"] == issue
    order = np.argsort(table["replicate"][selected], kind="stable")
    return {name: values[selected][order] for name, values in table.items()}


def test_a_campaign_loads_as_its_stages_plus_how_the_war_ended():
    campaign = load_scenario("war_1950_53")
    assert isinstance(campaign, Campaign)
    assert [stage.id for stage in campaign.stages] == ["air_cover", "talks_1951_53"]
    assert list(campaign.issues)[-1] == END_STATE
    assert {o.id for o in campaign.issues[END_STATE].options} == {"kim_evacuated", "agreement"}
    assert campaign.historical[END_STATE].date.isoformat() == "1953-07-27"


def test_where_china_stays_out_the_war_ends_with_kims_regime_evacuated(scenario_file):
    """Notes 25, 35, 36: no talks follow; the talks' issues are reported as never settled."""
    result = run(scenario_file(STAY_OUT, "stay_out.yaml"), REPLICATES, 1950)
    end = rows(result.table, END_STATE)
    assert (end["outcome"] == "kim_evacuated").all()
    assert (end["agreement_date"] == np.datetime64("1950-11-30")).all()
    for issue in ("troop_withdrawal", "demarcation_line", "pow_repatriation"):
        talks = rows(result.table, issue)
        assert (talks["outcome"] == "no_agreement").all()
        assert np.isnat(talks["agreement_date"]).all()
    summary = summarize(result.scenario, result.table, REPLICATES, 1950)
    assert summary["agreement"]["share"] == 0.0
    assert summary["issues"][END_STATE]["shares"]["kim_evacuated"] == 1.0


def test_a_carry_over_rule_changes_the_next_stage_only_where_its_condition_held(scenario_file):
    """A rule on China's entry with rear air defence that makes Stalin lose heavily from a long
    war: the prisoners settle before his death only in the replicates where it fired."""
    rules = """carry_over:
- id: test_rule
  label: A test rule
  when: {issue: soviet_air_cover, outcome: [rear_air_defense]}
  source: "note 66: a test rule that makes the long war ruinous for Moscow"
  changes:
  - {actor: moscow, field: war_payoff, set: -0.2}
"""
    result = run(scenario_file(CAMPAIGN.format(rules=rules)), REPLICATES, 1950)
    fired = rows(result.table, "soviet_air_cover")["outcome"] == "rear_air_defense"
    assert 0 < fired.sum() < REPLICATES or fired.all()
    settled = rows(result.table, "pow_repatriation")["agreement_date"]
    early = ~np.isnat(settled) & (settled < np.datetime64("1953-03-01"))
    plain = run(scenario_file(CAMPAIGN.format(rules=""), "plain.yaml"), REPLICATES, 1950)
    plain_settled = rows(plain.table, "pow_repatriation")["agreement_date"]
    plain_early = ~np.isnat(plain_settled) & (plain_settled < np.datetime64("1953-03-01"))
    assert plain_early.mean() < 0.2
    # where it fired, many more settle early (Beijing's own firmness still holds the rest)
    assert early[fired].mean() > plain_early[fired].mean() + 0.1
    if (~fired).any():  # where it did not fire, the paired runs are the same
        assert np.array_equal(early[~fired], plain_early[~fired])


def test_a_campaign_run_is_reproducible_and_carries_every_stages_draws():
    first = run("war_1950_53", 200, 7)
    again = run("war_1950_53", 200, 7)
    assert same_tables(first.table, again.table)
    draws = [name for name in first.table if name.startswith("draw:")]
    assert any(name.startswith("draw:air_cover.") for name in draws)
    assert any(name.startswith("draw:talks_1951_53.") for name in draws)
    assert not np.isnan(first.table[draws[0]]).any()


def test_a_counterfactual_of_a_campaign_changes_the_stage_its_path_names():
    exercise = load_scenario("war_frontline_promise")
    assert isinstance(exercise, Campaign) and exercise.exercise.base == "war_1950_53"
    ideal = exercise.stages[0].actors["moscow"].positions["soviet_air_cover"].ideal
    assert ideal.value == 1.0
    assert "stalin_evacuation_order" not in {e.id for e in exercise.stages[0].events}
    base = load_scenario("war_1950_53")
    assert exercise.stages[1] == base.stages[1]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (CAMPAIGN.format(rules="").replace("talks_1951_53]", "talks_1951]"), "stages", "talks"),
        (
            CAMPAIGN.format(
                rules="""ends:
- id: test_end
  label: A test end
  explanation: A test end state.
  source: "note 35: a test of the located errors"
  when: {issue: soviet_cover, outcome: [no_agreement]}
"""
            ),
            "issue: soviet_cover",
            "no stage has the issue `soviet_cover`",
        ),
        (
            CAMPAIGN.format(
                rules="""carry_over:
- id: test_rule
  label: A test rule
  when: {issue: soviet_air_cover, outcome: [frontline]}
  source: "note 36: a test of the located errors"
  changes:
  - {actor: moscow, field: war_payoff, shift: -0.01}
"""
            ),
            "issue: soviet_air_cover, outcome: [frontline]",
            "no option `frontline`",
        ),
        (
            CAMPAIGN.format(
                rules="""carry_over:
- id: test_rule
  label: A test rule
  when: {issue: soviet_air_cover, outcome: [none]}
  source: "note 63: a test of the located errors"
  changes:
  - {actor: moscow, field: behaviour, mechanism: arms_supply, parameter: leverege, shift: 0.1}
"""
            ),
            "leverege",
            "unknown numeric parameter of `arms_supply` `leverege`; did you mean `leverage`?",
        ),
        (
            CAMPAIGN.format(
                rules="""carry_over:
- id: test_rule
  label: A test rule
  when: {issue: pow_repatriation}
  source: "note 68: a test of the located errors"
  changes:
  - {actor: moscow, field: war_payoff, shift: -0.01}
"""
            ),
            "issue: pow_repatriation",
            "no next stage",
        ),
    ],
)
def test_a_malformed_campaign_names_the_file_line_and_field(scenario_file, text, where, message):
    path = scenario_file(text, "campaign.yaml")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    error = caught.value
    line = next(i for i, row in enumerate(text.splitlines(), 1) if where in row)
    assert error.file == str(path) and error.line == line
    assert message in error.message


def test_a_campaign_counterfactual_path_must_start_with_a_stage(scenario_file):
    text = """id: test_cf
extends: war_1950_53
title: A test
question: What if a path had no stage?
changes:
  - path: actors.moscow.profile.war_payoff
    set: 0.05
    source: "note 65: a test of the located errors"
"""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario_file(text, "cf.yaml"))
    assert caught.value.line == 6
    assert "starts with the stage (air_cover, talks_1951_53)" in caught.value.message


def test_a_campaign_batch_matches_the_in_memory_run_whatever_the_workers(tmp_path):
    """Chunks of a campaign are seeded like any scenario's: the saved table is the run's."""
    from sim.store.batch import prepare, run_batch
    from sim.store.reading import read_results

    campaign = load_scenario("war_1950_53")
    tables = []
    for workers in (1, 2):
        targets = prepare(
            [("war_1950_53", campaign)], tmp_path / str(workers), 500, 5, chunk_size=200
        )
        run_batch(targets, workers)
        saved = read_results(tmp_path / str(workers) / "war_1950_53")
        assert saved.scenario == campaign
        tables.append(saved.table)
    assert same_tables(tables[0], tables[1])
    direct = run(campaign, 500, 5)
    assert direct.table["replicate"].size == tables[0]["replicate"].size


def test_the_summary_says_how_often_each_rule_carried_over():
    exercise = load_scenario("war_frontline_promise")
    result = run(exercise, REPLICATES, 1950)
    carried = summarize(exercise, result.table, REPLICATES, 1950)["carry_over"]
    frontline = rows(result.table, "soviet_air_cover")["outcome"] == "frontline_cover"
    assert carried["soviet_pilots_over_the_front"]["share"] == frontline.mean() > 0.9
    assert carried["china_entered_with_no_soviet_air_support"]["share"] == 0.0


class Stopped(Exception):
    pass


def test_a_campaign_stopped_in_its_second_stage_leaves_mesa_holding_no_model():
    """A Cancel button raises from the progress callback: every stage's model is let go."""
    campaign = load_scenario("war_1950_53")
    first_stage = campaign.stages[0].time.horizon
    before = len(mesa.Agent._ids)

    def stop_in_the_second_stage(done: int, total: int) -> None:
        if done > first_stage:
            raise Stopped

    with pytest.raises(Stopped):
        run(campaign, replicates=20, seed=1, on_step=stop_in_the_second_stage)
    assert len(mesa.Agent._ids) == before
