import datetime as dt

import pytest

from plans.as_at import (
    AsAtError,
    as_at_in,
    parse_as_at,
    parse_day_month_year,
    plan_quarter_ends,
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


@pytest.mark.parametrize(
    "typed",
    ["30/09/2021", "30 9 2021", "30.9.2021", "30 Sept 2021", "30 september 2021", "2021/9/30"],
)
def test_dates_are_read_as_people_type_them(typed: str) -> None:
    assert parse_as_at(typed, today=TODAY) == dt.date(2021, 9, 30)


@pytest.mark.parametrize("bad", ["2021-02-30", "yesterday", "2021-13-01", "31 9 2021", "30 Sep"])
def test_bad_date_has_a_clear_message(bad: str) -> None:
    with pytest.raises(AsAtError, match=r"is not a date\. Enter the as at date as day, month and"):
        parse_as_at(bad, today=TODAY)


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("30", "9", "2021"),
        ("30", "09", "2021"),
        (" 30 ", "Sep", "2021"),
        ("30", "September", "2021"),
    ],
)
def test_the_three_boxes_take_leading_zeros_or_not_and_month_names(
    day: str, month: str, year: str
) -> None:
    assert parse_day_month_year(day, month, year) == dt.date(2021, 9, 30)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("30", "", "2021"), "Enter the as at date as a day, month and year"),
        (("30", "Septober", "2021"), "is not a date"),
        (("31", "4", "2021"), "is not a date"),
        (("30", "9", "21"), "Enter the year of the as at date in full"),
    ],
)
def test_boxes_that_make_no_date_are_explained(parts: tuple[str, str, str], message: str) -> None:
    with pytest.raises(AsAtError, match=message):
        parse_day_month_year(*parts)


def test_a_query_gives_the_boxes_before_a_link_date() -> None:
    boxes = {"as_at_day": "1", "as_at_month": "3", "as_at_year": "2021", "as_at": "2021-09-30"}
    assert as_at_in(boxes, today=TODAY) == dt.date(2021, 3, 1)
    assert as_at_in({"as_at": "2021-09-30"}, today=TODAY) == dt.date(2021, 9, 30)
    assert as_at_in({}, today=TODAY) == TODAY


def test_the_plans_quarter_ends_and_its_end_up_to_today() -> None:
    start, end = dt.date(2021, 1, 1), dt.date(2022, 3, 31)
    assert plan_quarter_ends(start, end, until=dt.date(2021, 11, 27)) == [
        dt.date(2021, 3, 31),
        dt.date(2021, 6, 30),
        dt.date(2021, 9, 30),
    ]
    assert plan_quarter_ends(start, end, until=dt.date(2026, 1, 1))[-2:] == [
        dt.date(2021, 12, 31),
        dt.date(2022, 3, 31),
    ]
    assert plan_quarter_ends(start, dt.date(2022, 2, 14), until=dt.date(2026, 1, 1))[-1] == (
        dt.date(2022, 2, 14)
    )


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
