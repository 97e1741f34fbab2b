"""Dotted paths: the one walker behind counterfactual changes and sweep factors."""

import pytest

from sim.scenario.paths import PathError, canonical, set_at, walk

DATA = {
    "events": [{"id": "truce", "date": "1951-07-10"}, {"id": "stalin_dies", "date": "1953-03-05"}],
    "bargaining": {"rationality": {"value": 20, "range": [10, 40]}},
}


def test_list_items_are_named_by_id_or_index_and_the_canonical_path_names_them_by_id():
    keys, value = walk(DATA, "events.stalin_dies.date")
    assert (keys, value) == (("events", 1, "date"), "1953-03-05")
    assert walk(DATA, "events.1.date") == (keys, value)
    assert canonical(DATA, keys) == "events.stalin_dies.date"


def test_a_value_set_at_a_walked_path_is_found_there():
    data = {"events": [dict(event) for event in DATA["events"]]}
    keys, _ = walk(data, "events.truce.date")
    set_at(data, keys, "1951-07-11")
    assert data["events"][0]["date"] == "1951-07-11"


def test_a_path_that_leads_nowhere_says_where_by_id_and_what_is_there():
    with pytest.raises(PathError) as caught:
        walk(DATA, "events.stalin_dies.dat")
    assert str(caught.value) == (
        "`events.stalin_dies.dat`: there is no `dat` at events.stalin_dies; "
        "did you mean `date`? (it has: id, date)"
    )
    assert (caught.value.part, caught.value.at) == ("dat", "events.stalin_dies")
    with pytest.raises(PathError, match="at the top level; did you mean `events`"):
        walk(DATA, "event.truce")
    with pytest.raises(PathError, match="`bargaining.rationality.value` is a value, it has no `x`"):
        walk(DATA, "bargaining.rationality.value.x")
