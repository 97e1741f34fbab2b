"""Fuzzing the loader and the model with mutations of the built-in scenarios and exercises.

Each example takes a built-in file, applies one to three mutations (a deleted
key, a value of another type, a random number, a random date, a random id),
writes it, and loads it. It must end in one located error naming the file,
or in a scenario that runs with no exception and no NaN in its results.

The suite runs a fixed set of 120 examples. For a longer, random run:

    ALLIANCE_FUZZ_EXAMPLES=3000 python -m pytest tests/sim/scenario/test_fuzz.py -p no:cacheprovider
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from sim.engine.runner import run
from sim.scenario import safe_yaml
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import builtin_exercises, builtin_scenarios, load_scenario
from sim.scenario.numbers import NO_AGREEMENT

EXAMPLES = int(os.environ.get("ALLIANCE_FUZZ_EXAMPLES", "120"))
IN_CI = "ALLIANCE_FUZZ_EXAMPLES" not in os.environ

SOURCES = {**builtin_scenarios(), **builtin_exercises()}


def plain(node: object) -> object:
    """The round-trip tree as plain dicts, lists and scalars."""
    if isinstance(node, dict):
        return {plain(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(item) for item in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, float):  # ruamel's ScalarFloat and ScalarInt: plain numbers
        return float(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, dt.date):
        return node
    return str(node)


TREES = {
    name: plain(safe_yaml.load(path.read_text(encoding="utf-8"))) for name, path in SOURCES.items()
}


def paths(node: object, prefix: tuple = ()) -> list[tuple]:
    """Every path into the tree (containers and leaves), root excluded."""
    found = []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in items:
        found.append((*prefix, key))
        found += paths(child, (*prefix, key))
    return found


def parent_and_key(tree: object, path: tuple) -> tuple[object, object]:
    node = tree
    for key in path[:-1]:
        node = node[key]
    return node, path[-1]


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
OTHER_TYPE = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=6), SCALARS, max_size=2),
)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-2.0, 2.0),
    st.integers(-(10**9), 10**9),
    st.sampled_from([0, -1, 1, 0.5, 1e-300, 1e300, 5000, 5001, 10**30]),
)
DATES = st.one_of(
    st.dates(),
    st.dates(dt.date(1945, 1, 1), dt.date(1960, 12, 31)),
    st.sampled_from(["1951-02-30", "1951-13-01", "0000-01-01", "99999-01-01", "1951-7-1"]),
)
IDS = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True),
    st.sampled_from(
        ["moscow", "beijing", "seoul", "washington", "pyongyang", "generic", "no_agreement"]
    ),
    st.text(max_size=12),
)


@st.composite
def mutated(draw) -> tuple[str, object, list[str]]:
    """A built-in file's tree with one to three mutations, and what they were."""
    name = draw(st.sampled_from(sorted(TREES)))
    tree = plain(TREES[name])  # a fresh copy
    done = []
    for _ in range(draw(st.integers(1, 3))):
        where = paths(tree)
        if not where:
            break
        path = draw(st.sampled_from(where))
        parent, key = parent_and_key(tree, path)
        value = parent[key]
        kind = draw(
            st.sampled_from(["delete", "retype", "number", "date", "id", "rename", "nudge"])
        )
        if kind == "nudge":  # a plausible number where there was one: the model must cope
            numeric = [p for p in where if isinstance(parent_and_key(tree, p)[0][p[-1]], float)]
            if not numeric:
                continue
            path = draw(st.sampled_from(numeric))
            parent, key = parent_and_key(tree, path)
            parent[key] = draw(st.floats(0.0, 1.0) | st.sampled_from([0.0, 1.0, 1e-9]))
            done.append(f"nudge {'.'.join(map(str, path))}")
            continue
        if kind == "delete":
            del parent[key]
        elif kind == "rename" and isinstance(parent, dict):
            new = draw(IDS)
            items = [(new if k == key else k, v) for k, v in parent.items()]
            parent.clear()
            parent.update(items)
        elif kind == "number" or (kind == "retype" and isinstance(value, int | float)):
            parent[key] = draw(NUMBERS if kind == "number" else OTHER_TYPE)
        elif kind == "date":
            parent[key] = draw(DATES)
        elif kind == "id":
            parent[key] = draw(IDS)
        else:
            parent[key] = draw(OTHER_TYPE)
        done.append(f"{kind} {'.'.join(map(str, path))}")
    return name, tree, done


def dump(tree: object) -> str:
    yaml = YAML(typ="safe", pure=True)
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def assert_no_nan(table: dict) -> None:
    for name, column in table.items():
        if column.dtype.kind != "f":
            continue
        bad = ~np.isfinite(column)
        if name == "position":  # no position for an issue left unsettled
            bad &= table["outcome"] != NO_AGREEMENT
        assert not bad.any(), f"non-finite values in column {name}"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=IN_CI,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_a_mutated_file_gives_a_located_error_or_a_clean_run(example):
    name, tree, mutations = example
    with tempfile.TemporaryDirectory(prefix="alliance-fuzz-") as folder:
        path = Path(folder) / f"{name}.yaml"
        path.write_text(dump(tree), encoding="utf-8")
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            text = str(error)
            assert error.file == str(path), (mutations, text)
            assert re.fullmatch(rf"{re.escape(str(path))}(:\d+)?: [^\n]+: .+", text, re.S), text
            assert error.line is not None, (mutations, text)
            event("located error")
            return
        result = run(scenario, replicates=4, seed=11)
        assert_no_nan(result.table)
        event("ran")
