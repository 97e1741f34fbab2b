"""The package layers: the engine, the agents and the analysis never import a front end.

The command line and the web app (`alliance_sim/cli`, `alliance_sim/web`) and the notebook
API (`alliance_sim/api.py`) sit on top; `sim/`, `agents/` and `analysis/` must work without
them, so a model or analysis module that imported one would tie the layers in a circle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOWER_LAYERS = ("sim", "agents", "analysis")
FRONT_ENDS = ("alliance_sim", "typer", "solara", "reacton", "ipyvuetify")


def imported_modules(source: Path) -> set[str]:
    """Every absolute module name a file imports, at its top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def front_end_imports(source: Path) -> list[str]:
    return sorted(
        name
        for name in imported_modules(source)
        if any(name == top or name.startswith(top + ".") for top in FRONT_ENDS)
    )


@pytest.mark.parametrize("layer", LOWER_LAYERS)
def test_no_lower_layer_module_imports_a_front_end(layer):
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in sorted((ROOT / layer).rglob("*.py"))
        if (found := front_end_imports(path))
    }
    assert offenders == {}


def test_the_check_sees_an_import_of_the_command_line(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from alliance_sim.cli.console import out\n")
    assert front_end_imports(module) == ["alliance_sim.cli.console"]


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
        "import sys, alliance_sim.cli.app, analysis.results_io, analysis.compare; "
        "print(sorted(m for m in ('mesa', 'pandas', 'sim.model') if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


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
