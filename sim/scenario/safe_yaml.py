"""Read YAML from files we did not write, without letting them exhaust the machine.

Scenario files come from users and from web uploads, so a file must not be
able to use more than a bounded amount of time and memory, nor end in a
traceback. Before anything is built, this module caps the file's size, decodes
it strictly (a UTF-8 byte-order mark and CRLF line ends are fine), refuses
control characters, and walks the YAML event stream once (iteratively) to
bound the nesting depth and the size the tree would have with every alias
expanded (a 1 KB "billion laughs" file expands to billions of nodes). Every
problem is a :class:`YamlProblem` carrying the 1-based line it was found on.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent

MAX_BYTES = 1_000_000
"""Largest file read; the biggest built-in scenario is about 5 KB."""
MAX_DEPTH = 50
"""Deepest nesting of mappings and lists; scenarios need fewer than 10 levels."""
MAX_NODES = 100_000
"""Most nodes the file may hold once every alias is expanded."""

# what YAML 1.2 allows in a stream (as ruamel's reader checks), less the BOM it strips
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


class YamlProblem(ValueError):
    """Why a file cannot be read as YAML, with the line it was found on (None: whole file)."""

    def __init__(self, line: int | None, message: str):
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}" if line else message)


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The text of `path`: at most `max_bytes` bytes of strict UTF-8, no control characters.

    OSError is left to the caller (it knows how to name the file).
    """
    with open(path, "rb") as file:
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise YamlProblem(None, f"file is larger than the limit of {max_bytes:,} bytes")
    return decode(data)


def decode(data: bytes) -> str:
    """Strict UTF-8 text of `data` (a leading byte-order mark is dropped)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data[:offset].count(b"\n") + 1
        raise YamlProblem(
            line, f"not UTF-8 text: byte 0x{data[offset]:02x} cannot be decoded"
        ) from None
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise YamlProblem(
            line, f"control character U+{ord(bad.group()):04X} is not allowed in YAML text"
        )
    return text


CACHED_BELOW = 64_000
"""Texts shorter than this (every built-in file) are parsed once per process: a campaign or
a teacher pack reads the same files many times, and parsing is most of a load's time."""


def load(text: str) -> object:
    """The round-trip node tree of `text` (mappings keep their line numbers): a copy of
    its own for each caller, which may change it."""
    if len(text) < CACHED_BELOW:
        return copy.deepcopy(_parsed(text))
    return _parse(text)


@lru_cache(maxsize=128)
def _parsed(text: str) -> object:
    return _parse(text)


def _parse(text: str) -> object:
    check_structure(text)
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        return yaml.load(text)
    except MarkedYAMLError as error:
        raise YamlProblem(_line(error), f"YAML syntax error: {_problem(error)}") from None
    except (YAMLError, RecursionError, ValueError, TypeError, OverflowError) as error:
        # not expected after the checks above; still one message, not a traceback
        raise YamlProblem(None, f"cannot be read as YAML ({type(error).__name__})") from None


def check_structure(text: str) -> None:
    """Raise YamlProblem if the text nests too deeply or its aliases expand too far.

    One pass over the parser's events, without building anything: each
    finished node adds its expanded size to its parent, an anchor remembers
    the size of its node, and an alias adds that size again.
    """
    sizes: dict[str, int] = {}
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, expanded size so far)
    try:
        for event in YAML(typ="rt").parse(text):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, CollectionStartEvent):
                open_nodes.append((event.anchor, 1))
                if len(open_nodes) > MAX_DEPTH:
                    raise YamlProblem(line, f"nested more than {MAX_DEPTH} levels deep")
                continue
            if isinstance(event, CollectionEndEvent):
                anchor, size = open_nodes.pop()
            elif isinstance(event, AliasEvent):
                anchor, size = None, sizes.get(event.anchor, 1)
            elif isinstance(event, ScalarEvent):
                anchor, size = event.anchor, 1
            else:
                continue
            if anchor is not None:
                sizes[anchor] = size
            if open_nodes:
                parent_anchor, parent_size = open_nodes[-1]
                open_nodes[-1] = (parent_anchor, parent_size + size)
                size += parent_size
            if size > MAX_NODES:
                raise YamlProblem(
                    line,
                    f"aliases expand to more than {MAX_NODES:,} values "
                    "(anchors `&` and aliases `*` must not multiply the file)",
                )
    except MarkedYAMLError as error:
        raise YamlProblem(_line(error), f"YAML syntax error: {_problem(error)}") from None


def _line(error: MarkedYAMLError) -> int | None:
    """The line to show: where an unclosed quote opens, else where the problem was found."""
    mark = error.problem_mark or error.context_mark
    if (error.context or "").startswith("while scanning a quoted scalar") and error.context_mark:
        mark = error.context_mark
    return mark.line + 1 if mark else None


def _problem(error: MarkedYAMLError) -> str:
    if (error.context or "").startswith("while scanning a quoted scalar"):
        return "a quoted string that starts here is never closed"
    return str(error.problem)


class _Constructor(RoundTripConstructor):
    """ruamel's round-trip constructor, keeping impossible dates and overlong integers as text.

    `1951-02-30` or a 5,000-digit integer would make ruamel raise a bare
    ValueError with no line. As text, they reach the schema, whose error
    names the field (and a text field may well hold them).
    """

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError):
            return str(node.value)

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except (ValueError, OverflowError):
            return str(node.value)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
