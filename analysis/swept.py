"""What a finished sweep folder says about its factors: Sobol' indices of a `saltelli` sweep,
Morris elementary effects of a `morris` sweep, rank correlations of any sweep.

The factors are the sweep's own (`sweep.json`), each named by its scenario path, with the
range the design gave it; the design matrix is read back from the table's `point` and
`factor:<path>` columns, so the analysis uses the values that were run. The outputs are those
of a scenario's analysis (`analysis.sobol.outputs`): per issue, the agreement date (never
counted as the end of the horizon, for a mean) and each outcome's share, averaged over a
design point's replicates. Every other uncertain parameter is still drawn replicate by
replicate in a sweep (under a posterior, `sweep --posterior`, it is the replicate's posterior
vector): it is noise the indices do not apportion, as the logit noise is, and the report says
which posterior it came from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis import sobol
from analysis.sensitivity import rank_correlations
from sim.engine.results import Table
from sim.experiments.design_rows import POINT
from sim.experiments.factors import Parameter, catalogue
from sim.experiments.sweep_folder import read_record
from sim.store.batch import BatchError
from sim.store.reading import read_checked_manifest, read_results

METHOD_OF_DESIGN = {"saltelli": "sobol", "morris": "morris"}
"""The variance-based method each design was built for; any design has rank correlations."""
SWEPT_NOT_FACTORS = (
    *sobol.NOT_FACTORS,
    "every uncertain parameter the sweep does not set (drawn replicate by replicate)",
)


class SweptError(ValueError):
    """A sweep folder that cannot be analysed as asked; the message says why."""


@dataclass(frozen=True)
class Swept:
    """A finished sweep read back: its record, factors (with the sweep's ranges) and runs."""

    folder: Path
    scenario: object
    record: dict
    parameters: list[Parameter]
    table: Table
    matrix: np.ndarray
    """(design points, factors): the values each point was run with."""
    posterior: dict | None = None
    """The posterior the other parameters came from (the manifest's record of it, from
    `sweep --posterior`); None: drawn from their ranges."""

    @property
    def paths(self) -> list[str]:
        return [p.path for p in self.parameters]


def read_sweep(folder: Path | str) -> Swept:
    """The sweep in `folder` with the columns an analysis needs; SweptError if it is no sweep
    (sim.store.reading.ResultsError if its results are incomplete or damaged)."""
    folder = Path(folder)
    try:
        record = read_record(folder)
    except BatchError as error:
        raise SweptError(str(error)) from None
    if record is None:
        raise SweptError(
            f"{folder}: not a sweep folder (no sweep.json); `alliance-sim sensitivity SCENARIO` "
            "analyses a scenario's own draws"
        )
    columns = [f["column"] for f in record["factors"]]
    results = read_results(folder, [*sobol.COLUMNS, "position", *columns])
    entries = catalogue(results.scenario)
    parameters = [_parameter(factor, entries.get(factor["path"])) for factor in record["factors"]]
    matrix = design_matrix(results.table, columns, record["design_points"])
    posterior = read_checked_manifest(folder).get("posterior")
    return Swept(folder, results.scenario, record, parameters, results.table, matrix, posterior)


def not_factors(swept: Swept) -> tuple[str, ...]:
    """What stays random in the sweep's runs besides its factors."""
    if swept.posterior is None:
        return SWEPT_NOT_FACTORS
    return (
        *sobol.NOT_FACTORS,
        "every uncertain parameter the sweep does not set (each replicate's vector from the "
        f"posterior of {swept.posterior['target']} in {swept.posterior['folder']})",
    )


def _parameter(factor: dict, known: Parameter | None) -> Parameter:
    low, high = factor["range"]
    if known is not None:
        return dataclasses.replace(known, low=low, high=high)
    return Parameter(
        factor["path"], factor["kind"], factor["draw"], low, low, high, factor["source"],
        factor["label"],
    )  # fmt: skip


def design_matrix(table: Table, columns: list[str], points: int) -> np.ndarray:
    """Each design point's factor values, from the rows of its replicates."""
    matrix = np.full((points, len(columns)), np.nan)
    for index, column in enumerate(columns):
        matrix[table[POINT], index] = table[column]
    if np.isnan(matrix).any():
        raise SweptError("some design points have no runs in the table: the sweep is incomplete")
    return matrix


def method_for(design: str, method: str | None) -> str:
    """The method asked, or the one the design was built for (rank correlations for others);
    SweptError for Sobol' or Morris on a design not built for it."""
    method = method or METHOD_OF_DESIGN.get(design, "spearman")
    wanted = {v: k for k, v in METHOD_OF_DESIGN.items()}.get(method)
    if wanted is not None and design != wanted:
        raise SweptError(
            f"{method} needs a `{wanted}` sweep (its design is built for those indices); this "
            f"sweep's design is `{design}`: use --method spearman, or sweep again with "
            f"--design {wanted}"
        )
    return method


def indices(swept: Swept, method: str) -> sobol.Report:
    """Sobol' (a saltelli sweep) or Morris (a morris sweep) indices of every varying output,
    each factor named by its path, with intervals and the N/2-against-N convergence check."""
    record = swept.record
    found, constant = sobol.outputs(swept.scenario, swept.table, record["design_points"])
    seed = sobol.analysis_seed(record["seed"])
    bounds = [(p.low, p.high) for p in swept.parameters]
    analysed = [
        sobol.analyse(method, swept.paths, bounds, swept.matrix, output, seed) for output in found
    ]
    return sobol.Report(
        swept.scenario,
        method,
        record["points"],
        record["replicates_per_point"],
        record["seed"],
        record["replicates"],
        swept.parameters,
        analysed,
        constant,
        swept.folder,
        swept.paths,
        record["design"],
        not_factors(swept),
        swept.posterior,
    )


def correlations(swept: Swept) -> dict:
    """Per issue, each factor's Spearman correlation with the agreement date and the agreed
    position over every run, with its 95 % interval and a convergence check (`analysis.sensitivity`)."""
    record = swept.record
    columns = {f["path"]: f["column"] for f in record["factors"]}
    return {
        "scenario": swept.scenario.id,
        "sweep_folder": str(swept.folder),
        "sweep_design": record["design"],
        "method": "spearman",
        "seed": record["seed"],
        "runs": record["replicates"],
        "design_points": record["design_points"],
        "not_factors": list(not_factors(swept)),
        **({"posterior": swept.posterior} if swept.posterior else {}),
        "parameters": [
            {
                "name": p.path,
                "path": p.path,
                "range": [p.low, p.high],
                "label": p.label,
                "source": p.source,
            }
            for p in swept.parameters
        ],  # fmt: skip
        "issues": {
            issue: rank_correlations(swept.table, issue, columns, record["seed"])
            for issue in swept.scenario.issues
        },
    }
