"""No agreement counts as never: every quantile, comparison and rank reads NaT the same way."""

import math

import hypothesis.strategies as st
import numpy as np
from hypothesis import given
from hypothesis.extra.numpy import arrays

from analysis.measures import NEVER, day_number, day_numbers, iso_day, never_at, quantile_day
from analysis.summary import QUANTILES, date_quantiles

NAT = np.datetime64("NaT")
dates_with_never = arrays("int64", st.integers(0, 40), elements=st.integers(-3, 40)).map(
    lambda a: np.where(a < 0, NAT, a.astype("datetime64[D]"))
)


def counted_quantile(dates: np.ndarray, q: float) -> str | None:
    """By hand: the first date by which ceil(q n) of all n replicates (at least one) had agreed."""
    needed = max(math.ceil(q * dates.size), 1)
    agreed = sorted(d for d in dates.tolist() if d is not None)
    return agreed[needed - 1].isoformat() if len(agreed) >= needed else None


@given(dates_with_never)
def test_date_quantiles_count_no_agreement_as_never(dates):
    expected = {name: counted_quantile(dates, q) for name, q in QUANTILES.items()}
    assert date_quantiles(dates) == expected


@given(dates_with_never, st.sampled_from([0.1, 0.5, 0.9]))
def test_a_quantile_is_never_reached_when_too_few_agreed(dates, q):
    reached = quantile_day(day_numbers(dates), q) != NEVER
    assert reached == (int((~np.isnat(dates)).sum()) >= max(math.ceil(q * dates.size), 1))


@given(dates_with_never)
def test_never_is_later_than_every_date_and_dates_keep_their_order(dates):
    days = day_numbers(dates)
    assert np.array_equal(np.isinf(days), np.isnat(dates))
    agreed = ~np.isnat(dates)
    order = np.argsort(dates[agreed], kind="stable")
    assert np.array_equal(np.argsort(days[agreed], kind="stable"), order)
    assert all(day < NEVER for day in days[agreed])


def test_a_day_number_reads_back_as_its_date():
    day = day_number(np.datetime64("1953-07-27"))
    assert iso_day(day) == "1953-07-27"
    assert day_numbers(np.array(["1953-07-27", "NaT"], "datetime64[D]")).tolist() == [day, NEVER]
    assert iso_day(NEVER) is None


def test_never_at_replaces_only_never():
    days = np.array([3.0, NEVER, 0.0, NEVER])
    assert never_at(days, 10.0).tolist() == [3.0, 10.0, 0.0, 10.0]
