"""Speed: closing a return for a large plan, and a closed return's report reading its snapshot in
the same number of queries at any size. (Timings for `make bench`: returns.pack.timed_builds.)"""

import time
from datetime import date, datetime, timedelta

import pytest
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks.big_plan import big_plan
from planfile.services import import_plan
from plans.models import Plan
from returns import figures, services
from returns.models import Return, TargetSnapshot
from targets.models import ProgressUpdate, Target
from tests.factories import plan_admin, senior_manager

pytestmark = pytest.mark.django_db


def plan_with_updates(targets: int, *, updates_per_target: int = 2) -> Plan:
    plan = import_plan(data=big_plan(targets=targets, areas=5, actions_per_area=5)).plan
    author = plan_admin(username=f"author-{targets}")
    start = timezone.make_aware(datetime(2025, 5, 1))
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                target=target,
                author=author,
                status="on_track",
                commentary="Synthetic progress. " * 10,
                made_at=start + timedelta(days=30 * n),
            )
            for target in Target.objects.filter(service_area__plan=plan)
            for n in range(updates_per_target)
        ],
        batch_size=2000,
    )
    return plan


def closed_returns(plan: Plan) -> Return:
    """Two closed returns of the plan; the later one is returned (it has movement to show)."""
    admin = plan_admin(username=f"lead-{plan.pk}")
    for name, as_at in [("Q1", date(2025, 6, 30)), ("Q2", date(2025, 9, 30))]:
        opened = services.open_return(
            plan=plan, name=name, as_at=as_at, due_on=as_at + timedelta(days=15), by=admin
        )
        services.close_return(of_return=opened, by=admin, reason="Timing.")
    return Return.objects.get(plan=plan, name="Q2")


def test_closing_a_return_for_a_large_plan_takes_under_5_seconds() -> None:
    """1,000 targets with 10 updates each: five times the largest London-scale plan's targets."""
    plan = plan_with_updates(1000, updates_per_target=10)
    admin = plan_admin()
    opened = services.open_return(
        plan=plan, name="Q2", as_at=date(2025, 9, 30), due_on=date(2025, 10, 15), by=admin
    )
    started = time.perf_counter()
    services.close_return(of_return=opened, by=admin, reason="Timing.")
    elapsed = time.perf_counter() - started
    assert TargetSnapshot.objects.filter(area_return__of_return=opened).count() == 1000
    assert elapsed < 5, f"closing took {elapsed:.1f} s"


def _queries(plan: Plan) -> tuple[int, int]:
    closed = closed_returns(plan)
    reset_queries()  # the log keeps 9,000 queries at most, which the set-up may have filled
    with CaptureQueriesContext(connection) as read:
        report = figures.return_report(closed)
        assert report.total == Target.objects.filter(service_area__plan=plan).count()
    client = Client()
    client.force_login(senior_manager())
    url = reverse("returns:report", args=[closed.pk])
    client.get(url)  # the session and roles, once
    reset_queries()
    with CaptureQueriesContext(connection) as page:
        assert client.get(url).status_code == 200
    return len(read), len(page)


def test_a_closed_returns_report_reads_its_snapshot_in_the_same_queries_at_any_size() -> None:
    small = _queries(plan_with_updates(10))
    large = _queries(plan_with_updates(200))
    assert small == large
