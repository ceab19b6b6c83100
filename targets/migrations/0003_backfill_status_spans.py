"""Store the status timeline of every target already in the database (targets.status)."""

from datetime import date

from django.conf import settings
from django.db import migrations
from django.utils import timezone

from plans.deadlines import DeadlineKind, DeadlineWindow
from targets.status import Lifecycle, ProgressStatus, StatusRules, UpdateFact, status_timeline


def backfill(apps, schema_editor) -> None:
    Target = apps.get_model("targets", "Target")
    ProgressUpdate = apps.get_model("targets", "ProgressUpdate")
    StatusSpan = apps.get_model("targets", "StatusSpan")
    rules = StatusRules(
        warning_days=settings.STATUS_WARNING_DAYS, stale_days=settings.STATUS_STALE_DAYS
    )
    until = date(timezone.localdate().year + settings.STATUS_TIMELINE_YEARS, 1, 1)
    facts: dict[int, list[UpdateFact]] = {}
    for target_id, made_at, status in ProgressUpdate.objects.order_by(
        "made_at", "id"
    ).values_list("target_id", "made_at", "status"):
        facts.setdefault(target_id, []).append(
            UpdateFact(timezone.localtime(made_at), ProgressStatus(status))
        )
    spans = []
    for target in Target.objects.iterator(chunk_size=2000):
        window = DeadlineWindow(
            DeadlineKind(target.deadline_kind), target.due_start, target.due_date, ""
        )
        revised = (
            DeadlineWindow(DeadlineKind.DATED, target.revised_due_start, target.revised_due_date, "")
            if target.revised_due_date
            else None
        )
        for span in status_timeline(
            window=window,
            updates=facts.get(target.pk, []),
            rules=rules,
            lifecycle=Lifecycle(target.lifecycle),
            closed_on=target.closed_on,
            revised_window=revised,
            until=until,
        ):
            spans.append(
                StatusSpan(
                    target_id=target.pk,
                    starts_on=span.starts_on,
                    ends_on=span.ends_on,
                    rag=span.rag,
                    due_date=span.due_date,
                    last_update_on=span.last_update_on,
                    completed_on_time=span.completed_on_time,
                )
            )
    StatusSpan.objects.bulk_create(spans, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [("targets", "0002_status_spans")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
