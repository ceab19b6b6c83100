"""Wording for "every group against the population": fractions as shares, points and ratios."""

from django import template

from outcomes.disproportionality import Interval

register = template.Library()
MINUS = "\u2212"


def _signed(value: float) -> str:
    rounded = round(value, 1)
    if rounded == 0:
        return "0.0"
    return f"+{rounded:.1f}" if rounded > 0 else f"{MINUS}{abs(rounded):.1f}"


@register.filter
def share_percent(value: float | None) -> str:
    """0.1234 as "12.3%"; "–" with none."""
    return "–" if value is None else f"{value * 100:.1f}%"


@register.filter
def share_range(interval: Interval | None) -> str:
    """A share's interval: "10.1% to 14.6%"."""
    if interval is None:
        return "–"
    return f"{interval.low * 100:.1f}% to {interval.high * 100:.1f}%"


@register.filter
def gap_points(value: float | None) -> str:
    """A gap in percentage points from fractions: "−5.0", "+2.5"."""
    return "–" if value is None else _signed(value * 100)


@register.filter
def gap_range(interval: Interval | None) -> str:
    if interval is None:
        return "–"
    return f"{_signed(interval.low * 100)} to {_signed(interval.high * 100)}"


@register.filter
def ratio_text(value: float | None) -> str:
    """A ratio to two places: "0.61"; "–" with none."""
    return "–" if value is None else f"{value:.2f}"


@register.filter
def ratio_range(interval: Interval | None) -> str:
    return "–" if interval is None else f"{interval.low:.2f} to {interval.high:.2f}"


@register.filter
def people(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


@register.filter
def for_indicator(populations: dict, indicator: object) -> list:
    """An indicator's breakdowns against the population, from a dict keyed by indicator id."""
    return populations.get(getattr(indicator, "pk", None), [])
