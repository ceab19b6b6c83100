"""The as at panel every page with an as at date shows: `{% load as_at %}{% as_at_panel plan %}`.

One partial (components/as_at.html): the date shown, the GOV.UK date input to change it, the
plan's own quarter ends and its last day as quick choices, and, once the plan has ended, a plain
"This plan ended on 31 March 2022" with a link to its status at the end.
"""

from datetime import date

from django import template
from django.http import QueryDict
from django.utils import timezone

from plans.as_at import EXAMPLE, PARTS, plan_quarter_ends, recent_quarter_ends
from plans.models import Plan

register = template.Library()

# Query parameters the panel sets, so they are not carried over from the page's own query.
_OWN = {"as_at", "page", *PARTS}


@register.inclusion_tag("components/as_at.html", takes_context=True)
def as_at_panel(context: template.Context, plan: Plan | None = None, what: str = "Status") -> dict:
    """`what` names what is as at the date: "Status", or "Figures and status" for outcomes."""
    request = context["request"]
    as_at: date = context["as_at"]
    today = timezone.localdate()
    if plan:
        choices = plan_quarter_ends(plan.period_start, plan.period_end, until=today)
    else:
        choices = list(reversed(recent_quarter_ends(today)))
    if as_at != today:
        choices.append(today)
    kept = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        if key not in _OWN:
            kept.setlist(key, values)

    def link(day: date) -> str:
        query = kept.copy()
        query["as_at"] = day.isoformat()
        return f"?{query.urlencode()}"

    ended = plan is not None and plan.period_end < today
    return {
        "as_at": as_at,
        "what": what,
        "is_today": as_at == today,
        "hint": EXAMPLE,
        "kept": [(key, value) for key, values in kept.lists() for value in values],
        "choices": [(day, link(day), day == today) for day in choices],
        "plan": plan,
        "plan_ended": ended,
        "end_link": link(plan.period_end) if ended else "",
    }
