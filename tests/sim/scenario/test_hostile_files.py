"""Hostile and unlucky files: each gives one located error, quickly, never a traceback.

The cases are those of issue 11: alias bombs, oversized and undecodable files,
control characters, deep nesting, impossible dates, numbers that are not
numbers, unknown agent classes and expectations, and `extends` reaching
outside the counterfactual's folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from sim.scenario import safe_yaml
from sim.scenario.errors import ScenarioError, short_repr
from sim.scenario.loader import load_scenario

SRC = '"note 57: a parameter paraphrased for the loader tests"'
PROFILE = f"""      anchor: 1951-07-01
      conflict_value: {{value: 0.5, source: {SRC}}}
      war_payoff: {{value: -0.01, source: {SRC}}}
      influence: {{value: 0.5, source: {SRC}}}
      veto: {{value: false, source: {SRC}}}
"""
# A self-contained scenario (inline profiles), so that these tests do not move with the data.
BASE = f"""id: hostile
title: Armistice terms, a test
summary: The loader's test scenario.
period: test
time:
  start: 1951-07-01
  step: month
  horizon: 24
issues:
  demarcation_line:
    label: Demarcation line
    options:
      - {{id: parallel_38, label: The 38th parallel, position: 0.0}}
      - {{id: line_of_contact, label: The line of contact, position: 0.5}}
      - {{id: pyongyang_wonsan_line, label: A line further north, position: 1.0}}
actors:
  beijing:
    name: Beijing
    profile:
{PROFILE}    positions:
      demarcation_line:
        ideal: {{value: 0.0, source: {SRC}}}
        salience:
          value: 0.2
          range: [0.1, 0.3]
          source: {SRC}
  moscow:
    name: Moscow
    agent: moscow
    profile:
{PROFILE}      behaviour:
        arms_supply:
          recipient: beijing
          capacity: 0.1
          leverage: 0.2
          source: {SRC}
  washington:
    name: Washington
    profile:
{PROFILE}    positions:
      demarcation_line:
        ideal: {{value: 1.0, source: {SRC}}}
        salience: {{value: 0.6, source: {SRC}}}
parties:
  communist: {{label: Communist side, leader: beijing, members: [beijing, moscow]}}
  un: {{label: United Nations, leader: washington, members: [washington]}}
events:
  - id: offensive
    date: 1951-09-01
    label: An autumn offensive
    source: {SRC}
    changes:
      - actor: beijing
        field: conflict_value
        shift: {{value: -0.05, range: [-0.1, 0.0]}}
bargaining:
  rationality: {{value: 20, range: [10, 40]}}
historical:
  demarcation_line: {{outcome: line_of_contact, date: 1951-11-27}}
