"""A plan set to publish only signed-off figures: its public page and open data show the latest
closed quarterly return, say which, and never anything the return adds."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from pytest_django.asserts import assertContains

from outcomes.models import Measurement, OutcomeUpdate
from plans.models import Plan
from returns import services
from returns.models import Return, TargetSnapshot
from targets.models import ProgressUpdate, Target
from tests.factories import plan_admin, service_lead_of
from tests.public.conftest import PRIVATE, at
from tests.public.test_privacy import every_public_url

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "public/open-data.schema.json").read_text()
)


@pytest.fixture
def signed_off(published: Plan, today: dt.date) -> Return:
    """The published plan's Q2 return, worked through with private words at every step, closed."""
    area = published.service_areas.get()
    officer = area.members.get()
    lead = service_lead_of(area, first_name="PRIVATE-LEAD-name", last_name="PRIVATE-LEAD-surname")
    admin = plan_admin(first_name="PRIVATE-ADMIN-name")
    q2 = services.open_return(
        plan=published,
        name="Q2 2021/22",
        as_at=dt.date(2021, 9, 30),
        due_on=dt.date(2021, 10, 15),
        by=admin,
        at=at("2021-09-20"),
    )
    housing = q2.areas.get()

    def update_all(day: str) -> None:
        for target in area.targets.filter(lifecycle="live"):
            ProgressUpdate.objects.create(
                target=target,
                author=officer,
                status="on_track" if target.ref == "HSG-T1" else "at_risk",
                commentary="PRIVATE-RETURN-update",
                made_at=at(day),
            )
        for outcome in area.outcomes.all():
            OutcomeUpdate.objects.create(
                outcome=outcome,
                author=officer,
                rag="amber",
                commentary="PRIVATE-RETURN-judgement",
                made_at=at(day),
            )

    update_all("2021-09-21")
    services.submit_area(area_return=housing, by=officer, comment="PRIVATE-RETURN-comment")
    services.send_back(
        area_return=housing, by=lead, comment="PRIVATE-RETURN-note", at=at("2021-09-22")
    )
    services.propose_deadline(
        area_return=housing,
        target=Target.objects.get(ref="HSG-T2"),
        by=officer,
        proposed_date=dt.date(2022, 6, 30),
        reason="PRIVATE-RETURN-proposal",
        today=dt.date(2021, 9, 23),
    )
    update_all("2021-09-24")
    services.submit_area(area_return=housing, by=officer, comment="PRIVATE-RETURN-comment2")
    services.approve_area(area_return=housing, by=lead)
    services.close_return(of_return=q2, by=admin, at=at("2021-09-28"))
    published.publish_signed_off_only = True
    published.save()
    return q2


def test_the_public_page_says_which_return_and_as_at_when(
    client: Client, signed_off: Return
) -> None:
    page = client.get(reverse("public:plan", args=["open-plan"]))
    assertContains(page, "signed-off figures of the council's Q2 2021/22 quarterly return")
    assertContains(page, "as at 30 September 2021")


def test_later_updates_and_corrections_do_not_change_the_published_figures(
    client: Client, signed_off: Return, published: Plan
) -> None:
    files = ["targets_json", "indicators_json"]

    def published_now() -> list[dict]:
        return [client.get(reverse(f"public:{name}", args=["open-plan"])).json() for name in files]

    before = published_now()
    officer = published.service_areas.get().members.get()
    ProgressUpdate.objects.create(
        target=Target.objects.get(ref="HSG-T1"),
        author=officer,
        status="off_track",
        made_at=at("2021-09-29"),
    )
    original = Measurement.objects.filter(superseded_by__isnull=True).first()
    Measurement.objects.create(
        indicator=original.indicator,
        period_end=original.period_end,
        value=original.value + 1000,
        author=officer,
        supersedes=original,
    )
    assert published_now() == before
    targets = {row["target_ref"]: row for row in before[0]["targets"]}
    assert targets["HSG-T1"]["status"] == TargetSnapshot.objects.get(ref="HSG-T1").rag
    assert before[0]["as_at"] == "2021-09-30"
    (indicator,) = before[1]["indicators"]
    assert indicator["latest_value"] is not None and indicator["shares"]


def test_signed_off_open_data_keeps_to_the_schema(client: Client, signed_off: Return) -> None:
    validator = Draft202012Validator(SCHEMA, format_checker=FormatChecker())
    for name in ["targets_json", "indicators_json"]:
        validator.validate(client.get(reverse(f"public:{name}", args=["open-plan"])).json())


def test_nothing_a_return_adds_is_ever_public(
    client: Client, signed_off: Return, published: Plan
) -> None:
    for url in every_public_url(published):
        body = client.get(url).content.decode()
        assert PRIVATE.lower() not in body.lower(), (url, body[body.find(PRIVATE) :][:80])


def test_without_a_closed_return_nothing_is_published_but_the_plan(
    client: Client, published: Plan, today: dt.date
) -> None:
    published.publish_signed_off_only = True
    published.save()
    page = client.get(reverse("public:plan", args=["open-plan"]))
    assertContains(page, "no quarterly return has been signed off yet")
    assert client.get(reverse("public:targets_json", args=["open-plan"])).json()["targets"] == []
