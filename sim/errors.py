"""Input errors that name the file, the line and the field.

Pydantic names the field path but not the file or the line, so the loader
keeps the YAML node tree and looks the line up here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import ValidationError


class ScenarioError(ValueError):
    """A problem in an input file, located as `file:line: field.path: what was expected`."""

    def __init__(self, file: Path | str, line: int | None, path: str, message: str):
        self.file, self.line, self.path, self.message = str(file), line, path, message
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {path or '(top level)'}: {message}")


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
        message += f" (got {first['input']!r})"
    more = len(errors) - 1
    if more:
        message += f" [{more} more problem{'s' if more > 1 else ''} after fixing this]"
    return ScenarioError(file, line, path, message)
