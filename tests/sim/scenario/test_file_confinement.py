"""Files stay inside their folders (issue 24, item 7): an actor profile that is a symbolic link
to a file elsewhere is refused unread, and a long `extends` chain is refused at a stated
depth with a located error instead of exhausting the stack."""

from __future__ import annotations

import os
import shutil

import pytest

from sim.scenario.errors import ScenarioError
from sim.scenario.loader import MAX_EXTENDS_DEPTH, builtin_scenarios, load_scenario

SECRET = "secret_key_of_another_file"
CHANGE = """id: {id}
extends: {base}
title: A link of a long chain
question: What if the chain were long?
changes:
  - path: bargaining.rationality
    set: 20
    source: "external: a loader test"
"""


def test_a_profile_linked_from_outside_the_actors_folder_is_refused_unread(tmp_path):
    shutil.copy(builtin_scenarios()["talks_1951_53"], tmp_path / "mine.yaml")
    (tmp_path / "actors").mkdir()
    (tmp_path / "elsewhere.yaml").write_text(f"{SECRET}: 1\n")
    os.symlink(tmp_path / "elsewhere.yaml", tmp_path / "actors" / "moscow.yaml")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(tmp_path / "mine.yaml")
    assert refused.value.file == str(tmp_path / "actors" / "moscow.yaml")
    assert "symbolic link to a file outside this actors folder" in str(refused.value)
    assert SECRET not in str(refused.value)


def test_a_profile_linked_inside_the_actors_folder_is_read(tmp_path):
    shutil.copy(builtin_scenarios()["talks_1951_53"], tmp_path / "mine.yaml")
    builtin = builtin_scenarios()["pow_repatriation"].parent / "actors"
    shutil.copytree(builtin, tmp_path / "actors")
    (tmp_path / "actors" / "moscow.yaml").rename(tmp_path / "actors" / "moscow_profile.yaml")
    os.symlink("moscow_profile.yaml", tmp_path / "actors" / "moscow.yaml")
    assert load_scenario(tmp_path / "mine.yaml").actors["moscow"].name


def chain(folder, links: int) -> None:
    """`c0.yaml` extends `c1.yaml` ... extends the built-in base: `links` counterfactual files."""
    for number in range(links):
        base = f"c{number + 1}.yaml" if number + 1 < links else "pow_repatriation"
        (folder / f"c{number}.yaml").write_text(CHANGE.format(id=f"c{number}", base=base))


def test_a_chain_of_the_stated_depth_loads(tmp_path):
    chain(tmp_path, MAX_EXTENDS_DEPTH)
    assert load_scenario(tmp_path / "c0.yaml").bargaining.rationality.value == 20


@pytest.mark.parametrize("links", [MAX_EXTENDS_DEPTH + 1, 500])
def test_a_deeper_chain_is_refused_where_it_passes_the_depth(tmp_path, links):
    chain(tmp_path, links)
    with pytest.raises(ScenarioError) as refused:
        load_scenario(tmp_path / "c0.yaml")
    error = refused.value
    assert (error.file, error.path, error.line) == (
        str(tmp_path / f"c{MAX_EXTENDS_DEPTH}.yaml"),
        "extends",
        2,
    )
    assert f"at most {MAX_EXTENDS_DEPTH} files; the one from c0.yaml passes through more" in str(
        error
    )
