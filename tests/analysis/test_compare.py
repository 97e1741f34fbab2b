"""Comparisons of hand-made tables and saved folders, and the `compare` command end to end."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from analysis.compare import compare, jsonable
from analysis.compared_runs import COMPARED_COLUMNS, CompareError, reduce_chunks, table_issue_rows
from analysis.summary import summarize
from sim.engine.arrow_table import to_arrow
from sim.engine.results import Results
from sim.engine.runner import run
from sim.scenario.loader import load_scenario
from sim.store.arrow_io import read_arrow, write_parquet
from sim.store.batch import prepare, run_batch
from sim.store.reading import read_results

cli = CliRunner()
POW = load_scenario("pow_repatriation")
NAT = np.datetime64("NaT")


def table(rows: list[tuple[int, str, str | None]]) -> dict:
    """A pow_repatriation results table from (replicate, outcome, agreement date) rows."""
    dates = np.array([NAT if d is None else np.datetime64(d) for _, _, d in rows], "datetime64[D]")
    return {
        "replicate": np.array([r for r, _, _ in rows]),
        "issue": np.full(len(rows), "pow_repatriation"),
        "outcome": np.array([o for _, o, _ in rows]),
        "agreement_date": dates,
        "entry_date": np.full(len(rows), NAT, "datetime64[D]"),
    }


def results(label: str, rows: dict, scenario=POW) -> Results:
    """A hand-made table as results of `scenario` (4 replicates or so, seed 1)."""
    return Results(label, scenario, np.unique(rows["replicate"]).size, 1, rows)


def test_compare_on_hand_made_tables():
    base = table(
        [
            (0, "voluntary_neutral_custody", "1953-05-01"),
            (1, "voluntary_neutral_custody", "1953-06-01"),
            (2, "all_for_all", "1953-07-01"),
            (3, "no_agreement", None),
        ]
    )
    cf = table(  # rows in another order: pairing goes by replicate number
        [
            (3, "no_agreement", None),
            (2, "no_agreement", None),
            (1, "voluntary_neutral_custody", "1953-02-01"),
            (0, "voluntary_release", "1953-01-01"),
        ]
    )
    result = compare(results("base", base), [results("cf", cf)], seed=1)
    issue = result["issues"]["pow_repatriation"]
    ours, theirs = issue["runs"]
    assert issue["historical"]["outcome"] == "voluntary_neutral_custody"
    assert {k: v["estimate"] for k, v in ours["shares"].items()} == {
        "all_for_all": 0.25,
        "voluntary_neutral_custody": 0.5,
        "voluntary_release": 0.0,
        "no_agreement": 0.25,
    }
    assert ours["shares"]["voluntary_neutral_custody"]["low"] == pytest.approx(0.15004, abs=1e-5)
    assert (ours["median_date"], theirs["median_date"]) == ("1953-06-01", "1953-02-01")
    assert ours["median_shift_days"] is None
    assert theirs["median_shift_days"]["estimate"] == -120.0  # 1953-02-01 minus 1953-06-01
    assert ours["agreed_by_historical_date"]["estimate"] == 0.5  # by 1953-06-04
    assert theirs["agreed_by_historical_date"]["estimate"] == 0.5
    assert result["replicates"] == 4


def test_chunks_reduce_to_the_rows_of_the_whole_table_in_any_row_order(tmp_path):
    """Streamed chunks (dictionary-encoded strings, rows shuffled) give the table's reduction."""
    whole = run("air_cover", 240, 3).table
    shuffled = np.random.default_rng(0).permutation(len(whole["replicate"]))
    chunks = []
    for number, rows in enumerate(np.array_split(shuffled, 4)):
        path = tmp_path / f"chunk-{number}.parquet"
        write_parquet(path, {name: column[rows] for name, column in whole.items()})
        chunks.append(read_arrow(path, COMPARED_COLUMNS))
    assert pa.types.is_dictionary(chunks[0].schema.field("outcome").type)
    chunks.append(to_arrow({name: column[:0] for name, column in whole.items()}))  # no rows
    reduced = reduce_chunks(chunks, ["soviet_air_cover", "not_in_these_runs"])
    expected = table_issue_rows(whole, "soviet_air_cover")
    found = reduced["soviet_air_cover"]
    assert found.outcomes == expected.outcomes and sum(found.outcomes.values()) == 240
    assert np.array_equal(found.replicates, expected.replicates)
    for column in ("agreement_date", "entry_date"):
        assert np.array_equal(found.days[column], expected.days[column])
    assert np.isfinite(found.days["entry_date"]).any()  # entry dates (air_cover has a lag)
    assert reduced["not_in_these_runs"].size == 0


