import datetime as dt

import pytest
from hypothesis import given
from hypothesis.strategies import dates, text

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
from plans.deadlines import FIRST_YEAR, LAST_YEAR

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


@pytest.mark.parametrize("far", ["9999-12-31", "0001-01-01", "1989-12-31", "2101-01-01"])
def test_dates_beyond_the_years_a_plan_covers_are_refused_like_any_bad_date(far: str) -> None:
    with pytest.raises(AsAtError, match=r"is not a date\. Enter the as at date as day"):
        parse_as_at(far, today=TODAY)


def test_the_first_and_last_years_a_plan_covers_are_read() -> None:
    assert parse_as_at(f"{FIRST_YEAR}-01-01", today=TODAY) == dt.date(FIRST_YEAR, 1, 1)
    assert parse_as_at(f"{LAST_YEAR}-12-31", today=TODAY) == dt.date(LAST_YEAR, 12, 31)


def test_the_message_leaves_out_characters_that_cannot_be_shown() -> None:
    with pytest.raises(AsAtError) as refused:
        parse_as_at("2021\u202e-09\x00-30", today=TODAY)
    assert "\u202e" not in str(refused.value) and "\x00" not in str(refused.value)


@given(text())
def test_any_text_gives_a_date_a_plan_covers_or_an_as_at_error(value: str) -> None:
    try:
        day = parse_as_at(value, today=TODAY)
    except AsAtError as error:
        assert "is not a date" in str(error)
    else:
        assert FIRST_YEAR <= day.year <= LAST_YEAR
        # Quarter arithmetic on it cannot overflow either.
        recent_quarter_ends(day + dt.timedelta(days=1), 4)


@given(dates(min_value=dt.date(FIRST_YEAR, 1, 1), max_value=dt.date(LAST_YEAR, 12, 31)))
def test_every_date_a_plan_covers_reads_back_from_its_link(day: dt.date) -> None:
    assert parse_as_at(day.isoformat(), today=TODAY) == day
