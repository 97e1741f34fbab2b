"""Results tables as Parquet files, read back with the dtypes they had in memory.

Days (``datetime64[D]``) are stored as Parquet dates (date32) with NaT as
null; the numpy dtype of every column is kept in the file's metadata so that
strings come back as fixed-width ``<U`` arrays rather than Python objects.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sim.atomic import write_atomic
from sim.results import Table

DTYPES_KEY = b"alliance_sim.dtypes"


def to_arrow(table: Table) -> pa.Table:
    """An Arrow table of `table`, with each column's numpy dtype in the schema metadata."""
    arrays = {name: pa.array(values) for name, values in table.items()}
    dtypes = {name: values.dtype.str for name, values in table.items()}
    return pa.table(arrays).replace_schema_metadata({DTYPES_KEY: json.dumps(dtypes)})


def from_arrow(arrow: pa.Table) -> Table:
    """The numpy table of an Arrow table written by `to_arrow`."""
    metadata = arrow.schema.metadata or {}
    dtypes = json.loads(metadata.get(DTYPES_KEY, b"{}"))
    return {name: _column(arrow.column(name), dtypes.get(name)) for name in arrow.column_names}


def _column(column: pa.ChunkedArray, dtype: str | None) -> np.ndarray:
    if pa.types.is_date32(column.type):
        days = column.cast(pa.int32()).to_numpy(zero_copy_only=False)
        values = np.asarray(days, dtype="float64")  # nulls arrive as NaN
        result = np.full(values.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        known = ~np.isnan(values)
        result[known] = values[known].astype("int64").astype("datetime64[D]")
        return result
    values = column.to_numpy(zero_copy_only=False)
    return values.astype(dtype) if dtype else values


def write_parquet(path: Path, table: Table) -> None:
    """Write `table` to `path` atomically."""
    arrow = to_arrow(table)
    write_atomic(path, lambda file: pq.write_table(arrow, file))


def read_parquet(path: Path, columns: Sequence[str] | None = None) -> Table:
    """Read a table written by `write_parquet`, optionally only some columns."""
    return from_arrow(pq.read_table(path, columns=list(columns) if columns else None))


def parquet_columns(path: Path) -> list[str]:
    """Column names of a Parquet file, read from its footer only."""
    return pq.read_schema(path).names
