"""Read scenario and actor-profile files into validated, immutable models.

A scenario is named by path or by built-in id. Its actors take their
actor-level parameters from `actors/<id>.yaml` (beside the scenario, then the
built-in folder) for the scenario's period, unless the scenario gives a
`profile` inline. Every problem becomes one :class:`ScenarioError` naming the
file, the line and the field.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from sim import counterfactual, references, schema
from sim.errors import ScenarioError, from_validation, locate

M = TypeVar("M", bound=BaseModel)

KNOWN_FIELDS = {
    name
    for model in vars(schema).values()
    if isinstance(model, type) and issubclass(model, BaseModel)
    for name in model.model_fields
}


def builtin_dir() -> Path:
    """The folder of built-in scenarios, installed beside this package as data."""
    return Path(__file__).resolve().parent.parent / "scenarios"


def builtin_scenarios() -> dict[str, Path]:
    """Built-in historical scenario id -> file."""
    return {path.stem: path for path in sorted(builtin_dir().glob("*.yaml"))}


def builtin_exercises() -> dict[str, Path]:
    """Built-in counterfactual exercise id -> file (in `scenarios/counterfactuals/`)."""
    folder = builtin_dir() / "counterfactuals"
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def resolve(name: str | Path) -> Path:
    """A scenario file from a path or a built-in id."""
    path = Path(name)
    if path.is_file():
        return path
    known = builtin_scenarios() | builtin_exercises()
    if str(name) in known:
        return known[str(name)]
    if path.suffix in (".yaml", ".yml") or path.parent != Path("."):
        raise ScenarioError(path, None, "", "file not found")
    guess = difflib.get_close_matches(str(name), known, n=1)
    hint = f"; did you mean `{guess[0]}`?" if guess else ""
    raise ScenarioError(
        name, None, "", f"no such file or built-in scenario{hint} (built-in: {', '.join(known)})"
    )


def read_yaml(path: Path) -> object:
    """The YAML node tree of `path`, keeping line numbers."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError(path, None, "", f"cannot read file: {error.strerror}") from None
    try:
        tree = YAML(typ="rt").load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise ScenarioError(path, line, "", f"YAML syntax error: {error.problem}") from None
    if not isinstance(tree, dict):
        raise ScenarioError(path, 1, "", "expected a mapping of fields at the top level")
    return tree


def validate(model: type[M], tree: object, path: Path) -> M:
    """Validate `tree` as `model`, turning pydantic's errors into a located ScenarioError."""
    try:
        return model.model_validate(tree)
    except ValidationError as error:
        raise from_validation(error, path, tree, KNOWN_FIELDS) from None


def load_actor_file(actor_id: str, folders: list[Path]) -> tuple[schema.ActorFile, Path] | None:
    for folder in folders:
        path = folder / "actors" / f"{actor_id}.yaml"
        if path.is_file():
            actor = validate(schema.ActorFile, read_yaml(path), path)
            if actor.id != actor_id:
                raise ScenarioError(path, 1, "id", f"file is named for `{actor_id}`")
            return actor, path
    return None


def load_scenario(name: str | Path) -> schema.Scenario:
    """Load, complete with actor profiles and check a scenario or counterfactual file."""
    return _load(resolve(name), ())


def _load(path: Path, chain: tuple[Path, ...]) -> schema.Scenario:
    tree = read_yaml(path)
    if counterfactual.is_counterfactual(tree):
        return _load_counterfactual(path, tree, chain)
    scenario = validate(schema.Scenario, tree, path)
    if scenario.exercise is not None:
        line, shown = locate(tree, ("exercise",))
        raise ScenarioError(path, line, shown, "set by `extends` files only; remove it here")
    scenario = _with_profiles(scenario, tree, path)
    for loc, message in references.problems(scenario):
        line, shown = locate(tree, loc)
        raise ScenarioError(path, line, shown, message)
    return scenario


def _load_counterfactual(path: Path, tree: object, chain: tuple[Path, ...]) -> schema.Scenario:
    """Resolve the `extends` chain (relative paths first, then built-in ids), then apply changes."""
    spec = validate(schema.Counterfactual, tree, path)
    line, shown = locate(tree, ("extends",))
    relative = path.parent / spec.extends
    try:
        base_path = relative if relative.is_file() else resolve(spec.extends)
    except ScenarioError as error:
        raise ScenarioError(path, line, shown, f"base not found: {error.message}") from None
    here = path.resolve()
    if base_path.resolve() in (*chain, here):
        cycle = " -> ".join(p.name for p in (*chain, here, base_path.resolve()))
        raise ScenarioError(path, line, shown, f"`extends` goes round in a cycle: {cycle}")
    base = _load(base_path, (*chain, here))
    return counterfactual.resolve(spec, tree, path, base)


def _with_profiles(scenario: schema.Scenario, tree: object, path: Path) -> schema.Scenario:
    folders = [path.parent, builtin_dir()]
    actors = {}
    for actor_id, actor in scenario.actors.items():
        found = None if actor.profile else load_actor_file(actor_id, folders)
        if found is not None:
            actor_file, actor_path = found
            if scenario.period not in actor_file.periods:
                line, shown = locate(tree, ("period",))
                raise ScenarioError(
                    path,
                    line,
                    shown,
                    f"{actor_path.name} has no period `{scenario.period}` "
                    f"(it has: {', '.join(actor_file.periods)})",
                )
            actor = actor.model_copy(
                update={
                    "profile": actor_file.periods[scenario.period],
                    "name": actor.name or actor_file.name,
                    "agent": actor.agent or actor_file.agent,
                }
            )
        actors[actor_id] = actor
    return scenario.model_copy(update={"actors": actors})
