"""Sweeps: design points as rows with the factors as columns, seeds, workers, resume, bad input."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import same_tables
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from sim.engine.campaign_run import run_campaign_chunk
from sim.engine.fixed_draws import DesignModel
from sim.engine.runner import Chunk, run_chunk
from sim.experiments import designs, sweep_folder
from sim.experiments import sweep as sw
from sim.experiments.factors import FactorError, catalogue, resolve
from sim.scenario.loader import load_scenario
from sim.store.batch import BatchError, BatchInterrupted, run_batch
from sim.store.reading import read_checked_manifest, read_results

SCENARIO = "pow_repatriation"
WAR_COST = "actors.washington.profile.war_payoff"
STALIN = "actors.moscow.profile.war_payoff"
cli = CliRunner()


@pytest.fixture(scope="module")
def pow_scenario():
    return load_scenario(SCENARIO)


def run_sweep(sweep: sw.Sweep, folder: Path, workers: int = 1, size: int = 50_000, **kw):
    target = sweep_folder.prepare(sweep, folder, chunk_size=size, **kw)
    sweep_folder.write_record(sweep, folder)
    run_batch([target], workers, kw.get("on_chunk"))
    return read_results(folder)


def chunk_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "chunks").iterdir())}


def test_a_grid_sweep_has_its_design_points_as_rows_and_its_factors_as_columns(tmp_path):
    result = cli.invoke(
        app,
        ["sweep", SCENARIO, "--factor", f"{WAR_COST}=-0.012:-0.004:3"]
        + ["--factor", f"{STALIN}=0.02:0.03:2", "-k", "4", "-s", "3", "-w", "1"]
        + ["--out", str(tmp_path / "grid")],
    )
    assert result.exit_code == 0, result.output
    saved = read_results(tmp_path / "grid")
    table = saved.table
    assert saved.replicates == 3 * 2 * 4
    assert len(table["replicate"]) == 24  # one issue: one row per replicate
    expected = list(itertools.product([-0.012, -0.008, -0.004], [0.02, 0.03]))
    for point, values in enumerate(expected):
        rows = table["point"] == point
        assert rows.sum() == 4
        assert np.allclose(table[f"factor:{WAR_COST}"][rows], values[0])
        assert np.allclose(table[f"factor:{STALIN}"][rows], values[1])
    # what each replicate used is what the design gave it; the other draws vary
    assert np.array_equal(table["draw:washington.war_payoff"], table[f"factor:{WAR_COST}"])
    assert np.unique(table["draw:beijing.war_payoff"]).size == 24
    record = json.loads((tmp_path / "grid" / "sweep.json").read_text())
    assert [f["path"] for f in record["factors"]] == [WAR_COST, STALIN]
    assert record["factors"][0]["source"].startswith("note 62")
    assert (record["design_points"], record["replicates_per_point"]) == (6, 4)


def test_replicates_keep_the_other_draws_of_a_plain_run_from_the_same_seed(pow_scenario):
    sweep = sw.build(pow_scenario, SCENARIO, [sw.FactorSpec(path=WAR_COST, range=(-0.02, 0.0))])
    chunk = Chunk(0, 0, sweep.replicates, 99)
    swept, _ = sweep.rows(chunk).run(pow_scenario, chunk)
    plain, _ = run_chunk(pow_scenario, chunk)
    for name in plain:
        if name.startswith("draw:") and name != "draw:washington.war_payoff":
            assert np.array_equal(swept[name], plain[name]), name


def test_the_same_seed_gives_the_same_sweep_whatever_the_workers(tmp_path, pow_scenario):
    specs = [sw.FactorSpec(path=WAR_COST, range=(-0.02, 0.0))]
    specs.append(sw.FactorSpec(path="events.un_autumn_offensives.probability", range=(0.2, 0.8)))
    make = lambda seed: sw.build(pow_scenario, SCENARIO, specs, "lhs", 12, 5, seed)  # noqa: E731
    one = run_sweep(make(7), tmp_path / "one", workers=1, size=13)
    two = run_sweep(make(7), tmp_path / "two", workers=2, size=13)
    assert len(read_checked_manifest(tmp_path / "one")["chunk_seeds"]) == 5
    assert chunk_bytes(tmp_path / "one") == chunk_bytes(tmp_path / "two")
    assert same_tables(one.table, two.table)
    assert one.history == two.history
    again = make(7)
    assert np.array_equal(again.matrix, make(7).matrix)
    assert not np.array_equal(make(8).matrix, again.matrix)  # the design follows the seed


def test_a_factor_the_model_depends_on_moves_the_outcome(pow_scenario):
    """Washington's monthly cost of the war moves the prisoner settlement (README: rho +0.5):
    at the costly end of its range the deal comes earlier than at the cheap end."""
    spec = sw.FactorSpec(path=WAR_COST, range=(-0.012, -0.004), levels=2)
    sweep = sw.build(pow_scenario, SCENARIO, [spec], replicates_per_point=300, seed=5)
    chunk = Chunk(0, 0, sweep.replicates, 5)
    table, _ = sweep.rows(chunk).run(pow_scenario, chunk)
    days = table["agreement_date"].astype("int64").astype(float)
    days[np.isnat(table["agreement_date"])] = np.inf
    costly, cheap = (np.median(days[table["point"] == p]) for p in (0, 1))
    assert costly < cheap


def test_a_setting_factor_gets_its_own_scenario_per_design_point(tmp_path, pow_scenario):
    """The rounds of offers per step are not drawn: each point is its own model (whole numbers),
    and the replicates of a point still take their own values of the drawn factors."""
    specs = [
        sw.FactorSpec(path="bargaining.rounds_per_step", range=(1, 6), levels=3),
        sw.FactorSpec(path=WAR_COST, range=(-0.012, -0.004), levels=2),
    ]
    sweep = sw.build(pow_scenario, SCENARIO, specs, replicates_per_point=4, seed=2)
    assert [p.kind for p in sweep.parameters] == ["setting", "drawn"]
    table = run_sweep(sweep, tmp_path / "s", size=7).table
    assert np.array_equal(np.unique(table["factor:bargaining.rounds_per_step"]), [1, 4, 6])
    assert np.array_equal(table["replicate"], np.arange(sweep.replicates))
    assert np.array_equal(table["point"], np.arange(sweep.replicates) // 4)
    assert np.array_equal(table["draw:washington.war_payoff"], table[f"factor:{WAR_COST}"])


def test_an_event_probability_decides_replicate_by_replicate(tmp_path, pow_scenario):
    spec = sw.FactorSpec(path="events.un_autumn_offensives.probability", range=(0, 1), levels=3)
    sweep = sw.build(pow_scenario, SCENARIO, [spec], replicates_per_point=400, seed=2)
    assert sweep.parameters[0].kind == "chance"
    chunk = Chunk(0, 0, sweep.replicates, 3)
    table, _ = sweep.rows(chunk).run(pow_scenario, chunk)
    happened = table["draw:events.un_autumn_offensives.happens"]
    shares = [happened[table["point"] == p].mean() for p in range(3)]
    assert shares[0] == 0 and shares[2] == 1 and 0.4 < shares[1] < 0.6


def test_happens_factor_fixes_whether_an_event_happens(pow_scenario):
    """`events.<id>.happens` in [0, 1]: the event happens above 1 - probability."""
    events = [  # a chance event (the built-ins' offensives happen for sure)
        e.model_copy(update={"probability": 0.75}) if e.id == "un_autumn_offensives" else e
        for e in pow_scenario.events
    ]
    chancy = pow_scenario.model_copy(update={"events": events})
    spec = sw.FactorSpec(path="events.un_autumn_offensives.happens", range=(0.0, 1.0), levels=2)
    sweep = sw.build(chancy, SCENARIO, [spec], replicates_per_point=10)
    chunk = Chunk(0, 0, 20, 1)
    table, _ = sweep.rows(chunk).run(chancy, chunk)
    assert np.array_equal(table["draw:events.un_autumn_offensives.happens"], table["point"])


def test_a_campaign_sweep_sets_stage_parameters_replicate_by_replicate(tmp_path):
    """A campaign's stage parameters are drawn factors, as a scenario's are: each replicate's
    stage uses its point's value (the `draw:` column shows it), and an event's probability is
    each replicate's chance of the event (certain at 1)."""
    campaign = load_scenario("war_1950_53")
    cost = "talks_1951_53.actors.washington.profile.war_payoff"
    chance = "talks_1951_53.events.un_autumn_offensives.probability"
    parameter = resolve(campaign, cost)
    assert parameter.kind == "drawn" and parameter.label.startswith("talks_1951_53: Washington")
    specs = [
        sw.FactorSpec(path=cost, range=(-0.012, -0.004), levels=2),
        sw.FactorSpec(path=chance, range=(0.0, 1.0), levels=2),
    ]
    sweep = sw.build(campaign, "war_1950_53", specs, replicates_per_point=2)
    saved = run_sweep(sweep, tmp_path / "war", size=5)  # a chunk boundary inside point 2
    table = saved.table
    end = table["issue"] == "end_state"
    assert np.array_equal(table["point"][end], np.arange(8) // 2)
    assert np.allclose(table[f"factor:{cost}"][end], [-0.012] * 4 + [-0.004] * 4)
    assert np.allclose(table[f"draw:{parameter.name}"][end], table[f"factor:{cost}"][end])
    happens = table["draw:talks_1951_53.events.un_autumn_offensives.happens"][end]
    assert np.array_equal(happens, table[f"factor:{chance}"][end])  # probability 0 or 1


def test_a_fixed_value_for_a_stage_the_campaign_lacks_is_refused():
    campaign = load_scenario("war_1950_53")
    with pytest.raises(ValueError, match="no stage of war_1950_53"):
        run_campaign_chunk(campaign, 2, 1, fixed={"truce_talks.washington.war_payoff": [0, 0]})


def test_resume_after_an_interruption_gives_the_uninterrupted_files(tmp_path, pow_scenario):
    specs = [sw.FactorSpec(path=WAR_COST, range=(-0.012, -0.004), levels=4)]
    sweep = sw.build(pow_scenario, SCENARIO, specs, replicates_per_point=5, seed=4)
    whole = run_sweep(sweep, tmp_path / "whole", size=6)

    def stop_after_two(target, index):
        if len(target.manifest["completed_chunks"]) == 2:
            raise KeyboardInterrupt

    folder = tmp_path / "cut"
    target = sweep_folder.prepare(sweep, folder, chunk_size=6)
    sweep_folder.write_record(sweep, folder)
    with pytest.raises(BatchInterrupted):
        run_batch([target], 1, stop_after_two)
    assert json.loads((folder / "manifest.json").read_text())["status"] == "interrupted"
    other = sw.build(pow_scenario, SCENARIO, specs, replicates_per_point=5, seed=5)
    with pytest.raises(BatchError, match="seed"):
        sweep_folder.prepare(other, folder, resume=True, chunk_size=6)
    resumed = run_sweep(sweep, folder, size=6, resume=True)
    assert chunk_bytes(folder) == chunk_bytes(tmp_path / "whole")
    assert same_tables(resumed.table, whole.table)


@pytest.mark.parametrize(
    "factor, extra, expected",
    [
        (f"{WAR_COST[:-3]}=-0.02:0", [], "did you mean `war_payoff`?"),
        ("actors.washingtn.profile.war_payoff=-0.02:0", [], "did you mean `washington`?"),
        (f"{WAR_COST}=0:-0.02", [], "reversed"),
        (f"{WAR_COST}=-0.02:0:1", [], "at least 2 levels"),
        (f"{WAR_COST}=-2:0", [], "-2 is not accepted here"),
        (f"{WAR_COST}=-0.02", [], "expected PATH=LO:HI"),
        ("actors.washington.profile.veto.value=0:1", [], "true/false"),
        (f"{WAR_COST}=-0.02:0", ["--design", "lhs"], "needs --points"),
        (f"{WAR_COST}=-0.02:0", ["--design", "sobol", "--points", "100"], "power of 2"),
        (f"{WAR_COST}=-0.02:0", ["--design", "anneal"], "anneal"),
    ],
)
def test_bad_input_is_one_located_message_and_writes_nothing(tmp_path, factor, extra, expected):
    out = tmp_path / "never"
    result = cli.invoke(app, ["sweep", SCENARIO, "--factor", factor, *extra, "--out", str(out)])
    assert result.exit_code == 2
    assert expected in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_sweep_file_runs_and_its_errors_name_the_line(tmp_path):
    good = tmp_path / "costs.yaml"
    good.write_text(
        f"scenario: {SCENARIO}\ndesign: sobol\npoints: 8\nreplicates_per_point: 2\n"
        f"factors:\n  - path: {WAR_COST}\n    range: [-0.02, 0.0]\n"
    )
    result = cli.invoke(app, ["sweep", str(good), "-w", "1", "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert read_results(tmp_path / "r").replicates == 16
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        good.read_text().replace(
            "    range: [-0.02, 0.0]",
            "    range: [-0.02, 0.0]\n  - path: actors.moscow.profile.war_payof\n    range: [0, 0.04]",
        )
    )
    result = cli.invoke(app, ["sweep", str(bad), "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "bad.yaml:8: factors.1.path:" in result.output and "war_payoff" in result.output
    assert not (tmp_path / "x").exists()


def test_the_catalogue_names_every_drawn_parameter(pow_scenario):
    """Every `draw:` column of a run (but the event days) is a factor a sweep can set."""
    plain, _ = run_chunk(pow_scenario, Chunk(0, 0, 5, 1))
    drawn = {name.removeprefix("draw:") for name in plain if name.startswith("draw:")}
    names = {p.name for p in catalogue(pow_scenario).values()}
    assert drawn - names == {"events.un_autumn_offensives.day"}
    assert resolve(pow_scenario, f"{WAR_COST}.value").path == WAR_COST
    with pytest.raises(FactorError, match="did you mean"):
        resolve(pow_scenario, "actors.moscow.profile.behavior.arms_supply.leverage")


def test_a_fixed_value_the_model_never_draws_is_refused(pow_scenario):
    with pytest.raises(ValueError, match="never draws"):
        DesignModel(pow_scenario, 2, 1, {"washington.war_pay": np.zeros(2)})


def test_designs_are_the_documented_sizes():
    bounds = [(0.0, 1.0), (2.0, 3.0), (-1.0, 0.0)]
    assert designs.matrix("grid", bounds, 1, levels=[2, 3, 4]).shape == (24, 3)
    assert designs.matrix("saltelli", bounds, 1, 8).shape == (8 * 5, 3)
    assert designs.matrix("morris", bounds, 1, 4).shape == (4 * 4, 3)
    lhs = designs.matrix("lhs", bounds, 1, 10)
    assert lhs.shape == (10, 3) and (lhs[:, 1] >= 2).all() and (lhs[:, 1] <= 3).all()
    # a Latin hypercube puts one point in each tenth of every factor's range
    assert sorted((lhs[:, 0] * 10).astype(int)) == list(range(10))


def test_a_grid_too_large_for_int64_is_counted_exactly_and_refused_before_it_is_built(tmp_path):
    assert designs.points_of("grid", 33, None, [5] * 33) == 5**33  # int64 wrapped negative
    capitals = ("washington", "moscow", "beijing", "pyongyang")
    factors = [f"actors.{capital}.profile.war_payoff=-0.02:0:65536" for capital in capitals]
    out = tmp_path / "never"
    args = [arg for factor in factors for arg in ("--factor", factor)]
    result = cli.invoke(app, ["sweep", SCENARIO, *args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert f"{2**64:,} design points" in text and "more than the limit of 10,000,000" in text
    assert not out.exists()
