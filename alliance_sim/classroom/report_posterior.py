"""The exercise report under a calibration's posterior as well as the prior (issue 20).

`alliance-sim report EXERCISE --posterior DIR` runs the base and the exercise a second time,
each replicate taking a whole parameter vector from the posterior of the base
(:mod:`sim.experiments.calibration.use`), with the same seed and replicates as the prior runs,
so the two pairs are comparable and each pair stays paired. The section this module writes
puts each of the exercise's expectations side by side under the prior and the posterior and
says in words where they disagree: a counterfactual whose answer changes once the parameters
are those the historical record allows is worth telling a class about.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from alliance_sim.classroom.exercises import holds
from alliance_sim.classroom.html_table import Markup, escape, table
from alliance_sim.classroom.questions import direction_words, expectation_words, measured_words
from alliance_sim.i18n import _, ngettext
from alliance_sim.i18n.formats import format_number
from analysis.summary import summarize
from sim.engine.results import Results
from sim.experiments.calibration import use
from sim.experiments.calibration.folder import Posterior, PosteriorError
from sim.scenario.structure import Expectation, Scenario


@dataclass(frozen=True)
class PosteriorRuns:
    """The base and the exercise run under a posterior (in that order), with the posterior."""

    posterior: Posterior
    runs: tuple[Results, Results]


def check(exercise: Scenario, base: Scenario, posterior: Posterior) -> None:
    """An exercise's report takes only a posterior of its base: PosteriorError (naming the
    folder) otherwise, before anything is run."""
    if posterior.target != base.id:
        raise PosteriorError(
            posterior.folder,
            f"a posterior of {posterior.target} cannot be used for the exercise {exercise.id}, "
            f"which changes {base.id}: calibrate {base.id} instead",
        )


def posterior_runs(
    exercise: Scenario, base: Scenario, posterior: Posterior, replicates: int, seed: int
) -> PosteriorRuns:
    """Base and exercise under the posterior, with the prior runs' seed and replicates (so
    replicate `r` takes the same posterior vector in both; the exercise's changes override it
    for the values they set)."""
    check(exercise, base, posterior)
    runs = (
        use.run(base, posterior, replicates, seed, label=_("Historical scenario")),
        use.run(exercise, posterior, replicates, seed, label=exercise.title),
    )
    return PosteriorRuns(posterior, runs)


DIRECTIONS = {
    "median_date": ("earlier", "later", "unchanged"),
    "modal": ("unchanged", "higher"),  # for `modal` any direction but `unchanged` is a change
}
OTHER_DIRECTIONS = ("higher", "lower", "unchanged")


def moved(expectation: Expectation, base: dict, changed: dict) -> str:
    """The direction the change actually moved the expectation's measure, as `holds` judges a
    direction (the same tolerances)."""
    for direction in DIRECTIONS.get(expectation.measure, OTHER_DIRECTIONS):
        if holds(expectation.model_copy(update={"direction": direction}), base, changed):
            return direction
    return "unchanged"  # unreachable: the directions cover every move


def _moved_words(expectation: Expectation, base: dict, changed: dict) -> str:
    observed = moved(expectation, base, changed)
    return direction_words(expectation.model_copy(update={"direction": observed}))


def _moved_cell(before: str, after: str, held: bool) -> Markup:
    """`6% → 37% (yes)`: the measure in both runs and whether the expectation holds, as the
    list of expectations above words it."""
    verdict = _("yes") if held else _("no")
    return Markup(f"{escape(before)} \u2192 {escape(after)} (<b>{escape(verdict)}</b>)")


def posterior_section(
    exercise: Scenario, prior: tuple[dict, dict], under: PosteriorRuns
) -> str:  # fmt: skip
    """The section: how the runs were made, a table of each expectation under the prior and
    the posterior (base → exercise, and whether it holds), and where the two disagree.
    `prior`: the summaries of the prior runs (base, exercise); `exercise` in the reader's
    language."""
    base_run = under.runs[0]
    posterior = tuple(summarize(r.scenario, r.table, r.replicates, r.seed) for r in under.runs)
    rows, disagreements = [], []
    for expectation in exercise.exercise.expect:
        said = expectation_words(exercise, expectation)
        cells = [said]
        verdicts = []
        for summaries in (prior, posterior):
            before, after = (measured_words(exercise, expectation, s) for s in summaries)
            verdicts.append(holds(expectation, *summaries))
            cells.append(_moved_cell(before, after, verdicts[-1]))
        rows.append(cells)
        sentence = _disagreement(expectation, said, verdicts, prior, posterior)
        if sentence:
            disagreements.append(sentence)
    if not rows:
        return ""
    heading = _("Under the posterior as well as the prior")
    head = [
        _("The exercise expects"),
        _("Prior: historical \u2192 with the change"),
        _("Posterior: historical \u2192 with the change"),
    ]
    return (
        f"<h2>{html.escape(heading)}</h2><p>{html.escape(_intro(base_run, under.posterior))}</p>"
        f"{table(head, rows)}{_verdict(disagreements)}"
    )


def _intro(base_run: Results, posterior: Posterior) -> str:
    return ngettext(
        "Both runs again ({count} replicate each, the same seed), each replicate taking its "
        "values from the posterior of {target} in {folder} ({vectors} sets of values whose runs "
        "matched the historical record) instead of the article's ranges; the exercise's changes "
        "keep their own values.",
        "Both runs again ({count} replicates each, the same seed), each replicate taking its "
        "values from the posterior of {target} in {folder} ({vectors} sets of values whose runs "
        "matched the historical record) instead of the article's ranges; the exercise's changes "
        "keep their own values.",
        base_run.replicates,
    ).format(
        count=format_number(base_run.replicates),
        target=posterior.target,
        folder=posterior.folder,
        vectors=format_number(len(posterior.weights)),
    )


def _disagreement(
    expectation: Expectation, said: str, verdicts: list[bool], prior: tuple, posterior: tuple
) -> str:
    """A sentence for an expectation the prior and the posterior judge differently, or whose
    measure the change moves differently under each; "" when they agree."""
    before, after = _moved_words(expectation, *prior), _moved_words(expectation, *posterior)
    if verdicts == [True, False]:
        template = _(
            "Expected: {expectation}. The runs bear it out under the prior ({prior}) but not "
            "under the posterior ({posterior})."
        )
    elif verdicts == [False, True]:
        template = _(
            "Expected: {expectation}. The runs bear it out under the posterior ({posterior}) but "
            "not under the prior ({prior})."
        )
    elif moved(expectation, *prior) != moved(expectation, *posterior):
        template = _(
            "Expected: {expectation}. The runs bear it out under neither, and the change moves "
            "it differently: {prior} under the prior, {posterior} under the posterior."
        )
    else:
        return ""
    return template.format(expectation=said, prior=before, posterior=after)


def _verdict(disagreements: list[str]) -> str:
    """Where the prior and the posterior disagree: one sentence on the heading's line, several
    as a list."""
    if not disagreements:
        said = _("The prior and the posterior agree on every expectation of this exercise.")
        return f"<p>{html.escape(said)}</p>"
    label = html.escape(_("Where they disagree:"))
    if len(disagreements) == 1:
        return f"<p><b>{label}</b> {html.escape(disagreements[0])}</p>"
    items = "".join(f"<li>{html.escape(s)}</li>" for s in disagreements)
    return f"<p><b>{label}</b></p><ul>{items}</ul>"
