"""Stored status timelines: every write that can change a status stores the target's spans anew,
so a list read from them (with_status) agrees with judging each target in Python on any day."""

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from planfile.services import export_plan, import_plan
from plans.models import Plan
from plans.rag import RAG
from targets.models import StatusSpan, Target
from targets.queries import judge_targets, with_status
from targets.services import record_progress, refresh_status_timelines
from targets.status import ProgressStatus
from tests.factories import ProgressUpdateFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _stored(target: Target, day: dt.date) -> tuple:
    row = with_status(Target.objects.filter(pk=target.pk), as_at=day).get()
    return (row.status_rag, row.status_due_date, row.status_last_update_on)


def _judged(target: Target, day: dt.date) -> tuple:
    (judged,) = judge_targets(Target.objects.filter(pk=target.pk), as_at=day)
    status = judged.status
    return (status.rag, status.due_date, status.last_update_on)


def _agree(targets, first: dt.date, last: dt.date, *, every: int = 7) -> None:
    day = first
    while day <= last:
        stored = {
            row.pk: (row.status_rag, row.status_due_date, row.status_last_update_on)
            for row in with_status(Target.objects.filter(pk__in=[t.pk for t in targets]), as_at=day)
        }
        judged = {
            item.target.pk: (item.status.rag, item.status.due_date, item.status.last_update_on)
            for item in judge_targets(Target.objects.filter(pk__in=stored), as_at=day)
        }
        assert stored == judged, day
        day += dt.timedelta(days=every)


def test_a_new_target_has_its_timeline_at_once() -> None:
    target = TargetFactory(deadline_text="by summer 2021", due_date=dt.date(2021, 8, 31))
    assert _stored(target, dt.date(2021, 7, 1)) == (RAG.NOT_YET_DUE, dt.date(2021, 8, 31), None)
    assert _stored(target, dt.date(2021, 9, 1))[0] == RAG.RED


def test_recording_progress_changes_the_status_from_its_day_on_and_not_before() -> None:
    target = TargetFactory(deadline_text="by 2030", due_date=dt.date(2030, 12, 31))
    record_progress(
        target=target,
        author=UserFactory(),
        seen_latest_update_id=None,
        status=ProgressStatus.OFF_TRACK,
    )
    today = dt.datetime.now(LONDON).date()
    assert _stored(target, today) == (RAG.RED, dt.date(2030, 12, 31), today)
    assert _stored(target, today - dt.timedelta(days=1))[0] == RAG.NOT_YET_DUE


def test_an_edit_of_the_deadline_or_closing_is_stored() -> None:
    target = TargetFactory(deadline_text="by 2030", due_date=dt.date(2030, 12, 31))
    target.due_start, target.due_date = None, dt.date(2020, 1, 31)
    target.save()
    assert _stored(target, dt.date(2021, 1, 1))[0] == RAG.RED
    target.lifecycle, target.closed_on = "cancelled", dt.date(2020, 6, 1)
    target.save()
    assert _stored(target, dt.date(2021, 1, 1))[0] == RAG.CANCELLED
    assert _stored(target, dt.date(2020, 5, 31))[0] == RAG.RED


def test_the_target_list_is_never_stale_after_an_update(client: Client) -> None:
    target = TargetFactory(deadline_text="by 2030", due_date=dt.date(2030, 12, 31))
    client.force_login(UserFactory(role="Senior managers"))
    url = reverse("targets:list")
    assert target.ref not in client.get(url, {"status": "amber"}).text
    ProgressUpdateFactory(target=target, status="at_risk", author=UserFactory())
    assert target.ref in client.get(url, {"status": "amber"}).text


def test_stored_timelines_agree_with_judging_for_the_islington_plan(
    islington: Plan, settings
) -> None:
    settings.DEBUG = True  # demo progress is only loaded then
    call_command("load_demo_progress", stdout=None)
    targets = list(Target.objects.filter(service_area__plan=islington))
    _agree(targets, dt.date(2020, 1, 1), dt.date(2027, 12, 31), every=23)


def test_a_restored_plan_with_history_has_its_timelines(islington: Plan) -> None:
    target = Target.objects.filter(service_area__plan=islington).first()
    ProgressUpdateFactory(target=target, status="off_track", author=UserFactory(username="w"))
    data = export_plan(plan=islington, with_history=True)
    StatusSpan.objects.all().delete()
    import_plan(data=data)
    assert StatusSpan.objects.filter(target__service_area__plan=islington).count() > 0
    _agree([target], dt.date(2020, 1, 1), dt.date(2027, 12, 31))


def test_refreshing_stores_the_same_spans_again() -> None:
    target = TargetFactory(deadline_text="annual", deadline_kind="recurring")
    before = list(StatusSpan.objects.filter(target=target).values_list("starts_on", "rag"))
    assert refresh_status_timelines([target.pk]) == len(before)
    after = list(StatusSpan.objects.filter(target=target).values_list("starts_on", "rag"))
    assert after == before


def test_the_migration_backfills_every_target() -> None:
    targets = [TargetFactory(due_date=dt.date(2021, 8, 31)) for _ in range(3)]
    ProgressUpdateFactory(target=targets[0], status="complete", author=UserFactory())
    StatusSpan.objects.all().delete()
    migration = importlib.import_module("targets.migrations.0003_backfill_status_spans")
    migration.backfill(apps, None)
    _agree(targets, dt.date(2021, 1, 1), dt.date(2022, 1, 1))
