"""Dates, numbers and shares in the current language, by Babel's CLDR data, never by hand.

English keeps the project's own forms (`1 May 1953`, `45%`) so that English output stays as
it was; every other language gets CLDR's (`1953년 5월 1일`, `1953年5月1日`, `1 мая 1953 г.`).
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from alliance_sim.i18n import DEFAULT, current


def locale(lang: str | None = None) -> Locale:
    return Locale.parse(lang or current())


def format_date(date: dt.date, form: str = "long") -> str:
    """`1 May 1953` in English; CLDR's long (or `medium`, `short`) date elsewhere."""
    lang = current()
    if lang == DEFAULT and form == "long":
        return f"{date.day} {date:%B %Y}"
    if lang == DEFAULT and form == "medium":
        return f"{date.day} {date:%b %Y}"
    return babel_dates.format_date(date, format=form, locale=locale(lang))


def format_month(date: dt.date) -> str:
    """`May 1953`, `1953년 5월`."""
    lang = current()
    if lang == DEFAULT:
        return f"{date:%B %Y}"
    return babel_dates.format_skeleton("yMMMM", date, locale=locale(lang))


def format_percent(share: float, digits: int = 0) -> str:
    """A share as a percent: `45%` (`{share:.0%}` in English), CLDR's pattern elsewhere
    (`45 %` in Russian)."""
    lang = current()
    if lang == DEFAULT:
        return f"{share:.{digits}%}"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return babel_numbers.format_percent(share, format=pattern, locale=locale(lang))


def format_number(value: float, digits: int = 0) -> str:
    """`12,345` / `12 345`: grouped digits in the current language."""
    lang = current()
    if lang == DEFAULT:
        return f"{value:,.{digits}f}"
    return babel_numbers.format_decimal(
        round(value, digits),
        format="#,##0" + ("." + "0" * digits if digits else ""),
        locale=locale(lang),
    )


def format_day(date: dt.date | str | None) -> str:
    """A day in a played game's review: ISO in English (`1953-07-27`, as the review has always
    written it), CLDR's long date elsewhere (`1953년 7월 27일`); a non-date string as it is."""
    if date is None or date == "":
        return ""
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            return date
    if current() == DEFAULT:
        return date.isoformat()
    return format_date(date)


def format_step_day(date: dt.date) -> str:
    """A day in a game's log: `01 May 1953` in English (`%d %b %Y`), CLDR's medium date
    elsewhere (`1953. 5. 1.`, `1953年5月1日`, `1 мая 1953 г.`)."""
    if current() == DEFAULT:
        return f"{date:%d %b %Y}"
    return format_date(date, "medium")
