"""The "as at" date that lists and reports are shown for: read from a URL, with quick choices."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone

from plans.deadlines import FIRST_YEAR, LAST_YEAR

QUARTER_END_MONTHS = (3, 6, 9, 12)


class AsAtError(ValueError):
    """An as at date that cannot be used; the message is for the page."""


def parse_as_at(value: str | None, *, today: date) -> date:
    """The date in `?as_at=YYYY-MM-DD`, or today when none is given.

    Only the years a plan can speak of (plans.deadlines FIRST_YEAR to LAST_YEAR) are accepted: the
    pages count days and quarters either side of the date, which overflows at the ends of the
    calendar (9999-12-31, 0001-01-01).
    """
    if value is None or not value.strip():
        return today
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise AsAtError(
            f"“{_shown(value)}” is not a date. Enter the as at date as year-month-day, "
            "for example 2021-09-30. Showing today instead."
        )
    return day


def _shown(value: str) -> str:
    """The start of what was typed, with characters that cannot be shown safely left out."""
    return "".join(c for c in value[:40] if c.isprintable())


def as_at_from(request: HttpRequest) -> date:
    """A page's as at date from `?as_at=`; a bad one is explained on the page, and today shown."""
    today = timezone.localdate()
    try:
        return parse_as_at(request.GET.get("as_at"), today=today)
    except AsAtError as error:
        messages.warning(request, str(error))
        return today


def quarter_end(day: date) -> date:
    """The last day of the calendar quarter that `day` falls in."""
    month = QUARTER_END_MONTHS[(day.month - 1) // 3]
    next_month = date(day.year + month // 12, month % 12 + 1, 1)
    return next_month - timedelta(days=1)


def previous_quarter_end(day: date) -> date:
    """The last quarter end strictly before `day`."""
    this_end = quarter_end(day)
    start_of_quarter = date(this_end.year, this_end.month - 2, 1)
    return start_of_quarter - timedelta(days=1)


def recent_quarter_ends(day: date, count: int = 4) -> list[date]:
    """The last `count` quarter ends before `day`, newest first: the quick choices on a page."""
    ends = []
    for _ in range(count):
        day = previous_quarter_end(day)
        ends.append(day)
    return ends
