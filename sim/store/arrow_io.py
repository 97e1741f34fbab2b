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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sim.engine.arrow_table import Columns, from_arrow, to_arrow
from sim.store.atomic import write_atomic


@dataclass(frozen=True)
class Written:
    """What a writer put on disk: rows, and the SHA-256 of the file's bytes."""

    rows: int
    sha256: str


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


def parquet_columns(path: Path) -> list[str]:
    """Column names of a Parquet file, read from its footer only."""
    return pq.read_schema(path).names
