"""What a plan's references mean: `{% reference_prefixes plan as prefixes %}`."""

from django import template

from plans.models import Action, Plan

register = template.Library()


@register.simple_tag
def reference_prefixes(plan: Plan | None) -> list[tuple[str, str]]:
    """Each reference prefix of the plan with its service area's name, in the plan's order: one
    query. The prefix is what the plan's actions' references start with ("CWB" in "CWB-A1")."""
    if plan is None:
        return []
    prefixes: dict[str, str] = {}
    refs = (
        Action.objects.filter(service_area__plan=plan)
        .order_by("service_area__position", "ref")
        .values_list("ref", "service_area__name")
    )
    for ref, area in refs:
        prefix, dash, _ = ref.partition("-")
        if dash:
            prefixes.setdefault(prefix, area)
    return list(prefixes.items())
