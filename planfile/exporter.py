"""Writing a plan out in the plan file format, so that importing it gives the same plan; with its
history for a backup (planfile/history.py)."""

from typing import Any

from outcomes.models import BreakdownTarget, Indicator, Outcome
from planfile.format import FORMAT, plain_number
from planfile.history import export_history
from plans.models import Action, EqualityGroup, Plan, ServiceArea
from targets.models import Target
from targets.resources import overridden_due_date


def export_plan(*, plan: Plan, with_history: bool = False) -> dict[str, Any]:
    """The plan in the plan file format, so that importing it gives the same plan; with its
    history (progress updates, measurements, narrative updates and their people) for a backup."""
    areas = (
        plan.service_areas.order_by("position")
        .prefetch_related(
            "actions__groups",
            "actions__lead_officer",
            "targets__groups",
            "targets__actions",
            "targets__owner",
            "outcomes__groups",
            "outcomes__indicators__breakdowns__dimension",
            "outcomes__indicators__breakdowns__targets__category",
        )
        .select_related("plan")
    )
    return {
        "format": FORMAT,
        "equality_groups": [
            _export_group(g) for g in EqualityGroup.objects.select_related("parent")
        ],
        "plan": {
            "slug": plan.slug,
            "title": plan.title,
            "council": plan.council,
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
            "introduction": plan.introduction,
            "service_areas": [_export_area(area) for area in areas],
        },
        **({"history": export_history(plan)} if with_history else {}),
    }


def _export_group(group: EqualityGroup) -> dict[str, Any]:
    entry = {"slug": group.slug, "name": group.name, "category": group.category}
    if group.parent:
        entry["parent"] = group.parent.slug
    return entry


def _slugs(objects: Any) -> list[str]:
    return [obj.slug for obj in sorted(objects.all(), key=lambda g: (g.position, g.name))]


def _export_area(area: ServiceArea) -> dict[str, Any]:
    by_position = lambda objs: sorted(objs.all(), key=lambda o: (o.position, o.ref))  # noqa: E731
    return {
        "slug": area.slug,
        "name": area.name,
        "introduction": area.introduction,
        "actions": [_export_action(a) for a in by_position(area.actions)],
        "targets": [_export_target(t) for t in by_position(area.targets)],
        "outcomes": [_export_outcome(o) for o in by_position(area.outcomes)],
    }


def _export_outcome(outcome: Outcome) -> dict[str, Any]:
    entry: dict[str, Any] = {"ref": outcome.ref, "text": outcome.text}
    entry["groups"] = _slugs(outcome.groups)
    indicators = outcome.indicators.all()
    if indicators:
        entry["indicators"] = [_export_indicator(i) for i in indicators]
    return entry


def _export_indicator(indicator: Indicator) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "ref": indicator.ref,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "accumulation": indicator.accumulation,
    }
    if indicator.baseline_value is not None and indicator.baseline_date is not None:
        entry["baseline"] = {
            "value": plain_number(indicator.baseline_value),
            "date": indicator.baseline_date.isoformat(),
        }
    if indicator.target_value is not None:
        entry["target_value"] = plain_number(indicator.target_value)
    entry["deadline"] = indicator.deadline_text or None
    if indicator.data_source:
        entry["data_source"] = indicator.data_source
    breakdowns = indicator.breakdowns.all()
    if breakdowns:
        entry["breakdowns"] = [
            {
                "dimension": breakdown.dimension.slug,
                "shares": [_export_share(target) for target in breakdown.targets.all()],
            }
            for breakdown in breakdowns
        ]
    return entry


def _export_share(target: BreakdownTarget) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "category": target.category.slug,
        "kind": target.kind,
        "share": plain_number(target.share),
    }
    if target.note:
        entry["note"] = target.note
    return entry


def _export_action(action: Action) -> dict[str, Any]:
    entry: dict[str, Any] = {"ref": action.ref, "aim": action.aim, "commitment": action.commitment}
    if action.lead_officer:
        entry["lead_officer"] = action.lead_officer.username
    entry["groups"] = _slugs(action.groups)
    return entry


def _export_target(target: Target) -> dict[str, Any]:
    entry: dict[str, Any] = {"ref": target.ref}
    if target.bullet is not None:
        entry["bullet"] = target.bullet
    entry["text"] = target.text
    entry["deadline"] = target.deadline_text or None
    override = overridden_due_date(target)
    if override:
        entry["due_date"] = override.isoformat()
    if target.owner:
        entry["owner"] = target.owner.username
    entry["actions"] = [a.ref for a in sorted(target.actions.all(), key=lambda a: a.position)]
    entry["groups"] = _slugs(target.groups)
    return entry