"""
SOURCE = "note 64: a change made by a test of the loader"


def edited(old: str, new: str) -> str:
    assert old in BASE, f"fixture text {old!r} not in the base scenario"
    return BASE.replace(old, new, 1)


def line_of(text: str, part: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if part in line)


def error_for(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return caught.value


def write(folder: Path, text: str | bytes, name: str = "scenario.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def alias_bomb(levels: int) -> str:
    """A `title` holding nested anchors: 9 ** levels strings once expanded."""
    lines = [
        "id: bomb",
        "title:",
        '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    for level in range(1, levels):
        lines.append(f"  a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_the_alias_that_crosses_the_limit(tmp_path):
    path = write(tmp_path, alias_bomb(10))
    error = error_for(path)
    assert (error.line, error.path) == (8, "")
    assert error.message == (
        "aliases expand to more than 100,000 values "
        "(anchors `&` and aliases `*` must not multiply the file)"
    )


def test_a_value_echoed_in_an_error_is_cut_short_without_expanding_shared_aliases(tmp_path):
    path = write(tmp_path, alias_bomb(5))  # 59,049 strings: under the limit, still huge to print
    error = error_for(path)
    assert error.path == "title"
    assert error.message.startswith("Input should be a valid string (got {'a0': ['lol', 'lol'")
    assert "'l…) [6 more problems after fixing this]" in error.message
    assert len(error.message) < 150


def test_short_repr_stops_early_on_shared_trees():
    leaf = ["lol"] * 9
    for _ in range(12):  # 9 ** 13 strings if walked in full
        leaf = [leaf] * 9
    shown = short_repr(leaf)
    assert len(shown) == 60 and shown.startswith("[[[[") and shown.endswith("…")


def test_a_file_over_the_size_cap_is_refused_naming_the_cap(tmp_path):
    path = write(tmp_path, "# " + "x" * safe_yaml.MAX_BYTES + "\n")
    error = error_for(path)
    assert (error.line, error.message) == (None, "file is larger than the limit of 1,000,000 bytes")


def test_bytes_that_are_not_utf8_are_located(tmp_path):
    text = edited("title: Armistice terms", "title: Armistice \xff terms")
    path = write(tmp_path, text.encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    error = error_for(path)
    assert error.line == line_of(BASE, "title: Armistice terms")
    assert error.message == "not UTF-8 text: byte 0xff cannot be decoded"


def test_a_byte_order_mark_and_crlf_line_ends_are_accepted(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + BASE.replace("\n", "\r\n").encode("utf-8"))
    assert load_scenario(path) == load_scenario(write(tmp_path, BASE, "plain.yaml"))


def test_crlf_keeps_line_numbers(tmp_path):
    text = edited("leader: beijing", "leader: seoul").replace("\n", "\r\n")
    error = error_for(write(tmp_path, text))
    assert (error.path, error.line) == (
        "parties.communist.leader",
        line_of(BASE, "leader: beijing"),
    )


@pytest.mark.parametrize(("char", "shown"), [("\x00", "U+0000"), ("\x1b", "U+001B")])
def test_control_characters_are_located(tmp_path, char, shown):
    path = write(tmp_path, edited("summary: ", f"summary: a{char}b "))
    error = error_for(path)
    assert error.line == line_of(BASE, "summary: ")
    assert error.message == f"control character {shown} is not allowed in YAML text"


@pytest.mark.parametrize(
    "title",
    [
        "[" * 10_000 + "]" * 10_000,
        "\n" + "".join(" " * depth + f"k{depth}:\n" for depth in range(1, 200)),
    ],
    ids=["flow", "block"],
)
def test_deep_nesting_is_refused_before_it_can_exhaust_the_stack(tmp_path, title):
    error = error_for(write(tmp_path, f"id: deep\ntitle: {title}\n"))
    assert error.message == "nested more than 50 levels deep"
    assert error.line == (2 if title.startswith("[") else 52)


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path):
    error = error_for(write(tmp_path, 'id: x\ntitle: "never closed\nsummary: one\nperiod: p\n'))
    assert error.line == 2
    assert error.message == "YAML syntax error: a quoted string that starts here is never closed"


def test_an_impossible_date_names_its_field(tmp_path):
    text = edited("start: 1951-07-01", "start: 1951-02-30")
    error = error_for(write(tmp_path, text))
    assert (error.path, error.line) == ("time.start", line_of(text, "1951-02-30"))
    assert "day value is outside expected range (got '1951-02-30')" in error.message


def test_a_horizon_that_runs_past_the_year_9999_is_an_error_not_an_overflow(tmp_path):
    text = edited("start: 1951-07-01", "start: 9998-07-01")
    error = error_for(write(tmp_path, text))
    assert (error.path, error.line) == ("time.horizon", line_of(text, "horizon:"))
    assert error.message == "24 months from 9998-07-01 come too near the year 9999"


def test_an_integer_too_long_to_convert_names_its_field(tmp_path):
    text = edited("horizon: 24", "horizon: " + "9" * 5000)
    error = error_for(write(tmp_path, text))
    assert error.path == "time.horizon"
    assert error.message.startswith("Unable to parse input string as an integer")
    assert len(error.message) < 200


@pytest.mark.parametrize("number", [".nan", ".inf", "-.inf", "1e999"])
def test_nan_and_infinity_are_refused(tmp_path, number):
    text = edited("value: 0.2", f"value: {number}")
    error = error_for(write(tmp_path, text))
    assert error.path == "actors.beijing.positions.demarcation_line.salience.value"
    assert error.line == line_of(BASE, "value: 0.2")
    assert error.message.startswith("Input should be a finite number")


def test_an_infinite_shift_in_an_event_is_refused(tmp_path):
    text = edited("shift: ", "shift: .inf #")
    error = error_for(write(tmp_path, text))
    assert error.path.endswith(".shift.value")
    assert error.message.startswith("Input should be a finite number")


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("horizon: 24", "horizon: true", "time.horizon"),
        ("value: 0.2", "value: true", "actors.beijing.positions.demarcation_line.salience.value"),
    ],
)
def test_true_is_not_a_number(tmp_path, old, new, path):
    text = edited(old, new)
    error = error_for(write(tmp_path, text))
    assert (error.path, error.line) == (path, line_of(text, new))
    assert error.message == "expected a number, not true/false"


def test_true_is_not_an_option_position(tmp_path):
    text = edited("position: 1.0}", "position: true}")
    error = error_for(write(tmp_path, text))
    assert error.path.startswith("issues.") and error.path.endswith(".position")
    assert error.line == line_of(text, "position: true")
    assert error.message == "expected a number, not true/false"


@pytest.mark.parametrize("rationality", ["0", "-5", "{value: 20, range: [-1, 40]}"])
def test_rationality_must_be_positive(tmp_path, rationality):
    text = edited("rationality: {value: 20, range: [10, 40]}", f"rationality: {rationality}")
    error = error_for(write(tmp_path, text))
    assert (error.path, error.line) == ("bargaining.rationality", line_of(text, "rationality:"))
    assert error.message.startswith("must lie within (0.0, 1000000.0], got ")


def test_an_unknown_agent_class_is_caught_at_validation(tmp_path):
    text = edited("agent: moscow", "agent: stalinbot")
    error = error_for(write(tmp_path, text))
    assert (error.path, error.line) == ("actors.moscow.agent", line_of(text, "stalinbot"))
    assert error.message.startswith("unknown agent class `stalinbot` (known: beijing, generic")


def test_an_unknown_agent_class_in_an_actor_file_is_located_in_that_file(tmp_path):
    actor_text = "id: washington\nname: Washington\nagent: washingtn\nperiods:\n  test:\n"
    actor_text += PROFILE
    bad = write(tmp_path, actor_text, "actors/washington.yaml")
    text = edited("    name: Washington\n    profile:\n" + PROFILE, "    name: Washington\n")
    error = error_for(write(tmp_path, text))
    assert (error.file, error.path) == (str(bad), "agent")
    assert error.line == line_of(actor_text, "agent: washingtn")
    assert "did you mean `washington`?" in error.message


CF = f"""id: test_cf
extends: {{base}}
title: A test counterfactual
question: What if the loader were tested?
changes:
  - remove_event: stalin_dies
    source: "{SOURCE}"
