"""The web briefing tells how each capital acts in the words of its mechanism classes."""

import pytest

from alliance_sim.web.content.briefing import briefing_markdown
from sim.scenario.campaign import stages_of
from sim.scenario.loader import builtin_exercises, builtin_scenarios, load_scenario


@pytest.mark.parametrize("name", [*builtin_scenarios(), *builtin_exercises()])
def test_every_acting_mechanism_is_told_and_its_way_of_acting_explained(name):
    scenario = load_scenario(name)
    text = briefing_markdown(scenario)
    for stage in stages_of(scenario):
        for actor_id, actor in stage.actors.items():
            if actor.profile is None:
                continue
            restrained = stage.restrained_by(actor_id)
            for mechanism in actor.profile.behaviour.active().values():
                kind = type(mechanism)
                told = f"**{actor.name or actor_id}** {kind.what_it_does}"
                acts = mechanism.acts_in(stage.issues, restrained)
                assert (told in text) == acts
                assert not acts or f"- **{kind.title}**: {kind.explanation}" in text


def test_a_mechanism_with_nothing_to_act_on_is_left_out():
    """The armistice talks bargain over no prisoners: Stalin's advice in steps waits."""
    text = briefing_markdown(load_scenario("armistice_terms"))
    assert "**Moscow (Stalin)** settles its allies' quarrels" in text
    assert "advises the prisoner terms" not in text and "**Advice in steps**" not in text
    assert text.count("**Arbitration between allies**") == 1
