"""Who blocked the deal: the engine's record read back in plain words."""

from analysis.blockers import deadlock_sentence, describe, held_out
from sim.engine.runner import run
from sim.scenario.loader import load_scenario


def test_the_prisoner_deal_waited_on_stalin_and_on_beijing():
    """Concluding Remarks, notes 63-66: at the end of the deadlock the communist side was held
    back by Moscow's gain from a long war in some runs and by Beijing's own firmness in others,
    never by a Moscow veto; the sentence a class reads names the first of them with its share."""
    result = run("pow_repatriation", 2000, 1950)
    record = held_out(result.table, "pow_repatriation")
    sentence = deadlock_sentence(result.scenario, result.table, "pow_repatriation")
    assert sentence.startswith("the longest deadlock lasted ")  # what a class reads
    share = f"{communist_share(record):.0%}"
    assert f"Communist side: Beijing (Mao) preferred fighting on ({share} of those runs)" in (
        sentence
    )
    first = int((result.table["deadlock_steps"] > 0).argmax())  # a game with a deadlock
    one = {column: values[first : first + 1] for column, values in result.table.items()}
    assert "of those runs" not in deadlock_sentence(
        result.scenario, one, "pow_repatriation", game=True
    )
    communist = record["held_out"]["communist"]
    assert communist["moscow:prefers_war"] > 0.3
    assert communist["beijing:prefers_war"] > 0.3
    assert "moscow:veto" not in communist
    assert record["median_steps"] >= 12  # a deadlock of more than a year (note 63)


def test_entry_waited_on_beijings_stated_stance():
    """Notes 28-35: Beijing had decided to enter; its cable kept it bargaining for cover."""
    record = held_out(run("air_cover", 1000, 1950).table, "soviet_air_cover")
    assert record["held_out"]["beijing"] == {"beijing:stated_stance": 1.0}


def test_labels_read_as_plain_words():
    scenario = load_scenario("pow_repatriation")
    assert describe(scenario, "moscow:prefers_war") == "Moscow (Stalin) preferred fighting on"
    assert describe(scenario, "seoul:veto") == "Seoul (Syngman Rhee) vetoed the terms"
    assert describe(scenario, "talks:suspended") == "the talks were suspended"


def communist_share(record: dict) -> float:
    return next(iter(record["held_out"]["communist"].values()))
