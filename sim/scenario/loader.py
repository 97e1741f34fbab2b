"""Read scenario and actor-profile files into validated, immutable models.

A scenario is named by path or by built-in id. Its actors take their
actor-level parameters from `actors/<id>.yaml` (beside the scenario, then the
built-in folder) for the scenario's period, unless the scenario gives a
`profile` inline. Every problem becomes one :class:`ScenarioError` naming the
file, the line and the field.
"""

from __future__ import annotations

import difflib
import functools
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from sim.scenario import (
    campaign,
    counterfactual,
    derived_files,
    mechanisms,
    numbers,
    profiles,
    references,
    safe_yaml,
    structure,
)
from sim.scenario import question_cuts as views
from sim.scenario.errors import ScenarioError, from_validation, locate
from sim.scenario.tree_checks import booleans_as_numbers

M = TypeVar("M", bound=BaseModel)

KNOWN_FIELDS = {
    name
    for module in (numbers, mechanisms, profiles, structure, derived_files, campaign)
    for model in vars(module).values()
    if isinstance(model, type) and issubclass(model, BaseModel)
    for name in model.model_fields
}


def builtin_dir() -> Path:
    """The folder of built-in scenarios, installed beside this package as data."""
    return Path(__file__).resolve().parents[2] / "scenarios"


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
    """The YAML node tree of `path`, keeping line numbers (read within `sim.scenario.safe_yaml`'s limits)."""
    try:
        tree = safe_yaml.load(safe_yaml.read_text(path))
    except OSError as error:
        raise ScenarioError(path, None, "", f"cannot read file: {error.strerror}") from None
    except safe_yaml.YamlProblem as problem:
        raise ScenarioError(path, problem.line, "", problem.message) from None
    if not isinstance(tree, dict):
        raise ScenarioError(path, 1, "", "expected a mapping of fields at the top level")
    return tree


def validate(model: type[M], tree: object, path: Path) -> M:
    """Validate `tree` as `model`, turning pydantic's errors into a located ScenarioError."""
    try:
        result = model.model_validate(tree)
    except ValidationError as error:
        raise from_validation(error, path, tree, KNOWN_FIELDS) from None
    for loc in booleans_as_numbers(result, tree):
        line, shown = locate(tree, loc)
        raise ScenarioError(path, line, shown, "expected a number, not true/false")
    return result


def load_actor_file(actor_id: str, folders: list[Path]) -> tuple[profiles.ActorFile, Path] | None:
    for folder in folders:
        path = folder / "actors" / f"{actor_id}.yaml"
        if path.is_file():
            _inside_actors(path)
            tree = read_yaml(path)
            actor = validate(profiles.ActorFile, tree, path)
            if actor.id != actor_id:
                raise ScenarioError(path, 1, "id", f"file is named for `{actor_id}`")
            periods = {("periods", k, "behaviour"): v.behaviour for k, v in actor.periods.items()}
            for loc, message in (
                *references.agent_problems(actor.agent),
                *references.mechanism_problems(actor.agent, periods),
            ):
                line, shown = locate(tree, loc)
                raise ScenarioError(path, line, shown, message)
            return actor, path
    return None


def _inside_actors(path: Path) -> None:
    """A profile must be a file of its `actors/` folder once symbolic links are followed:
    a link to a file elsewhere is refused unread, so nothing of it is echoed."""
    folder = path.parent.resolve()
    if not path.resolve().is_relative_to(folder):
        raise ScenarioError(
            path,
            None,
            "",
            "a symbolic link to a file outside this actors folder; copy the profile here instead",
        )


Loaded = structure.Scenario | campaign.Campaign

MAX_EXTENDS_DEPTH = 32
"""How many counterfactual files an `extends` chain may pass through to its base: enough
for any exercise, and far below where reading the chain would exhaust Python's stack."""


def load_scenario(name: str | Path) -> Loaded:
    """Load, complete with actor profiles and check a scenario, campaign or counterfactual file.

    A built-in file is read once per process while the built-in folder is unchanged (reading
    and checking one takes a few tenths of a second); each call gets its own copy."""
    path = resolve(name)
    folder = builtin_dir()
    if path.resolve().is_relative_to(folder):
        return _load_builtin(path.resolve(), _folder_stamp(folder)).model_copy(deep=True)
    return _load(path, ())


@functools.lru_cache(maxsize=64)
def _load_builtin(path: Path, stamp: tuple) -> Loaded:
    """A built-in file, loaded (`stamp`: the state of the folder it was loaded from)."""
    return _load(path, ())


def _folder_stamp(folder: Path) -> tuple:
    """Every file under `folder` with its size and modification time: a file changed, added
    or removed (a profile, a base an exercise extends) changes the stamp."""
    stamps = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            stamps.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


