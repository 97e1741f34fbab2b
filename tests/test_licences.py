"""`pip install .` without extras is MIT-compatible throughout: every distribution the base
dependencies pull in (read from the installed distributions' own metadata) carries a
permissive licence, none the GPL."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
PERMISSIVE = re.compile(
    r"\b(MIT|BSD|Apache|ISC|PSF|Python Software Foundation|Zlib|0BSD|CC0|Unlicense|HPND|"
    r"MPL-2\.0|Mozilla Public License 2\.0|Historical Permission|"
    r"OFL-1\.1|SIL Open Font License)",  # fonts (Noto CJK): free to bundle with any software
    re.IGNORECASE,
)
COPYLEFT = re.compile(r"\b(A?GPL|General Public License)", re.IGNORECASE)


def licence_of(distribution: metadata.Distribution) -> str:
    """The licence a distribution declares: its SPDX expression, else its classifiers, else the
    start of its License field (some hold the whole licence text there)."""
    meta = distribution.metadata
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return (
        meta.get("License-Expression")
        or "; ".join(c.split("::")[-1].strip() for c in classifiers)
        or (meta.get("License") or "")[:200]
    )


def base_closure() -> dict[str, metadata.Distribution]:
    """Every installed distribution the declared base dependencies need, by name (extras and
    markers that do not apply here left out)."""
    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    wanted = [Requirement(text) for text in declared]
    found: dict[str, metadata.Distribution] = {}
    while wanted:
        requirement = wanted.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = requirement.name.lower().replace("_", "-")
        if name in found:
            continue
        found[name] = metadata.distribution(requirement.name)
        wanted += [Requirement(text) for text in found[name].requires or []]
    return found


def test_every_base_dependency_is_permissively_licensed():
    closure = base_closure()
    assert {"numpy", "mesa", "salib", "pyarrow"} <= set(closure)
    licences = {name: licence_of(dist) for name, dist in closure.items()}
    copyleft = {name: text for name, text in licences.items() if COPYLEFT.search(text)}
    unknown = {name: text for name, text in licences.items() if not PERMISSIVE.search(text)}
    assert copyleft == {}
    assert unknown == {}


def test_the_project_itself_is_mit_and_declares_no_gpl_extra():
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    extras = " ".join(" ".join(deps) for deps in project["optional-dependencies"].values())
    assert "prim" not in re.findall(r"[A-Za-z0-9_.-]+", extras)


def test_the_accessibility_checker_of_the_tests_is_mit_and_axe_core_mpl():
    """`axe-playwright-python` (test extra) declares no licence in its metadata: its LICENSE
    file is MIT, and the axe-core it bundles (`axe.min.js`, run offline in the browser tests)
    is MPL-2.0 by its header; both allowed beside the MIT project, neither the GPL."""
    import importlib.util
    import os

    import pytest

    if importlib.util.find_spec("axe_playwright_python") is None:
        if os.environ.get("ALLIANCE_SIM_REQUIRE_BROWSER") == "1":
            pytest.fail("axe-playwright-python is not installed")
        pytest.skip("axe-playwright-python is not installed (pip install '.[test]')")
    from axe_playwright_python.base import AXE_FILE_PATH

    distribution = metadata.distribution("axe-playwright-python")
    licence = next(f for f in distribution.files or [] if f.name == "LICENSE")
    assert licence.read_text().startswith("MIT License")
    header = AXE_FILE_PATH.read_text(encoding="utf-8")[:600]
    assert "Mozilla Public" in header and "License, v. 2.0" in header
    assert not COPYLEFT.search(licence.read_text() + header)
