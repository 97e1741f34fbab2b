"""Numbers every scenario file shares: ids, sources citing the article's notes, and
uncertain values (a point, or a distribution to draw from) with their ranges.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    field_validator,
    model_validator,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
"""Canonical ids are lower snake case: `moscow`, `pow_repatriation`."""


NOTE_WORDS = r"(?:\bnotes?|\bпримечани[еяй]|주|注)"
"""How a source names the article's notes, in English, Russian, Korean or Chinese."""
EXTERNAL_WORDS = r"(?:external|внешний|외부|外部)"
CITATION = re.compile(
    rf"^(?:[^:：]*{NOTE_WORDS}\s?\d[^:：]*|{EXTERNAL_WORDS})\s?[:：]\s?(?P<said>.+)$",
    re.IGNORECASE | re.DOTALL,
)
SHORTEST_PARAPHRASE = 10
"""Characters after the colon, a Hangul syllable or a Han character counting as two: ten
Latin or Cyrillic letters say about as much as five of those."""
SOURCE_RULE = (
    "a source cites the article's notes, `note 64: <what the note says, in your words>` "
    "(`notes 62, 64: …`, `text before note 57: …`; also `주 64: …`, `注64：…`, "
    "`примечание 64: …`), or gives another reference as `external: <reference>`, with at least "
    f"{SHORTEST_PARAPHRASE} characters after the colon (5 Hangul or Han characters)"
)


def text_width(text: str) -> int:
    """Characters of `text`, a wide (East Asian) character counting as two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def check_source(text: str) -> str:
    """A source must cite the article (note numbers) or name an outside reference, and say
    something: the whole model is traceable to the article's notes."""
    found = CITATION.match(text.strip())
    if found is None or text_width(found["said"].strip()) < SHORTEST_PARAPHRASE:
        raise ValueError(SOURCE_RULE)
    return text


Source = Annotated[str, AfterValidator(check_source)]
"""`note 36: <paraphrase>`, `notes 62, 64: ...`, `text before note 57: ...` or `external: <reference>`
(or the same in Korean, Chinese or Russian: see :data:`SOURCE_RULE`)."""


NO_AGREEMENT = "no_agreement"
"""The outcome of an issue not settled within the horizon."""


class Frozen(BaseModel):
    # NaN or inf in a file is a mistake (a NaN salience silently blocks every deal)
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, allow_inf_nan=False
    )


def is_number(value: object) -> bool:
    """A plain number (true/false is not one, though Python counts it as an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def number_or_mapping(value: object) -> object:
    """Let a bare number stand for a certain value: `0.4` means `{value: 0.4}`."""
    if is_number(value):
        return {"value": value}
    return value


class Uncertain(Frozen):
    """A number the article only pins down qualitatively.

    Each replicate draws it uniformly from `range`; deterministic runs use
    `value`. A range states how sure we are, not a tuning knob.
    """

    value: float
    """Central estimate, used when uncertainty is switched off."""
    range: tuple[float, float] | None = None
    """Lowest and highest plausible value; replicates draw uniformly inside it."""

    @field_validator("value", "range", mode="before")
    @classmethod
    def _no_booleans(cls, value: object) -> object:
        """`true` is not 1.0: pydantic's lax mode would read it so."""
        items = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(item, bool) for item in items):
            raise ValueError("expected a number, not true/false")
        return value

    @model_validator(mode="after")
    def _value_inside_range(self) -> Uncertain:
        if self.range is not None:
            low, high = self.range
            if low > high:
                raise ValueError(f"range [{low}, {high}] is reversed: the low end comes first")
            if not low <= self.value <= high:
                raise ValueError(f"value {self.value} lies outside its range [{low}, {high}]")
        return self

    @property
    def low(self) -> float:
        return self.value if self.range is None else self.range[0]

    @property
    def high(self) -> float:
        return self.value if self.range is None else self.range[1]


class Sourced(Uncertain):
    """An actor parameter: an uncertain number plus where it comes from."""

    source: Source
    """Article note number(s) and a short paraphrase in our words, or `external: <reference>`."""


def within(low: float, high: float, low_open: bool = False):
    """Every value an uncertain number can take lies in [low, high] (or (low, high])."""
    shown = f"({low}, {high}]" if low_open else f"[{low}, {high}]"

    def check(number: Uncertain) -> Uncertain:
        below = number.low <= low if low_open else number.low < low
        if below or number.high > high:
            raise ValueError(f"must lie within {shown}, got {number.low}..{number.high}")
        return number

    return AfterValidator(check)


UnitSourced = Annotated[Sourced, BeforeValidator(number_or_mapping), within(0.0, 1.0)]


SignedSourced = Annotated[Sourced, BeforeValidator(number_or_mapping), within(-1.0, 1.0)]


AnyUncertain = Annotated[Uncertain, BeforeValidator(number_or_mapping)]
