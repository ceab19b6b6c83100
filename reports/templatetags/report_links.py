from datetime import date
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from plans.models import Plan, ServiceArea
from plans.rag import RAG
from reports import charts
from reports.charts import StatusHistoryChart

register = template.Library()

INDICATOR_ORDER = (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.COMPLETE, RAG.NOT_YET_DUE, RAG.UNSCHEDULED)


@register.simple_tag
def target_list_url(
    *, plan: Plan, as_at: date, status: str = "", area: ServiceArea | None = None, due: str = ""
) -> str:
    """The target list filtered to what a dashboard count counts."""
    query = {"scope": "all", "plan": plan.pk, "as_at": as_at.isoformat()}
    if status:
        query["status"] = status
    if area is not None:
        query["service_area"] = area.pk
    if due:
        query["due"] = due
    return f"{reverse('targets:list')}?{urlencode(query)}"


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key)


@register.filter
def indicator_counts(outcome_rows: list) -> list[tuple[str, int]]:
    """How many indicators of these outcomes (reports.queries.OutcomeRow) have each status, worst
    first, with "not judged" (no overall target) last; statuses no indicator has are left out."""
    counts: dict[str, int] = {}
    for row in outcome_rows:
        for summary in row.indicators:
            key = summary.status.rag.value if summary.status.rag else "not_judged"
            counts[key] = counts.get(key, 0) + 1
    order = [rag.value for rag in INDICATOR_ORDER] + ["not_judged"]
    return [(key, counts[key]) for key in order if counts.get(key)]


@register.filter
def status_history_chart(history: list) -> StatusHistoryChart | None:
    """The dashboard's status-over-time chart (reports.charts) for its history."""
    return charts.status_history_chart(history)
