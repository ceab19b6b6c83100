"""The Django admin: every model's pages answer for a plan admin and refuse everyone else."""

import pytest
from django.test import Client
from django.urls import reverse

from outcomes.models import Outcome
from plans.models import Action, EqualityGroup, Plan, ServiceArea
from targets.models import ProgressUpdate, Target
from tests.factories import ProgressUpdateFactory, officer_of, plan_admin, senior_manager

pytestmark = pytest.mark.django_db

MODELS = [EqualityGroup, Plan, ServiceArea, Action, Target, Outcome, ProgressUpdate]


def _admin_urls(obj) -> list[str]:
    opts = obj._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    urls = [reverse(f"{name}_changelist"), reverse(f"{name}_change", args=[obj.pk])]
    if hasattr(obj, "history"):
        urls.append(reverse(f"{name}_history", args=[obj.pk]))
    return urls


@pytest.fixture
def one_of_each(islington: Plan) -> list:
    update = ProgressUpdateFactory(target=Target.objects.get(ref="CWB-T1"))
    return [model.objects.first() for model in MODELS[:-1]] + [update]


def test_plan_admin_reaches_every_models_list_change_and_history_pages(
    client: Client, one_of_each: list
) -> None:
    client.force_login(plan_admin())
    for obj in one_of_each:
        for url in _admin_urls(obj):
            response = client.get(url)
            assert response.status_code == 200, url


@pytest.mark.parametrize("role", ["officer", "manager"])
def test_officers_and_managers_are_refused_the_admin(
    client: Client, one_of_each: list, role: str
) -> None:
    user = officer_of(ServiceArea.objects.first()) if role == "officer" else senior_manager()
    client.force_login(user)
    for obj in one_of_each:
        for url in _admin_urls(obj):
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_service_area_page_shows_its_actions_targets_and_outcomes_inline(
    client: Client, islington: Plan
) -> None:
    client.force_login(plan_admin())
    area = islington.service_areas.get(slug="housing")
    page = client.get(reverse("admin:plans_servicearea_change", args=[area.pk])).content.decode()
    assert "HSG-A1" in page and "HSG-T1" in page and "HSG-O1" in page


def test_admin_edit_is_recorded_in_history_with_who(client: Client, islington: Plan) -> None:
    admin_user = plan_admin()
    client.force_login(admin_user)
    outcome = Outcome.objects.get(ref="CWB-O2")
    url = reverse("admin:outcomes_outcome_change", args=[outcome.pk])
    response = client.post(
        url,
        {
            "service_area": outcome.service_area_id,
            "ref": outcome.ref,
            "text": "Edited outcome.",
            "position": outcome.position,
            "groups": list(outcome.groups.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302
    latest = outcome.history.latest()
    assert latest.text == "Edited outcome." and latest.history_user == admin_user


def test_progress_updates_cannot_be_changed_or_deleted_in_the_admin(
    client: Client, one_of_each: list
) -> None:
    client.force_login(plan_admin())
    update = one_of_each[-1]
    delete_url = reverse("admin:targets_progressupdate_delete", args=[update.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()
