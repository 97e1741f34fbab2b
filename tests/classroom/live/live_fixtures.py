"""Class sessions' shared fixtures: the POW episode, a clock the tests move by hand, and a
class room on that clock (loaded by tests/conftest.py's `pytest_plugins`: a second
conftest.py would shadow tests/conftest.py, which tests import by name)."""

from __future__ import annotations

import pytest

from alliance_sim.classroom.live.room import ClassRoom
from sim.scenario.loader import load_scenario


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def pow_scenario():
    return load_scenario("pow_repatriation")


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def room(clock):
    return ClassRoom(clock=clock)
