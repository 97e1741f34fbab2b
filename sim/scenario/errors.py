"""Input errors that name the file, the line and the field.

Pydantic names the field path but not the file or the line, so the loader
keeps the YAML node tree and looks the line up here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import ValidationError

MAX_MESSAGE = 600
"""Longest message kept: names and values echoed from a file are the file's, of any length."""
MAX_SHOWN = 60
"""Longest echo of an input value inside a message."""


class ScenarioError(ValueError):
    """A problem in an input file, located as `file:line: field.path: what was expected`."""

    def __init__(self, file: Path | str, line: int | None, path: str, message: str):
        self.file, self.line = printable(str(file)), line
        self.path = shorten(printable(path), 200)
        self.message = shorten(printable(message), MAX_MESSAGE)
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {self.path or '(top level)'}: {self.message}")


def printable(text: str) -> str:
    """`text` with control characters escaped (`\\n`, `\\x1b`): one line, no terminal codes."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` cut to `limit` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_repr(value: object, limit: int = MAX_SHOWN) -> str:
    """A repr of `value` at most `limit` characters long, built without walking all of it.

    The value may be a tree whose branches are shared YAML aliases: a plain
    `repr` would expand every one of them (billions of nodes for a 1 KB file).
    """
    parts: list[str] = []
    budget = [limit + 1]

    def emit(text: str) -> bool:
        parts.append(text[: budget[0]])
        budget[0] -= len(text)
        return budget[0] > 0

    def walk(node: object) -> bool:
        if isinstance(node, dict):
            if not emit("{"):
                return False
            for index, (key, item) in enumerate(node.items()):
                if (index and not emit(", ")) or not walk(key) or not emit(": ") or not walk(item):
                    return False
            return emit("}")
        if isinstance(node, list | tuple):
            if not emit("["):
                return False
            for index, item in enumerate(node):
                if (index and not emit(", ")) or not walk(item):
                    return False
            return emit("]")
        return emit(_leaf(node, limit))

    walk(value)
    return shorten("".join(parts), limit)


def locate(tree: object, loc: Sequence[str | int]) -> tuple[int | None, str]:
    """Return the 1-based line of the deepest node of `loc` present in `tree`, and the path.

    Elements of `loc` that are pydantic type tags (not keys of the data) are
    skipped, except a final missing key, which is kept (it is the missing field).
    """
    node, line, shown = tree, _line_of(tree), []
    for index, key in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and key in node:
            line = _key_line(node, key) or line
            node = node[key]
            shown.append(str(key))
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            line = _item_line(node, key) or line
            node = node[key]
            shown.append(str(key))
        elif last or not isinstance(node, dict | list):
            shown.append(str(key))
    return line, ".".join(shown)


def _line_of(node: object) -> int | None:
    lc = getattr(node, "lc", None)
    return lc.line + 1 if lc is not None and lc.line is not None else None


def _key_line(node: dict, key: object) -> int | None:
    try:
        return node.lc.key(key)[0] + 1  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError):
        return None


def _item_line(node: list, index: int) -> int | None:
    try:
        return node.lc.item(index)[0] + 1  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError, IndexError):
        return None


def from_validation(
    error: ValidationError, file: Path | str, tree: object, known_fields: Iterable[str] = ()
) -> ScenarioError:
    """Turn pydantic's first error into a located ScenarioError with a plain message."""
    errors = error.errors(include_url=False)
    # a misspelt field also shows up as a missing one: report the misspelling, it explains both
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    line, path = locate(tree, first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        unknown = str(first["loc"][-1])
        guess = difflib.get_close_matches(unknown, sorted(set(known_fields)), n=1)
        message = f"unknown field `{unknown}`" + (f"; did you mean `{guess[0]}`?" if guess else "")
    elif first["type"] == "missing":
        message = "required field is missing"
    elif "input" in first and first["type"] not in ("value_error", "assertion_error"):
        message += f" (got {short_repr(first['input'])})"
    more = len(errors) - 1
    if more:
        message += f" [{more} more problem{'s' if more > 1 else ''} after fixing this]"
    return ScenarioError(file, line, path, message)


def _leaf(node: object, limit: int) -> str:
    if isinstance(node, str):
        return repr(str(node[: limit + 1]))
    try:
        return repr(node)
    except ValueError:  # an integer too long to print
        return "<a very long number>"
