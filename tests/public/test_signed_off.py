"""A plan set to publish only signed-off figures: its public page and open data show the latest
closed quarterly return, say which, and never anything the return adds."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from pytest_django.asserts import assertContains

from outcomes.models import Breakdown, Indicator, Measurement
from plans.models import Plan
from returns import services
from returns.models import IndicatorSnapshot, Return, TargetSnapshot
from targets.models import ProgressUpdate, Target
from tests.factories import plan_admin
from tests.outcomes.factories import BreakdownTargetFactory, category, measure
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


def _small_group_closed(published: Plan, today: dt.date) -> Return:
    """HSG-I1 with target shares for Pakistani (3 people: small) and Indian people, measured at
    the end of June, and a Q1 return closed over it."""
    indicator = Indicator.objects.get(ref="HSG-I1")
    breakdown = Breakdown.objects.get(indicator=indicator)
    for slug in ["pakistani", "indian"]:
        BreakdownTargetFactory(breakdown=breakdown, category=category("ethnicity", slug), share=10)
    officer = published.service_areas.get().members.get()
    measure(indicator, "2021-06-30", 60, author=officer, african=40, indian=10, pakistani=3)
    admin = plan_admin()
    q1 = services.open_return(
        plan=published,
        name="Q1 2021/22",
        as_at=dt.date(2021, 6, 30),
        due_on=dt.date(2021, 7, 15),
        by=admin,
        at=at("2021-06-20"),
    )
    services.close_return(of_return=q1, by=admin, reason="Test: close it.", at=at("2021-07-01"))
    return q1


def _shares(client: Client) -> dict[str, dict]:
    document = client.get(reverse("public:indicators_json", args=["open-plan"])).json()
    (indicator,) = [i for i in document["indicators"] if i["indicator_ref"] == "HSG-I1"]
    return {share["category"]: share for share in indicator["shares"]}


def test_a_closed_returns_small_group_is_never_published_nor_recoverable(
    client: Client, published: Plan, today: dt.date
) -> None:
    q1 = _small_group_closed(published, today)
    stored = IndicatorSnapshot.objects.get(outcome_row__area_return__of_return=q1, ref="HSG-I1")
    assert "Pakistani" in next(iter(stored.figures["suppressed"].values()))

    # The live public files as at the return's date hide what the signed-off ones hide.
    live = _shares(client)
    published.publish_signed_off_only = True
    published.save()
    signed = _shares(client)
    assert {c: s["part"] for c, s in signed.items()} == {c: s["part"] for c, s in live.items()}
    pakistani = signed["Pakistani"]
    assert pakistani["part"] is None and pakistani["achieved_share"] is None
    # Recovery from the totals fails: the Asian people counted (Indian + Pakistani = 13) are not
    # both published, so the total less everything published leaves more than one hidden group.
    assert signed["Indian"]["part"] is None
    shown = [s["part"] for s in signed.values() if s["part"] is not None]
    assert all(part >= 5 for part in shown)
    csv_text = client.get(reverse("public:shares_csv", args=["open-plan"])).content.decode()
    row = next(r for r in csv.DictReader(io.StringIO(csv_text)) if r["category"] == "Pakistani")
    assert row["part"] == row["achieved_share"] == ""
    page = client.get(reverse("public:plan", args=["open-plan"])).content.decode()
    assert "Suppressed" in page


def test_a_snapshot_taken_before_suppression_was_stored_withholds_every_share(
    client: Client, published: Plan, today: dt.date
) -> None:
    q1 = _small_group_closed(published, today)
    row = IndicatorSnapshot.objects.get(outcome_row__area_return__of_return=q1, ref="HSG-I1")
    del row.figures["suppressed"]
    row.save()
    published.publish_signed_off_only = True
    published.save()
    assert all(s["part"] is None for s in _shares(client).values())
