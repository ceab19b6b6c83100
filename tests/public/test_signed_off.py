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

from outcomes.models import Measurement
from plans.models import Plan
from returns.models import Return, TargetSnapshot
from targets.models import ProgressUpdate, Target
from tests.public.conftest import at

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "public/open-data.schema.json").read_text()
)


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


def test_without_a_closed_return_nothing_is_published_but_the_plan(
    client: Client, published: Plan, today: dt.date
) -> None:
    published.publish_signed_off_only = True
    published.save()
    page = client.get(reverse("public:plan", args=["open-plan"]))
    assertContains(page, "no quarterly return has been signed off yet")
    assert client.get(reverse("public:targets_json", args=["open-plan"])).json()["targets"] == []
