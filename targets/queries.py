"""Querysets the pages share: targets with their latest progress update as at a date, and status.

A target's status as at a day depends only on its latest update made on or before that day (see
targets/status.py), so a whole list of targets is judged from one query that annotates each target
with that update, plus one more for the updates' authors: a fixed number whatever the list's size.

For lists that filter, sort, count or page by status, with_status reads it from the stored status
timeline instead (targets.models.StatusSpan): one join, so the database does the work and only a
page of targets is loaded.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import takewhile

from django.conf import settings
from django.db.models import Count, F, FilteredRelation, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from plans.models import EqualityGroup
from plans.rag import RAG
from targets.models import ProgressUpdate, StatusSpan, Target
from targets.status import (
    Lifecycle,
    ProgressStatus,
    StatusRules,
    TargetStatus,
    UpdateFact,
)
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


def with_status(targets: QuerySet[Target], *, as_at: date) -> QuerySet[Target]:
    """Annotate each target with its status as at `as_at` from its stored timeline: status_rag,
    status_due_date and status_last_update_on (as TargetStatus's rag, due_date, last_update_on)."""
    span = FilteredRelation(
        "status_spans",
        condition=Q(status_spans__starts_on__lte=as_at)
        & (Q(status_spans__ends_on__gt=as_at) | Q(status_spans__ends_on__isnull=True)),
    )
    return targets.annotate(span_as_at=span).annotate(
        status_rag=F("span_as_at__rag"),
        status_due_date=F("span_as_at__due_date"),
        status_last_update_on=F("span_as_at__last_update_on"),
    )


def outstanding(targets: QuerySet[Target]) -> QuerySet[Target]:
    """Targets annotated by with_status that are outstanding (targets.status.is_outstanding)."""
    return targets.filter(status_rag__in=RAG.OUTSTANDING)


@dataclass(frozen=True)
class JudgedTarget:
    """A target with its status and latest update as at a date, as lists and reports show it."""

    target: Target
    status: TargetStatus
    latest_update: ProgressUpdate | None


def judge_targets(
    targets: QuerySet[Target],
    *,
    as_at: date,
    rules: StatusRules | None = None,
    with_updates: bool = True,
) -> list[JudgedTarget]:
    """Every target of the queryset with its status as at a date, in the queryset's order.

    With `with_updates`, each comes with its latest update and that update's author (one more
    query); without, `latest_update` is None: enough for counting statuses.
    """
    rules = rules or status_rules()
    annotated = list(
        with_latest_update(targets, as_at=as_at).select_related(
            "service_area", "service_area__plan", "owner"
        )
    )
    update_ids = [t.latest_update_id for t in annotated if t.latest_update_id]
    updates = (
        ProgressUpdate.objects.select_related("author").filter(pk__in=update_ids).in_bulk()
        if with_updates
        else {}
    )
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
    latest_at = target.latest_update_at if target.latest_update_id else None
    return _status(target, latest_at, target.latest_update_status, as_at=as_at, rules=rules)


def _status(
    target: Target,
    latest_at: datetime | None,
    latest_status: str | None,
    *,
    as_at: date,
    rules: StatusRules | None = None,
) -> TargetStatus:
    """A target's status as at a day, given its latest update as at that day (if any)."""
    facts = []
    if latest_at is not None:
        made_at = timezone.localtime(latest_at)
        facts.append(UpdateFact(made_at=made_at, status=ProgressStatus(latest_status)))
    return judge(
        window=target.window,
        updates=facts,
        as_at=as_at,
        rules=rules or status_rules(),
        lifecycle=Lifecycle(target.lifecycle),
        closed_on=target.closed_on,
        revised_window=target.revised_window,
    )


def count_on_days(targets: QuerySet[Target], *, days: list[date]) -> dict[date, dict[RAG, int]]:
    """How many of the targets had each status as at each day (a dashboard's status over time),
    every status present: one query on the stored timelines, whatever the numbers of targets and
    days."""
    if not days:
        return {}
    spans = StatusSpan.objects.filter(target__in=targets.order_by().values("pk"))
    on_day = {
        f"on_{n}": Count(
            "pk",
            filter=Q(starts_on__lte=day) & (Q(ends_on__gt=day) | Q(ends_on__isnull=True)),
        )
        for n, day in enumerate(days)
    }
    counts = {day: dict.fromkeys(RAG, 0) for day in days}
    for row in spans.order_by().values("rag").annotate(**on_day):
        for n, day in enumerate(days):
            counts[day][RAG(row["rag"])] = row[f"on_{n}"]
    return counts


def tagged_with_group_or_narrower(
    targets: QuerySet[Target], group: EqualityGroup
) -> QuerySet[Target]:
    """Targets addressing a group or any group within it: "race" includes "bame" and "somali"."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in EqualityGroup.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    within, to_visit = set(), [group.pk]
    while to_visit:
        pk = to_visit.pop()
        if pk not in within:  # a cycle in bad data would otherwise never end
            within.add(pk)
            to_visit.extend(children.get(pk, []))
    # A subquery rather than a join, so a target tagged with two of the groups is listed once.
    return targets.filter(pk__in=Target.objects.filter(groups__in=within).values("pk"))


def targets_for_page(*, as_at: date) -> QuerySet[Target]:
    """Targets with everything their page shows: actions, groups and every update with its author.

    Annotated with the latest update as at `as_at` for status_of; a fixed number of queries
    whatever the number of updates.
    """
    return (
        with_latest_update(Target.objects.all(), as_at=as_at)
        .select_related("service_area__plan", "owner", "superseded_by")
        .prefetch_related(
            "actions",
            "groups",
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.select_related("author").order_by(
                    "-made_at", "-id"
                ),
            ),
        )
    )


def updates_since(target: Target, *, seen_update_id: int | None) -> list[ProgressUpdate]:
    """Updates newer than the one an officer saw (all of them if they saw none), newest first."""
    newest_first = target.progress_updates.select_related("author").order_by("-made_at", "-id")
    return list(takewhile(lambda update: update.pk != seen_update_id, newest_first))
