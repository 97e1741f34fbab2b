"""The runs a comparison reads, each reduced per issue to what the comparison needs.

A comparison needs, per issue and run, only the replicate numbers, the two date columns as
day numbers (`analysis.measures`: never as +inf) and the count of each outcome
(`IssueRows`). A run in memory is reduced from its table; a saved folder is reduced chunk by
chunk, from Arrow tables with dictionary-encoded strings and only the columns compared, so a
million-replicate folder is never held as a table. Both give the same numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from analysis.measures import NEVER, day_numbers
from sim.engine.arrow_table import arrow_valid, arrow_values
from sim.engine.results import Results, Table
from sim.scenario.campaign import Campaign
from sim.scenario.structure import Scenario


class CompareError(ValueError):
    """Runs that cannot be compared (different issues, replicates or seeds)."""


DATE_COLUMNS = ("agreement_date", "entry_date")
COMPARED_COLUMNS = ("replicate", "issue", "outcome", *DATE_COLUMNS)
"""The columns of a results table that a comparison reads."""


@dataclass(frozen=True)
class IssueRows:
    """One issue's rows of a run, reduced to what a comparison needs, in replicate order."""

    replicates: np.ndarray
    days: Mapping[str, np.ndarray]
    """Each date column of `DATE_COLUMNS` the table has, as `day_numbers` (never: `NEVER`);
    `reduce_chunks` keeps them as float32 (and replicates as int32) where that is exact."""
    outcomes: Mapping[str, int]
    """How many rows ended in each outcome (no agreement included)."""

    @property
    def size(self) -> int:
        return int(self.replicates.size)


Compared = Results | str | Path
"""A run to compare: results in memory, or a saved batch folder (read chunk by chunk)."""


@dataclass(frozen=True)
class Side:
    """One side of a comparison: its name, scenario, source and seed, and per issue its rows
    reduced to what the comparison needs (from a table in memory, or a folder's chunks)."""

    name: str
    scenario: Scenario | Campaign
    source: str
    seed: int
    issues: Mapping[str, IssueRows]

    def issue_rows(self, issue_id: str) -> IssueRows:
        """The rows of one issue, in replicate order (pairing base and counterfactual)."""
        return self.issues.get(issue_id) or _reduced([], {c: [] for c in DATE_COLUMNS}, {})


def side_of(run: Compared) -> Side:
    """A run as one side of a comparison (a folder read chunk by chunk), named by its label."""
    if isinstance(run, Results):
        rows = {i: table_issue_rows(run.table, i) for i in run.scenario.issues}
        return Side(run.label, run.scenario, run.source, run.seed, rows)
    return _read_side(Path(run))


def table_issue_rows(table: Table, issue_id: str) -> IssueRows:
    """The rows of `issue_id` in an in-memory results table, reduced and in replicate order."""
    mask = table["issue"] == issue_id
    order = np.argsort(table["replicate"][mask], kind="stable")
    labels, counts = np.unique(table["outcome"][mask], return_counts=True)
    return IssueRows(
        replicates=table["replicate"][mask][order],
        days={c: day_numbers(table[c][mask][order]) for c in DATE_COLUMNS if c in table},
        outcomes={str(label): int(n) for label, n in zip(labels, counts, strict=True)},
    )


