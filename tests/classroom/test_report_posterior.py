"""`alliance-sim report EXERCISE --posterior DIR` (issue 20): the exercise runs under the prior
and under the posterior of its base, paired, and the page shows both and says where they
disagree; a posterior of another scenario, or a damaged one, is refused, named, with no page
written.

The posterior is a tiny one written here (prior draws with random weights), not calibrated:
what is tested is how the report uses a posterior folder, not what the posterior says."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from classroom.pack.test_teacher_pack_print import ARGS, CHROMIUM, _missing, pdf_pages  # noqa: E402
from classroom.test_report_print import MOST_PAGES  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from alliance_sim.classroom.questions import expectation_words, measured_words  # noqa: E402
from alliance_sim.classroom.report import exercise_report  # noqa: E402
from alliance_sim.classroom.report_posterior import posterior_runs, posterior_section  # noqa: E402
from alliance_sim.cli.app import app  # noqa: E402
from alliance_sim.i18n import language  # noqa: E402
from analysis.summary import summarize  # noqa: E402
from sim.engine.runner import run  # noqa: E402
from sim.experiments.calibration import folder as pf  # noqa: E402
from sim.experiments.calibration import use  # noqa: E402
from sim.experiments.calibration.run import prior_of  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402
from sim.store import manifest as mf  # noqa: E402

BASE, EXERCISE = "pow_repatriation", "pow_early_neutral_custody"
REPLICATES, SEED = 120, 5
SECTION = re.compile(r"<h2>Under the posterior as well as the prior</h2>(.*?)(?=<h2>)", re.S)


def tiny_posterior(folder: Path, target: str = BASE, particles: int = 25) -> Path:
    """A finished posterior folder of `particles` prior draws with unequal weights."""
    scenario = load_scenario(target)
    prior, described = prior_of(scenario)
    rng = np.random.default_rng(0)
    theta = prior.low + (prior.high - prior.low) * rng.random((particles, len(prior.paths)))
    manifest = {"target": target, "target_id": scenario.id, "prior": described,
                "target_hash": mf.scenario_hash(scenario)}  # fmt: skip
    pf.write_manifest(folder, {**manifest, "status": pf.RUNNING})
    pf.write_posterior(folder, prior.paths, theta, rng.random(particles) + 0.1,
                       np.zeros((particles, 0)), [], manifest)  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def posterior(tmp_path_factory) -> Path:
    return tiny_posterior(tmp_path_factory.mktemp("posterior") / "pow")


@pytest.fixture(scope="module")
def scenarios():
    return load_scenario(EXERCISE), load_scenario(BASE)


def cells(section: str) -> list[list[str]]:
    """Each row: the expectation, then per prior and posterior the measure (`6% → 37%`) and
    whether the expectation holds (`yes`, `no`)."""
    rows = re.findall(r"<tr>(.*?)</tr>", section)[1:]  # the header row left out
    found = []
    for row in rows:
        said, *moved = re.findall(r"<td>(.*?)</td>", row)
        found.append([html.unescape(said)])
        for cell in moved:
            measure, verdict = re.fullmatch(r"(.*) \(<b>(yes|no)</b>\)", cell).groups()
            found[-1] += [html.unescape(measure), verdict]
    return found


def test_the_page_shows_each_expectation_under_prior_and_posterior(posterior, scenarios):
    exercise, base = scenarios
    found = pf.read_posterior(posterior)
    page = exercise_report(exercise, base, REPLICATES, SEED, posterior=found)
    section = SECTION.search(page).group(1)
    assert str(posterior) in section and "25 sets of values" in section
    rows = cells(section)
    assert len(rows) == len(exercise.exercise.expect)
    # the posterior columns are those of the two runs under the posterior, same seed: paired
    under = [use.run(s, found, REPLICATES, SEED) for s in (base, exercise)]
    plain = [run(s, REPLICATES, SEED) for s in (base, exercise)]
    for row, expectation in zip(rows, exercise.exercise.expect, strict=True):
        for shown, runs in ((row[1], plain), (row[3], under)):
            words = [measured_words(exercise, expectation, summarize(r.scenario, r.table,
                                    REPLICATES, SEED)) for r in runs]  # fmt: skip
            assert shown == f"{words[0]} \u2192 {words[1]}"
        assert row[2] in ("yes", "no") and row[4] in ("yes", "no")
    # the prior's verdicts are the ones the page gives above, in "What the exercise expects"
    expects = re.search(r"<h2>What the exercise expects</h2><ul>(.*?)</ul>", page).group(1)
    said = re.findall(r"(not as expected|as expected)\.</li>", expects)
    assert ["no" if s.startswith("not") else "yes" for s in said] == [row[2] for row in rows]
    assert [row[2] for row in rows] != [row[4] for row in rows] or (
        "The prior and the posterior agree on every expectation" in section
    )


def test_where_prior_and_posterior_disagree_is_said_in_words(posterior, scenarios):
    """A prior pair read backwards (exercise first) moves every measure the other way: each
    expectation the posterior bears out, and that moved, is named as a disagreement."""
    exercise, base = scenarios
    under = posterior_runs(exercise, base, pf.read_posterior(posterior), REPLICATES, SEED)
    summaries = [summarize(r.scenario, r.table, REPLICATES, SEED) for r in under.runs]
    section = posterior_section(exercise, (summaries[1], summaries[0]), under)
    assert "<b>Where they disagree:</b>" in section
    rows = cells(section)
    assert rows[0][2::2] == ["no", "yes"]  # the share agreed by March 1953: expected higher
    assert rows[1][2::2] == ["yes", "yes"]  # the modal outcome unchanged either way round
    said = re.search(r"<b>Where they disagree:</b> (.*?)</p>", section).group(1)
    assert html.unescape(said) == (
        f"Expected: {expectation_words(exercise, exercise.exercise.expect[0])}. The runs bear "
        "it out under the posterior (more often) but not under the prior (less often)."
    )


def test_the_section_is_in_the_readers_language(posterior, scenarios):
    exercise, base = scenarios
    under = posterior_runs(exercise, base, pf.read_posterior(posterior), 40, SEED)
    summaries = tuple(summarize(r.scenario, r.table, 40, SEED) for r in under.runs)
    with language("ko"):
        section = posterior_section(exercise, summaries, under)
    assert "Under the posterior" not in section and "agree on every" not in section
    assert "Prior:" not in section and "replicates each" not in section
    assert re.search("[\uac00-\ud7a3]", section)  # Hangul


def test_a_posterior_of_another_scenario_or_a_damaged_one_is_refused(posterior, tmp_path):
    runner = CliRunner()
    other = tiny_posterior(tmp_path / "air", target="air_cover", particles=5)
    page = tmp_path / "page.html"
    refused = runner.invoke(app, ["report", EXERCISE, "--out", str(page), "-n", "20",
                                  "--posterior", str(other)])  # fmt: skip
    assert refused.exit_code == 2
    said = " ".join(refused.output.split())
    assert str(other) in said and "a posterior of air_cover cannot be used" in said
    assert not page.exists()
    (posterior.parent / "broken").mkdir()
    damaged = runner.invoke(app, ["report", EXERCISE, "--out", str(page), "-n", "20",
                                  "--posterior", str(posterior.parent / "broken")])  # fmt: skip
    assert damaged.exit_code == 2 and "broken" in damaged.output
    assert not page.exists()
    written = runner.invoke(app, ["report", EXERCISE, "--out", str(page), "-n", "20",
                                  "--posterior", str(posterior)])  # fmt: skip
    assert written.exit_code == 0, written.output
    assert "Under the posterior as well as the prior" in page.read_text()


@pytest.fixture(scope="module")
def browser_page():
    """A headless Chromium page, as the report's print tests use."""
    reason = _missing()
    if reason:
        if os.environ.get("ALLIANCE_SIM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser.new_page()
        browser.close()


@pytest.mark.browser
@pytest.mark.slow  # the report's print check of the timed suite, with the posterior's section
def test_the_report_under_a_posterior_still_prints_on_at_most_four_a4_pages(browser_page, tmp_path):
    """The campaign's reports are the longest: the section must not push one past four pages."""
    exercise, base = load_scenario("war_frontline_promise"), load_scenario("war_1950_53")
    found = pf.read_posterior(tiny_posterior(tmp_path / "war", "war_1950_53", particles=10))
    path = tmp_path / "report.html"
    path.write_text(exercise_report(exercise, base, 200, 1950, posterior=found), encoding="utf-8")
    browser_page.goto(path.as_uri())
    sizes = pdf_pages(browser_page.pdf(format="A4"))
    assert 1 <= len(sizes) <= MOST_PAGES, f"prints on {len(sizes)} A4 pages"
