from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from outcomes.interval_chart import TrendChart
from outcomes.models import Outcome
from outcomes.queries import IndicatorSummary

register = template.Library()


@register.filter
def for_outcome(summaries: dict[int, list[IndicatorSummary]], outcome: Outcome) -> list:
    """An outcome's indicator summaries from outcomes.queries.indicator_summaries."""
    return summaries.get(outcome.pk, [])


@register.filter
def trend_marks(chart: TrendChart) -> SafeString:
    """A trend chart's interval lines, its line and its dots: a page draws hundreds of each (every
    category, every period), which costs a fraction of the time here that a template loop does."""
    points = [
        (f"{p.x:.1f}", f"{p.y:.1f}", f"{p.low_y:.1f}", f"{p.high_y:.1f}") for p in chart.points
    ]
    interval = '<line class="app-chart__axis" stroke-width="2" x1="{0}" y1="{2}" x2="{0}" y2="{3}">'
    intervals = format_html_join("", interval + "</line>", points)
    line = format_html(
        '<polyline class="app-chart__actual" points="{}"></polyline>', chart.polyline
    )
    dot = '<circle class="app-chart__point" cx="{0}" cy="{1}" r="4"></circle>'
    return intervals + line + format_html_join("", dot, points)  # safe + safe stays safe
