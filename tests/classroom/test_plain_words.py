"""Plain words read from the mechanism classes: a change to a mechanism, and why a played
game has no deal, are said in the words of the mechanism's class."""

import pytest

from alliance_sim.classroom.play_narration import NOW
from alliance_sim.classroom.what_changed import change_words
from sim.maths.deadlock import REASONS
from sim.scenario.campaign import stages_of
from sim.scenario.loader import builtin_scenarios, load_scenario
from sim.scenario.structure import CounterfactualChange

SOURCE = "note 67: a change made by the test, in the test's own words"


def _mechanisms():
    """(scenario, actor, mechanism name, mechanism) for every mechanism of a built-in episode."""
    for name in builtin_scenarios():
        scenario = load_scenario(name)
        for stage in stages_of(scenario):
            for actor_id, actor in stage.actors.items():
                if actor.profile is not None:
                    for kind, mechanism in actor.profile.behaviour.active().items():
                        yield stage, actor_id, kind, mechanism


def test_every_deadlock_reason_is_told_in_the_present_tense():
    assert set(REASONS) <= set(NOW)


@pytest.mark.parametrize("enabled", [True, False])
def test_switching_a_mechanism_is_said_in_its_class_words(enabled):
    for scenario, actor_id, kind, mechanism in _mechanisms():
        path = f"actors.{actor_id}.profile.behaviour.{kind}.enabled"
        change = CounterfactualChange(path=path, set=enabled, source=SOURCE)
        said = change_words(change, scenario)
        assert said.endswith(f"{'now' if enabled else 'no longer'} {mechanism.what_it_does}.")


def test_a_changed_mechanism_parameter_is_said_in_its_class_words():
    told = 0
    for scenario, actor_id, kind, mechanism in _mechanisms():
        name = scenario.actors[actor_id].name
        for parameter, words in type(mechanism).parameter_words.items():
            path = f"actors.{actor_id}.profile.behaviour.{kind}.{parameter}"
            change = CounterfactualChange(path=path, set=0.5, source=SOURCE)
            said = change_words(change, scenario)
            assert said.lower().startswith(words.format(who=name).lower())
            assert said.endswith("to 0.5.")
            told += 1
    assert told >= 6
