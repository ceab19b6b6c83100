"""Wording for the returns' pages and pack: stages as tags, counts in words."""

from django import template
from django.urls import reverse
from django.utils.translation import ngettext

from returns import access
from returns.models import AreaReturn, Return
from returns.rules import Stage
from targets.models import Target

register = template.Library()

STAGE_COLOURS = {
    Stage.NOT_STARTED: "grey",
    Stage.IN_PROGRESS: "teal",
    Stage.SUBMITTED: "blue",
    Stage.SENT_BACK: "orange",
    Stage.APPROVED: "green",
}


@register.filter
def stage_colour(stage: Stage) -> str:
    return STAGE_COLOURS[Stage(stage)]


@register.filter
def items_count(count: int) -> str:
    """3 -> "3 items", 1 -> "1 item"."""
    return ngettext("%(count)d item", "%(count)d items", count) % {"count": count}


@register.filter
def targets_count(count: int) -> str:
    return ngettext("%(count)d target", "%(count)d targets", count) % {"count": count}


@register.filter
def status_summary(counts: list) -> str:
    """[(RAG, count), ...] -> "4 complete; 1 red: late or off track", leaving out the zeros."""
    return "; ".join(f"{count} {rag.label.lower()}" for rag, count in counts if count) or "none"


@register.simple_tag(takes_context=True)
def propose_deadline_url(context: template.Context, target: Target) -> str:
    """Where the signed-in officer proposes a revised deadline for a target: its area's part of
    the open quarterly return, if there is one they can work on; otherwise ""."""
    user = context["request"].user
    for area_return in AreaReturn.objects.filter(
        service_area_id=target.service_area_id, of_return__state=Return.State.OPEN
    ).select_related("of_return", "service_area"):
        if access.can_work_on(user, area_return):
            return reverse("returns:propose", args=[area_return.pk, target.pk])
    return ""
