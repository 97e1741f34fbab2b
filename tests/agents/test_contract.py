"""Contract every capital's agent class inherits (after Axelrod's test_player.py)."""

import datetime as dt
import re

import numpy as np
import pytest

from agents import AGENT_CLASSES, CapitalAgent
from sim.engine.model import AllianceModel
from sim.scenario.loader import builtin_dir, load_actor_file, load_scenario
from sim.scenario.mechanisms import AGENT_CLASS_IDS, Behaviour

CAPITALS = ["moscow", "beijing", "pyongyang", "washington"]


def cited_notes(text: str) -> set[int]:
    """Note numbers cited as `note 36`, `notes 62, 64, 65` or `notes 48-56`."""
    found: set[int] = set()
    for group in re.findall(r"notes? ([\d ,\-–]+)", text):
        for part in re.split(r"[ ,]+", group.strip(" ,")):
            if "-" in part:
                low, high = part.split("-")
                found |= set(range(int(low), int(high) + 1))
            elif part.isdigit():
                found.add(int(part))
    return found


def test_the_agent_classes_are_the_ones_the_scenario_language_names():
    """The loader checks `agent:` against `AGENT_CLASS_IDS` without importing `agents`."""
    assert tuple(AGENT_CLASSES) == AGENT_CLASS_IDS


@pytest.mark.parametrize("mechanism", list(Behaviour.model_fields))
def test_every_mechanism_has_a_carrier_that_carries_it(mechanism):
    """A mechanism class without `carrier` fails here, not in a student's scenario."""
    carriers = [agent for agent in AGENT_CLASS_IDS if mechanism in Behaviour.carried_by(agent)]
    assert len(carriers) == 1
    carrier = carriers[0]
    assert carrier != "generic"
    assert mechanism in AGENT_CLASSES[carrier].classifier["mechanisms"]


@pytest.mark.parametrize("capital", CAPITALS)
class TestCapitalContract:
    def test_is_a_capital_agent_with_a_cited_docstring(self, capital):
        cls = AGENT_CLASSES[capital]
        assert issubclass(cls, CapitalAgent) and cls is not CapitalAgent
        notes = cited_notes(cls.__doc__ or "")
        assert len(notes) >= 3, "the docstring must say why, citing the article's notes"
        assert notes <= set(range(1, 72)), "the article has notes 1-71"

    def test_classifier_names_the_capital_and_only_notes_its_docstring_cites(self, capital):
        classifier = AGENT_CLASSES[capital].classifier
        assert classifier["capital"] == capital
        assert set(classifier) == {"capital", "role", "mechanisms", "notes"}
        assert set(classifier["notes"]) <= cited_notes(AGENT_CLASSES[capital].__doc__)

    def test_each_mechanism_is_a_profile_section_and_a_method_of_the_class(self, capital):
        """The class carries the behaviour, the profile the numbers: one source for each."""
        cls = AGENT_CLASSES[capital]
        for mechanism in cls.classifier["mechanisms"]:
            assert mechanism in Behaviour.model_fields
        own = {name for name, value in vars(cls).items() if callable(value)}
        hooks = own & {name for name in vars(CapitalAgent) if not name.startswith("_")}
        assert hooks, f"{capital} overrides no hook of CapitalAgent: its mechanisms would be labels"

    def test_profile_behaviour_names_only_mechanisms_the_class_carries(self, capital):
        actor_file, _ = load_actor_file(capital, [builtin_dir()])
        assert actor_file.agent == capital
        carried = set(AGENT_CLASSES[capital].classifier["mechanisms"])
        for period in actor_file.periods.values():
            given = {name for name in Behaviour.model_fields if getattr(period.behaviour, name)}
            assert given <= carried

    def test_utility_peaks_at_the_ideal_for_every_replicate(self, capital):
        model = AllianceModel("armistice_terms", replicates=50, seed=2)
        agent = model.actors[capital]
        positions = model.issues["demarcation_line"].positions
        utility = agent.utility("demarcation_line", positions)
        nearest = np.abs(positions[None, :] - agent.ideal["demarcation_line"][:, None]).argmin(1)
        assert np.array_equal(utility.argmax(axis=1), nearest)

    def test_two_months_of_war_move_the_conflict_value_by_twice_the_monthly_drift(self, capital):
        model = AllianceModel("pow_repatriation", replicates=10, seed=2)
        drift = model.monthly_drift(capital)
        before = model.actors[capital].conflict.copy()
        model.actors[capital].fight_on(2.0, drift)
        assert np.allclose(model.actors[capital].conflict - before, 2.0 * drift)


