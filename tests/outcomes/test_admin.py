"""The outcomes admin: indicators are edited with their dates resolved, dimensions and categories
are data, and measurements and narrative updates are shown but never changed there."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from outcomes.models import Indicator, Measurement
from tests.factories import OutcomeFactory, plan_admin
from tests.outcomes.factories import (
    OutcomeUpdateFactory,
    dimension,
    ethnicity_indicator,
    measure,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(plan_admin())
    return client


def _indicator_form(outcome: object, **changes: str) -> dict:
    return {
        "outcome": outcome.pk,
        "ref": "I9",
        "position": "0",
        "name": "Staff trained",
        "data_source": "",
        "unit": "percentage",
        "direction": "increase",
        "accumulation": "cumulative",
        "baseline_value": "",
        "baseline_date": "",
        "target_value": "100",
        "deadline_text": "by summer 2021",
        "breakdowns-TOTAL_FORMS": "0",
        "breakdowns-INITIAL_FORMS": "0",
        **changes,
    }


def test_adding_an_indicator_resolves_its_target_date(admin_client: Client) -> None:
    outcome = OutcomeFactory()
    response = admin_client.post(reverse("admin:outcomes_indicator_add"), _indicator_form(outcome))
    assert response.status_code == 302
    assert Indicator.objects.get().due_date == dt.date(2021, 8, 31)


def test_unreadable_target_date_is_refused_in_the_admin(admin_client: Client) -> None:
    outcome = OutcomeFactory()
    response = admin_client.post(
        reverse("admin:outcomes_indicator_add"),
        _indicator_form(outcome, deadline_text="by Smarch 2021"),
    )
    assert response.status_code == 200
    assert "no month called" in response.content.decode()
    assert not Indicator.objects.exists()


def test_outcome_admin_links_to_its_indicators(admin_client: Client) -> None:
    indicator = ethnicity_indicator()
    page = admin_client.get(
        reverse("admin:outcomes_outcome_change", args=[indicator.outcome.pk])
    ).content.decode()
    assert reverse("admin:outcomes_indicator_change", args=[indicator.pk]) in page
    assert "Add an indicator" in page


def test_dimension_admin_shows_its_categories(admin_client: Client) -> None:
    page = admin_client.get(
        reverse("admin:outcomes_dimension_change", args=[dimension("ethnicity").pk])
    ).content.decode()
    assert "Gypsy or Irish Traveller" in page and "Black, Asian and Minority Ethnic" in page


def test_measurements_are_shown_but_not_changed_or_deleted_in_the_admin(
    admin_client: Client,
) -> None:
    measurement = measure(ethnicity_indicator(), "2021-03-31", 100, african=30)
    change = reverse("admin:outcomes_measurement_change", args=[measurement.pk])
    assert admin_client.get(reverse("admin:outcomes_measurement_changelist")).status_code == 200
    assert admin_client.get(change).status_code == 200
    assert admin_client.post(change, {"value": "5"}).status_code == 403
    delete = reverse("admin:outcomes_measurement_delete", args=[measurement.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse("admin:outcomes_measurement_add")).status_code == 403
    assert Measurement.objects.get().value == 100


def test_narrative_updates_are_not_changed_in_the_admin(admin_client: Client) -> None:
    update = OutcomeUpdateFactory()
    change = reverse("admin:outcomes_outcomeupdate_change", args=[update.pk])
    assert admin_client.post(change, {"commentary": "Rewritten."}).status_code == 403
    update.refresh_from_db()
    assert update.commentary == "Good progress."
