from django import template

from outcomes.models import Outcome
from outcomes.queries import IndicatorSummary

register = template.Library()


@register.filter
def for_outcome(summaries: dict[int, list[IndicatorSummary]], outcome: Outcome) -> list:
    """An outcome's indicator summaries from outcomes.queries.indicator_summaries."""
    return summaries.get(outcome.pk, [])
