"""Sweeps: a designed experiment run as a batch, with the factors as columns.

A sweep gives chosen factors (dotted paths, see :mod:`sim.experiments.factors`) the values
of a design matrix (:mod:`sim.experiments.designs`): design point ``p`` is simulated by
``replicates_per_point`` consecutive replicates, ``p * K`` to ``p * K + K - 1``,
which keep every other draw and the logit noise. The replicates are run by the
batch engine (:mod:`sim.store.batch`) in the same seeded chunks, so a sweep has the
batch's manifest, ``--resume`` and worker invariance; each chunk's table gains a
``point`` column and one ``factor:<path>`` column per factor
(:mod:`sim.experiments.design_rows`). The sweep itself
is recorded beside the manifest in ``sweep.json`` (with a checksum of its
design matrix), which ``--resume`` checks before adding chunks
(:mod:`sim.experiments.sweep_folder`).

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

import dataclasses
import difflib
import hashlib
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.engine.run_plan import DEFAULT_SEED, Chunk
from sim.experiments import designs, factors, variants
from sim.experiments.design_rows import DesignRows
from sim.experiments.factors import FactorError, Parameter
from sim.scenario.campaign import Campaign
from sim.scenario.structure import Scenario

FORMAT_VERSION = 1
MAX_REPLICATES = 10_000_000
"""The most replicates one sweep may ask for (as `--replicates` of a batch)."""


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
            variants.check_range(scenario, parameter, *spec.range)
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


def from_matrix(
    scenario: Scenario | Campaign,
    source: str,
    paths: list[str],
    matrix: np.ndarray,
    replicates_per_point: int = 1,
    seed: int = DEFAULT_SEED,
) -> Sweep:
    """A sweep over a design matrix of one's own ((points, factors), columns in the order of
    `paths`), recorded as design `matrix` with each factor's range its column's; SweepError for
    an unknown path or a value the scenario does not accept."""
    matrix = np.array(matrix, dtype=float, ndmin=2)
    if matrix.shape[1:] != (len(paths),) or matrix.shape[0] == 0 or not np.isfinite(matrix).all():
        raise SweepError(("design",), f"the design matrix must be (points, {len(paths)}) numbers, "
                         f"one column per factor; got shape {matrix.shape}")  # fmt: skip
    if matrix.shape[0] * replicates_per_point > MAX_REPLICATES:
        raise SweepError(("replicates_per_point",), f"more than {MAX_REPLICATES:,} replicates")
    entries = factors.catalogue(scenario)
    parameters, bounds = [], []
    for index, path in enumerate(paths):
        try:
            parameter = factors.resolve(scenario, path, entries)
            bounds.append((float(matrix[:, index].min()), float(matrix[:, index].max())))
            variants.check_range(scenario, parameter, *bounds[-1])
        except FactorError as error:
            raise SweepError(("factors", index, "path"), str(error)) from None
        parameters.append(parameter)
    levels = (0,) * len(paths)
    sweep = Sweep(scenario, source, tuple(parameters), tuple(bounds), "matrix", None, levels,
                  replicates_per_point, seed, matrix)  # fmt: skip
    return dataclasses.replace(sweep, columns=_columns(scenario, parameters, matrix))


def _columns(
    scenario: Scenario | Campaign, parameters: list[Parameter], matrix: np.ndarray
) -> tuple[str, ...] | None:
    """The columns of a sweep with per-point settings: those of one replicate at the first
    design point, and whether each event whose probability is set happens."""
    if not any(p.kind == "setting" for p in parameters):
        return None  # one model per chunk: the columns are the same in every chunk
    probe = DesignRows(tuple(parameters), 0, matrix[:1], 1)
    table, _ = probe.run(scenario, Chunk(0, 0, 1, 0))
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


# --- folders -----------------------------------------------------------------------------------


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
