"""The layers: each sub-package imports only itself and those listed before it in `LAYERS`
(the lower layers), never one listed after it.

The order is the one the README's development section draws. A module belongs to the deepest
listed package that holds it; imports inside functions and under `TYPE_CHECKING` count too, so
no import, type-only included, may run back up the stack.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = (
    "sim",  # the version, and mesa imported without its side effect
    "sim.scenario",  # the scenario file language
    "sim.maths",  # pure numpy bargaining maths
    "agents",  # the capitals as Mesa agent classes
    "sim.engine",  # the model, its history and results
    "sim.store",  # results on disk
    "sim.experiments",  # factors, designs, sweeps
    "sim.experiments.calibration",  # ABC: the record as data, a posterior folder, runs under it
    "sim.play",  # one student in a seat
    "alliance_sim.i18n",  # the user's language: catalogues, locale formats, fonts
    "analysis",  # statistics of results
    "analysis.charts",  # chart data and drawing
    "alliance_sim.classroom",  # plain words, questions, reports, play review
    "alliance_sim.classroom.pack",  # the printable teacher pack
    "alliance_sim.classroom.live",  # live class sessions
    "alliance_sim.web.content",  # what the web pages show, without Solara
    "alliance_sim.web",  # the web app's Solara pages
    "alliance_sim.cli",  # the command line
    "alliance_sim",  # the notebook API
)
RANK = {package: rank for rank, package in enumerate(LAYERS)}


def layer_of(module: str) -> str | None:
    """The deepest package of `LAYERS` holding `module` (None: not one of ours)."""
    while module and module not in RANK:
        module = module.rpartition(".")[0]
    return module or None


def imported_modules(source: Path, package: str = "") -> set[str]:
    """Every absolute module name a file imports, at its top, inside a function or for types."""
    names = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def upward_imports(path: Path) -> list[str]:
    """The imports of the file at `path` that reach a layer above its own."""
    name = module_name(path)
    own = RANK[layer_of(name)]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return sorted(
        target
        for target in imported_modules(path, package)
        if (layer := layer_of(target)) is not None and RANK[layer] > own
    )


SOURCES = sorted(
    p for top in ("sim", "agents", "analysis", "alliance_sim") for p in (ROOT / top).rglob("*.py")
)


@pytest.mark.parametrize("layer", LAYERS)
def test_no_module_imports_a_layer_above_its_own(layer):
    offenders = {
        module_name(path): found
        for path in SOURCES
        if layer_of(module_name(path)) == layer and (found := upward_imports(path))
    }
    assert offenders == {}


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of ours it imports (a name `from package import module` counts as
    the module; an imported function counts as its module)."""
    modules = {module_name(path): path for path in SOURCES}

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = {resolve(target) for target in imported_modules(path, package)}
        graph[name] = found - {None, name}
    return graph


def test_no_modules_import_each_other_round_a_circle():
    """Type-only imports included: a circle would make the layers' order a lie inside a layer."""
    graph = import_graph()

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen

    assert sorted(name for name in graph if name in reachable(name)) == []


def test_every_package_is_a_layer():
    """A new sub-package must take its place in the order before it can hold code."""
    packages = {module_name(path.parent) for path in SOURCES}
    assert packages - set(LAYERS) == set()


def test_the_check_sees_an_import_of_a_layer_above(tmp_path):
    module = ROOT / "sim" / "scenario" / "_probe_layers.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from sim.engine.model import AllianceModel\n"
        "def f():\n    from ..maths import bargaining\n"
    )
    try:
        assert upward_imports(module) == [
            "sim.engine.model",
            "sim.engine.model.AllianceModel",
            "sim.maths",
            "sim.maths.bargaining",
        ]
    finally:
        module.unlink()


def test_every_command_is_registered_in_one_place():
    """No command module decorates itself onto the app: `alliance_sim/cli/app.py` lists them."""
    decorated = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "alliance_sim" / "cli").glob("*.py"))
        if path.name != "app.py" and "@app." in path.read_text(encoding="utf-8")
    ]
    assert decorated == []


def test_starting_the_command_line_or_reading_results_loads_no_engine():
    """`alliance-sim --help`, `compare` of saved folders and `read` need no simulation: mesa
    (with pandas and scipy, about a second to import) loads only for a command that runs one."""
    code = (
        "import sys, alliance_sim.cli.app, sim.store.reading, analysis.compare; "
        "print(sorted(m for m in ('mesa', 'pandas', 'sim.engine.model') if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


@pytest.mark.parametrize("start", [None, "forkserver"])
def test_importing_the_package_leaves_the_multiprocessing_start_method_as_it_was(start):
    """mesa sets "spawn" for the whole process when imported; a user's script with its own
    process pool must not change behaviour because it imported alliance-sim (issue 22)."""
    before = f"m.set_start_method({start!r}); " if start else ""
    code = (
        f"import multiprocessing as m; {before}"
        "import alliance_sim, alliance_sim.api, sim.engine.model, agents; "
        "print(m.get_start_method(allow_none=True))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == str(start)


def test_every_command_prints_its_errors_through_the_one_printer():
    """`console.print_error` escapes markup and the console keeps emoji codes as text; an
    error written by hand as `[bold red]error:[/] {path}` would lose `[...]` in a path."""
    by_hand = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "alliance_sim" / "cli").glob("*.py"))
        if path.name != "console.py" and "error:[/]" in path.read_text(encoding="utf-8")
    ]
    assert by_hand == []


def test_an_error_naming_a_path_with_brackets_prints_it_whole(tmp_path):
    from typer.testing import CliRunner

    from alliance_sim.cli.app import app

    missing = tmp_path / "[draft]" / "report.html"
    result = CliRunner().invoke(app, ["report", "pow_stalin_lives", "-o", str(missing)])
    assert result.exit_code == 2
    assert f"folder {missing.parent} does not exist" in result.output