"""


@pytest.mark.parametrize(
    ("expect", "path", "start"),
    [
        (
            "{issue: pow, measure: modal, direction: higher}",
            "expect.0.issue",
            "unknown issue `pow`",
        ),
        (
            "{issue: pow_repatriation, measure: 'share:all_for_one', direction: higher}",
            "expect.0.measure",
            "unknown option `all_for_one`; did you mean `all_for_all`?",
        ),
    ],
)
def test_expectations_must_name_real_issues_and_options(tmp_path, expect, path, start):
    text = CF.format(base="pow_repatriation") + f"expect:\n  - {expect}\n"
    error = error_for(write(tmp_path, text, "cf.yaml"))
    assert (error.path, error.line) == (path, line_of(text, expect))
    assert error.message.startswith(start)


OUTSIDE = "must be a built-in scenario id or a path inside this file's folder"


@pytest.mark.parametrize("base", ["/etc/passwd", "../../../../etc/passwd", "../outside.yaml"])
def test_extends_cannot_leave_the_counterfactual_folder(tmp_path, base):
    write(tmp_path, CF.format(base="pow_repatriation"), "outside.yaml")  # a valid file, refused
    text = CF.format(base=base)
    error = error_for(write(tmp_path, text, "exercise/cf.yaml"))
    assert (error.path, error.line) == ("extends", 2)
    assert error.message.startswith(OUTSIDE)
    assert "root:" not in str(error)


def test_extends_does_not_follow_a_symbolic_link_out_of_the_folder(tmp_path):
    write(tmp_path, CF.format(base="pow_repatriation"), "outside.yaml")
    (tmp_path / "exercise").mkdir()
    os.symlink(tmp_path / "outside.yaml", tmp_path / "exercise" / "base.yaml")
    error = error_for(write(tmp_path, CF.format(base="base.yaml"), "exercise/cf.yaml"))
    assert error.message.startswith(OUTSIDE)


def test_extends_may_name_a_file_in_a_subfolder(tmp_path):
    write(tmp_path, CF.format(base="pow_repatriation"), "exercise/bases/base.yaml")
    text = CF.format(base="bases/base.yaml").replace("stalin_dies", "zhou_stalin_meeting")
    scenario = load_scenario(write(tmp_path, text, "exercise/cf.yaml"))
    assert {"stalin_dies", "zhou_stalin_meeting"}.isdisjoint(e.id for e in scenario.events)


@pytest.mark.parametrize(
    ("base", "reason"),
    [("a" * 300, "File name too long"), ('"a\\0b"', "embedded null byte")],
)
def test_an_unusable_extends_name_is_located(tmp_path, base, reason):
    error = error_for(write(tmp_path, CF.format(base=base), "cf.yaml"))
    assert (error.path, error.line) == ("extends", 2)
    assert error.message == f"not a usable path ({reason})"


def test_long_names_echoed_in_messages_are_cut(tmp_path):
    text = edited("leader: beijing", "leader: " + "x" * 5000)
    error = error_for(write(tmp_path, text))
    assert error.path == "parties.communist.leader"
    assert len(error.message) <= 600 and error.message.endswith("…")


def test_the_cli_prints_line_100_as_a_number_not_an_emoji(tmp_path):
    lines = ["# padding"] * 99 + ["id: [not, an, id]"]
    path = write(tmp_path, "\n".join(lines) + "\n")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:100: id: Input should be a valid string" in result.output
    assert "💯" not in result.output


def test_the_cli_refuses_an_alias_bomb_with_one_message(tmp_path):
    path = write(tmp_path, alias_bomb(10))
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {path}:8: (top level): aliases expand to more than")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("base", ["/etc/passwd", "../../etc/passwd", "pow_repatriation.yaml"])
def test_a_web_upload_may_extend_built_in_ids_only(base):
    from alliance_sim.web.content.uploads import load_upload

    with pytest.raises(ScenarioError) as caught:
        load_upload("mine.yaml", CF.format(base=base).encode("utf-8"))
    assert (caught.value.file, caught.value.path, caught.value.line) == ("mine.yaml", "extends", 2)
    assert caught.value.message.startswith((OUTSIDE, "base not found: no such file"))
    assert load_upload("mine.yaml", CF.format(base="pow_repatriation").encode()).id == "test_cf"


def test_an_arms_supplier_outside_every_party_is_caught_at_validation(tmp_path):
    text = edited("members: [beijing, moscow]", "members: [beijing]")
    error = error_for(write(tmp_path, text))
    assert (error.path, error.line) == ("actors.moscow", line_of(text, "  moscow:"))
    assert error.message == (
        "`moscow` supplies arms (behaviour.arms_supply) but sits in no party: "
        "add it to a party or switch the mechanism off"
    )


def test_a_web_upload_that_is_not_utf8_is_located_like_a_file():
    from alliance_sim.web.content.uploads import load_upload

    data = BASE.encode("utf-8").replace(b"title: Armistice", b"title: \xff Armistice", 1)
    with pytest.raises(ScenarioError) as caught:
        load_upload("mine.yaml", data)
    assert (caught.value.file, caught.value.line) == ("mine.yaml", line_of(BASE, "title: "))
    assert caught.value.message == "not UTF-8 text: byte 0xff cannot be decoded"


def test_control_characters_echoed_from_a_file_are_escaped(tmp_path):
    text = edited("title: ", '"bad\\nkey\\e[31m": 1\ntitle: ')
    error = error_for(write(tmp_path, text))
    assert error.path == "bad\\nkey\\x1b[31m"
    assert error.message == "unknown field `bad\\nkey\\x1b[31m`"
    assert str(error).isprintable()


def test_a_web_upload_of_an_alias_bomb_is_refused_like_a_file():
    from alliance_sim.web.content.uploads import load_upload

    with pytest.raises(ScenarioError) as caught:
        load_upload("bomb.yaml", alias_bomb(10).encode("utf-8"))
    assert (caught.value.file, caught.value.line) == ("bomb.yaml", 8)
    assert caught.value.message.startswith("aliases expand to more than 100,000 values")
