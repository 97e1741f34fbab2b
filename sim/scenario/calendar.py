"""Step dates: a scenario counts time in days, weeks or months from its start."""

from __future__ import annotations

import datetime as dt

DAYS_PER_MONTH = 30.4375
"""Average month length; war payoffs are given per month and scaled to the step."""


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (clipped to the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OverflowError(f"date beyond the year {dt.MAXYEAR}")
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def step_date(start: dt.date, unit: str, step: int) -> dt.date:
    """Date of step `step` (step 0 is the start)."""
    if unit == "day":
        return start + dt.timedelta(days=step)
    if unit == "week":
        return start + dt.timedelta(weeks=step)
    if unit == "month":
        return add_months(start, step)
    raise ValueError(f"unknown step unit {unit!r}")


def step_dates(start: dt.date, unit: str, horizon: int) -> list[dt.date]:
    """Dates of steps 0..horizon-1."""
    return [step_date(start, unit, step) for step in range(horizon)]
