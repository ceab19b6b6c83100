"""Publishing a plan: a plan admin ticks "Published" in the admin; the day is recorded and shown."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from plans.models import Plan
from tests.factories import PlanFactory, plan_admin

pytestmark = pytest.mark.django_db

DAY = dt.date(2021, 10, 4)


@pytest.fixture
def on_day(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr("plans.models.timezone.localdate", lambda *args: DAY)
    return DAY


def test_a_new_plan_is_not_published() -> None:
    plan = PlanFactory()
    plan.refresh_from_db()
    assert not plan.is_public and plan.published_on is None


def test_publishing_a_plan_records_the_day(on_day) -> None:
    plan = PlanFactory()
    plan.is_public = True
    plan.save()
    plan.refresh_from_db()
    assert plan.published_on == DAY


def test_saving_a_published_plan_again_keeps_the_day_it_was_published(on_day, monkeypatch) -> None:
    plan = PlanFactory(is_public=True)
    monkeypatch.setattr("plans.models.timezone.localdate", lambda *args: dt.date(2022, 1, 5))
    plan.title = "Renamed"
    plan.save()
    plan.refresh_from_db()
    assert plan.published_on == DAY and plan.title == "Renamed"


def test_unpublishing_clears_the_day_and_republishing_records_a_new_one(
    on_day, monkeypatch
) -> None:
    plan = PlanFactory(is_public=True)
    plan.is_public = False
    plan.save()
    plan.refresh_from_db()
    assert plan.published_on is None
    monkeypatch.setattr("plans.models.timezone.localdate", lambda *args: dt.date(2022, 1, 5))
    plan.is_public = True
    plan.save()
    plan.refresh_from_db()
    assert plan.published_on == dt.date(2022, 1, 5)


def test_the_database_refuses_a_publication_day_on_an_unpublished_plan() -> None:
    plan = PlanFactory()
    with pytest.raises(IntegrityError):
        Plan.objects.filter(pk=plan.pk).update(published_on=DAY)


def _change_form(plan: Plan, **changes: str) -> dict[str, str]:
    """The plan's admin form as a browser would post it (no service areas inline)."""
    data = {
        "slug": plan.slug,
        "title": plan.title,
        "council": plan.council,
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "introduction": plan.introduction,
        "service_areas-TOTAL_FORMS": "0",
        "service_areas-INITIAL_FORMS": "0",
        "service_areas-MIN_NUM_FORMS": "0",
        "service_areas-MAX_NUM_FORMS": "1000",
    }
    return data | changes


def test_plan_admin_publishes_a_plan_by_ticking_published(client: Client, on_day) -> None:
    plan = PlanFactory(slug="fair-futures", title="Fair futures")
    client.force_login(plan_admin())
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    form = client.get(url).content.decode()
    assert 'name="is_public"' in form and "Published" in form

    response = client.post(url, _change_form(plan, is_public="on"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_public and plan.published_on == DAY

    page = client.get(url).content.decode()
    assert "4 Oct 2021" in page  # the en-GB date format
    assert f'href="{reverse("public:plan", args=["fair-futures"])}"' in page
    client.logout()
    assert client.get(reverse("public:plan", args=["fair-futures"])).status_code == 200


def test_plan_admin_unpublishes_a_plan_by_unticking_published(client: Client, on_day) -> None:
    plan = PlanFactory(is_public=True)
    client.force_login(plan_admin())
    response = client.post(reverse("admin:plans_plan_change", args=[plan.pk]), _change_form(plan))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert not plan.is_public and plan.published_on is None
    client.logout()
    assert client.get(reverse("public:plan", args=[plan.slug])).status_code == 404


def test_admin_plan_list_shows_and_filters_by_published(client: Client, on_day) -> None:
    PlanFactory(title="Public one", is_public=True)
    PlanFactory(title="Draft one")
    client.force_login(plan_admin())
    url = reverse("admin:plans_plan_changelist")
    assert "Published" in client.get(url).content.decode()
    published_only = client.get(url, {"is_public__exact": "1"}).content.decode()
    assert "Public one" in published_only and "Draft one" not in published_only
    assert Plan.objects.filter(is_public=True).count() == 1