def reduce_chunks(chunks: Iterable[pa.Table], issue_ids: Iterable[str]) -> dict[str, IssueRows]:
    """The rows of each of `issue_ids`, reduced from results tables read chunk by chunk.

    Each chunk is an Arrow table with (at least) `COMPARED_COLUMNS`; its strings may be
    dictionary-encoded, and are then counted by code without being decoded row by row.
    Only the reduced columns of one chunk at a time are held besides the result. The
    result equals `table_issue_rows` of the chunks' concatenation.
    """
    wanted = list(issue_ids)
    replicates: dict[str, list[np.ndarray]] = {i: [] for i in wanted}
    days: dict[str, dict[str, list[np.ndarray]]] = {i: {} for i in wanted}
    outcomes: dict[str, Counter] = {i: Counter() for i in wanted}
    for chunk in chunks:
        for batch in chunk.to_batches():
            issue_labels, issue_codes = _codes(batch.column("issue"))
            outcome_labels, outcome_codes = _codes(batch.column("outcome"))
            numbers = _view(batch.column("replicate"))
            dates = {
                c: _arrow_day_numbers(batch.column(c))
                for c in DATE_COLUMNS
                if c in batch.schema.names
            }
            for code, issue_id in enumerate(issue_labels):
                if issue_id not in replicates:
                    continue
                mask = issue_codes == code
                replicates[issue_id].append(_compact(numbers[mask], np.int32))
                for column, values in dates.items():
                    days[issue_id].setdefault(column, []).append(_compact(values[mask], np.float32))
                found = np.bincount(outcome_codes[mask], minlength=len(outcome_labels))
                for label, n in zip(outcome_labels, found.tolist(), strict=True):
                    if n:
                        outcomes[issue_id][label] += n
    return {i: _reduced(replicates[i], days[i], outcomes[i]) for i in wanted}


def _compact(values: np.ndarray, dtype: type) -> np.ndarray:
    """`values` in the narrower `dtype` when that keeps every value exactly (day numbers and
    replicate numbers are whole and small), else unchanged: half the memory for a folder."""
    narrow = values.astype(dtype)
    return narrow if np.array_equal(narrow, values) else values


def _codes(array: pa.Array) -> tuple[list[str], np.ndarray]:
    """The distinct texts of a string column and each row's index into them."""
    if not pa.types.is_dictionary(array.type):
        array = array.dictionary_encode()
    if array.null_count:
        raise CompareError("a results table has missing issue or outcome texts")
    labels = array.dictionary.to_pylist()
    return labels, _view(array.indices)


def _view(array: pa.Array) -> np.ndarray:
    """The values of an Arrow integer array without nulls, as a numpy view of its buffer."""
    if array.null_count:
        raise CompareError("a results table has missing numbers")
    return arrow_values(array)


def _arrow_day_numbers(dates: pa.Array) -> np.ndarray:
    """`day_numbers` of an Arrow date column (nulls: never), read from its buffers: Arrow
    scalars (`fill_null(..., value)`) make pyarrow import pandas, half a second."""
    numbers = arrow_values(dates.cast(pa.int32())).astype("float64")
    numbers[~arrow_valid(dates)] = NEVER
    return numbers


def _reduced(
    replicates: list[np.ndarray], days: Mapping[str, list[np.ndarray]], outcomes: Mapping
) -> IssueRows:
    """Concatenated parts, put in replicate order as a stable sort would (chunks usually are)."""
    numbers = np.concatenate(replicates) if replicates else np.array([], dtype="int64")
    joined = {
        c: np.concatenate(parts) if parts else np.array([], dtype="float64")
        for c, parts in days.items()
    }
    if numbers.size > 1 and not bool(np.all(numbers[1:] >= numbers[:-1])):
        order = np.argsort(numbers, kind="stable")
        numbers, joined = numbers[order], {c: v[order] for c, v in joined.items()}
    return IssueRows(numbers, joined, dict(outcomes))


def _read_side(folder: Path) -> Side:
    """A saved results folder as one side of a comparison, read chunk by chunk.

    Every chunk is checked against the manifest as `read_results` checks it (and the
    history's checksum too), but only the compared columns are decoded, strings as
    dictionary codes, and each chunk is reduced before the next is read.

    Raises
    ------
    sim.store.reading.ResultsError
        A folder that is not complete, checked batch results.
    """
    from sim.scenario import campaign
    from sim.store.reading import (
        iter_arrow_chunks,
        read_checked_manifest,
        verified_history_bytes,
    )

    manifest = read_checked_manifest(folder)
    scenario = campaign.from_dump(manifest["scenario"])
    verified_history_bytes(folder, manifest)
    chunks = iter_arrow_chunks(folder, COMPARED_COLUMNS, manifest)
    issues = reduce_chunks(chunks, scenario.issues)
    return Side(scenario.id, scenario, str(folder), int(manifest["seed"]), issues)
