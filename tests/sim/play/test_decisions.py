"""Issue 21 item 3: every seat of every built-in episode offers at least two decisions, each of
which changes the outcome of the game in some worlds (seeds), against the agents' own play of
the same seat in the same world."""

from functools import cache
from pathlib import Path

import pytest

from sim.engine.model import AllianceModel
from sim.play.decisions import DECISIONS, agents_game, decision_table, outcome_of, played
from sim.play.seats import seats_of

SEEDS = range(1, 9)
CASES = [
    (episode, seat, key)
    for episode, seats in DECISIONS.items()
    for seat, decisions in seats.items()
    for key in decisions
]


@cache
def agents(episode: str, seat: str, seed: int):
    return outcome_of(agents_game(episode, seat, seed))


def test_every_seat_of_every_episode_has_at_least_two_decisions():
    for episode, seats in DECISIONS.items():
        assert set(seats) == set(seats_of(AllianceModel(episode, replicates=1, seed=1)))
        for seat, decisions in seats.items():
            assert len(decisions) >= 2, (episode, seat)


@pytest.mark.parametrize(("episode", "seat", "key"), CASES)
def test_each_decision_changes_the_outcome_at_some_seed(episode, seat, key):
    plan = DECISIONS[episode][seat][key].plan
    changed = [
        seed
        for seed in SEEDS
        if outcome_of(played(episode, seat, seed, plan()).results().table)
        != agents(episode, seat, seed)
    ]
    assert changed, f"{episode} {seat} {key} made no difference at seeds {list(SEEDS)}"


def test_the_readme_table_is_the_decisions_table():
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    assert decision_table() in readme
