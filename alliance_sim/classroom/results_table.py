"""The results table of an exercise as HTML, one way for the handout, the worksheet and the
web page's Run tab: the same rows (`result_rows`), the same labels, the same cells.

A worksheet prints it with the model's cells blank; the page prints it filled from the runs on
the screen; the handout (the answer sheet) from the pack's runs, which are the page's (same
count, same seed: `class_runs`). So every blank on a worksheet is a cell the page shows, under
the same words, with the key's number.
"""

from __future__ import annotations

from alliance_sim.classroom.html_table import Cell, Markup, Row, escape, table
from alliance_sim.classroom.result_rows import Group
from alliance_sim.classroom.result_rows import Row as ResultRow
from alliance_sim.i18n import N_, _

CHANGED_COLUMN = N_("With the change")
HEAD = (N_("Historical scenario"), CHANGED_COLUMN, N_("What happened"))
"""The table's columns after the row's label: the base, the exercise, history."""


def results_table(groups: list[Group], blank: bool = False, marks: bool = True) -> Markup:
    """The model's results beside history, a body per group under its heading. `blank`: the
    worksheet's, the model's cells left empty to fill in; `marks`: each expected direction and
    whether the runs bore it out (the handout's; the page leaves the judging to the class)."""
    head = ("", *(_(h) for h in HEAD))
    bodies = [
        [
            Row([Cell(group.heading, {"colspan": 4}, header=True)], {"class": "group"}),
            *(_row(row, blank, marks) for row in group.rows),
        ]
        for group in groups
    ]
    attributes = {"class": "results"}
    return table(head, *bodies, attributes=attributes, columns=("what", "col", "col", "col"))


def _row(row: ResultRow, blank: bool, marks: bool) -> list:
    label = escape(row.label)
    if row.expected and marks and not blank:
        shown = {True: " \u2713", False: " \u2717 " + _("not so")}
        expected = _("expected: {direction}").format(direction=row.expected)
        label += f'<span class="expect">{escape(expected)}{escape(shown.get(row.held, ""))}</span>'
    middle = [Cell("", {"class": "blank"})] * 2 if blank else [row.base, row.changed]
    return [Markup(label), *middle, row.history]
