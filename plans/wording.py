"""Words and numbers as every page writes them, in the manner of django.contrib.humanize.

Pure functions over plain values; plans/templatetags/wording.py makes them template filters, so
query functions return plain data and templates choose the words. Domain modules use them only
for the reason sentences they give (a status's reason, a refused figure's message).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import ngettext

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

PERCENTAGE = "percentage"  # outcomes.breakdowns.Unit.PERCENTAGE
COUNT = "count"  # outcomes.breakdowns.Unit.COUNT
TARGET_SHARE = "target"  # outcomes.breakdowns.ShareKind.TARGET
NONE_SHOWN = "–"  # an empty table cell


def uk_date(day: date) -> str:
    """A date as written in the UK, "31 August 2021", independent of the locale."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def describe_value(value: Decimal, unit: str) -> str:
    """A figure with its unit: "1,000", "45.5%", "12.25"."""
    text = _number(value)
    return f"{text}%" if unit == PERCENTAGE else text


def describe_expected(value: Decimal, unit: str) -> str:
    """A point on the straight line, as precise as the figures it is compared with: whole
    numbers for a count ("499", not "498.63" people), one place for a percentage."""
    places = {COUNT: Decimal(1), PERCENTAGE: Decimal("0.1")}.get(str(unit), Decimal("0.01"))
    return describe_value(value.quantize(places, rounding=ROUND_HALF_UP), unit)


def describe_share(value: Decimal | None) -> str:
    """A share to one decimal place: "45.0%"; "no share" when there is none."""
    return "no share" if value is None else f"{_one_place(value)}%"


def describe_gap(gap: Decimal | None, kind: str) -> str:
    """A gap in words: "5.0 percentage points below the target share"."""
    if gap is None:
        return "no share to compare"
    goal = "the target share" if kind == TARGET_SHARE else "the benchmark"
    rounded = gap.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == 0:
        return f"level with {goal}"
    side = "above" if rounded > 0 else "below"
    return f"{_one_place(abs(rounded))} percentage points {side} {goal}"


def signed_points(gap: Decimal | None) -> str:
    """A gap for a table cell: "+2.5", "−5.0" (a true minus sign), "0.0"; "–" with none."""
    if gap is None:
        return NONE_SHOWN
    rounded = gap.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == 0:
        return "0.0"
    return f"+{rounded}" if rounded > 0 else f"−{abs(rounded)}"


def counted(count: int, singular: str, plural: str) -> str:
    """ "1 target", "3 targets"."""
    return ngettext("%(count)s " + singular, "%(count)s " + plural, count) % {"count": count}


def duration(days: int) -> str:
    """A number of days as people say it: "1 day", "3 weeks", "4 months", "5 years".

    Rounded down, so nothing is made to sound later than it is: days up to two weeks, weeks up
    to two months, months up to two years, then years.
    """
    if days < 14:
        return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
    if days < 61:
        weeks = days // 7
        return ngettext("%(count)s week", "%(count)s weeks", weeks) % {"count": weeks}
    if days < 730:
        months = int(days / 30.44)
        return ngettext("%(count)s month", "%(count)s months", months) % {"count": months}
    years = int(days / 365.25)
    return ngettext("%(count)s year", "%(count)s years", years) % {"count": years}


def _one_place(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):,}"


def _number(value: Decimal) -> str:
    """Whole numbers without decimals; otherwise up to two places, trailing zeros dropped."""
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{rounded.to_integral_value():,}"
    return f"{rounded:,f}".rstrip("0")