def test_drift_is_the_war_payoff_less_what_others_press():
    """Washington is pressed by nobody; Pyongyang's exhaustion weighs on Beijing (note 60)."""
    model = AllianceModel("pow_repatriation", replicates=50, seed=2)
    washington, beijing = model.actors["washington"], model.actors["beijing"]
    assert np.allclose(model.monthly_drift("washington"), washington.war_payoff)
    burden = model.actors["pyongyang"].params["exhaustion"]["burden"]
    assert np.allclose(model.monthly_drift("beijing"), beijing.war_payoff - burden)


def test_stalin_gains_from_a_long_war_once_he_advises_patience_and_loses_from_delay_in_1950():
    """Notes 53, 58: in 1951 Stalin expected an armistice, so a month of war is worth little to
    him; from his advice not to hurry (note 62) a long war is his gain (notes 64, 65). Note 27:
    in 1950 he wanted troops without delay."""
    moscow, _ = load_actor_file("moscow", [builtin_dir()])
    talks = moscow.periods["talks_1951_53"].war_payoff
    assert talks.low < 0 < talks.high
    assert moscow.periods["entry_1950"].war_payoff.high < 0
    model = AllianceModel("talks_1951_53", replicates=200, seed=5)
    model.advance_to(dt.date(1951, 11, 1))
    assert np.abs(model.actors["moscow"].war_payoff).max() <= 0.005
    model.advance_to(dt.date(1951, 12, 1))
    assert (model.actors["moscow"].war_payoff > 0.005).all()


def test_moscow_advises_custody_without_a_veto_or_a_cap():
    """Note 67 and the text before note 57: Stalin advised custody in a neutral country; he
    advised, he did not dictate. He holds no veto and removes no option; from the date of his
    advice he pushes Beijing toward settling, not before."""
    model = AllianceModel("pow_repatriation", replicates=200, seed=5)
    moscow = model.actors["moscow"]
    assert not moscow.holds_veto("pow_repatriation").any()
    assert np.all(moscow.pressure_on("beijing") == 0)
    model.advance_to(dt.date(1952, 9, 1))
    view = model.party_view("communist", "pow_repatriation")
    assert not view.removed[view.members.index("moscow")].any()
    assert (moscow.pressure_on("beijing") > 0).mean() > 0.9


def test_washington_overrides_seouls_veto_while_the_deal_is_worth_the_price():
    """Washington restrains Seoul at a price (note 68): Rhee's veto would remove neutral custody,
    and does unless custody is worth more to Washington than fighting on plus the price."""
    scenario = load_scenario("pow_repatriation")
    parties = dict(scenario.parties)
    parties["un"] = parties["un"].model_copy(update={"restrains": []})
    unrestrained = scenario.model_copy(update={"parties": parties})
    custody = 1  # voluntary_neutral_custody
    acceptable = {}
    for name, variant in (("restrained", scenario), ("unrestrained", unrestrained)):
        model = AllianceModel(variant, 200, seed=3)
        model.actors["seoul"].conflict[:] = 0.95  # Rhee values war above anything short of release
        model.actors["seoul"].influence[:] = 0.0  # only his veto speaks, not his voice
        washington = model.actors["washington"]
        utility = washington.utility("pow_repatriation", model.issues["pow_repatriation"].positions)
        price = washington.params["restraint"]["price"]
        washington.conflict = utility[:, custody] - price - 0.01  # custody just worth the price
        acceptable[name] = model.party_view("un", "pow_repatriation").acceptable[:, custody]
        if name == "restrained":
            washington.conflict = utility[:, custody] - price + 0.01  # no longer worth it
            acceptable["overpriced"] = model.party_view("un", "pow_repatriation").acceptable[
                :, custody
            ]
    assert acceptable["restrained"].all()
    assert not acceptable["unrestrained"].any()
    assert not acceptable["overpriced"].any()
