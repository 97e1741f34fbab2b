"""Counterfactual files: resolution, errors, and the built-in exercises' stated directions."""

import numpy as np
import pytest
from conftest import same_tables

from alliance_sim.classroom.exercises import holds
from analysis.summary import summarize
from sim.engine.runner import DEFAULT_SEED, run
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import builtin_exercises, builtin_scenarios, load_scenario

REPLICATES = 2000

CF = """id: test_cf
extends: {base}
title: A test counterfactual
question: What if the test changed something?
changes:
{changes}
"""


def counterfactual(scenario_file, changes: str, base: str = "pow_repatriation", name="cf.yaml"):
    return scenario_file(CF.format(base=base, changes=changes), name)


def line_of(path, text):
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_change_overrides_the_base_and_keeps_it_sourced(scenario_file):
    path = counterfactual(
        scenario_file,
        """  - path: actors.moscow.profile.war_payoff
    set: 0.05
    source: "note 65: a test change of Stalin's gain from the war"
""",
    )
    scenario = load_scenario(path)
    base = load_scenario("pow_repatriation")
    payoff = scenario.actors["moscow"].profile.war_payoff
    assert (payoff.value, payoff.range) == (0.05, None)
    assert payoff.source.startswith("note 65")
    assert scenario.exercise.base == "pow_repatriation"
    assert scenario.actors["beijing"] == base.actors["beijing"]


def test_events_can_be_removed_by_id_and_fields_addressed_by_id(scenario_file):
    path = counterfactual(
        scenario_file,
        """  - remove_event: zhou_stalin_meeting
    source: "note 68: a test removal"
  - path: events.stalin_dies.date
    set: 1953-01-05
    source: "external: a test that moves an event date"
""",
    )
    scenario = load_scenario(path)
    ids = [event.id for event in scenario.events]
    assert "zhou_stalin_meeting" not in ids
    assert (
        next(e for e in scenario.events if e.id == "stalin_dies").date.isoformat() == "1953-01-05"
    )


def test_chains_of_extends_resolve(scenario_file):
    counterfactual(
        scenario_file,
        """  - remove_event: zhou_stalin_meeting
    source: "note 68: first link"
""",
        name="first.yaml",
    )
    second = counterfactual(
        scenario_file,
        """  - remove_event: stalin_dies
    source: "external: second link of a chain"
""",
        base="first.yaml",
        name="second.yaml",
    )
    ids = [event.id for event in load_scenario(second).events]
    assert "zhou_stalin_meeting" not in ids and "stalin_dies" not in ids


def test_a_cycle_of_extends_is_an_error(scenario_file):
    counterfactual(
        scenario_file,
        '  - remove_event: stalin_dies\n    source: "note 64: first file of a cycle"\n',
        base="b.yaml",
        name="a.yaml",
    )
    b = counterfactual(
        scenario_file,
        '  - remove_event: stalin_dies\n    source: "note 64: second file of a cycle"\n',
        base="a.yaml",
        name="b.yaml",
    )
    with pytest.raises(ScenarioError, match="goes round in a cycle") as caught:
        load_scenario(b)
    assert caught.value.path == "extends"


def test_a_missing_base_is_an_error_at_the_extends_line(scenario_file):
    path = counterfactual(
        scenario_file,
        '  - remove_event: stalin_dies\n    source: "note 64: a missing base"\n',
        base="pow_repatriaton",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.line == line_of(path, "extends:")
    assert "did you mean `pow_repatriation`" in caught.value.message


def test_a_path_not_in_the_base_names_the_file_line_and_what_exists(scenario_file):
    path = counterfactual(
        scenario_file,
        """  - path: actors.moskow.profile.war_payoff
    set: 0.05
    source: "note 65: a misspelt actor"
""",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    error = caught.value
    assert (error.file, error.line) == (str(path), line_of(path, "moskow"))
    assert error.path == "changes.0.path"
    assert "no `moskow`" in error.message and "moscow" in error.message


def test_an_override_of_the_wrong_type_is_located_at_the_change(scenario_file):
    path = counterfactual(
        scenario_file,
        """  - remove_event: zhou_stalin_meeting
    source: "note 68: a valid first change"
  - path: actors.beijing.positions.pow_repatriation.salience
    set: very high
    source: "note 63: a value of the wrong type"
""",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.line == line_of(path, "- path: actors.beijing")
    assert "salience" in caught.value.message


def test_removing_an_event_the_base_lacks_lists_the_events(scenario_file):
    path = counterfactual(
        scenario_file, '  - remove_event: stalin_died\n    source: "note 64: a misspelt event id"\n'
    )
    with pytest.raises(ScenarioError, match="has no event `stalin_died`.*stalin_dies"):
        load_scenario(path)


def test_a_counterfactual_that_changes_nothing_simulates_identically(scenario_file):
    """Same replicates, same seed stream: only the changes can make a difference."""
    path = counterfactual(
        scenario_file,
        """  - path: actors.moscow.profile.war_payoff.source
    set: "notes 62, 64: the same value, only the wording of the source differs"
    source: "note 64: a change that changes no number"
""",
    )
    assert same_tables(run(path, 300, 5).table, run("pow_repatriation", 300, 5).table)


@pytest.fixture(scope="module")
def summaries():
    cache = {}

    def summary(scenario_id):
        if scenario_id not in cache:
            result = run(scenario_id, REPLICATES, DEFAULT_SEED)
            cache[scenario_id] = summarize(result.scenario, result.table, REPLICATES, DEFAULT_SEED)
        return cache[scenario_id]

    return summary


def test_there_are_built_in_exercises_for_every_episode():
    bases = {load_scenario(e).exercise.base for e in builtin_exercises()}
    assert bases == set(builtin_scenarios())
    assert len(builtin_exercises()) >= 8


@pytest.mark.parametrize("exercise", sorted(builtin_exercises()))
def test_each_exercise_moves_the_outcome_the_way_its_text_states(exercise, summaries):
    scenario = load_scenario(exercise)
    assert scenario.exercise.expect, "an exercise must state what it changes"
    assert scenario.exercise.question.startswith("What if")
    base, changed = summaries(scenario.exercise.base), summaries(exercise)
    for expectation in scenario.exercise.expect:
        assert holds(expectation, base, changed), (exercise, expectation)


def test_without_an_agenda_there_are_no_talks_on_the_line():
    """Issue order: the demarcation line waits for the agenda (`after`). When Stalin will not
    drop withdrawal, the line is never settled before the agenda, and here never at all."""
    table = run("armistice_stalin_insists_on_withdrawal", 1000, DEFAULT_SEED).table
    agenda = table["agreement_date"][table["issue"] == "troop_withdrawal"]
    line = table["agreement_date"][table["issue"] == "demarcation_line"]
    both = ~np.isnat(line)
    assert not (line[both] < agenda[both]).any()
    assert np.isnat(line[np.isnat(agenda)]).all()
    waited = table["held_out_communist"][table["issue"] == "demarcation_line"]
    assert (waited[np.isnat(agenda)] == "talks:not_on_table").all()
