"""Adding progress updates through the API: the page's form and service, all or nothing."""

import json

import pytest

from targets.models import ProgressUpdate, Target
from targets.services import record_progress
from targets.status import ProgressStatus

pytestmark = pytest.mark.django_db

URL = "/api/v1/progress-updates"


def _update(target: Target, **fields: object) -> dict:
    latest = target.progress_updates.order_by("-made_at", "-id").first()
    return {
        "target": target.pk,
        "seen_latest_update_id": latest.pk if latest else None,
        "status": "on_track",
    } | fields


def test_officer_adds_an_update_marked_as_sent_by_token(api_as, officer, target) -> None:
    response = api_as(officer).post(
        URL, {"updates": [_update(target, percent_complete="40", value=24, commentary="Going")]}
    )
    assert response.status_code == 201
    stored = ProgressUpdate.objects.get(target=target)
    assert (stored.author, stored.status, stored.percent_complete) == (officer, "on_track", 40)
    assert stored.value == 24
    assert stored.recorded_via == "via API token “Test system”"
    assert response.json()["updates"][0]["id"] == stored.pk


def test_the_forms_messages_come_back_with_the_field(api_as, officer, target) -> None:
    response = api_as(officer).post(
        URL, {"updates": [_update(target, status="off_track", percent_complete=140)]}
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors == {
        "/updates/0/percent_complete": "Percent complete must be a whole number from 0 to 100",
        "/updates/0/commentary": "Explain why the target is off track",
    }
    assert not ProgressUpdate.objects.exists()


def test_a_batch_with_one_bad_update_stores_none(api_as, officer, areas) -> None:
    first, second = Target.objects.filter(service_area=areas["community-wealth-building"])[:2]
    response = api_as(officer).post(
        URL,
        {"updates": [_update(first), _update(second, evidence_url="javascript:alert(1)")]},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "/updates/1/evidence_url",
            "message": "Enter a web address starting with http:// or https://",
        }
    ]
    assert not ProgressUpdate.objects.exists()


def test_a_batch_with_a_stale_update_stores_none(api_as, officer, areas) -> None:
    first, second = Target.objects.filter(service_area=areas["community-wealth-building"])[:2]
    body = {"updates": [_update(first), _update(second)]}
    # Someone else updates the second target after the client read it.
    newer = record_progress(
        target=second,
        author=officer,
        seen_latest_update_id=None,
        status=ProgressStatus.AT_RISK,
        commentary="Slipping",
    )
    response = api_as(officer).post(URL, body)
    assert response.status_code == 409
    (error,) = response.json()["errors"]
    assert error["field"] == "/updates/1/seen_latest_update_id"
    assert f"id {newer.pk}" in error["message"]
    assert list(ProgressUpdate.objects.all()) == [newer]  # the first update was rolled back


def test_a_batch_naming_another_areas_target_is_refused_whole(
    api_as, officer, areas, target
) -> None:
    housing_target = Target.objects.filter(service_area=areas["housing"]).first()
    response = api_as(officer).post(URL, {"updates": [_update(target), _update(housing_target)]})
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] == "/updates/1/target"
    assert not ProgressUpdate.objects.exists()


def test_the_same_target_twice_in_a_batch_is_refused(api_as, officer, target) -> None:
    response = api_as(officer).post(URL, {"updates": [_update(target), _update(target)]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "/updates/1/target"
    assert not ProgressUpdate.objects.exists()


def test_a_closed_target_takes_no_update(api_as, admin_user, target) -> None:
    Target.objects.filter(pk=target.pk).update(lifecycle="cancelled", closure_reason="Dropped")
    response = api_as(admin_user).post(URL, {"updates": [_update(target)]})
    assert response.status_code == 403
    assert "closed" in response.json()["errors"][0]["message"]
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"updates": []}, 422, "/updates"),
        ({"updates": [{"target": 1}]}, 422, "/updates/0/status"),
        ({"updates": "all"}, 422, "/updates"),
        (
            {"updates": [{"target": "one", "status": "on_track", "seen_latest_update_id": None}]},
            422,
            "/updates/0/target",
        ),
        (
            {"updates": [{"target": 10**30, "status": "on_track", "seen_latest_update_id": None}]},
            422,
            "/updates/0/target",
        ),
        (
            {"updates": [{"target": 999999, "status": "on_track", "seen_latest_update_id": None}]},
            422,
            "/updates/0/target",
        ),
        ({"updates": [], "extra": 1}, 422, "/extra"),
        ([1, 2], 422, None),
        (None, 422, None),
    ],
)
def test_odd_bodies_are_refused_with_a_problem(api_as, officer, body, status, field) -> None:
    response = api_as(officer).post(URL, body)
    assert response.status_code == status
    problem = response.json()
    assert problem["status"] == status
    if field:
        assert field in [error["field"] for error in problem["errors"]]
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    "raw",
    ["{", "not json", '{"updates": [', "\ufeff{}", '{"updates": [{"target": 1e400}]}', "1" * 5000],
)
def test_bad_json_is_refused_not_a_500(api_as, officer, raw: str) -> None:
    response = api_as(officer).post(URL, None, raw=raw)
    assert response.status_code in {400, 422}
    assert response["Content-Type"] == "application/problem+json"
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"value": "1e20"}, "value"),
        ({"value": 10**40}, "value"),
        ({"value": "NaN"}, "value"),
        ({"value": float("inf")}, "value"),
        ({"percent_complete": 50.5}, "percent_complete"),
        ({"percent_complete": True}, None),
        ({"status": "done"}, "status"),
        ({"commentary": "x" * 6000}, "commentary"),
        ({"seen_latest_update_id": 12345}, "seen_latest_update_id"),
    ],
)
def test_odd_values_are_refused_by_the_form(api_as, officer, target, fields, field) -> None:
    body = {"updates": [_update(target) | fields]}
    response = api_as(officer).post(URL, None, raw=json.dumps(body, allow_nan=True))
    if field is None:  # read as 1 by the schema: stored, or refused with a problem
        assert response.status_code in {201, 422}
        assert ProgressUpdate.objects.exists() == (response.status_code == 201)
        return
    assert response.status_code == 422, response.content
    assert f"/updates/0/{field}" in [e["field"] for e in response.json()["errors"]]
    assert not ProgressUpdate.objects.exists()
