"""HTML tables, written one way for every page and document (teacher pack, report, web page).

Text is data: a student's name, a label from an uploaded scenario file or a number is escaped
wherever a table shows it. Only `Markup`, HTML this program wrote itself (a link, bold text),
goes into a table as it is.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


class Markup(str):
    """HTML written by the program (never text a user typed): put into a page as it is."""


def escape(content: object) -> str:
    """`content` as HTML text: its markup characters escaped, unless it is `Markup`."""
    if isinstance(content, Markup):
        return content
    return html.escape(str(content), quote=False)


def _attributes(given: Mapping[str, object] | None) -> str:
    """` name="value"` for each attribute, values escaped; None leaves an attribute out."""
    return "".join(
        f' {name}="{html.escape(str(value))}"'
        for name, value in (given or {}).items()
        if value is not None
    )


@dataclass(frozen=True)
class Cell:
    """A cell with attributes (`class`, `colspan`, `data-run`, ...); `header`: a `th` in the
    table's body (a row's heading), where plain cells are `td`."""

    content: object = ""
    attributes: Mapping[str, object] = field(default_factory=dict)
    header: bool = False


@dataclass(frozen=True)
class Row:
    """A row with attributes (`class`, ...); plain rows are sequences of cells."""

    cells: Sequence[object]
    attributes: Mapping[str, object] = field(default_factory=dict)


def _cell(cell: object, header: bool) -> str:
    if not isinstance(cell, Cell):
        cell = Cell(cell)
    tag = "th" if header or cell.header else "td"
    return f"<{tag}{_attributes(cell.attributes)}>{escape(cell.content)}</{tag}>"


def _row(row: Row | Sequence[object], header: bool = False) -> str:
    if not isinstance(row, Row):
        row = Row(row)
    cells = "".join(_cell(cell, header) for cell in row.cells)
    return f"<tr{_attributes(row.attributes)}>{cells}</tr>"


def table_content(
    head: Sequence[object] | None, *bodies: Iterable[Row | Sequence[object]]
) -> Markup:
    """What goes inside `<table>`: the header row (if any) and each body's rows, for a page
    whose framework draws the `<table>` element itself."""
    parts = [f"<thead>{_row(head, header=True)}</thead>"] if head else []
    parts += [f"<tbody>{''.join(_row(row) for row in body)}</tbody>" for body in bodies]
    return Markup("".join(parts))


def table(
    head: Sequence[object] | None,
    *bodies: Iterable[Row | Sequence[object]],
    attributes: Mapping[str, object] | None = None,
    caption: object = None,
    columns: Sequence[str | None] = (),
) -> Markup:
    """A whole table: a header row (None: none), one `tbody` per body of rows (a group under
    its own heading row, say), with its attributes, a caption and the classes of its columns
    (None: a column without a class)."""
    cols = "".join(f"<col{_attributes({'class': c})}>" for c in columns)
    return Markup(
        f"<table{_attributes(attributes)}>"
        + (f"<caption>{escape(caption)}</caption>" if caption is not None else "")
        + (f"<colgroup>{cols}</colgroup>" if cols else "")
        + table_content(head, *bodies)
        + "</table>"
    )
