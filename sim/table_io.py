"""Results tables as Parquet files, read back with the dtypes they had in memory.

Days (``datetime64[D]``) are stored as Parquet dates (date32) with NaT as
null; the numpy dtype of every column is kept in the file's metadata so that
strings come back as fixed-width ``<U`` arrays rather than Python objects.
Strings are read dictionary-encoded (each distinct text once, plus integer
codes): `read_arrow` hands such tables to analyses that aggregate a large
folder without materialising strings, and `from_arrow` builds the ``<U``
arrays from the codes rather than from one Python object per row.
Files are written with Parquet page checksums, verified on every read, and
the writer returns the row count and SHA-256 of the bytes it wrote so that a
manifest can vouch for the file later.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sim.atomic import write_atomic

DTYPES_KEY = b"alliance_sim.dtypes"

Columns = Mapping[str, np.ndarray]
"""A results table (`sim.results.Table`) or any named numpy columns of equal length."""


@dataclass(frozen=True)
class Written:
    """What a writer put on disk: rows, and the SHA-256 of the file's bytes."""

    rows: int
    sha256: str


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def to_arrow(table: Columns, metadata: Mapping[bytes, str] | None = None) -> pa.Table:
    """An Arrow table of `table`, with each column's numpy dtype (and `metadata`) in its schema."""
    arrays = {name: pa.array(values) for name, values in table.items()}
    dtypes = {name: values.dtype.str for name, values in table.items()}
    return pa.table(arrays).replace_schema_metadata(
        {DTYPES_KEY: json.dumps(dtypes), **(metadata or {})}
    )


def from_arrow(arrow: pa.Table) -> dict[str, np.ndarray]:
    """The numpy table of an Arrow table written by `to_arrow`."""
    metadata = arrow.schema.metadata or {}
    dtypes = json.loads(metadata.get(DTYPES_KEY, b"{}"))
    return {name: _column(arrow.column(name), dtypes.get(name)) for name in arrow.column_names}


NUMPY_TYPES = {
    **{f"int{bits}": f"i{bits // 8}" for bits in (8, 16, 32, 64)},
    **{f"uint{bits}": f"u{bits // 8}" for bits in (8, 16, 32, 64)},
    "halffloat": "f2",
    "float": "f4",
    "double": "f8",
}
"""Arrow's fixed-width numbers (by `str(type)`) and the numpy dtype of their buffers."""


def _column(column: pa.ChunkedArray, dtype: str | None) -> np.ndarray:
    """One column as numpy, read from the Arrow buffers: pyarrow's `to_numpy` imports
    pandas, half a second on the first read of a folder."""
    parts = [_chunk(chunk, dtype) for chunk in column.chunks]
    if not parts:
        return np.array([], dtype=dtype or object)
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def _chunk(array: pa.Array, dtype: str | None) -> np.ndarray:
    if pa.types.is_dictionary(array.type):  # strings: each distinct value converted once
        texts = np.array(array.dictionary.to_pylist(), dtype=dtype or object)
        return texts[arrow_values(array.indices)] if array.null_count == 0 else _boxed(array, dtype)
    if pa.types.is_date32(array.type):
        days = arrow_values(array.cast(pa.int32())).astype("datetime64[D]")
        return np.where(arrow_valid(array), days, np.datetime64("NaT"))
    if array.null_count or str(array.type) not in NUMPY_TYPES:
        return _boxed(array, dtype)
    result = arrow_values(array).copy()  # the buffer belongs to Arrow
    return result.astype(dtype) if dtype else result


def _boxed(array: pa.Array, dtype: str | None) -> np.ndarray:
    """What has no plain buffer (nulls, booleans, text): through Python objects."""
    result = np.array(array.to_pylist(), dtype=object)
    return result.astype(dtype) if dtype else result


def arrow_values(array: pa.Array) -> np.ndarray:
    """Every slot of a fixed-width Arrow array as a numpy view (a null's slot holds anything)."""
    dtype = np.dtype(NUMPY_TYPES[str(array.type)])
    return np.frombuffer(
        array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize
    )


def arrow_valid(array: pa.Array) -> np.ndarray:
    """Which slots of an Arrow array hold a value (not null), as numpy booleans."""
    if array.null_count == 0:
        return np.ones(len(array), dtype=bool)
    bitmap = np.frombuffer(array.buffers()[0], dtype=np.uint8)
    bits = np.unpackbits(bitmap, bitorder="little")[array.offset : array.offset + len(array)]
    return bits.astype(bool)


def write_parquet(
    path: Path, table: Columns, metadata: Mapping[bytes, str] | None = None
) -> Written:
    """Write `table` to `path` atomically, with page checksums; return its rows and SHA-256."""
    return write_encoded(path, *encode_parquet(table, metadata))


def encode_parquet(
    table: Columns, metadata: Mapping[bytes, str] | None = None
) -> tuple[bytes, int]:
    """The bytes of `table` as the Parquet file `write_parquet` writes, and its row count
    (a Dask worker encodes a chunk where it was simulated; only these bytes travel back)."""
    arrow = to_arrow(table, metadata)
    buffer = pa.BufferOutputStream()
    pq.write_table(arrow, buffer, write_page_checksum=True)
    return buffer.getvalue().to_pybytes(), arrow.num_rows


def write_encoded(path: Path, data: bytes, rows: int) -> Written:
    """Write the Parquet bytes of `encode_parquet` to `path` atomically."""
    write_atomic(path, lambda file: file.write(data))
    return Written(rows, sha256(data))


def read_parquet(
    path: Path, columns: Sequence[str] | None = None, data: bytes | None = None
) -> dict[str, np.ndarray]:
    """Read a table written by `write_parquet`, optionally only some columns.

    `data`, when given, is the file's content already read (and checked) by the caller.
    Damaged pages raise OSError or ValueError (pyarrow's ArrowInvalid is a ValueError).
    """
    return from_arrow(read_arrow(path, columns, data))


def read_arrow(
    path: Path,
    columns: Sequence[str] | None = None,
    data: bytes | None = None,
    source: BinaryIO | None = None,
) -> pa.Table:
    """The Arrow table of a file written by `write_parquet`, with strings dictionary-encoded.

    Only `columns` (all when None) are decoded, and only their pages are read; page
    checksums are verified. The file is `data` (its content already read), or `source`
    (it opened, for reading only what is needed), else `path`. Errors are as for
    `read_parquet`.
    """
    if data is not None:
        source = pa.BufferReader(data)
    footer = pq.ParquetFile(source if source is not None else path).metadata
    schema = footer.schema.to_arrow_schema()
    strings = [field.name for field in schema if pa.types.is_string(field.type)]
    parquet = pq.ParquetFile(
        source if source is not None else path,
        metadata=footer,
        read_dictionary=[name for name in strings if not columns or name in columns],
        page_checksum_verification=True,
    )
    return parquet.read(columns=list(columns) if columns else None)


def parquet_metadata(data: bytes) -> tuple[int, dict[bytes, bytes]]:
    """Rows and schema metadata of the Parquet file `data`, read from its footer only."""
    footer = pq.ParquetFile(pa.BufferReader(data)).metadata
    return footer.num_rows, dict(footer.schema.to_arrow_schema().metadata or {})


def parquet_columns(path: Path) -> list[str]:
    """Column names of a Parquet file, read from its footer only."""
    return pq.read_schema(path).names
