"""Every value a file sets meets the checks of the parameter it sets (issue 24, item 2): a
campaign's carry-over rule or a scenario's event change that sets a value out of its domain is
refused with file, line and field, as a counterfactual `path` setting it is."""

from __future__ import annotations

import pytest

from sim.scenario.errors import ScenarioError
from sim.scenario.loader import builtin_scenarios, load_scenario

RULE_CHANGE = """  - actor: moscow
    field: war_payoff
    shift: {value: -0.015, range: [-0.025, -0.005]}
"""
EVENT_CHANGE = """      - actor: moscow
        field: conflict_value
        shift: {value: 0.02, range: [0.0, 0.04]}
"""
BAD = [
    ("{actor: washington, field: influence, set: -3}", "profile.influence", "[0.0, 1.0]"),
    (
        "{actor: moscow, field: salience, issue: pow_repatriation, set: 5}",
        "positions.pow_repatriation.salience",
        "[0.0, 1.0]",
    ),  # fmt: skip
    (
        "{actor: moscow, field: ideal, issue: pow_repatriation, set: -3}",
        "positions.pow_repatriation.ideal",
        "[0.0, 1.0]",
    ),  # fmt: skip
    (
        "{actor: moscow, field: conflict_value, set: 1.0e+308}",
        "profile.conflict_value",
        "[-1.0, 1.0]",
    ),  # fmt: skip
    (
        "{actor: moscow, field: behaviour, mechanism: arms_supply, parameter: capacity, set: -50}",
        "profile.behaviour.arms_supply.capacity",
        "[0.0, 1.0]",
    ),  # fmt: skip
]


def copy_with(tmp_path, name: str, old: str, new: str):
    text = builtin_scenarios()[name].read_text()
    assert text.count(old) == 1
    text = text.replace(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    line = text[: text.index(new)].count("\n") + 1
    return path, line


def refused(path) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return caught.value


@pytest.mark.parametrize(("change", "keys", "domain"), BAD)
def test_a_carry_over_rule_setting_a_value_out_of_its_domain_is_refused(
    tmp_path, change, keys, domain
):
    path, line = copy_with(tmp_path, "war_1950_53", RULE_CHANGE, f"  - {change}\n")
    error = refused(path)
    assert (error.file, error.line, error.path) == (str(path), line, "carry_over.0.changes.0.set")
    assert f"{keys} after this change: must lie within {domain}" in error.message


@pytest.mark.parametrize(("change", "keys", "domain"), BAD[:1] + BAD[3:4])
def test_an_event_change_setting_a_value_out_of_its_domain_is_refused(
    tmp_path, change, keys, domain
):
    change = change.replace("washington", "beijing").replace("moscow", "beijing")
    path, line = copy_with(tmp_path, "air_cover", EVENT_CHANGE, f"      - {change}\n")
    error = refused(path)
    assert (error.file, error.line, error.path) == (str(path), line, "events.4.changes.0.set")
    assert f"`beijing`'s {keys} after this change: must lie within {domain}" in error.message


def test_a_value_inside_its_domain_still_loads(tmp_path):
    good = "  - {actor: washington, field: influence, set: 0.3}\n"
    path, _ = copy_with(tmp_path, "war_1950_53", RULE_CHANGE, good)
    assert load_scenario(path).spec.carry_over[0].changes[0].set.value == 0.3


def test_the_validate_command_prints_the_located_error(tmp_path):
    from typer.testing import CliRunner

    from alliance_sim.cli.app import app

    path, line = copy_with(tmp_path, "war_1950_53", RULE_CHANGE, f"  - {BAD[0][0]}\n")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{line}: carry_over.0.changes.0.set:" in " ".join(result.output.split())
