"""The end of a played game: how its armistice was signed, beside history (note 68)."""

from alliance_sim.classroom.play_review import signing_sentences
from sim.play.session import PlaySession


def played_to_the_end(scenario: str, seat: str, seed: int) -> PlaySession:
    game = PlaySession(scenario, seat, seed)
    while not game.finished:
        game.act({})
    return game


def test_a_played_armistice_is_signed_after_rhee_is_bought():
    """Playing Pyongyang (moves left to Kim's own rule) at seed 2, the prisoner terms come in
    June 1953 and the armistice a month later, once Washington has bought Seoul's signature;
    the review says so and gives the historical date."""
    game = played_to_the_end("talks_1951_53", "pyongyang", 2)
    lines = signing_sentences(game.scenario, game.results().table)
    assert lines == [
        "The armistice: signed on 1953-07-01, after the last terms of 1953-06-01: Seoul "
        "(Syngman Rhee) acted alone against the terms and signed only once Washington paid "
        "its price.",
        "History: the armistice on 1953-07-27.",
    ]


def test_a_game_without_an_armistice_or_without_terms_says_so():
    assert signing_sentences(*_game("pow_repatriation", "washington", 3)) == []
    lines = signing_sentences(*_game("talks_1951_53", "washington", 1))  # held to the end
    assert lines[0] == "The armistice: not signed, because not every question was settled."


def _game(scenario: str, seat: str, seed: int):
    game = played_to_the_end(scenario, seat, seed)
    return game.scenario, game.results().table
