"""The command line as a user meets it: output, JSON shape, exit codes and messages."""

import json

from typer.testing import CliRunner

from alliance_sim.cli.app import app
from sim.scenario.loader import load_scenario
from sim.store.manifest import scenario_hash
from sim.store.provenance import engine_fingerprint

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_list_shows_the_three_builtin_scenarios_with_descriptions():
    result = invoke("list")
    assert result.exit_code == 0
    for scenario_id in ("air_cover", "armistice_terms", "pow_repatriation"):
        assert scenario_id in result.stdout
    assert "air cover" in result.stdout


def test_run_json_has_the_documented_shape():
    result = invoke("run", "air_cover", "--replicates", "200", "--seed", "4", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"scenario", "replicates", "seed", "issues", "provenance"}
    assert (data["scenario"], data["replicates"], data["seed"]) == ("air_cover", 200, 4)
    assert data["provenance"]["engine_fingerprint"] == engine_fingerprint()
    assert data["provenance"]["scenario_hash"] == scenario_hash(load_scenario("air_cover"))
    issue = data["issues"]["soviet_air_cover"]
    assert set(issue) == {
        "shares",
        "date_quantiles",
        "entry_date_quantiles",
        "historical",
        "deadlock",
        "agreed_by",
    }
    assert set(issue["deadlock"]) == {"replicates_with_deadlock", "median_steps", "held_out"}
    assert set(issue["deadlock"]["held_out"]) == {"beijing", "moscow"}
    assert list(issue["shares"]) == [
        "none",
        "rear_air_defense",
        "border_cover",
        "frontline_cover",
        "no_agreement",
    ]
    assert abs(sum(issue["shares"].values()) - 1.0) < 1e-9
    assert set(issue["date_quantiles"]) == {"p10", "p50", "p90"}
    assert issue["historical"] == {"outcome": "rear_air_defense", "date": "1950-10-19"}


def test_run_by_path_and_by_id_agree(tmp_path):
    from sim.scenario.loader import builtin_scenarios

    by_id = invoke("run", "pow_repatriation", "-n", "50", "-f", "json")
    by_path = invoke("run", str(builtin_scenarios()["pow_repatriation"]), "-n", "50", "-f", "json")
    assert json.loads(by_id.stdout) == json.loads(by_path.stdout)


def test_run_table_shows_history_beside_the_shares():
    result = invoke("run", "armistice_terms", "-n", "100")
    assert result.exit_code == 0
    assert "The line of contact" in result.stdout and "what happened" in result.stdout
    assert "1951-11-27" in result.stdout


