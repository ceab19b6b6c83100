import datetime as dt

import pytest

from plans.as_at import (
    AsAtError,
    parse_as_at,
    previous_quarter_end,
    quarter_end,
    recent_quarter_ends,
)

TODAY = dt.date(2021, 11, 27)


def test_no_as_at_means_today() -> None:
    assert parse_as_at(None, today=TODAY) == TODAY
    assert parse_as_at("  ", today=TODAY) == TODAY


def test_iso_date_is_read() -> None:
    assert parse_as_at("2021-09-30", today=TODAY) == dt.date(2021, 9, 30)


@pytest.mark.parametrize("bad", ["30/09/2021", "2021-02-30", "yesterday", "2021-13-01"])
def test_bad_date_has_a_clear_message(bad: str) -> None:
    with pytest.raises(AsAtError, match=r"is not a date\. Enter the as at date as year-month-day"):
        parse_as_at(bad, today=TODAY)


def test_quarter_ends() -> None:
    assert quarter_end(dt.date(2021, 11, 27)) == dt.date(2021, 12, 31)
    assert quarter_end(dt.date(2021, 2, 1)) == dt.date(2021, 3, 31)
    assert previous_quarter_end(dt.date(2021, 11, 27)) == dt.date(2021, 9, 30)
    assert previous_quarter_end(dt.date(2021, 1, 1)) == dt.date(2020, 12, 31)
    assert previous_quarter_end(dt.date(2021, 12, 31)) == dt.date(2021, 9, 30)


def test_recent_quarter_ends_newest_first() -> None:
    assert recent_quarter_ends(TODAY, 3) == [
        dt.date(2021, 9, 30),
        dt.date(2021, 6, 30),
        dt.date(2021, 3, 31),
    ]


@pytest.mark.parametrize("far", ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"])
def test_far_dates_are_refused(far: str) -> None:
    """Nothing is recorded there, and the day after 9999-12-31 cannot be computed."""
    with pytest.raises(AsAtError, match="Enter an as at date from 1900 to 2200"):
        parse_as_at(far, today=TODAY)
