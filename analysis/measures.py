"""What a replicate that never agreed counts as: never, a day later than every date.

A results table holds NaT as the agreement (or entry) date of a replicate that did not agree
within the horizon. Every statistic of those dates reads NaT the same way, through
`day_numbers`: as `NEVER`, a day number of +inf. So

- a quantile of the dates (the median) is "not reached" when fewer than that share of all
  replicates agreed (`quantile_day`): the replicates that never agreed are not dropped;
- "agreed by a date" counts never as not, and "after a date" counts never as after;
- a rank correlation ranks never last, all such replicates tied.

One use needs finite numbers: a variance-based sensitivity index (Sobol', Morris) averages
the date over a design point's replicates, and the mean of a never would be infinite. There,
and only there, never counts as a stated finite day (`never_at`: the end of the horizon),
as `analysis.sobol` says.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

NEVER = math.inf
"""The day number of "never agreed": later than every date."""


def day_numbers(dates: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 as floats, with no agreement (NaT) as `NEVER`."""
    dates = dates.astype("datetime64[D]")
    days = dates.astype("int64").astype("float64")
    days[np.isnat(dates)] = NEVER
    return days


def day_number(day: dt.date | np.datetime64) -> float:
    """One date as a day number, to compare with `day_numbers`."""
    return float(np.datetime64(day, "D").astype("int64"))


def quantile_day(days: np.ndarray, q: float) -> float:
    """The day by which a share `q` of all replicates had agreed (`NEVER`: not reached).

    The order statistic ceil(q n) of the day numbers, without interpolation, so it is always
    a day some replicate agreed on, or never; also never for no replicates at all.
    """
    if days.size == 0:
        return NEVER
    k = max(math.ceil(q * days.size) - 1, 0)
    return float(np.partition(days, k)[k])


def iso_day(day: float) -> str | None:
    """A day number as an ISO date (YYYY-MM-DD); None for never."""
    return None if not math.isfinite(day) else str(np.datetime64(int(day), "D"))


def never_at(days: np.ndarray, day: float) -> np.ndarray:
    """`days` with never counted as the finite `day`, for a measure that must average them."""
    return np.where(days == NEVER, day, days)