PAIRS = [("pow_repatriation", "pow_stalin_lives"), ("air_cover", "air_cover_frontline_promise")]


@pytest.fixture(scope="module")
def saved_folders(tmp_path_factory) -> dict:
    """Batch folders of 300 replicates in 3 chunks for both pairs (one batch, one worker)."""
    out = tmp_path_factory.mktemp("saved")
    names = [name for pair in PAIRS for name in pair]
    targets = prepare([(n, load_scenario(n)) for n in names], out, 300, 6, chunk_size=100)
    run_batch(targets, 1)
    return {name: out / name for name in names}


@pytest.mark.parametrize(("base", "counterfactual"), PAIRS)
def test_a_folder_streamed_chunk_by_chunk_compares_as_its_table_in_memory(
    saved_folders, base, counterfactual
):
    """Shares, medians, shifts and intervals read chunk by chunk equal those of the table."""
    folders = [saved_folders[base], saved_folders[counterfactual]]
    assert len(list((folders[0] / "chunks").iterdir())) == 3
    in_memory = [read_results(folder) for folder in folders]
    expected = compare(in_memory[0], in_memory[1:], resamples=300)
    found = compare(folders[0], folders[1:], resamples=300)  # read chunk by chunk
    assert found["seed"] == 6 and found["runs"][0]["source"] == str(folders[0])
    assert json.dumps(jsonable(found)) == json.dumps(jsonable(expected))  # nan equal to nan
    runs = next(iter(expected["issues"].values()))["runs"]
    assert runs[1]["median_shift_days"] is not None and expected["replicates"] == 300


def test_runs_with_other_issues_or_replicates_are_not_compared():
    base = table([(0, "all_for_all", "1953-01-01"), (1, "all_for_all", "1953-01-01")])
    other = table([(0, "all_for_all", "1953-01-01"), (5, "all_for_all", "1953-01-01")])
    with pytest.raises(CompareError, match="same replicates"):
        compare(results("a", base), [results("b", other)])
    armistice = load_scenario("armistice_terms")
    with pytest.raises(CompareError, match="same issues"):
        compare(results("a", base), [results("b", base, armistice)])


def test_jsonable_turns_infinities_into_null():
    assert jsonable({"a": [math.inf, 1.0, math.nan], "b": (2, "x")}) == {
        "a": [None, 1.0, None],
        "b": [2, "x"],
    }


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def stalin_dies_early(tmp_path):
    """pow_repatriation with Stalin dying in September 1952."""
    path = tmp_path / "stalin_dies_early.yaml"
    path.write_text(
        "id: stalin_dies_early\nextends: pow_repatriation\ntitle: Stalin dies early\n"
        "question: What if Stalin had died in September 1952?\nchanges:\n"
        "  - path: events.stalin_dies.date\n    set: 1952-09-05\n"
        '    source: "external: a test that moves the date of Stalin\'s death"\n'
    )
    return path


def invoke(*args: str):
    return cli.invoke(app, ["compare", *args])


