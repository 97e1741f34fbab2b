"""Sweeps: a designed experiment run as a batch, with the factors as columns.

A sweep gives chosen factors (dotted paths, see :mod:`sim.factors`) the values
of a design matrix (:mod:`sim.designs`): design point ``p`` is simulated by
``replicates_per_point`` consecutive replicates, ``p * K`` to ``p * K + K - 1``,
which keep every other draw and the logit noise. The replicates are run by the
batch engine (:mod:`sim.batch`) in the same seeded chunks, so a sweep has the
batch's manifest, ``--resume`` and worker invariance; each chunk's table gains a
``point`` column and one ``factor:<path>`` column per factor. The sweep itself
is recorded beside the manifest in ``sweep.json`` (with a checksum of its
design matrix), which ``--resume`` checks before adding chunks.

A sweep can be written as a small YAML file, to be versioned::

    scenario: pow_repatriation
    design: grid
    replicates_per_point: 100
    seed: 1950
    factors:
      - path: actors.washington.profile.war_payoff
        range: [-0.06, -0.01]
        levels: 11
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim import designs, factors
from sim.atomic import write_json_atomic
from sim.batch import BatchError, Target, prepare_folder
from sim.campaign import Campaign
from sim.factors import FactorError, Parameter
from sim.results import Table, outcome_table
from sim.run_plan import CHUNK_SIZE, DEFAULT_SEED, Chunk
from sim.schema import Scenario

SWEEP_FILE = "sweep.json"
FORMAT_VERSION = 1
MAX_REPLICATES = 10_000_000
"""The most replicates one sweep may ask for (as `--replicates` of a batch)."""
POINT = "point"
CHANCE_STREAM = 0xC4A4CE
"""Spawn key of the uniforms that decide, per replicate, whether a chance event happens."""


class SweepError(ValueError):
    """A sweep that cannot run as asked; `loc` says where (("factors", 0, "path"), say)."""

    def __init__(self, loc: tuple, message: str):
        self.loc, self.message = loc, message
        super().__init__(message)


# --- the versionable form -----------------------------------------------------------------------


class FactorSpec(BaseModel):
    """One factor: a dotted path, its range, and (grids only) how many levels."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    path: str = Field(min_length=1)
    """Dotted path a counterfactual could `set` (campaigns: starting with the stage id)."""
    range: tuple[float, float]
    """Lowest and highest value the design gives it."""
    levels: int | None = None
    """Evenly spaced values of a grid (default 5); other designs choose their own values."""

    @model_validator(mode="after")
    def _ordered(self) -> FactorSpec:
        if self.levels is not None and self.levels < 2:
            raise ValueError(f"a grid needs at least 2 levels (N), got {self.levels}")
        low, high = self.range
        if low > high:
            raise ValueError(f"range [{low:g}, {high:g}] is reversed: the low end comes first")
        if low == high:
            raise ValueError(f"range [{low:g}, {high:g}] is empty: nothing to vary")
        return self


class SweepSpec(BaseModel):
    """A sweep as written in a file (or assembled from the command line)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    scenario: str = Field(min_length=1)
    """Built-in scenario id or path (relative to the sweep file)."""
    design: Literal["grid", "lhs", "sobol", "saltelli", "morris"] = "grid"
    factors: list[FactorSpec] = Field(min_length=1)
    points: int | None = None
    """Design points of lhs and sobol, base samples of saltelli, trajectories of morris."""
    replicates_per_point: int = Field(1, ge=1)
    seed: int = Field(DEFAULT_SEED, ge=0)


def parse_factor(text: str) -> dict:
    """`PATH=LO:HI[:N]` as a factor's fields; ValueError says what was expected."""
    path, equals, values = text.rpartition("=")
    parts = values.split(":")
    if not equals or not path.strip() or len(parts) not in (2, 3):
        raise ValueError(f"`{text}`: expected PATH=LO:HI or PATH=LO:HI:N")
    try:
        low, high = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError(
            f"`{text}`: LO and HI must be numbers, got `{parts[0]}:{parts[1]}`"
        ) from None
    factor: dict = {"path": path.strip(), "range": (low, high)}
    if len(parts) == 3:
        try:
            factor["levels"] = int(parts[2])
        except ValueError:
            raise ValueError(f"`{text}`: N must be a whole number, got `{parts[2]}`") from None
    return factor


# --- a resolved sweep --------------------------------------------------------------------------


