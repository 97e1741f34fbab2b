"""Every mechanism class carries its own plain words: a title, an explanation citing the
article's notes, what its carrier does, each numeric parameter in words, and the deadlock
reasons it gives. The web briefing, the teacher pack, the report and the played game's
narration read them from the class, so a mechanism without words fails here, not on a page."""

import re

import pytest

from sim.maths.deadlock import REASONS
from sim.scenario.mechanisms import AGENT_CLASS_IDS, Behaviour, Mechanism
from sim.scenario.numbers import Uncertain

KINDS = Behaviour.mechanism_classes()
NOTES = re.compile(r"\b(notes? \d|abstract)")
CODE_NAME = re.compile(r"`|\b[a-z]+(?:_[a-z0-9]+)+\b")
"""A backtick or a code id (`arms_supply`): students never read those."""


@pytest.mark.parametrize("name", KINDS)
def test_every_mechanism_has_a_title_an_explanation_with_notes_and_what_it_does(name):
    kind = KINDS[name]
    assert issubclass(kind, Mechanism) and kind.carrier in AGENT_CLASS_IDS
    for words in ("title", "explanation", "what_it_does"):
        text = getattr(kind, words, None)
        assert isinstance(text, str) and text.strip(), f"{kind.__name__} has no `{words}`"
        assert not CODE_NAME.search(text), f"{kind.__name__}.{words} shows a code name"
    assert NOTES.search(kind.explanation), f"{kind.__name__}.explanation cites no note"
    assert len(kind.explanation.split()) >= 20  # a paragraph, not a label


@pytest.mark.parametrize("name", KINDS)
def test_every_numeric_parameter_of_a_mechanism_is_said_in_words(name):
    """A counterfactual file or an event may change any numeric parameter: the teacher pack
    says which, in the class's words (`{who}` is the capital)."""
    kind = KINDS[name]
    numeric = {field for field, info in kind.model_fields.items() if info.annotation is Uncertain}
    assert set(kind.parameter_words) == numeric
    assert all("{who}" in words for words in kind.parameter_words.values())


def test_the_mechanisms_deadlock_reasons_are_the_engines_and_each_is_told_once():
    told = [reason for kind in KINDS.values() for reason in kind.blocking_words]
    assert len(told) == len(set(told))
    assert set(told) <= set(REASONS) - {"prefers_war", "veto"}
    assert set(told) == {"stated_stance", "arms"}


def test_a_mechanism_acts_only_where_it_has_something_to_act_on():
    steps = KINDS["prisoner_steps"].model_validate(
        {
            "issue": "pow_repatriation",
            "furthest": "voluntary_neutral_custody",
            "advised": "1952-08-20",
            "source": "note 67: three steps of advice, the last a neutral custody",
        }
    )
    assert steps.acts_in({"pow_repatriation"}, []) and not steps.acts_in({"demarcation"}, [])
    restraint = KINDS["restraint"].model_validate(
        {"price": 0.1, "source": "note 68: what holding the partner back costs the leader"}
    )
    assert restraint.acts_in({"pow_repatriation"}, ["seoul"])
    assert not restraint.acts_in({"pow_repatriation"}, [])
