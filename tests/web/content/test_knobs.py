"""The web sliders are counterfactual changes: a slider setting saved as a counterfactual file
passes `alliance-sim validate`, and loading that file gives the scenario the sliders showed."""

import re
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from alliance_sim.web.content.knobs import apply_knobs, knobs, slider_file, slider_yaml
from sim.scenario import counterfactual
from sim.scenario.campaign import stages_of
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_scenario
from sim.scenario.numbers import check_source

IDENTITY = {"id", "title", "summary", "exercise"}
"""What a resolved counterfactual names for itself; the sliders keep their scenario's."""

SETTINGS = {
    "air_cover": {"war_payoff:moscow": 2.0, "pressure:moscow:beijing": 0.5},
    "pow_repatriation": {"war_payoff:moscow": 1.5, "war_payoff:washington": 0.0},
    "pow_stalin_lives": {"war_payoff:beijing": 0.75},  # an exercise: its file extends it
    "war_1950_53": {"talks_1951_53/war_payoff:moscow": 2.0, "air_cover/war_payoff:beijing": 2.0},
}


def _stages(scenario) -> list:
    return stages_of(scenario)


@pytest.mark.parametrize("name", SETTINGS)
def test_a_slider_setting_saved_as_a_counterfactual_file_is_valid_and_gives_what_was_shown(
    name, tmp_path
):
    base, factors = load_scenario(name), SETTINGS[name]
    spec = slider_file(base, factors)
    assert spec.extends == name and len(spec.changes) == len(factors)
    assert all(change.path and "note" in change.source.partition(":")[0] for change in spec.changes)
    file = tmp_path / "sliders.yaml"
    file.write_text(slider_yaml(base, factors), encoding="utf-8")

    result = CliRunner().invoke(app, ["validate", str(file)])
    assert result.exit_code == 0, result.output
    assert f"ok ({spec.id}: " in " ".join(result.output.split())  # the terminal may wrap

    loaded, applied = load_scenario(file), apply_knobs(base, factors)
    for saved, shown in zip(_stages(loaded), _stages(applied), strict=True):
        assert saved.model_dump(exclude=IDENTITY) == shown.model_dump(exclude=IDENTITY)
    assert (applied.id, applied.title, applied.exercise) == (base.id, base.title, base.exercise)


@pytest.mark.parametrize("name", SETTINGS)
def test_the_applied_value_is_the_value_the_slider_shows(name):
    """The slider's text shows the sourced value times the factor; the run uses that value."""
    base, factors = load_scenario(name), SETTINGS[name]
    applied = {knob.key: knob for knob in knobs(apply_knobs(base, factors))}
    for knob in knobs(base):
        factor = factors.get(knob.key, 1.0)
        assert applied[knob.key].base == pytest.approx(knob.base * factor)
        if knob.number.range is not None:
            low, high = applied[knob.key].number.range
            assert sorted((low, high)) == pytest.approx(
                sorted(x * factor for x in knob.number.range)
            )
        if factor != 1.0:
            assert applied[knob.key].source.startswith(knob.source.partition(":")[0] + ": ")


def test_unmoved_sliders_change_nothing_and_write_no_file():
    base = load_scenario("air_cover")
    assert apply_knobs(base, {"war_payoff:moscow": 1.0}) is base
    assert slider_file(base, {}) is None and slider_yaml(base, {}) == ""


def test_a_slider_change_cites_the_notes_of_the_value_it_scales():
    base = load_scenario("air_cover")
    (change,) = slider_file(base, {"pressure:moscow:beijing": 2.0}).changes
    assert change.path == "lobbying.0.pressure" and check_source(change.source)
    assert change.source.startswith("note 27: ") and "×2" in change.source


def test_a_slider_change_is_checked_like_a_file_change():
    """The sliders' changes go through the loader's checks: a value off the parameter's scale
    is refused with the change's line, never silently applied."""
    base = load_scenario("air_cover")
    (knob,) = [k for k in knobs(base) if k.key == "war_payoff:moscow"]
    spec = slider_file(base, {knob.key: 2.0})
    off_scale = spec.model_copy(update={"changes": [replace(knob, limits=(-5, 5)).change(40.0)]})
    tree = off_scale.model_dump(mode="json")
    with pytest.raises(ScenarioError, match="war_payoff: must lie within"):
        counterfactual.resolve(off_scale, tree, Path("sliders.yaml"), base)


def test_the_sliders_are_named_in_the_students_language():
    """Issue 23: a slider's label names its capital in the page's language (the template and
    the names from the catalogues), and its unit too; English stays as it was."""
    from alliance_sim import i18n
    from alliance_sim.web.content.knobs import knob_changes, knobs
    from sim.scenario.loader import load_scenario

    scenario = load_scenario("talks_1951_53")
    english = [knob.label for knob in knobs(scenario)]
    assert "Moscow (Stalin)" in " ".join(english)
    factors = {knobs(scenario)[0].key: 2.0}
    for lang in ("ko", "zh_Hans", "ru"):
        with i18n.language(lang):
            shown = [k.label for k in knobs(scenario)] + knob_changes(scenario, factors, False)
        assert not [text for text in shown if re.search(r"[A-Za-z]{3,}", text)], shown
    assert [knob.label for knob in knobs(scenario)] == english
