"""The "as at" date that lists and reports are shown for: read from a URL, with quick choices."""

import re
from collections.abc import Mapping
from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone

from plans.deadlines import FIRST_YEAR, LAST_YEAR
from plans.wording import MONTH_NAMES

QUARTER_END_MONTHS = (3, 6, 9, 12)


class AsAtError(ValueError):
    """An as at date that cannot be used; the message is for the page."""


# The names of the three boxes of the as at date (GOV.UK date input); `as_at=YYYY-MM-DD` also works,
# so that links (quick choices, reports, emails) stay short and stable.
PARTS = ("as_at_day", "as_at_month", "as_at_year")
EXAMPLE = "For example, 30 9 2021"

_SEPARATORS = re.compile(r"[\s/.,\-]+")


def parse_as_at(value: str | None, *, today: date) -> date:
    """The date in one box: "2021-09-30", "30/09/2021", "30 9 2021" or "30 Sept 2021";
    today when empty.

    Only the years a plan can speak of (plans.deadlines FIRST_YEAR to LAST_YEAR) are accepted: the
    pages count days and quarters either side of the date, which overflows at the ends of the
    calendar (9999-12-31, 0001-01-01).
    """
    if value is None or not value.strip():
        return today
    text = value.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is not None:
        return _within_plan_years(day, text)
    parts = [part for part in _SEPARATORS.split(text) if part]
    if len(parts) != 3:
        raise AsAtError(_not_a_date(text))
    if len(parts[0]) == 4:  # year first, as in 2021/9/30
        parts.reverse()
    try:
        return parse_day_month_year(*parts)
    except AsAtError:
        raise AsAtError(_not_a_date(text)) from None  # quoting it as it was typed


def parse_day_month_year(day: str, month: str, year: str) -> date:
    """The date in the three boxes of a GOV.UK date input: leading zeros or not, and the month as
    a number or a name ("9", "09", "Sep", "September")."""
    given = f"{day} {month} {year}".strip()
    if not (day.strip() and month.strip() and year.strip()):
        raise AsAtError(f"Enter the as at date as a day, month and year. {EXAMPLE}.")
    number = _month(month)
    if number is None or not day.strip().isdigit() or not year.strip().isdigit():
        raise AsAtError(_not_a_date(given))
    if len(year.strip()) != 4:
        raise AsAtError(f"Enter the year of the as at date in full, for example 2021, not {year}.")
    try:
        found = date(int(year), number, int(day))
    except ValueError:
        raise AsAtError(_not_a_date(given)) from None
    return _within_plan_years(found, given)


def as_at_in(query: Mapping[str, str], *, today: date) -> date:
    """The as at date in a query: `as_at=` (one box or a link) or its three boxes; today when
    neither is given."""
    parts = [query.get(name, "") or "" for name in PARTS]
    if any(part.strip() for part in parts):
        return parse_day_month_year(*parts)
    return parse_as_at(query.get("as_at"), today=today)


def as_at_from(request: HttpRequest) -> date:
    """A page's as at date from its query; a bad one is explained on the page, and today shown."""
    today = timezone.localdate()
    try:
        return as_at_in(request.GET, today=today)
    except AsAtError as error:
        messages.warning(request, f"{error} Showing today instead.")
        return today


def _month(text: str) -> int | None:
    """A month's number from "9", "09", "Sep", "Sept." or "September"."""
    text = text.strip().lower().rstrip(".")
    if text.isdigit():
        return int(text)
    if text == "sept":
        return 9
    names = [name.lower() for name in MONTH_NAMES]
    return next(
        (n for n, name in enumerate(names, 1) if len(text) >= 3 and name.startswith(text)), None
    )


def _within_plan_years(day: date, typed: str) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise AsAtError(_not_a_date(typed))
    return day


def _not_a_date(text: str) -> str:
    return (
        f"“{_shown(text)}” is not a date. Enter the as at date as day, month and year. {EXAMPLE}."
    )


def _shown(value: str) -> str:
    """The start of what was typed, with characters that cannot be shown safely left out."""
    return "".join(c for c in value[:40] if c.isprintable())


def plan_quarter_ends(start: date, end: date, *, until: date) -> list[date]:
    """The quarter ends within a plan's period, and its last day, up to `until`, oldest first:
    the quick choices on a page."""
    ends = []
    day = quarter_end(start)
    while day < end and day <= until:
        ends.append(day)
        day = quarter_end(day + timedelta(days=1))
    if end <= until:
        ends.append(end)
    return ends


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
