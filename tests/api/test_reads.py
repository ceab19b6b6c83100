"""Reading the plan through the API: lists filter like the pages, page in a stable order, and
give each target's status as at any date."""

from datetime import datetime

import pytest
from django.utils import timezone

from plans.models import Plan
from targets.models import Target
from tests.factories import ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def test_plans_list_the_islington_plan(api_as, manager, islington: Plan) -> None:
    body = api_as(manager).get("/api/v1/plans").json()
    assert [plan["slug"] for plan in body["results"]] == [islington.slug]
    assert body["count"] == 1


def test_targets_of_a_service_area_as_at_a_date(api_as, manager, areas, target) -> None:
    made = timezone.make_aware(datetime(2021, 6, 1, 10))
    ProgressUpdateFactory(target=target, status="off_track", made_at=made, commentary="Late")
    housing = areas["community-wealth-building"]
    client = api_as(manager)
    before = client.get("/api/v1/targets", {"service_area": housing.pk, "as_at": "2021-05-31"})
    after = client.get("/api/v1/targets", {"service_area": housing.pk, "as_at": "2021-06-01"})
    assert before.status_code == after.status_code == 200
    rows = {row["ref"]: row for row in after.json()["results"]}
    assert after.json()["as_at"] == "2021-06-01"
    assert rows["CWB-T1"]["status"]["rag"] == "red"
    assert {row["ref"]: row for row in before.json()["results"]}["CWB-T1"]["status"]["rag"] != "red"
    assert after.json()["count"] == Target.objects.filter(service_area=housing).count()
