"""Contract every capital's agent class inherits (after Axelrod's test_player.py)."""

import datetime as dt
import re

import numpy as np
import pytest

from agents import AGENT_CLASSES, CapitalAgent
from sim.loader import builtin_dir, load_actor_file
from sim.model import AllianceModel

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
        assert set(classifier) >= {"capital", "war_payoff", "role", "notes"}
        assert set(classifier["notes"]) <= cited_notes(AGENT_CLASSES[capital].__doc__)

    def test_profile_data_agrees_with_the_classifier(self, capital):
        """The class states whether war is a cost or a benefit to the capital in each period;
        the shared profile data must say the same (Stalin's benefit from a long war: notes 62-65)."""
        actor_file, _ = load_actor_file(capital, [builtin_dir()])
        assert actor_file.agent == capital
        for period, kind in AGENT_CLASSES[capital].classifier["war_payoff"].items():
            payoff = actor_file.periods[period].war_payoff
            if kind == "benefit":
                assert payoff.low > 0, f"{capital} {period}: a benefit must be positive"
            elif kind == "neutral":
                assert payoff.low <= 0 <= payoff.high, f"{capital} {period}: neutral spans zero"
            else:
                assert payoff.high <= 0, f"{capital} {period}: a cost must not be positive"

    def test_utility_peaks_at_the_ideal_for_every_replicate(self, capital):
        model = AllianceModel("armistice_terms", replicates=50, seed=2)
        agent = model.actors[capital]
        positions = model.issues["demarcation_line"].positions
        utility = agent.utility("demarcation_line", positions)
        nearest = np.abs(positions[None, :] - agent.ideal["demarcation_line"][:, None]).argmin(1)
        assert np.array_equal(utility.argmax(axis=1), nearest)

    def test_war_moves_the_conflict_value_by_the_war_payoff(self, capital):
        model = AllianceModel("pow_repatriation", replicates=10, seed=2)
        agent = model.actors[capital]
        before = agent.conflict.copy()
        agent.fight_on(2.0)
        assert np.allclose(agent.conflict - before, 2.0 * agent.war_payoff)


def test_moscow_vetoes_only_issues_it_holds_salient():
    """Moscow advises rather than dictates, but blocks on what it cares about (notes 59, 64)."""
    talks = AllianceModel("armistice_terms", replicates=200, seed=5)
    moscow = talks.actors["moscow"]
    salient = moscow.salience["troop_withdrawal"] >= moscow.veto_min_salience
    assert np.array_equal(moscow.holds_veto("troop_withdrawal"), salient)
    prisoners = AllianceModel("pow_repatriation", replicates=200, seed=5).actors["moscow"]
    assert prisoners.holds_veto("pow_repatriation").all()


def test_washington_overrides_seouls_veto():
    """Washington restrains Seoul (notes 68, 69): Rhee's veto would close the zone, but does not."""
    restrained = AllianceModel("pow_repatriation", replicates=100, seed=3)
    assert "seoul" in restrained.scenario.parties["un"].restrains
    scenario = restrained.scenario
    parties = dict(scenario.parties)
    parties["un"] = parties["un"].model_copy(update={"restrains": []})
    unrestrained = AllianceModel(scenario.model_copy(update={"parties": parties}), 100, seed=3)
    for model in (restrained, unrestrained):
        model.advance_to(dt.date(1953, 1, 1))  # by then Washington accepts neutral custody
        model.actors["seoul"].conflict[:] = 0.95  # Rhee values war above anything short of release
    with_restraint = restrained.party_view("un", "pow_repatriation").acceptable
    without = unrestrained.party_view("un", "pow_repatriation").acceptable
    assert np.all(with_restraint >= without)
    assert with_restraint[:, 1].mean() > 0.9 and not without[:, 1].any()
