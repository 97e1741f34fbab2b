"""Plain-text views of a resolved scenario: YAML, and a diff against its base."""

from __future__ import annotations

import difflib
import io

from ruamel.yaml import YAML

from sim.schema import Scenario


def as_yaml(scenario: Scenario) -> str:
    """The resolved scenario (profiles filled in, changes applied) as YAML."""
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100
    stream = io.StringIO()
    yaml.dump(scenario.model_dump(mode="json", exclude={"exercise"}, exclude_none=True), stream)
    return stream.getvalue()


def diff_against_base(base: Scenario, counterfactual: Scenario) -> list[str]:
    """Unified diff lines from the base's YAML to the counterfactual's."""
    before = as_yaml(base).splitlines()
    after = as_yaml(counterfactual).splitlines()
    return list(difflib.unified_diff(before, after, base.id, counterfactual.id, lineterm="", n=2))
