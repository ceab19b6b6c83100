"""Quarterly returns through the API: read-only, what the returns' pages show every reader, and a
closed return's frozen figures, which later updates never change."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.models import Plan
from returns import services
from returns.models import Return, SendBackNote, TargetSnapshot
from targets.models import ProgressUpdate, Target
from tests.factories import ProgressUpdateFactory, TargetFactory

pytestmark = pytest.mark.django_db

OPENED = timezone.make_aware(datetime(2021, 10, 1, 9))


@pytest.fixture
def q2(islington: Plan, admin_user) -> Return:
    return services.open_return(
        plan=islington,
        name="Q2 2021/22",
        as_at=date(2021, 9, 30),
        due_on=date(2021, 10, 15),
        by=admin_user,
        at=OPENED,
    )


def _close(of_return: Return, by) -> Return:
    return services.close_return(
        of_return=of_return, by=by, reason="Committee date", at=timezone.now()
    )


def test_a_plans_returns_latest_first(api_as, manager, islington: Plan, q2, admin_user) -> None:
    _close(q2, admin_user)
    q3 = services.open_return(
        plan=islington,
        name="Q3 2021/22",
        as_at=date(2021, 12, 31),
        due_on=date(2022, 1, 15),
        by=admin_user,
    )
    body = api_as(manager).get(f"/api/v1/plans/{islington.pk}/returns").json()
    assert [row["name"] for row in body["results"]] == ["Q3 2021/22", "Q2 2021/22"]
    assert [row["state"] for row in body["results"]] == ["open", "closed"]
    assert body["results"][0]["id"] == q3.pk and body["count"] == 2
    assert body["results"][1]["close_reason"] == "Committee date"
    missing = api_as(manager).get("/api/v1/plans/999999/returns")
    assert missing.status_code == 404


def test_an_open_return_gives_its_areas_stages_and_no_figures(
    api_as, manager, islington: Plan, q2: Return, officer, areas
) -> None:
    cwb = q2.areas.get(service_area=areas["community-wealth-building"])
    SendBackNote.objects.create(area_return=cwb, made_by=officer, comment="Internal to the cycle")
    body = api_as(manager).get(f"/api/v1/returns/{q2.pk}").json()
    assert body["state"] == "open" and body["figures"] is None
    assert [area["name"] for area in body["areas"]] == list(
        q2.areas.order_by("position", "area_name").values_list("area_name", flat=True)
    )
    row = next(area for area in body["areas"] if area["id"] == cwb.pk)
    live = Target.objects.filter(service_area=cwb.service_area, lifecycle="live").count()
    assert row["stage"] == "not_started" and row["items_updated"] == 0
    assert row["items_total"] == live + cwb.service_area.outcomes.count()
    assert "Internal to the cycle" not in str(body)


def test_a_closed_return_gives_its_frozen_figures(
    api_as, manager, islington: Plan, q2: Return, admin_user, officer, areas
) -> None:
    target = Target.objects.get(service_area__plan=islington, ref="CWB-T1")
    ProgressUpdateFactory(target=target, author=officer, status="off_track")
    _close(q2, admin_user)
    frozen = TargetSnapshot.objects.get(area_return__of_return=q2, target=target)
    ProgressUpdate.objects.create(
        target=target, author=officer, status="complete", commentary="Done since"
    )
    body = api_as(manager).get(f"/api/v1/returns/{q2.pk}").json()
    assert body["state"] == "closed"
    figures = body["figures"]
    rows = [row for area in figures["areas"] for row in area["targets"]]
    assert len(rows) == TargetSnapshot.objects.filter(area_return__of_return=q2).count()
    row = next(row for row in rows if row["target_id"] == target.pk)
    assert row["rag"] == frozen.rag and row["update_status"] == "off_track"
    assert sum(figures["counts"].values()) <= len(rows)
    assert figures["counts"].get(frozen.rag, 0) >= 1
    indicators = [
        i
        for area in figures["areas"]
        for outcome in area["outcomes"]
        for i in outcome["indicators"]
    ]
    assert indicators and all("figures" in i for i in indicators)


def test_a_closed_return_costs_the_same_queries_for_more_targets(
    api_as, manager, islington: Plan, admin_user, areas
) -> None:
    def closed(name: str, as_at: date) -> Return:
        opened = services.open_return(
            plan=islington, name=name, as_at=as_at, due_on=as_at, by=admin_user
        )
        return _close(opened, admin_user)

    client = api_as(manager)
    small = closed("Q1", date(2021, 6, 30))
    for n in range(12):
        target = TargetFactory(service_area=areas["housing"], ref=f"X-{n}")
        ProgressUpdateFactory(target=target, status="on_track")
    large = closed("Q2", date(2021, 9, 30))
    counts = []
    for of_return in (small, large):
        client.get(f"/api/v1/returns/{of_return.pk}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/returns/{of_return.pk}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_returns_are_read_only_and_refuse_no_role(api_as, no_role, manager, q2) -> None:
    assert api_as(no_role).get(f"/api/v1/returns/{q2.pk}").status_code == 403
    reader = api_as(manager)
    refused = reader.client.post(f"/api/v1/returns/{q2.pk}", {}, headers=reader.headers)
    assert refused.status_code == 405
    assert refused["Content-Type"] == "application/problem+json"
    assert refused["Allow"] == "GET"
    assert refused.json()["detail"] == "This address does not take POST: it takes GET."
    assert Return.objects.get(pk=q2.pk).state == "open"
    assert api_as(manager).get("/api/v1/returns/999999").status_code == 404