@dataclass(frozen=True)
class Sweep:
    """A sweep ready to run: its scenario, resolved factors and design matrix."""

    scenario: Scenario | Campaign
    source: str
    parameters: tuple[Parameter, ...]
    bounds: tuple[tuple[float, float], ...]
    design: str
    points: int | None
    levels: tuple[int, ...]
    replicates_per_point: int
    seed: int
    matrix: np.ndarray
    """(design points, factors): each point's factor values."""
    columns: tuple[str, ...] | None = None
    """With factors set per design point, the columns every chunk's table has (a point's
    scenario may draw less, or more: every chunk must have the same columns)."""

    @property
    def design_points(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def replicates(self) -> int:
        return self.design_points * self.replicates_per_point

    @property
    def settings(self) -> list[Parameter]:
        """Factors that need a scenario per design point (not set replicate by replicate)."""
        return [p for p in self.parameters if p.kind == "setting"]

    def record(self) -> dict:
        """What `sweep.json` holds: enough to check a resume and to describe every column."""
        return {
            "format_version": FORMAT_VERSION,
            "scenario": self.source,
            "scenario_id": self.scenario.id,
            "design": self.design,
            "points": self.points,
            "design_points": self.design_points,
            "replicates_per_point": self.replicates_per_point,
            "replicates": self.replicates,
            "seed": self.seed,
            "factors": [
                {
                    "path": p.path,
                    "column": p.column,
                    "kind": p.kind,
                    "draw": p.name,
                    "range": list(bounds),
                    "levels": self.levels[i] if self.design == "grid" else None,
                    "label": p.label,
                    "source": p.source,
                }
                for i, (p, bounds) in enumerate(zip(self.parameters, self.bounds, strict=True))
            ],
            "design_sha256": hashlib.sha256(
                np.ascontiguousarray(self.matrix, dtype="<f8").tobytes()
            ).hexdigest(),
        }

    def rows(self, chunk: Chunk) -> DesignRows:
        """The design points a chunk's replicates take (only those: jobs stay small)."""
        k = self.replicates_per_point
        first, last = chunk.first // k, (chunk.first + chunk.size - 1) // k
        values = self.matrix[first : last + 1].copy()
        return DesignRows(self.parameters, first, values, k, self.columns)


def build(
    scenario: Scenario | Campaign,
    source: str,
    factor_specs: list[FactorSpec],
    design: str = "grid",
    points: int | None = None,
    replicates_per_point: int = 1,
    seed: int = DEFAULT_SEED,
) -> Sweep:
    """Resolve the factors, check their ranges and build the design; SweepError if it cannot."""
    entries = factors.catalogue(scenario)
    parameters: list[Parameter] = []
    for index, spec in enumerate(factor_specs):
        if spec.levels is not None and design != "grid":
            raise SweepError(
                ("factors", index, "levels"),
                f"levels (:N) are for a grid; design `{design}` chooses its own values "
                "(give --points instead)",
            )
        try:
            parameter = factors.resolve(scenario, spec.path, entries)
            factors.check_range(scenario, parameter, *spec.range)
        except FactorError as error:
            raise SweepError(("factors", index, "path"), str(error)) from None
        if parameter.path in [p.path for p in parameters]:
            raise SweepError(("factors", index, "path"), f"`{parameter.path}` is given twice")
        clash = [p.path for p in parameters if p.name and p.name == parameter.name]
        if clash:
            raise SweepError(
                ("factors", index, "path"),
                f"`{parameter.path}` and `{clash[0]}` both decide {parameter.name}: give one",
            )
        parameters.append(parameter)
    return from_parameters(
        scenario,
        source,
        parameters,
        [spec.range for spec in factor_specs],
        design,
        points,
        replicates_per_point,
        seed,
        [spec.levels or designs.DEFAULT_LEVELS for spec in factor_specs],
    )


def from_parameters(
    scenario: Scenario | Campaign,
    source: str,
    parameters: list[Parameter],
    bounds: list[tuple[float, float]],
    design: str,
    points: int | None,
    replicates_per_point: int,
    seed: int,
    levels: list[int] | None = None,
) -> Sweep:
    """A sweep over resolved `parameters` (a sensitivity analysis builds its own this way)."""
    levels = levels or [designs.DEFAULT_LEVELS] * len(parameters)
    try:
        count = designs.points_of(design, len(parameters), points, levels)
    except designs.DesignError as error:
        raise SweepError(("points",), str(error)) from None
    if count * replicates_per_point > MAX_REPLICATES:
        raise SweepError(
            ("replicates_per_point",),
            f"{count:,} design points x {replicates_per_point:,} replicates = "
            f"{count * replicates_per_point:,} replicates, more than the limit of "
            f"{MAX_REPLICATES:,}",
        )
    matrix = designs.matrix(design, bounds, seed, points, levels)
    for column, parameter in enumerate(parameters):
        if parameter.integer:
            matrix[:, column] = np.round(matrix[:, column])
    return Sweep(
        scenario,
        source,
        tuple(parameters),
        tuple((float(lo), float(hi)) for lo, hi in bounds),
        design,
        points,
        tuple(levels),
        replicates_per_point,
        seed,
        matrix,
        _columns(scenario, parameters, matrix),
    )


def _columns(
    scenario: Scenario | Campaign, parameters: list[Parameter], matrix: np.ndarray
) -> tuple[str, ...] | None:
    """The columns of a sweep with per-point settings: those of one replicate at the first
    design point, and whether each event whose probability is set happens."""
    if not any(p.kind == "setting" for p in parameters):
        return None  # one model per chunk: the columns are the same in every chunk
    from sim.model import release

    probe = DesignRows(tuple(parameters), 0, matrix[:1], 1)
    table, model = probe.run(scenario, Chunk(0, 0, 1, 0))
    release(model)
    names = list(table)
    for parameter in parameters:
        event = re.fullmatch(r"(.*?)events\.([a-z0-9_]+)\.probability", parameter.path)
        if (
            parameter.kind == "setting"
            and event
            and f"draw:{event[1]}events.{event[2]}.happens" not in names
        ):
            names.append(f"draw:{event[1]}events.{event[2]}.happens")
    return tuple(names)


# --- running a chunk ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DesignRows:
    """The design points of one chunk: row ``i`` of `values` is point ``first_point + i``."""

    parameters: tuple[Parameter, ...]
    first_point: int
    values: np.ndarray
    per_point: int
    columns: tuple[str, ...] | None = None

    def run(self, scenario: Scenario | Campaign, chunk: Chunk):
        """Simulate the chunk with each replicate's factor values; returns (table, model) like
        :func:`sim.runner.run_chunk`, the table with `point` and `factor:` columns."""
        replicate = np.arange(chunk.first, chunk.first + chunk.size)
        point = replicate // self.per_point
        values = self.values[point - self.first_point]
        setting = [i for i, p in enumerate(self.parameters) if p.kind == "setting"]
        if not setting:
            table, model = _simulate(
                scenario, chunk.size, chunk.seed, self._fixed(values, chunk.seed)
            )
            groups = [(table, np.arange(chunk.size))]
        else:
            groups, model = self._by_setting(scenario, chunk, values, setting)
        table = _merge(groups, chunk.first)
        rows = table["replicate"] - chunk.first
        table[POINT] = point[rows]
        for column, parameter in enumerate(self.parameters):
            table[parameter.column] = values[rows, column]
        if self.columns is not None:
            table = _conform(table, self.columns)
        return table, model

    def _fixed(self, values: np.ndarray, seed: int) -> dict[str, np.ndarray]:
        """Per-replicate values for the model: draws, and whether chance events happen."""
        fixed = {}
        for column, parameter in enumerate(self.parameters):
            if parameter.kind == "drawn":
                fixed[parameter.name] = values[:, column]
            elif parameter.kind == "occurs":  # happens above 1 - probability
                fixed[parameter.name] = values[:, column] > parameter.value
            elif parameter.kind == "chance":
                stream = np.random.SeedSequence(seed, spawn_key=(CHANCE_STREAM, column))
                uniform = np.random.default_rng(stream).random(len(values))
                fixed[parameter.name] = uniform < values[:, column]
        return fixed

    def _by_setting(
        self, scenario: Scenario | Campaign, chunk: Chunk, values: np.ndarray, setting: list[int]
    ):
        """One model per distinct combination of the setting factors' values."""
        from sim.model import release

        combos, first, group = np.unique(
            values[:, setting], axis=0, return_index=True, return_inverse=True
        )
        group = group.reshape(-1)  # numpy 2.0.0 returned it with the input's shape
        sorter = np.argsort(group, kind="stable")  # each group's rows, in replicate order
        starts = np.searchsorted(group[sorter], np.arange(len(combos) + 1))
        seeds = np.random.SeedSequence(chunk.seed).spawn(len(combos))
        groups, first_model = [], None
        for number, g in enumerate(np.argsort(first)):  # in order of first appearance
            rows = sorter[starts[g] : starts[g + 1]]
            variant = factors.with_values(
                scenario,
                [(self.parameters[i], float(v)) for i, v in zip(setting, combos[g], strict=True)],
            )
            seed = int(seeds[number].generate_state(1, np.uint64)[0])
            table, model = _simulate(variant, rows.size, seed, self._fixed(values[rows], seed))
            groups.append((table, rows))
            if first_model is None:
                first_model = model
            else:
                release(model)
        return groups, first_model


def _simulate(
    scenario: Scenario | Campaign, size: int, seed: int, fixed: dict[str, np.ndarray]
) -> tuple[Table, object]:
    """One ensemble (a campaign: each stage's) with the design's values fixed per replicate.
    The engine is imported here, where a design is simulated, not when a sweep is planned."""
    from sim.campaign_run import run_campaign_chunk
    from sim.design_model import DesignModel
    from sim.model import release

    if isinstance(scenario, Campaign):
        return run_campaign_chunk(scenario, size, seed, fixed=fixed)
    model = DesignModel(scenario, size, seed, fixed)
    try:
        while model.running:
            model.step()
    except BaseException:
        release(model)
        raise
    return outcome_table(model), model


def _merge(groups: list[tuple[Table, np.ndarray]], first: int) -> Table:
    """The groups' tables as one, replicates numbered from `first`, issue by issue in
    replicate order (as a plain chunk's table). A draw one group's scenario does not make
    is NaN in its rows."""
    names = list(dict.fromkeys(name for table, _ in groups for name in table))
    merged = {name: np.concatenate([_column(table, name) for table, _ in groups]) for name in names}
    merged["replicate"] = (
        np.concatenate([rows[table["replicate"]] for table, rows in groups]) + first
    )
    issues = list(dict.fromkeys(groups[0][0]["issue"].tolist()))
    found, inverse = np.unique(merged["issue"], return_inverse=True)
    rank = np.array([issues.index(name) for name in found])[inverse]
    order = np.lexsort((merged["replicate"], rank))
    return {name: values[order] for name, values in merged.items()}


def _column(table: Table, name: str) -> np.ndarray:
    if name in table:
        return table[name]
    if not name.startswith("draw:"):
        raise RuntimeError(f"a design point's table has no column `{name}`")
    return np.full(len(table["replicate"]), np.nan)


def _conform(table: Table, columns: tuple[str, ...]) -> Table:
    """`table` with exactly `columns`, in that order (missing draws NaN)."""
    extra = [name for name in table if name not in columns]
    if extra:
        raise RuntimeError(
            f"a design point's scenario draws {', '.join(extra)}, which the sweep's first "
            "point does not: set those parameters in a counterfactual file instead"
        )
    return {name: _column(table, name) for name in columns}


# --- folders -----------------------------------------------------------------------------------


def prepare(
    sweep: Sweep, folder: Path, resume: bool = False, chunk_size: int = CHUNK_SIZE
) -> Target:
    """Plan the sweep's chunks in `folder` (checked as `batch` checks its folders); BatchError,
    writing nothing, if it cannot start or resume there."""
    if resume:
        saved = read_record(folder)
        wanted = sweep.record()
        if saved is None:
            raise BatchError(
                f"nothing to resume in {folder} (no {SWEEP_FILE}); run without --resume"
            )
        differs = [key for key in wanted if saved.get(key) != wanted[key]]
        if differs:
            raise BatchError(
                f"cannot resume {folder}: it holds another sweep (it differs in "
                f"{', '.join(differs)})"
            )
    target = prepare_folder(
        folder, sweep.scenario, sweep.source, sweep.replicates, sweep.seed, resume, chunk_size
    )
    target.design = sweep
    return target


def write_record(sweep: Sweep, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_json_atomic(folder / SWEEP_FILE, sweep.record())


def read_record(folder: Path) -> dict | None:
    """The `sweep.json` of `folder`, None if there is none; BatchError if it is unreadable."""
    path = folder / SWEEP_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BatchError(f"{path}: unreadable ({error})") from None
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        raise BatchError(f"{path}: not a sweep record of format version {FORMAT_VERSION}")
    return data


def validation_error(error: ValidationError) -> SweepError:
    """Pydantic's first error on a SweepSpec as a SweepError with its location."""
    first = error.errors(include_url=False)[0]
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        unknown = str(first["loc"][-1])
        known = [*SweepSpec.model_fields, *FactorSpec.model_fields]
        guess = difflib.get_close_matches(unknown, known, n=1)
        message = f"unknown field `{unknown}`" + (f"; did you mean `{guess[0]}`?" if guess else "")
    elif first["type"] == "missing":
        message = "required field is missing"
    return SweepError(tuple(first["loc"]), message)