def _load(path: Path, chain: tuple[Path, ...]) -> Loaded:
    tree = read_yaml(path)
    if counterfactual.is_counterfactual(tree):
        return _load_counterfactual(path, tree, chain)
    if views.is_view(tree):
        return _load_view(path, tree)
    if isinstance(tree, dict) and "stages" in tree:
        return _load_campaign(path, tree)
    scenario = validate(structure.Scenario, tree, path)
    if scenario.exercise is not None:
        line, shown = locate(tree, ("exercise",))
        raise ScenarioError(path, line, shown, "set by `extends` files only; remove it here")
    scenario = _with_profiles(scenario, tree, path)
    _raise_first(references.problems(scenario), tree, path)
    return scenario


def _raise_first(problems, tree: object, path: Path) -> None:
    """Raise the first cross-reference problem, located at its line in `tree`."""
    for loc, message in problems:
        line, shown = locate(tree, loc)
        raise ScenarioError(path, line, shown, message)


def _load_view(path: Path, tree: object) -> structure.Scenario:
    """A single-question view: the built-in base cut to the view's issues and window."""
    spec = validate(derived_files.View, tree, path)
    bases = builtin_scenarios()
    if spec.view_of not in bases or spec.view_of == spec.id:
        line, shown = locate(tree, ("view_of",))
        known = [name for name in bases if name != spec.id]
        raise ScenarioError(path, line, shown, references.unknown("scenario", spec.view_of, known))
    base = _load(bases[spec.view_of], ())
    for index, issue_id in enumerate(spec.issues):
        if issue_id not in base.issues:
            line, shown = locate(tree, ("issues", index))
            raise ScenarioError(
                path, line, shown, references.unknown("issue", issue_id, base.issues)
            )
    scenario = views.cut(spec, base)
    _raise_first(references.problems(scenario), tree, path)
    return scenario


def _load_campaign(path: Path, tree: object) -> campaign.Campaign:
    """A campaign: its stages are built-in scenarios, loaded as they are."""
    spec = validate(campaign.CampaignFile, tree, path)
    bases = builtin_scenarios()
    stages = []
    for index, stage_id in enumerate(spec.stages):
        stage_path = bases.get(stage_id)
        if stage_path is None or "stages" in read_yaml(stage_path):  # no campaign in a campaign
            scenarios = [name for name, p in bases.items() if "stages" not in read_yaml(p)]
            line, shown = locate(tree, ("stages", index))
            raise ScenarioError(
                path, line, shown, references.unknown("scenario", stage_id, scenarios)
            )
        stages.append(_load(stage_path, ()))
    _raise_first(campaign.problems(spec, stages), tree, path)
    return campaign.Campaign(spec=spec, stages=stages)


def _load_counterfactual(path: Path, tree: object, chain: tuple[Path, ...]) -> Loaded:
    """Resolve the `extends` chain (relative paths first, then built-in ids), then apply changes."""
    spec = validate(derived_files.Counterfactual, tree, path)
    line, shown = locate(tree, ("extends",))
    try:
        base_path = extended_file(path, spec.extends)
    except ScenarioError as error:
        raise ScenarioError(path, line, shown, error.message) from None
    here = path.resolve()
    if len(chain) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError(
            path,
            line,
            shown,
            f"an `extends` chain may pass through at most {MAX_EXTENDS_DEPTH} files; the one "
            f"from {chain[0].name} passes through more",
        )
    if base_path.resolve() in (*chain, here):
        cycle = " -> ".join(p.name for p in (*chain, here, base_path.resolve()))
        raise ScenarioError(path, line, shown, f"`extends` goes round in a cycle: {cycle}")
    base = _load(base_path, (*chain, here))
    return counterfactual.resolve(spec, tree, path, base)


def extended_file(path: Path, extends: str) -> Path:
    """The base file that `extends` names in the counterfactual `path`.

    It is a built-in scenario or exercise id, or a path relative to the
    counterfactual's folder that stays inside that folder or its subfolders
    (after symbolic links). Anything else is refused, so that a file, uploaded
    or shared, cannot make the loader read (and echo) files elsewhere.
    """
    folder = path.parent.resolve()
    try:
        target = (folder / extends).resolve()
        inside = not Path(extends).is_absolute() and target.is_relative_to(folder)
        found = inside and target.is_file()
    except (OSError, ValueError) as error:  # a name too long for the system, a NUL byte
        reason = getattr(error, "strerror", None) or str(error)
        raise ScenarioError(path, None, "", f"not a usable path ({reason})") from None
    if found:
        return target
    if not inside:
        raise ScenarioError(
            path,
            None,
            "",
            "must be a built-in scenario id or a path inside this file's folder "
            "(absolute paths and `..` out of it are not allowed)",
        )
    known = builtin_scenarios() | builtin_exercises()
    if extends in known:
        return known[extends]
    if Path(extends).suffix in (".yaml", ".yml") or "/" in extends:
        raise ScenarioError(path, None, "", "base not found: no such file in this folder")
    guess = difflib.get_close_matches(extends, known, n=1)
    hint = f"; did you mean `{guess[0]}`?" if guess else ""
    raise ScenarioError(
        path,
        None,
        "",
        f"base not found: no such file or built-in scenario{hint} (built-in: {', '.join(known)})",
    )


def _with_profiles(scenario: structure.Scenario, tree: object, path: Path) -> structure.Scenario:
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
