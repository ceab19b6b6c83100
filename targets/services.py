"""Writes to targets: recording a progress update, refusing one made against a stale view; storing
targets' status timelines after every write that can change them."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from plans.cache import data_changed
from plans.deadlines import DeadlineWindow
from plans.roles import User
from targets.models import ProgressUpdate, StatusSpan, Target
from targets.queries import status_rules
from targets.status import Lifecycle, ProgressStatus, StatusRules, UpdateFact, status_timeline


class TargetChangedError(Exception):
    """Someone else added an update since this officer opened the target; nothing was stored."""

    def __init__(self, latest: ProgressUpdate | None) -> None:
        self.latest = latest
        if latest is None:  # the update the author saw is not this target's
            super().__init__("the target's updates are not the ones this form was opened with")
        else:
            super().__init__(
                f"{latest.target.ref} was updated by {latest.author} at {latest.made_at}"
            )


def latest_update(target: Target) -> ProgressUpdate | None:
    return target.progress_updates.select_related("author").order_by("-made_at", "-id").first()


@transaction.atomic
def record_progress(
    *,
    target: Target,
    author: User,
    seen_latest_update_id: int | None,
    status: ProgressStatus,
    commentary: str = "",
    percent_complete: int | None = None,
    value: Decimal | None = None,
    evidence_url: str = "",
    recorded_via: str = "",
) -> ProgressUpdate:
    """Add a progress update, unless the target changed since the author last saw it.

    The target's row is locked while its latest update is compared with the one the author saw,
    so two officers saving at once cannot both pass the check.
    """
    Target.objects.select_for_update().filter(pk=target.pk).first()
    current = latest_update(target)
    if (current.pk if current else None) != seen_latest_update_id:
        raise TargetChangedError(current)
    update = ProgressUpdate(
        target=target,
        author=author,
        status=status,
        commentary=commentary,
        percent_complete=percent_complete,
        value=value,
        evidence_url=evidence_url,
        recorded_via=recorded_via[:200],
    )
    update.full_clean()
    update.save()
    return update


_SPAN_COLUMNS = (
    "target_id",
    "starts_on",
    "ends_on",
    "rag",
    "due_date",
    "last_update_on",
    "completed_on_time",
)
INSERT_SPAN = (
    f"INSERT INTO {StatusSpan._meta.db_table} ({', '.join(_SPAN_COLUMNS)}) "  # noqa: S608  # nosec B608 - names from the model
    f"VALUES ({', '.join(['%s'] * len(_SPAN_COLUMNS))})"
)


def timeline_horizon() -> date:
    """The day status timelines are judged up to (see targets.status.status_timeline)."""
    return date(timezone.localdate().year + settings.STATUS_TIMELINE_YEARS, 1, 1)


def refresh_status_timelines(
    targets: QuerySet[Target] | Iterable[int], *, batch: int = 2000
) -> int:
    """Judge targets on every day again and store their status spans; how many spans were stored.

    Called by every write that can change a status: a progress update or a target saved (signals
    in targets.apps), and the bulk paths that send no signals (plan import, demo and scale data).
    The targets' rows are locked first, so two writes to one target store the spans of both.
    """
    pks = list(targets.values_list("pk", flat=True) if isinstance(targets, QuerySet) else targets)
    rules, until, stored = status_rules(), timeline_horizon(), 0
    known: dict[tuple, list[tuple]] = {}
    plans: set[int] = set()
    for start in range(0, len(pks), batch):
        chunk = sorted(pks[start : start + batch])
        with transaction.atomic():
            locked = list(Target.objects.select_for_update().filter(pk__in=chunk).order_by("pk"))
            plans.update(
                Target.objects.filter(pk__in=chunk).values_list("service_area__plan_id", flat=True)
            )
            facts: dict[int, list[UpdateFact]] = {pk: [] for pk in chunk}
            for target_id, made_at, status in (
                ProgressUpdate.objects.filter(target_id__in=chunk)
                .order_by("made_at", "id")
                .values_list("target_id", "made_at", "status")
            ):
                facts[target_id].append(
                    UpdateFact(made_at=timezone.localtime(made_at), status=ProgressStatus(status))
                )
            spans = [
                (target.pk, *span)
                for target in locked
                for span in _timeline(
                    target.window,
                    tuple(facts[target.pk]),
                    Lifecycle(target.lifecycle),
                    target.closed_on,
                    target.revised_window,
                    rules=rules,
                    until=until,
                    known=known,
                )
            ]
            # Plain SQL: a queryset's delete() would load every span to send its signals (and
            # the cache would take them for a write to every plan's pages).
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {StatusSpan._meta.db_table} WHERE target_id IN "  # noqa: S608  # nosec B608 - names from the model, ids as parameters
                    f"({', '.join(['%s'] * len(chunk))})",
                    chunk,
                )
            _insert_spans(spans)
            stored += len(spans)
    # Bulk writes send no signals: the plans' cached pages are made anew (only those plans': a
    # status follows from its own target's deadline and updates alone).
    for plan_id in plans:
        data_changed(plan_id)
    return stored


def _timeline(
    window: DeadlineWindow,
    updates: tuple[UpdateFact, ...],
    lifecycle: Lifecycle,
    closed_on: date | None,
    revised_window: DeadlineWindow | None,
    *,
    rules: StatusRules,
    until: date,
    known: dict[tuple, list[tuple]],
) -> list[tuple]:
    """A target's spans as rows (starts_on, ends_on, rag, due_date, last_update_on,
    completed_on_time), judged once for every target with the same facts: a new plan's targets
    without updates share a few deadlines, so most are judged already."""
    facts = (window, updates, lifecycle, closed_on, revised_window)
    if facts not in known:
        known[facts] = [
            (
                span.starts_on,
                span.ends_on,
                span.rag.value,
                span.due_date,
                span.last_update_on,
                span.completed_on_time,
            )
            for span in status_timeline(
                window=window,
                updates=updates,
                rules=rules,
                lifecycle=lifecycle,
                closed_on=closed_on,
                revised_window=revised_window,
                until=until,
            )
        ]
    return known[facts]


def _insert_spans(rows: list[tuple]) -> None:
    """Plain rows, not model instances (which cost more than the judging); on PostgreSQL by COPY,
    several times faster than INSERTs for the tens of thousands of a plan import."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(INSERT_SPAN, rows)
            return
        columns = ", ".join(_SPAN_COLUMNS)
        with cursor.copy(f"COPY {StatusSpan._meta.db_table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
