"""Bad input: every error names the file, the line and the field, and says what was expected."""

import re
from pathlib import Path

import pytest

from sim.scenario.errors import ScenarioError
from sim.scenario.loader import builtin_scenarios, load_scenario

BASE = builtin_scenarios()["talks_1951_53"].read_text(encoding="utf-8")


def broken(scenario_file, old: str, new: str) -> Path:
    assert old in BASE, f"fixture text {old!r} not in the base scenario"
    return scenario_file(BASE.replace(old, new, 1))


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def error_for(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return caught.value


def test_unknown_actor_in_a_party(scenario_file):
    path = broken(
        scenario_file,
        "members: [beijing, moscow, pyongyang]",
        "members: [beijing, moskow, pyongyang]",
    )
    error = error_for(path)
    assert error.file == str(path)
    assert error.line == line_of(path, "moskow")
    assert error.path == "parties.communist.members.1"
    assert "unknown actor `moskow`" in error.message and "did you mean `moscow`" in error.message


def test_historical_option_that_does_not_exist(scenario_file):
    path = broken(scenario_file, "outcome: line_of_contact", "outcome: line_of_contract")
    error = error_for(path)
    assert error.line == line_of(path, "line_of_contract")
    assert error.path == "historical.demarcation_line.outcome"
    assert "unknown option" in error.message


def test_influence_weight_outside_its_range(scenario_file):
    path = broken(
        scenario_file,
        "          value: 0.2\n          range: [0.1, 0.3]",
        "          value: 1.2\n          range: [0.1, 1.3]",
    )
    error = error_for(path)
    assert error.path == "actors.beijing.positions.troop_withdrawal.salience"
    assert error.line == line_of(path, "value: 1.2") - 1
    assert "must lie within [0.0, 1.0]" in error.message


def test_event_date_outside_the_horizon(scenario_file):
    path = broken(scenario_file, "date: 1951-11-19", "date: 1959-11-19")
    error = error_for(path)
    assert error.path == "events.4.date"  # stalin_advises_patience
    assert error.line == line_of(path, "1959-11-19")
    assert "outside the scenario's time window" in error.message


def test_yaml_syntax_error(scenario_file):
    path = broken(scenario_file, "  step: month", "  step: [month")
    error = error_for(path)
    assert error.line is not None and error.line >= line_of(path, "step: [month")
    assert "YAML syntax error" in error.message


def test_typo_in_a_field_name_suggests_the_right_one(scenario_file):
    path = broken(
        scenario_file,
        "        salience:\n          value: 0.2",
        "        salince:\n          value: 0.2",
    )
    error = error_for(path)
    assert error.line == line_of(path, "salince")
    assert "unknown field `salince`" in error.message and "did you mean `salience`" in error.message


def test_wrong_step_unit(scenario_file):
    path = broken(scenario_file, "  step: month", "  step: fortnight")
    error = error_for(path)
    assert (error.path, error.line) == ("time.step", line_of(path, "fortnight"))
    assert "'day', 'week' or 'month'" in error.message


def test_source_must_cite_a_note_or_an_external_reference(scenario_file):
    path = broken(scenario_file, 'source: "note 59: Mao judged', 'source: "Mao judged')
    error = error_for(path)
    assert error.path.endswith("salience.source")
    assert error.line == line_of(path, 'source: "Mao judged')
    assert "note 64: <what the note says, in your words>" in error.message
    assert "pattern" not in error.message and "\\b" not in error.message  # no raw regex


@pytest.mark.parametrize(
    "source",
    ["주 59: 마오는 소련의 공군 지원을", "注59：毛泽东认为苏联空军", "примечание 59: Мао считал, что",
     "notes 59, 60: Mao judged the air cover", "external: Zhihua Shen, Mao, Stalin"],
)  # fmt: skip
def test_a_teacher_may_cite_the_notes_in_their_own_language(scenario_file, source):
    """Issue 23: a Korean, Chinese or Russian teacher writes a scenario's sources in their
    language; the rule is the same (a note number and a paraphrase)."""
    path = broken(scenario_file, 'source: "note 59: Mao judged', f'source: "{source} Mao judged')
    assert load_scenario(path).id


@pytest.mark.parametrize("source", ["注59：短", "주 59: 짧다", "note 59: short"])
def test_a_source_that_says_nearly_nothing_is_refused(scenario_file, source):
    """Five Hangul or Han characters, or ten letters, after the colon at least."""
    line = next(line for line in BASE.splitlines() if 'source: "note 59: Mao judged' in line)
    path = broken(scenario_file, line, line.split('"')[0] + f'"{source}"')
    error = error_for(path)
    assert error.path.endswith("salience.source") and "at least 10 characters" in error.message
    assert error.line == line_of(path, source)


def test_the_message_reads_file_line_field(scenario_file):
    path = broken(scenario_file, "leader: beijing", "leader: seoul")
    text = str(error_for(path))
    assert re.match(rf"{re.escape(str(path))}:\d+: parties\.communist\.leader: ", text)


def test_unknown_builtin_id_lists_the_known_ones():
    with pytest.raises(ScenarioError) as caught:
        load_scenario("air_cvoer")
    assert "did you mean `air_cover`" in str(caught.value)
    assert "pow_repatriation" in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(tmp_path / "nowhere.yaml")


def test_every_builtin_scenario_loads():
    for scenario_id in builtin_scenarios():
        assert load_scenario(scenario_id).id == scenario_id


def test_an_issue_waiting_for_an_unknown_issue(scenario_file):
    path = broken(scenario_file, "after:\n    - troop_withdrawal", "after:\n    - troop_withdrawl")
    error = error_for(path)
    assert error.path == "issues.demarcation_line.after.0"
    assert error.line == line_of(path, "troop_withdrawl")
    assert "did you mean `troop_withdrawal`" in error.message


def test_issues_waiting_for_each_other_in_a_cycle(scenario_file):
    # the agenda waits for the prisoners, which wait for the line, which waits for the agenda
    text = BASE.replace(
        "  troop_withdrawal:\n    label:",
        "  troop_withdrawal:\n    after: [pow_repatriation]\n    label:",
        1,
    )
    path = scenario_file(text)
    error = error_for(path)
    assert error.path.startswith("issues.") and error.path.endswith(".after")
    assert "cycle" in error.message and "troop_withdrawal" in error.message


def test_a_view_of_an_unknown_scenario_or_issue(scenario_file):
    view = builtin_scenarios()["pow_repatriation"].read_text(encoding="utf-8")
    path = scenario_file(view.replace("view_of: talks_1951_53", "view_of: talks_1951"))
    error = error_for(path)
    assert (error.path, error.line) == ("view_of", line_of(path, "view_of: talks_1951"))
    assert "did you mean `talks_1951_53`" in error.message
    path = scenario_file(view.replace("issues: [pow_repatriation]", "issues: [prisoners]"))
    error = error_for(path)
    assert error.path == "issues.0" and "unknown issue `prisoners`" in error.message


def test_a_mechanism_the_agent_class_does_not_carry(tmp_path):
    """Washington restrains; it is not an exhausted ally: the actor file's line says so."""
    actors = tmp_path / "actors"
    actors.mkdir()
    washington = builtin_scenarios()["talks_1951_53"].parent / "actors" / "washington.yaml"
    text = washington.read_text(encoding="utf-8").replace(
        "      restraint:",
        "      exhaustion:\n        patron: seoul\n        burden: 0.01\n"
        '        source: "note 68: a test mechanism Washington does not carry"\n      restraint:',
        1,
    )
    (actors / "washington.yaml").write_text(text, encoding="utf-8")
    scenario = tmp_path / "talks.yaml"
    scenario.write_text(BASE, encoding="utf-8")
    error = error_for(scenario)
    assert error.file == str(actors / "washington.yaml")
    assert error.path == "periods.talks_1951_53.behaviour.exhaustion"
    assert error.line == line_of(actors / "washington.yaml", "exhaustion:")
    assert "does not carry `exhaustion` (it carries: restraint)" in error.message


def test_a_built_in_file_is_read_once_and_again_when_it_changes(tmp_path, monkeypatch):
    """Built-in files are kept once read (a few tenths of a second each), but each caller
    gets its own copy, and a changed file in the built-in folder is read again."""
    import shutil

    import sim.scenario.loader as loader

    folder = tmp_path / "scenarios"
    shutil.copytree(loader.builtin_dir(), folder)
    monkeypatch.setattr(loader, "builtin_dir", lambda: folder)
    first, second = load_scenario("pow_repatriation"), load_scenario("pow_repatriation")
    assert first == second and first is not second
    first.actors.pop("moscow")  # a caller that changes its copy in place changes only its own
    assert "moscow" in load_scenario("pow_repatriation").actors
    path = folder / "pow_repatriation.yaml"
    path.write_text(
        path.read_text().replace("title: Prisoner-of-war", "title: Edited prisoner-of-war")
    )
    assert load_scenario("pow_repatriation").title.startswith("Edited prisoner-of-war")
