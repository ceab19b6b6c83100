"""Template filters for the words every page shares (a template builtin, so no `{% load %}`).

    {{ day|uk_date }}                 30 September 2021
    {{ moment|uk_datetime }}          30 September 2021 at 14:05
    {{ value|figure:unit }}           1,000 / 45.5%
    {{ value|expected_figure:unit }}  499 (a point on the straight line, as precise as the figures)
    {{ share|share }}                 45.0%
    {{ gap|gap:kind }}                5.0 percentage points below the target share
    {{ gap|signed_points }}           −5.0
    {{ days|duration }}               5 years
    {{ days|late }}                   5 years late
    {{ count|counted:"target,targets" }}   3 targets

A missing value (None, or an empty string from a missing attribute) shows as "–", except where the
filter says what is missing in words.
"""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from plans import wording

register = template.Library()


def _missing(value: object) -> bool:
    return value is None or value == ""


@register.filter
def uk_date(value: date | datetime | None) -> str:
    if _missing(value):
        return wording.NONE_SHOWN
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return wording.uk_date(value)


@register.filter
def uk_datetime(value: datetime | None) -> str:
    """ "30 September 2021 at 14:05", in the council's time."""
    if _missing(value):
        return wording.NONE_SHOWN
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{wording.uk_date(local.date())} at {local:%H:%M}"


@register.filter
def figure(value: Decimal | None, unit: str) -> str:
    return wording.NONE_SHOWN if _missing(value) else wording.describe_value(value, unit)


@register.filter
def expected_figure(value: Decimal | None, unit: str) -> str:
    return wording.NONE_SHOWN if _missing(value) else wording.describe_expected(value, unit)


@register.filter
def share(value: Decimal | None) -> str:
    """None (a share that cannot be worked out) is "no share"; no figure at all is "–"."""
    return wording.NONE_SHOWN if value == "" else wording.describe_share(value)


@register.filter
def gap(value: Decimal | None, kind: str) -> str:
    return wording.describe_gap(None if _missing(value) else value, kind)


@register.filter
def signed_points(value: Decimal | None) -> str:
    return wording.signed_points(None if _missing(value) else value)


@register.filter
def duration(days: int | None) -> str:
    return wording.NONE_SHOWN if _missing(days) else wording.duration(int(days))


@register.filter
def late(days: int | None) -> str:
    return "" if _missing(days) or not days else f"{wording.duration(int(days))} late"


@register.filter
def counted(count: int, forms: str) -> str:
    """`{{ n|counted:"target,targets" }}`: the number with its noun, singular or plural."""
    singular, _, plural = forms.partition(",")
    return wording.counted(int(count or 0), singular, plural or singular + "s")
