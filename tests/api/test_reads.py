"""Reading the plan through the API: lists filter like the pages, page in a stable order, and
give each target's status as at any date."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from plans.models import Plan
from plans.rag import RAG
from targets.models import Target
from targets.queries import judge_targets
from targets.tables import URGENCY
from tests.factories import ProgressUpdateFactory
from tests.outcomes.factories import measure

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


def test_filters_are_the_target_list_pages(api_as, manager, islington: Plan) -> None:
    client = api_as(manager)
    everything = client.get("/api/v1/targets", {"page_size": 200}).json()
    assert everything["count"] == Target.objects.count()
    by_group = client.get("/api/v1/targets", {"group": "race", "page_size": 200}).json()
    tagged = Target.objects.filter(
        groups__slug__in=[
            "race",
            "bame",
            "black-caribbean",
            "black-african",
            "mixed-parentage",
            "somali",
        ]
    ).distinct()
    assert {row["ref"] for row in by_group["results"]} == set(tagged.values_list("ref", flat=True))
    red = client.get("/api/v1/targets", {"status": "red", "as_at": "2021-12-31", "page_size": 200})
    assert red.json()["results"] and {r["status"]["rag"] for r in red.json()["results"]} == {"red"}
    overdue = client.get(
        "/api/v1/targets", {"due": "overdue", "as_at": "2021-12-31", "page_size": 200}
    )
    assert all(r["status"]["days_late"] for r in overdue.json()["results"])


def test_status_and_due_filters_choose_what_the_status_rules_judge(api_as, manager) -> None:
    client = api_as(manager)
    as_at = date(2021, 12, 31)
    judged = judge_targets(Target.objects.all(), as_at=as_at, with_updates=False)
    for rag in ("red", "not_yet_due", "complete"):
        body = client.get(
            "/api/v1/targets", {"status": rag, "as_at": as_at.isoformat(), "page_size": 200}
        ).json()
        expected = {row.target.ref for row in judged if row.status.rag == rag}
        assert {row["ref"] for row in body["results"]} == expected
        assert body["count"] == len(expected)
    overdue = client.get(
        "/api/v1/targets", {"due": "overdue", "as_at": as_at.isoformat(), "page_size": 200}
    ).json()
    expected = {
        row.target.ref
        for row in judged
        if row.status.rag in RAG.OUTSTANDING and row.status.due_date and row.status.due_date < as_at
    }
    assert expected and {row["ref"] for row in overdue["results"]} == expected


def test_the_list_sorts_as_the_page_does(api_as, manager) -> None:
    client = api_as(manager)
    query = {"as_at": "2021-12-31", "page_size": 200}
    by_status = client.get("/api/v1/targets", query | {"sort": "status"}).json()["results"]
    urgency = [rag.value for rag in URGENCY]
    ranks = [urgency.index(row["status"]["rag"]) for row in by_status]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1
    by_due = client.get("/api/v1/targets", query | {"sort": "-due_date"}).json()["results"]
    dates = [row["status"]["due_date"] for row in by_due if row["status"]["due_date"]]
    assert dates == sorted(dates, reverse=True)
    assert all(row["status"]["due_date"] is None for row in by_due[len(dates) :])
    refused = client.get("/api/v1/targets", {"sort": "colour,-owner"})
    assert refused.status_code == 400
    assert [error["field"] for error in refused.json()["errors"]] == ["sort"]
    assert "colour" in refused.json()["errors"][0]["message"]


def test_an_officer_may_ask_for_their_own_areas(api_as, officer, areas) -> None:
    client = api_as(officer)
    mine = client.get("/api/v1/targets", {"scope": "mine", "page_size": 200}).json()
    own = Target.objects.filter(service_area=areas["community-wealth-building"])
    assert {row["id"] for row in mine["results"]} == set(own.values_list("pk", flat=True))
    assert client.get("/api/v1/targets").json()["count"] == Target.objects.count()
    refused = client.get("/api/v1/targets", {"scope": "everyone"})
    assert refused.json()["errors"] == [
        {"field": "scope", "message": "Choose whose targets to show"}
    ]


def test_pages_are_stable_and_complete(api_as, manager) -> None:
    client = api_as(manager)
    seen, url = [], "/api/v1/targets?page_size=7"
    while url:
        body = client.get(url.removeprefix("http://testserver")).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == Target.objects.count()
    assert body["pages"] == -(-Target.objects.count() // 7)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"as_at": "31/13/2021"}, "as_at"),
        ({"as_at": "9999-12-31"}, "as_at"),
        ({"status": "purple"}, "status"),
        ({"due": "someday"}, "due"),
        ({"group": "martians"}, "group"),
        ({"service_area": "abc"}, "service_area"),
        ({"service_area": str(10**30)}, "service_area"),
        ({"plan": "999999"}, "plan"),
        ({"page": "0"}, "page"),
        ({"page_size": "100000"}, "page_size"),
        ({"page": "abc"}, "page"),
        ({"page": str(10**30)}, "page"),
    ],
)
def test_bad_filters_are_refused_with_the_pages_messages(api_as, manager, query, field) -> None:
    response = api_as(manager).get("/api/v1/targets", query)
    assert response.status_code in {400, 404, 422}
    assert field in [error["field"] for error in response.json()["errors"]]


def test_a_bad_as_at_says_what_the_page_says(api_as, manager) -> None:
    response = api_as(manager).get("/api/v1/targets", {"as_at": "yesterday"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "as_at",
            "message": "“yesterday” is not a date. Enter the as at date as day, month and year. "
            "For example, 30 9 2021.",
        }
    ]


def test_a_page_past_the_end_is_not_found(api_as, manager) -> None:
    response = api_as(manager).get("/api/v1/plans", {"page": 2})
    assert response.status_code == 404
    assert response.json()["errors"] == [{"field": "page", "message": "The last page is 1."}]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/plans/999999",
        "/api/v1/targets/999999",
        "/api/v1/targets/999999/progress-updates",
        "/api/v1/indicators/999999",
        "/api/v1/indicators/999999/measurements",
    ],
)
def test_unknown_ids_are_not_found(api_as, manager, path: str) -> None:
    response = api_as(manager).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "path", ["/api/v1/plans/abc", f"/api/v1/targets/{10**30}", "/api/v1/indicators/-1"]
)
def test_ids_that_cannot_be_ids_are_refused(api_as, manager, path: str) -> None:
    response = api_as(manager).get(path)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_a_target_and_its_updates(api_as, manager, target) -> None:
    update = ProgressUpdateFactory(target=target, status="at_risk", commentary="Slow")
    client = api_as(manager)
    read = client.get(f"/api/v1/targets/{target.pk}", {"as_at": "2099-01-01"}).json()
    assert read["latest_update_id"] == update.pk
    assert read["status"]["rag"] == "red"  # long past due by then
    updates = client.get(f"/api/v1/targets/{target.pk}/progress-updates").json()
    assert [row["id"] for row in updates["results"]] == [update.pk]
    assert updates["results"][0]["commentary"] == "Slow"


def test_indicators_with_values_gaps_and_benchmarks_as_at_a_date(
    api_as, manager, indicator
) -> None:
    measure(indicator, "2021-03-31", 100, bangladeshi=20, african=20)
    measure(indicator, "2021-06-30", 100, irish=10)
    client = api_as(manager)
    march = client.get(f"/api/v1/indicators/{indicator.pk}", {"as_at": "2021-04-01"}).json()
    assert (march["value"], march["through"]) == ("100.00", "2021-03-31")
    (gap,) = march["gaps"]
    assert (gap["category"], gap["kind"], gap["share"]) == ("bame", "target", "50.00")
    assert gap["achieved"] is not None and gap["gap"] is not None
    july = client.get(f"/api/v1/indicators/{indicator.pk}", {"as_at": "2021-07-01"}).json()
    assert july["value"] == "200.00"  # per period: the running total
    listed = client.get("/api/v1/indicators", {"as_at": "2021-07-01"}).json()
    assert {row["id"]: row["value"] for row in listed["results"]}[indicator.pk] == "200.00"
    detail = client.get(f"/api/v1/indicators/{indicator.pk}/measurements").json()
    assert [m["running"] for m in detail["measurements"]] == ["100.00", "200.00"]
    (ethnicity,) = detail["dimensions"]
    assert ethnicity["dimension"] == "ethnicity" and ethnicity["shares"]


def test_outcomes_service_areas_and_actions(api_as, manager, islington: Plan, areas) -> None:
    client = api_as(manager)
    outcomes = client.get("/api/v1/outcomes", {"group": "bame", "page_size": 200}).json()
    assert "CWB-O3" in {row["ref"] for row in outcomes["results"]}
    area_list = client.get("/api/v1/service-areas", {"plan": islington.pk}).json()
    assert next(row["slug"] for row in area_list["results"]) == "community-wealth-building"
    actions = client.get("/api/v1/actions", {"service_area": areas["housing"].pk}).json()
    assert actions["count"] == areas["housing"].actions.count()
    bad = client.get("/api/v1/outcomes", {"group": "nobody"})
    assert bad.status_code == 400