def test_compare_json_holds_each_runs_statistics(stalin_dies_early):
    result = invoke(
        "pow_repatriation", str(stalin_dies_early), "-n", "400", "-s", "9", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    runs = data["issues"]["pow_repatriation"]["runs"]
    assert [r["name"] for r in runs] == ["pow_repatriation", "stalin_dies_early"]
    assert [r["source"] for r in data["runs"]] == ["pow_repatriation", str(stalin_dies_early)]
    medians = []
    for name, entry in zip(["pow_repatriation", stalin_dies_early], runs, strict=True):
        own = summarize(load_scenario(name), run(name, 400, 9).table, 400, 9)
        own = own["issues"]["pow_repatriation"]
        assert {k: v["estimate"] for k, v in entry["shares"].items()} == own["shares"]
        assert entry["median_date"] == own["date_quantiles"]["p50"]
        medians.append(np.datetime64(own["date_quantiles"]["p50"]))
    shift = runs[1]["median_shift_days"]
    assert shift["estimate"] == (medians[1] - medians[0]).astype(int) <= 0
    assert shift["low"] <= shift["estimate"] <= shift["high"]
    assert data["issues"]["pow_repatriation"]["historical"]["date"] == "1953-06-04"


def test_compare_saves_runs_and_reads_the_same_numbers_back(tmp_path, stalin_dies_early):
    args = ["-n", "300", "-s", "4", "-f", "json"]
    fresh = invoke("pow_repatriation", str(stalin_dies_early), *args, "--out", str(tmp_path / "o"))
    assert fresh.exit_code == 0, fresh.output
    folders = [str(tmp_path / "o" / "pow_repatriation"), str(tmp_path / "o" / "stalin_dies_early")]
    again = invoke(*folders, "-f", "json")
    assert again.exit_code == 0, again.output
    first, second = json.loads(fresh.stdout), json.loads(again.stdout)
    assert first["issues"] == second["issues"] and first["seed"] == second["seed"] == 4


def test_compare_table_shows_history_beside_the_runs(stalin_dies_early):
    result = invoke("pow_repatriation", str(stalin_dies_early), "-n", "200")
    assert result.exit_code == 0, result.output
    for text in ("All-for-all", "happened", "1953-06-04", "Shift of the", "stalin_dies_early"):
        assert text in result.stdout
    assert "[pow_repatriation]" in result.stdout


def test_compare_bad_inputs_give_clear_errors_and_write_nothing(tmp_path, stalin_dies_early):
    out = tmp_path / "out"
    missing = invoke(str(tmp_path / "no_base.yaml"), str(stalin_dies_early), "--out", str(out))
    assert missing.exit_code == 2 and "no_base.yaml" in missing.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(str(empty), "pow_repatriation", "--out", str(out))
    assert result.exit_code == 2 and "empty folder" in result.output and str(empty) in result.output
    other = invoke("pow_repatriation", "armistice_terms", "-n", "50")
    assert other.exit_code == 2 and "same issues" in other.output
    assert not out.exists()


def test_compare_refuses_old_formats_and_settings_that_break_the_pairing(tmp_path):
    saved = invoke("pow_repatriation", "pow_repatriation", "-n", "100", "--out", str(tmp_path))
    assert saved.exit_code == 2 and "given twice" in saved.output
    assert (
        cli.invoke(
            app, ["batch", "pow_repatriation", "-n", "100", "-w", "1", "--out", str(tmp_path)]
        ).exit_code
        == 0
    )
    folder = tmp_path / "pow_repatriation"
    clash = invoke(str(folder), "pow_repatriation", "-s", "3")
    assert clash.exit_code == 2 and "seed 1950" in clash.output
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps({**manifest, "format_version": 7}))
    old = invoke(str(folder), "pow_repatriation")
    assert old.exit_code == 2 and "format version 7" in old.output and str(folder) in old.output


def test_comparing_or_reading_saved_folders_never_loads_pandas(saved_folders):
    """pandas takes half a second to import: an Arrow scalar (`fill_null(column, value)`) or
    `to_numpy` made pyarrow load it in the middle of a comparison or a read of saved folders."""
    folders = [str(saved_folders[name]) for name in PAIRS[0]]
    code = (
        "import sys; from analysis.compare import compare; "
        "from sim.store.reading import read_results; "
        f"compare({folders[0]!r}, [{folders[1]!r}], resamples=50); "
        f"read_results({folders[0]!r}); "
        "print('pandas' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"
