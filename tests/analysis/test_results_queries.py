"""The README's DuckDB and polars queries give the tool's median dates to the day, and the
results schema names every column a batch or a sweep writes."""

import re
from pathlib import Path

import pytest

import alliance_sim as asim
from analysis.results_schema import results_schema

README = Path(__file__).resolve().parents[2] / "README.md"
README_FOLDER = "results/pow/pow_repatriation"


def _section() -> str:
    return (
        README.read_text(encoding="utf-8").split("### The results table", 1)[1].split("\n### ")[0]
    )


def _snippet(language: str) -> str:
    return re.search(rf"```{language}\n(.*?)```", _section(), re.S).group(1)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """Three issues (talks_1951_53) and a median never reached (pow_rhee_unrestrained)."""
    out = tmp_path_factory.mktemp("results")
    return asim.batch(["talks_1951_53", "pow_rhee_unrestrained"], out, replicates=301, seed=7)


def _tool_medians(folder: Path) -> dict[str, str | None]:
    summary = asim.summary(asim.read(folder))
    return {issue: entry["date_quantiles"]["p50"] for issue, entry in summary["issues"].items()}


def _as_text(day) -> str | None:
    return None if day is None else day.isoformat()


def test_the_duckdb_query_gives_the_tools_medians(folders):
    duckdb = pytest.importorskip("duckdb")
    for folder in folders:
        query = _snippet("sql").replace(README_FOLDER, folder.as_posix())
        found = {issue: _as_text(day) for issue, day in duckdb.sql(query).fetchall()}
        assert found == _tool_medians(folder)


def test_the_polars_query_gives_the_tools_medians(folders):
    pytest.importorskip("polars")
    for folder in folders:
        namespace: dict = {}
        code = _snippet("python").replace(README_FOLDER, folder.as_posix())
        exec(compile(code, "README.md", "exec"), namespace)
        rows = namespace["medians"].iter_rows()
        assert {issue: _as_text(day) for issue, day in rows} == _tool_medians(folder)


def test_one_median_is_never_reached_so_the_null_rule_is_exercised(folders):
    assert None in _tool_medians(folders[1]).values()
    assert len(_tool_medians(folders[0])) == 3


def test_the_schema_names_every_column_of_a_batch_and_a_sweep(folders, tmp_path):
    schema = results_schema()
    sweep = asim.sweep(
        "pow_repatriation",
        {"actors.washington.profile.war_payoff": (-0.012, -0.004, 2)},
        tmp_path / "sweep",
    )
    for folder in [*folders, sweep]:
        columns = asim.read(folder).table
        unnamed = [
            name
            for name in columns
            if name not in schema["properties"]
            and not any(re.match(pattern, name) for pattern in schema["patternProperties"])
        ]
        assert unnamed == []
        assert set(schema["required"]) <= set(columns)
    assert "point" in asim.read(sweep).table


def test_every_column_states_its_parquet_type():
    schema = results_schema()
    described = [*schema["properties"].values(), *schema["patternProperties"].values()]
    assert all(column["x-parquet-type"] and column["description"] for column in described)
    assert schema["properties"]["agreement_date"]["type"] == ["string", "null"]
