"""The column dtypes a chunk's footer states are checked against how its columns are stored
(issue 24, fault probe d14): the footer has no page checksum, and numbers are cast to the
stated dtype as they are read, so an edited dtype with the manifest's checksum edited to match
must be refused, not read as other numbers; a stated text width never cuts texts short."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from sim.engine.arrow_table import dtype_problem, from_arrow, to_arrow
from sim.scenario.loader import load_scenario
from sim.store.batch import prepare, run_batch
from sim.store.reading import ResultsError, read_results

SCENARIO = "pow_repatriation"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pristine")
    targets = prepare([(SCENARIO, load_scenario(SCENARIO))], out, 400, 3, chunk_size=200)
    run_batch(targets, workers=1)
    return out / SCENARIO


def edited(pristine: Path, tmp_path: Path, old: bytes, new: bytes) -> Path:
    """A copy whose chunk 1 has `old` replaced by `new` in its footer, checksum edited."""
    folder = tmp_path / SCENARIO
    shutil.copytree(pristine, folder)
    chunk = folder / "chunks" / "chunk-00001.parquet"
    data = chunk.read_bytes()
    assert len(old) == len(new) and data.count(old) >= 1
    chunk.write_bytes(data.replace(old, new, 1))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["chunks"]["1"]["sha256"] = hashlib.sha256(chunk.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (b'"<M8[D]"', b'"<M8[M]"', "is stored as date32[day] but said to be <M8[M]"),
        (b'"<f8"', b'"<i8"', "is stored as double but said to be <i8"),
    ],
)
def test_an_edited_dtype_with_its_checksum_edited_is_refused(pristine, tmp_path, old, new, said):
    folder = edited(pristine, tmp_path, old, new)
    with pytest.raises(ResultsError, match="chunk-00001.parquet is refused") as refused:
        read_results(folder)
    assert said in str(refused.value)


def test_the_dtypes_this_package_writes_fit_their_columns():
    table = {
        "n": np.arange(3, dtype=np.int64),
        "x": np.array([0.5, np.nan, 2.0]),
        "day": np.array(["1953-07-27", "NaT", "1951-07-10"], dtype="datetime64[D]"),
        "label": np.array(["a", "bb", "ccc"]),
        "flag": np.array([True, False, True]),
    }
    arrow = to_arrow(table)
    assert dtype_problem(arrow.schema) is None
    back = from_arrow(arrow)
    assert {k: v.dtype for k, v in back.items()} == {k: v.dtype for k, v in table.items()}


def test_a_stated_text_width_too_small_never_cuts_the_texts():
    arrow = to_arrow({"label": np.array(["no_agreement", "all_for_all"])})
    narrow = arrow.replace_schema_metadata(
        {**arrow.schema.metadata, b"alliance_sim.dtypes": json.dumps({"label": "<U2"})}
    )
    assert list(from_arrow(narrow)["label"]) == ["no_agreement", "all_for_all"]
    as_dictionary = pa.table({"label": pa.array(["no_agreement", "x"]).dictionary_encode()})
    coded = as_dictionary.replace_schema_metadata(narrow.schema.metadata)
    assert list(from_arrow(coded)["label"]) == ["no_agreement", "x"]
