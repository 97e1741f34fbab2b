"""A `shift` in an event change or a carry-over rule meets the checks of the parameter it moves
(issue 24, item 2), and a carry-over condition's date window must hold a day: each refused with
file, line and field, as a `set` out of its domain is."""

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
WINDOW = "when: {issue: soviet_air_cover, entered_after: 1950-10-26}"


def copy_with(tmp_path, name: str, old: str, new: str):
    """A copy of the built-in `name` with `old` replaced by `new`, and the line `new` starts on."""
    text = builtin_scenarios()[name].read_text()
    assert text.count(old) == 1
    text = text.replace(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    return path, text[: text.index(new)].count("\n") + 1


def refused(path) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return caught.value


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            "{actor: washington, field: influence, shift: -3}",
            "`washington`'s profile.influence after this shift: must lie within [0.0, 1.0]",
        ),
        (
            "{actor: moscow, field: conflict_value, shift: {value: 0.5, range: [0.0, 1.0e+308]}}",
            "`moscow`'s profile.conflict_value after this shift: must lie within [-1.0, 1.0]",
        ),
        (
            "{actor: moscow, field: behaviour, mechanism: arms_supply, parameter: capacity, "
            "shift: -50}",
            "profile.behaviour.arms_supply.capacity after this shift: must lie within [0.0, 1.0]",
        ),
        (
            "{actor: moscow, field: salience, issue: pow_repatriation, shift: 5}",
            "positions.pow_repatriation.salience is on the 0..1 scale: a shift must lie within "
            "[-1.0, 1.0], got 5.0..5.0",
        ),
    ],
)
def test_a_carry_over_shift_out_of_its_domain_is_refused(tmp_path, change, message):
    path, line = copy_with(tmp_path, "war_1950_53", RULE_CHANGE, f"  - {change}\n")
    error = refused(path)
    assert (error.file, error.line, error.path) == (str(path), line, "carry_over.0.changes.0.shift")
    assert message in error.message


def test_an_event_shift_out_of_its_domain_is_refused(tmp_path):
    change = "      - {actor: beijing, field: influence, shift: {value: 0.5, range: [0.2, 0.9]}}\n"
    path, line = copy_with(tmp_path, "air_cover", EVENT_CHANGE, change)
    error = refused(path)
    assert (error.file, error.line, error.path) == (str(path), line, "events.4.changes.0.shift")
    assert "`beijing`'s profile.influence after this shift: must lie within [0.0, 1.0]" in (
        error.message
    )


def test_a_shift_inside_its_domain_still_loads(tmp_path):
    good = "  - {actor: washington, field: influence, shift: {value: -0.1, range: [-0.2, 0.0]}}\n"
    path, _ = copy_with(tmp_path, "war_1950_53", RULE_CHANGE, good)
    assert load_scenario(path).spec.carry_over[0].changes[0].shift.value == -0.1


def test_a_position_shift_past_the_scale_end_is_kept_as_the_engine_clips_it():
    """pow_repatriation raises a salience of up to 0.8 by up to 0.25: the engine counts 1.0."""
    scenario = load_scenario(builtin_scenarios()["pow_repatriation"])
    package = next(e for e in scenario.events if e.id == "un_final_package")
    assert package.changes[0].shift.high == 0.25


@pytest.mark.parametrize(
    "window",
    [
        "entered_after: 1951-01-01, entered_before: 1950-12-01",
        "entered_after: 1950-10-26, entered_before: 1950-10-27",
    ],
)
def test_a_carry_over_window_without_a_day_in_it_is_refused(tmp_path, window):
    new = f"when: {{issue: soviet_air_cover, {window}}}"
    path, line = copy_with(tmp_path, "war_1950_53", WINDOW, new)
    error = refused(path)
    assert (error.file, error.line) == (str(path), line)
    assert error.path.endswith(".when")
    assert "leave no day between them, so this condition can never hold" in error.message


def test_a_window_of_one_day_still_loads(tmp_path):
    new = "when: {issue: soviet_air_cover, entered_after: 1950-10-26, entered_before: 1950-10-28}"
    path, _ = copy_with(tmp_path, "war_1950_53", WINDOW, new)
    assert any(rule.when.entered_before for rule in load_scenario(path).spec.carry_over)


def test_the_validate_command_prints_the_located_shift_error(tmp_path):
    from typer.testing import CliRunner

    from alliance_sim.cli.app import app

    change = "  - {actor: washington, field: influence, shift: -3}\n"
    path, line = copy_with(tmp_path, "war_1950_53", RULE_CHANGE, change)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{line}: carry_over.0.changes.0.shift:" in " ".join(result.output.split())
