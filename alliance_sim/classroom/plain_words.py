"""The plain words every classroom text is made of: sources cited by the article's note
numbers, dates, shares of runs, capitals and outcomes.

The teacher pack, the report and the web page build on them: what an exercise changes
(`what_changed`), what it asks students to predict (`questions`) and what the simulated runs
show (`result_rows`). Everything is derived from the loaded exercise and its base (titles,
questions, sources, expected directions, option labels), so the texts never go stale when a
file changes. Sources are cited by the article's note numbers: `notes 35, 36: text` becomes
`Text (notes 35, 36).`
"""

from __future__ import annotations

import datetime as dt
import re

from alliance_sim.i18n import N_, _
from alliance_sim.i18n.formats import format_date, format_percent
from sim.engine.results import NO_AGREEMENT
from sim.scenario.campaign import END_STATE, Campaign, stage_end
from sim.scenario.structure import Issue, Scenario

Loaded = Scenario | Campaign

RUNS = N_("simulated runs")
"""How a class calls the replicates (translated where it is shown)."""

_CITATION = re.compile(
    r"^((?:text (?:before|after) )?notes? [0-9][0-9 ,\-\u2013and]*|external|abstract"
    r"|concluding remarks|introduction)\s*:\s*(.+)$",
    re.IGNORECASE | re.DOTALL,
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def cite(source: str, students: bool = False) -> str:
    """`notes 35, 36: in fact ...` -> `In fact ... (notes 35, 36).`; an external reference
    says it comes from outside the article. For `students` (who do not have the article), the
    note numbers give way to the words `the article` (`without_notes`)."""
    found = _CITATION.match(source.strip())
    if not found:
        return without_notes(sentence(source)) if students else sentence(source)
    where, text = found.group(1).strip(), found.group(2).strip()
    external = where.lower() == "external"
    where = "a fact from outside the article" if external else where
    if students:
        where = _("a fact from outside the article") if external else _("the article")
        text = plain_clauses(text)
        if not text:
            return f"({where})."
        return without_notes(f"{sentence(text).rstrip('.')} ({where}).")
    return f"{sentence(text).rstrip('.')} ({where})."


_NUMBERS = r"\d+(?:\s*(?:,|-|\u2013|、|and|и)\s*\d+)*"
_NOTE = rf"(?:(?:text (?:before|after) )?notes?|주|注|примечани[еяй])\s*{_NUMBERS}"
_NOTES_IN_BRACKETS = re.compile(
    rf"\s?[(（]\s*{_NOTE}(?:\s*[,;、]\s*{_NOTE})*\s*[)）]", re.IGNORECASE
)
_NOTES_IN_TEXT = re.compile(rf"\b{_NOTE}", re.IGNORECASE)


def without_notes(text: str) -> str:
    """The text with the article's note numbers taken out, for a class that does not have the
    article: `... preferred attrition (note 64).` -> `... preferred attrition (the article).`;
    `the Stalin of notes 64 and 65` -> `the Stalin of the article`. In the page's languages
    (`(주 64)`, `（注64）`, `(примечание 64)`) too."""
    text = _NOTES_IN_BRACKETS.sub(" " + _("(the article)"), text)
    text = _NOTES_IN_TEXT.sub(_("the article").rstrip() + " ", text)
    return re.sub(r" {2,}", " ", re.sub(r"\s+([.,;:])", r"\1", text))


_MODELLING = re.compile(
    r"\bours\b|\bour (?:assumption|judgment|judgement|choice|reading|estimate)|\bthe size\b|"
    r"\bscale\b|`|sets the pace|calibrat|\bset (?:below|above)\b|zone of agreement|horizon|"
    r"\bper (?:month|day|step)\b|\bin the model\b|\bthe model\b|\bthe engine\b|\d\.\d",
    re.IGNORECASE,
)
"""A clause of a `source:` that speaks of the model's making (its sizes, scales and
calibration), not of history: the teacher's, never a student's."""


def plain_clauses(text: str) -> str:
    """The text without what speaks of the model's making: bracketed asides, clauses (between
    `;`) and trailing phrases (after a comma) that match `_MODELLING`."""
    text = re.sub(r"\s*\([^()]*\)", lambda m: "" if _MODELLING.search(m.group(0)) else m.group(0),
                  text)  # fmt: skip
    kept = []
    for clause in re.split(r";\s+", text):
        pieces = re.split(r",\s+", clause)
        if _MODELLING.search(pieces[0]):
            continue
        kept.append(", ".join(p for p in pieces if not _MODELLING.search(p)))
    return "; ".join(kept).strip().rstrip(".")


def student_source(source: str) -> str:
    """A `source:` for the student view: `text (where)`, with the clauses (between `;`) and the
    bracketed asides that speak of the model's making left out (`the small monthly cost is
    our assumption`, `about a hundredth of the scale a day`), and `external` in words."""
    where, _sep, text = source.partition(": ")
    if not text:
        where, text = "", source
    text = plain_clauses(text)
    if where.strip().lower().startswith("external"):
        where = _("a fact from outside the article")
    if not text:
        return f"({where})" if where else ""
    return f"{text} ({where})" if where else text


def sentence(text: str) -> str:
    """The text as a sentence: a capital first letter and a full stop."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def day(value: dt.date | str) -> str:
    """`1 May 1953` (`1953년 5월 1일`: the reader's language)."""
    date = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(date)


def dated(text: str) -> str:
    """ISO dates inside a label, in words (`Still fighting on 1954-06-01` -> `... 1 June 1954`)."""
    return _ISO_DATE.sub(lambda m: day(m.group(0)), text)


def percent(share: float) -> str:
    """A share of runs for a class: whole percent, never a bare 0 % or 100 % for a rare case."""
    if share <= 0:
        return format_percent(0)
    if share >= 1:
        return format_percent(1)
    if share < 0.005:
        return _("under {percent}").format(percent=format_percent(0.01))
    if share > 0.995:
        return _("over {percent}").format(percent=format_percent(0.99))
    return format_percent(share)


def name(scenario: Loaded, actor_id: str) -> str:
    actor = scenario.actors.get(actor_id)
    return _(actor.name) if actor and actor.name else actor_id.capitalize()


def outcome(issue: Issue, option: str) -> str:
    """The option's label, or what no agreement means in this episode."""
    if option == NO_AGREEMENT and issue.no_agreement_label == "No agreement":
        return _("No deal")
    return dated(_(issue.label_of(option)))


def end_of(scenario: Loaded, issue_id: str) -> dt.date:
    """The last simulated day of the stage that bargains over `issue_id`."""
    if isinstance(scenario, Campaign):
        if issue_id == END_STATE:
            return scenario.end_date
        return stage_end(scenario.stages[scenario.stage_of(issue_id)])
    return stage_end(scenario)
