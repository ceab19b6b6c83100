from datetime import date
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from plans.models import Plan, ServiceArea

register = template.Library()


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
