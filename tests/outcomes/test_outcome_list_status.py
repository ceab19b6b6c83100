"""The outcomes list shows each outcome's status: its indicators', or the officer's latest
judgement as at the date shown, or "No update yet"."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from outcomes.models import Outcome, OutcomeUpdate
from outcomes.queries import with_latest_judgement
from tests.factories import OutcomeFactory, ServiceAreaFactory, senior_manager
from tests.outcomes.factories import IndicatorFactory, OutcomeUpdateFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_the_latest_judgement_as_at_a_date_counts_only_updates_made_by_then() -> None:
    outcome = OutcomeFactory()
    OutcomeUpdateFactory(
        outcome=outcome, rag="amber", made_at=dt.datetime(2021, 6, 1, tzinfo=LONDON)
    )
    OutcomeUpdateFactory(
        outcome=outcome, rag="green", made_at=dt.datetime(2021, 9, 1, tzinfo=LONDON)
    )
    outcomes = Outcome.objects.filter(pk=outcome.pk)
    assert with_latest_judgement(outcomes, as_at=dt.date(2021, 7, 1)).get().judgement == "amber"
    assert with_latest_judgement(outcomes, as_at=dt.date(2021, 9, 30)).get().judgement == "green"
    assert with_latest_judgement(outcomes, as_at=dt.date(2021, 5, 1)).get().judgement is None
    assert OutcomeUpdate.objects.filter(outcome=outcome).count() == 2


def test_every_outcome_on_the_list_has_a_status(client: Client) -> None:
    area = ServiceAreaFactory()
    judged = OutcomeFactory(service_area=area, ref="A-O1")
    OutcomeUpdateFactory(outcome=judged, rag="red", made_at=dt.datetime(2021, 6, 1, tzinfo=LONDON))
    IndicatorFactory(outcome=OutcomeFactory(service_area=area, ref="A-O2"))
    OutcomeFactory(service_area=area, ref="A-O3")
    client.force_login(senior_manager())
    html = client.get(reverse("outcomes:list"), {"as_at": "2021-09-30"}).content.decode()

    def entry(ref: str) -> str:
        start = html.index(f">{ref}</a>")
        return html[start : html.index("</li>", start)]

    assert "app-rag-tag--red" in entry("A-O1") and "the officer’s judgement" in entry("A-O1")
    assert "Status from its 1 indicator" in html[html.index(">A-O2</a>") :]
    assert "No update yet" in entry("A-O3")
