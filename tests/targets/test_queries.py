"""Status of many targets from the database: as at a date, in a fixed number of queries."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.rag import RAG
from targets.models import Target
from targets.queries import judge_targets
from tests.factories import ProgressUpdateFactory, ServiceAreaFactory, TargetFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _at(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=LONDON)


def _rag(target: Target, as_at: str) -> RAG:
    (judged,) = judge_targets(
        Target.objects.filter(pk=target.pk), as_at=dt.date.fromisoformat(as_at)
    )
    return judged.status.rag


def test_update_after_the_as_at_date_does_not_count() -> None:
    target = TargetFactory(deadline_text="by the end of 2021")
    ProgressUpdateFactory(target=target, status="on_track", made_at=_at("2021-06-01"))
    ProgressUpdateFactory(target=target, status="off_track", made_at=_at("2021-07-01"))
    assert _rag(target, "2021-06-30") == RAG.GREEN
    assert _rag(target, "2021-07-01") == RAG.RED


def test_update_late_in_the_evening_counts_on_its_london_day() -> None:
    target = TargetFactory(deadline_text="by the end of 2021")
    # Midnight starting 2 July in London is 23:00 UTC on 1 July: it counts on 2 July, not 1 July.
    ProgressUpdateFactory(target=target, status="on_track", made_at=_at("2021-07-02", hour=0))
    assert _rag(target, "2021-07-01") == RAG.NOT_YET_DUE
    assert _rag(target, "2021-07-02") == RAG.GREEN


def test_latest_update_comes_with_its_author() -> None:
    target = TargetFactory()
    update = ProgressUpdateFactory(target=target, made_at=_at("2021-05-01"))
    (judged,) = judge_targets(Target.objects.all(), as_at=dt.date(2021, 6, 1))
    assert judged.latest_update == update
    assert judged.latest_update.author.username == update.author.username


def _make(targets: int, updates_each: int) -> None:
    area = ServiceAreaFactory()
    for _ in range(targets):
        target = TargetFactory(service_area=area)
        for day in range(updates_each):
            ProgressUpdateFactory(target=target, made_at=_at("2021-03-01") + dt.timedelta(days=day))


def _queries_to_judge_all() -> int:
    with CaptureQueriesContext(connection) as captured:
        judged = judge_targets(Target.objects.all(), as_at=dt.date(2021, 6, 1))
        _ = [(j.status.rag, j.latest_update and j.latest_update.author) for j in judged]
    return len(captured)


def test_judging_a_plan_takes_the_same_queries_whatever_its_size() -> None:
    _make(targets=2, updates_each=1)
    small = _queries_to_judge_all()
    _make(targets=20, updates_each=5)
    assert _queries_to_judge_all() == small == 2
