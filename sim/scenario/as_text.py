"""Plain-text views of a resolved scenario: YAML, and a diff against its base."""

from __future__ import annotations

import difflib
import io

from ruamel.yaml import YAML

from sim.scenario.structure import Scenario


def yaml_text(tree: object, inline_lists: bool = False) -> str:
    """Plain data as the YAML of a scenario file, 100 columns wide; `inline_lists` writes a
    list of scalars on one line (`range: [0.04, 0.06]`)."""
    yaml = YAML()
    yaml.default_flow_style = None if inline_lists else False
    yaml.width = 100
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def as_yaml(scenario: Scenario) -> str:
    """The resolved scenario (profiles filled in, changes applied) as YAML."""
    return yaml_text(scenario.model_dump(mode="json", exclude={"exercise"}, exclude_none=True))


def diff_against_base(base: Scenario, counterfactual: Scenario) -> list[str]:
    """Unified diff lines from the base's YAML to the counterfactual's."""
    before = as_yaml(base).splitlines()
    after = as_yaml(counterfactual).splitlines()
    return list(difflib.unified_diff(before, after, base.id, counterfactual.id, lineterm="", n=2))
