"""The exercise report: a self-contained page with the question, the changes and their
sources, results matching the comparison statistics, embedded figures and history."""

import html
import re

import matplotlib

matplotlib.use("Agg")

from typer.testing import CliRunner  # noqa: E402

from alliance_sim.classroom.report import exercise_report  # noqa: E402
from alliance_sim.cli.app import app  # noqa: E402
from sim.engine.runner import run  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402


def test_the_page_holds_question_changes_results_figures_and_history():
    exercise = load_scenario("pow_stalin_lives")
    base = load_scenario("pow_repatriation")
    page = exercise_report(exercise, base, replicates=300, seed=9)
    assert exercise.exercise.question in page
    changes = re.search(r"<h2>What changed, and why</h2><ul>(.*?)</ul>", page).group(1)
    shown = re.sub(r"<details.*?</details>", "", changes)  # what a class sees, not folded
    assert "This does not happen: \u201cStalin dies\u201d (5 March 1953)." in shown
    assert "Stalin&#x27;s death on 5 March 1953 is not in the article" in shown
    assert "<code>" not in shown and "stalin_dies" not in shown
    assert "remove the event <code>stalin_dies</code>" in changes  # folded, for the teacher
    # outcomes, not yet settled, demands; then who kept the deal closed in each of the two runs
    assert len(re.findall(r'<img alt="[^"]+" src="data:image/png;base64,', page)) == 5
    expects = re.search(r"<h2>What the exercise expects</h2><ul>(.*?)</ul>", page).group(1)
    assert expects.count("<li>") == len(exercise.exercise.expect)
    assert "less often. The runs: " in expects and ", as expected.</li>" in expects
    waited = re.findall(r"<p><b>[^<]+</b>: the longest deadlock lasted [^<]+</p>", page)
    assert len(waited) == 2  # base and counterfactual
    assert "Communist side: Moscow (Stalin) preferred fighting on" in waited[1]
    assert "http://" not in page and "https://" not in page  # nothing fetched from outside
    assert "What actually happened" in page and "4 June 1953" in page
    # the shares shown are those of the runs
    share = (run(base, 300, 9).table["outcome"] == "voluntary_neutral_custody").mean()
    assert share > 0.5
    row = re.search(
        r"Voluntary repatriation with neutral custody \u2190 what happened</td>"
        r"<td class=\"num\">([\d.]+)%",
        page,
    )
    assert row and row.group(1) == f"{100 * share:.1f}"
    # issue 10, defect 13: a share is never printed outside its own interval ("0% (0.1% to ...")
    cells = re.findall(r"([\d.]+)% <span class=\"source\">\(([\d.]+)% to ([\d.]+)%\)", page)
    assert cells and all(float(lo) <= float(v) <= float(hi) for v, lo, hi in cells)


def test_report_command_writes_the_file_and_refuses_a_non_exercise(tmp_path):
    runner = CliRunner()
    target = tmp_path / "class.html"
    result = runner.invoke(
        app, ["report", "air_cover_frontline_promise", "--out", str(target), "-n", "200"]
    )
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("<!DOCTYPE html>")
    refused = runner.invoke(app, ["report", "air_cover", "--out", str(tmp_path / "no.html")])
    assert refused.exit_code == 2
    assert "not a counterfactual exercise" in refused.output
    assert not (tmp_path / "no.html").exists()


def test_a_campaign_exercise_report_covers_every_stage_and_how_the_war_ended():
    """Issue 8: a campaign counterfactual's report works end to end."""
    exercise = load_scenario("war_frontline_promise")
    page = exercise_report(exercise, load_scenario("war_1950_53"), replicates=200, seed=9)
    headings = re.findall(r"<h2>([^<]+)</h2>", page)
    for issue in exercise.issues.values():
        assert issue.label in headings
    assert "set <code>air_cover.actors.moscow.positions.soviet_air_cover.ideal</code>" in page
    assert "The armistice" in page and "Air cover over the troops at the front" in page
    expects = re.search(r"<h2>What the exercise expects</h2><ul>(.*?)</ul>", page).group(1)
    assert expects.count(", as expected.</li>") == len(exercise.exercise.expect)
    assert "<h2>Until the armistice</h2>" in page
    assert '<img alt="When each question was settled, on one time axis"' in page


def test_the_answer_comes_after_the_results_and_a_teacher_can_leave_it_out():
    """Issue 21, item 4: projected, the report must not spoil the class's prediction."""
    exercise = load_scenario("pow_stalin_lives")
    base = load_scenario("pow_repatriation")
    explained = html.escape(exercise.exercise.explanation)
    page = exercise_report(exercise, base, replicates=100, seed=9)
    first_result = page.index("<h2>Repatriation of prisoners of war</h2>")
    assert page.index("<h2>What changed, and why</h2>") < first_result
    assert first_result < page.index("<h2>What the exercise expects</h2>")
    assert first_result < page.index(explained)
    hidden = exercise_report(exercise, base, replicates=100, seed=9, explanation=False)
    assert explained not in hidden and "<h2>Why, in the model</h2>" not in hidden
    assert "<h2>Repatriation of prisoners of war</h2>" in hidden  # the results stay
    result = CliRunner().invoke(app, ["report", "pow_stalin_lives", "--no-explanation",
                                      "-n", "50", "--out", "/dev/null"])  # fmt: skip
    assert result.exit_code == 0, result.output
