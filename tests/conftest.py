"""Shared fixtures: small two-party scenarios built in code, with inline profiles."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

from sim.scenario.structure import Scenario

pytest_plugins = ["web.browser_server", "classroom.live.live_fixtures"]
"""Fixtures shared by the tests of one folder (the browser tests' server and Chromium, the
class sessions' clock and room): plugins, not conftest.py files, which would shadow this one
for the tests that `from conftest import` its helpers."""

SRC = "note 57: a test parameter paraphrased for the fixture"


def actor(
    conflict: float,
    war_payoff: float = 0.0,
    influence: float = 1.0,
    veto: bool = True,
    positions: dict | None = None,
    **profile,
) -> dict:
    return {
        "profile": {
            "anchor": "1951-01-01",
            "conflict_value": {"value": conflict, "source": SRC},
            "war_payoff": {"value": war_payoff, "source": SRC},
            "influence": {"value": influence, "source": SRC},
            "veto": {"value": veto, "source": SRC},
            **profile,
        },
        "positions": positions or {},
    }


def position(ideal: float, salience: float, shape: float = 1.0) -> dict:
    return {
        "ideal": {"value": ideal, "source": SRC},
        "salience": {"value": salience, "source": SRC},
        "loss_shape": shape,
    }


def two_party(
    n_options: int = 101,
    a: dict | None = None,
    b: dict | None = None,
    horizon: int = 400,
    rationality: float | None = None,
    **extra,
) -> dict:
    """A deterministic two-party, one-issue scenario on a grid of `n_options`."""
    options = [
        {"id": f"o{i:03d}", "label": f"option {i}", "position": i / (n_options - 1)}
        for i in range(n_options)
    ]
    data = {
        "id": "theory",
        "title": "Two-party test",
        "summary": "A two-party bargaining test instance.",
        "period": "test",
        "time": {"start": "1951-01-01", "step": "day", "horizon": horizon},
        "issues": {"x": {"label": "X", "options": options}},
        "actors": {
            "a": a or actor(0.3, positions={"x": position(0.0, 1.0)}),
            "b": b or actor(0.2, positions={"x": position(1.0, 1.0)}),
        },
        "parties": {
            "left": {"label": "Left", "leader": "a", "members": ["a"]},
            "right": {"label": "Right", "leader": "b", "members": ["b"]},
        },
        "bargaining": {"rationality": rationality},
    }
    data.update(extra)
    return data


def same_tables(a: dict, b: dict) -> bool:
    """Column-wise equality of two results tables, NaT and NaN equal to themselves."""

    def comparable(column: np.ndarray) -> np.ndarray:
        return column.astype("int64") if column.dtype.kind == "M" else column

    return a.keys() == b.keys() and all(
        np.array_equal(comparable(a[k]), comparable(b[k]), equal_nan=a[k].dtype.kind == "f")
        for k in a
    )


def build(data: dict) -> Scenario:
    return Scenario.model_validate(copy.deepcopy(data))


@pytest.fixture
def scenario_file(tmp_path: Path):
    """Write YAML text to a scenario file and return its path."""

    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
