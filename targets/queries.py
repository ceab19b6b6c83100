"""Querysets the pages share: targets with their latest progress update as at a date, and status.

A target's status as at a day depends only on its latest update made on or before that day (see
targets/status.py), so a whole list of targets is judged from one query that annotates each target
with that update, plus one more for the updates' authors: a fixed number whatever the list's size.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from targets.models import ProgressUpdate, Target
from targets.status import Lifecycle, ProgressStatus, StatusRules, TargetStatus, UpdateFact
from targets.status import status_as_at as judge


def status_rules() -> StatusRules:
    return StatusRules(
        warning_days=settings.STATUS_WARNING_DAYS, stale_days=settings.STATUS_STALE_DAYS
    )


def end_of_day(day: date) -> datetime:
    """The first moment after `day` in the council's time zone: updates before it count."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def with_latest_update(targets: QuerySet[Target], *, as_at: date) -> QuerySet[Target]:
    """Annotate each target with its latest progress update made on or before `as_at`."""
    latest = ProgressUpdate.objects.filter(
        target=OuterRef("pk"), made_at__lt=end_of_day(as_at)
    ).order_by("-made_at", "-id")
    return targets.annotate(
        latest_update_id=Subquery(latest.values("id")[:1]),
        latest_update_at=Subquery(latest.values("made_at")[:1]),
        latest_update_status=Subquery(latest.values("status")[:1]),
    )


@dataclass(frozen=True)
class JudgedTarget:
    """A target with its status and latest update as at a date, as lists and reports show it."""

    target: Target
    status: TargetStatus
    latest_update: ProgressUpdate | None


def judge_targets(
    targets: QuerySet[Target], *, as_at: date, rules: StatusRules | None = None
) -> list[JudgedTarget]:
    """Every target of the queryset with its status as at a date, in the queryset's order."""
    rules = rules or status_rules()
    annotated = list(
        with_latest_update(targets, as_at=as_at).select_related(
            "service_area", "service_area__plan", "owner"
        )
    )
    update_ids = [t.latest_update_id for t in annotated if t.latest_update_id]
    updates = ProgressUpdate.objects.select_related("author").in_bulk(update_ids)
    return [
        JudgedTarget(
            target=target,
            status=status_of(target, as_at=as_at, rules=rules),
            latest_update=updates.get(target.latest_update_id),
        )
        for target in annotated
    ]


def status_of(target: Target, *, as_at: date, rules: StatusRules | None = None) -> TargetStatus:
    """The status of a target annotated by with_latest_update."""
    facts = []
    if target.latest_update_id:
        made_at = timezone.localtime(target.latest_update_at)
        facts.append(
            UpdateFact(made_at=made_at, status=ProgressStatus(target.latest_update_status))
        )
    return judge(
        window=target.window,
        updates=facts,
        as_at=as_at,
        rules=rules or status_rules(),
        lifecycle=Lifecycle(target.lifecycle),
        closed_on=target.closed_on,
        revised_window=target.revised_window,
    )
