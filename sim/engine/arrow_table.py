"""A results table as an Arrow table and back, with the numpy dtypes it had in memory.

No files here: `sim.store.arrow_io` writes these tables as Parquet. Days (``datetime64[D]``)
become Arrow dates with NaT as null; strings come back as fixed-width ``<U`` arrays built from
dictionary codes rather than from one Python object per row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pyarrow as pa

DTYPES_KEY = b"alliance_sim.dtypes"

Columns = Mapping[str, np.ndarray]
"""A results table (`sim.engine.results.Table`) or any named numpy columns of equal length."""


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
        texts = _texts(array.dictionary.to_pylist(), dtype)
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
    if dtype and np.dtype(dtype).kind == "U":
        return _texts(array.to_pylist(), dtype)
    result = np.array(array.to_pylist(), dtype=object)
    return result.astype(dtype) if dtype else result


def _texts(values: list, dtype: str | None) -> np.ndarray:
    """Strings as the stated fixed-width dtype, never narrower than the longest of them: a
    stated width too small (an edited file) would cut every longer text short unseen."""
    if not dtype or np.dtype(dtype).kind != "U":
        return np.array(values, dtype=dtype or object)
    natural = np.array(values, dtype=str)
    wanted = np.dtype(dtype)
    return natural.astype(wanted) if wanted.itemsize >= natural.dtype.itemsize else natural


def dtype_problem(schema: pa.Schema) -> str | None:
    """Whether the numpy dtypes a file's metadata states fit its Arrow column types, or why
    not. Numbers are read from their buffers and then cast to the stated dtype, so an edited
    dtype (`<f8` made `<i8`) would turn every stored number into another one unseen; the
    footer has no page checksum, so this is checked by the readers (issue 24)."""
    try:
        stated = json.loads((schema.metadata or {}).get(DTYPES_KEY, b"{}"))
    except ValueError:
        return "its column dtypes are not JSON"
    if not isinstance(stated, dict):
        return "its column dtypes are not a mapping"
    for field in schema:
        if field.name not in stated:
            continue
        try:
            dtype = np.dtype(stated[field.name])
        except TypeError:
            return f"column `{field.name}` states an unknown dtype {stated[field.name]!r}"
        if not _fits(field.type, dtype):
            return f"column `{field.name}` is stored as {field.type} but said to be {dtype.str}"
    return None


def _fits(kind: pa.DataType, dtype: np.dtype) -> bool:
    """Whether values stored as Arrow `kind` are read back as `dtype` without change."""
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if pa.types.is_date32(kind):
        return dtype == np.dtype("datetime64[D]")
    if str(kind) in NUMPY_TYPES:
        return dtype == np.dtype(NUMPY_TYPES[str(kind)])
    if pa.types.is_boolean(kind):
        return dtype.kind in "bO"
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return dtype.kind in "UO"
    return True  # nulls only, or a type this package never writes: nothing to compare


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