def test_a_bad_scenario_file_gives_one_located_message_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: x\ntitle: t\nsummary: s\nperiod: talks_1951_53\ntime: {start: 1951-07-01, step: month, horizon: -3}\n"
    )
    result = invoke("validate", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:5: time.horizon" in result.output.replace("\n", "")
    assert "Traceback" not in result.output


def test_an_unknown_scenario_id_is_a_clear_error():
    result = invoke("run", "air_cvoer")
    assert result.exit_code == 2
    assert "did you mean `air_cover`" in result.output


def test_a_typo_in_an_option_is_caught_with_a_hint():
    result = invoke("run", "air_cover", "--replicate", "10")
    assert result.exit_code == 2
    assert "--replicates" in result.output


def test_out_of_range_replicates_are_refused():
    result = invoke("run", "air_cover", "--replicates", "0")
    assert result.exit_code == 2
    assert "replicates" in result.output.lower()


def test_validate_accepts_the_builtin_files():
    from sim.scenario.loader import builtin_scenarios

    result = invoke("validate", *map(str, builtin_scenarios().values()))
    assert result.exit_code == 0
    assert result.stdout.count(": ok") == len(builtin_scenarios()) == 5


def test_schema_is_json_schema_with_field_descriptions():
    schema = json.loads(invoke("schema").stdout)
    assert schema["title"] == "Scenario"
    assert "Exactly two parties bargain." in json.dumps(schema)
    campaign = json.loads(invoke("schema", "--kind", "campaign").stdout)
    assert campaign["title"] == "CampaignFile"
    assert "Built-in scenario ids, in the order they are played." in json.dumps(campaign)
    assert invoke("schema", "--kind", "campain").exit_code == 2
    results = json.loads(invoke("schema", "--kind", "results").stdout)
    assert results["properties"]["agreement_date"]["x-parquet-type"] == "date32[day]"
    assert "^draw:.+$" in results["patternProperties"]


def test_exercises_wrap_their_questions_indented_under_the_id():
    """Issue 10, item 17: a long question wrapped back to column 0 on a narrow terminal."""
    result = runner.invoke(app, ["exercises"], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("war_frontline_promise"))
    question = lines[start + 1 : start + 4]
    assert len(question) == 3 and all(line.startswith("    ") for line in question)


def test_run_json_of_the_talks_reports_each_issue_and_the_armistice():
    result = invoke("run", "talks_1951_53", "--replicates", "300", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data["issues"]) == ["troop_withdrawal", "demarcation_line", "pow_repatriation"]
    armistice = data["agreement"]
    assert armistice["label"] == "The armistice" and armistice["historical_date"] == "1953-07-27"
    assert set(armistice["date_quantiles"]) == {"p10", "p50", "p90"}


def test_run_json_of_the_campaign_gives_the_end_the_entry_and_the_terms():
    result = invoke("run", "war_1950_53", "--replicates", "300", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    end = data["issues"]["end_state"]
    assert set(end["shares"]) == {"kim_evacuated", "agreement", "no_agreement"}
    assert abs(sum(end["shares"].values()) - 1) < 1e-9
    assert data["agreement"]["date_quantiles"]["p50"] is not None
    assert "entry_date_quantiles" in data["issues"]["soviet_air_cover"]
    terms = {
        issue: data["issues"][issue]["shares"] for issue in ("demarcation_line", "pow_repatriation")
    }
    assert max(terms["pow_repatriation"], key=terms["pow_repatriation"].get) == (
        "voluntary_neutral_custody"
    )


def test_demo_style_tables_date_the_air_cover_decision_in_history():
    """Issue 10, item 17: the air-cover 'Agreement' row had no history date; the decision
    came a day before the crossing (the order of 18 October, note 36)."""
    result = invoke("run", "air_cover", "--replicates", "200")
    assert result.exit_code == 0, result.output
    agreement = next(line for line in result.stdout.splitlines() if "│ Agreement" in line)
    entry = next(line for line in result.stdout.splitlines() if "│ China enters" in line)
    assert agreement.rstrip("│ ").endswith("1950-10-18")
    assert entry.rstrip("│ ").endswith("1950-10-19")


def test_the_dask_option_names_the_extra_to_install():
    """Rich reads `[dask]` as markup unless escaped; the help must show the whole command."""
    shown = runner.invoke(app, ["batch", "--help"], env={"COLUMNS": "300"}).output
    assert 'pip install "alliance-sim[dask]"' in shown


def test_list_factors_keeps_every_path_whole_and_speaks_json():
    """Issue 22, item 7: `--list-factors` broke dotted paths mid-word at 80 columns and had no
    JSON. Each path now has a line of its own, and `-f json` names it with its draw."""
    shown = runner.invoke(
        app, ["sweep", "war_1950_53", "--list-factors"], env={"COLUMNS": "80"}
    ).stdout
    listed = json.loads(invoke("sweep", "war_1950_53", "--list-factors", "-f", "json").stdout)
    paths = [factor["path"] for factor in listed]
    assert "talks_1951_53.actors.washington.profile.war_payoff" in paths
    lines = shown.splitlines()
    assert all(any(line.startswith(f"{path}  (") for line in lines) for path in paths)
    own = json.loads(invoke("sweep", "pow_repatriation", "--list-factors", "-f", "json").stdout)
    cost = next(f for f in own if f["path"] == "actors.washington.profile.war_payoff")
    assert cost["draw"] == "washington.war_payoff" and cost["low"] < cost["high"]
