"""The sign-in page and the admin's sign-in with local passwords on and off, and the group
mapping's admin form."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from accounts.admin import GroupMappingForm
from plans.roles import OFFICERS, SENIOR_MANAGERS
from tests.factories import PASSWORD, ServiceAreaFactory, UserFactory, senior_manager
from tests.sso.conftest import configure_sso

pytestmark = pytest.mark.django_db


@pytest.fixture
def sso_only(settings: Settings) -> None:
    configure_sso(settings, "https://login.example.org/tenant/v2.0")
    settings.LOCAL_PASSWORDS = False


def test_sign_in_page_offers_the_council_account_and_passwords(
    client: Client, settings: Settings
) -> None:
    configure_sso(settings, "https://login.example.org/tenant/v2.0")
    content = client.get(reverse("login")).content.decode()
    assert "Sign in with your council account" in content
    assert 'name="password"' in content


def test_without_local_passwords_the_sign_in_page_offers_only_the_council_account(
    client: Client, sso_only: None
) -> None:
    content = client.get(reverse("login")).content.decode()
    assert "Sign in with your council account" in content
    assert 'name="password"' not in content


def test_without_local_passwords_a_password_does_not_sign_in(
    client: Client, sso_only: None
) -> None:
    user = senior_manager(username="ada")

    response = client.post(reverse("login"), {"username": "ada", "password": PASSWORD})

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    User.objects.get(pk=user.pk)  # untouched


def test_without_local_passwords_the_admin_signs_in_through_the_service(
    client: Client, sso_only: None
) -> None:
    response = client.get(reverse("admin:login"), {"next": "/admin/plans/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fplans%2F"
    assert client.get(reverse("admin:index"))["Location"].startswith("/admin/login/")


def test_with_local_passwords_the_admin_has_its_own_sign_in_form(client: Client) -> None:
    UserFactory(username="root", is_staff=True, is_superuser=True)

    response = client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_only_officers_and_service_leads_are_given_service_areas_by_a_mapping() -> None:
    area = ServiceAreaFactory()
    data = {"provider_group": "g1", "role": SENIOR_MANAGERS, "service_areas": [area.pk]}
    form = GroupMappingForm(data)
    assert not form.is_valid()
    assert "service_areas" in form.errors
    assert GroupMappingForm(data | {"role": OFFICERS}).is_valid()


def test_admin_shows_group_mappings_and_not_allauths_tables(client: Client) -> None:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    content = client.get(reverse("admin:index")).content.decode()
    assert "Group mappings" in content
    assert "Council identities" in content
    assert "Social applications" not in content
