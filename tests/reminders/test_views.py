"""The signed-in person's own choice about reminder emails: a GOV.UK form, POST with CSRF."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from reminders.models import ReminderPreference
from tests.factories import ServiceAreaFactory, UserFactory, officer_of, senior_manager

pytestmark = pytest.mark.django_db

URL = reverse("reminders:preferences")


def test_reminders_are_on_until_turned_off(client: Client) -> None:
    user = officer_of(ServiceAreaFactory())
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert '<h1 class="govuk-heading-l">Email reminders</h1>' in page
    assert re.search(r'value="yes"[^>]*checked', page)
    assert not re.search(r'value="no"[^>]*checked', page)
    assert f"<strong>{user.email}</strong>" in page
    assert not ReminderPreference.objects.exists()


def test_turning_reminders_off_is_stored_and_confirmed(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    response = client.post(URL, {"wants_reminders": "no"}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "You will not get reminder emails" in response.content.decode()
    assert ReminderPreference.objects.get(user=user).wants_reminders is False


def test_turning_reminders_back_on_changes_the_one_stored_choice(client: Client) -> None:
    user = UserFactory()
    ReminderPreference.objects.create(user=user, wants_reminders=False)
    client.force_login(user)
    client.post(URL, {"wants_reminders": "yes"})
    assert ReminderPreference.objects.get(user=user).wants_reminders is True
    assert ReminderPreference.objects.count() == 1


def test_no_choice_is_refused_with_a_clear_message_and_nothing_is_stored(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.post(URL, {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Select whether you want reminder emails" in page
    assert "<title>Error: Email reminders" in page
    assert not ReminderPreference.objects.exists()


def test_a_made_up_choice_is_refused_and_nothing_is_stored(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.post(URL, {"wants_reminders": "sometimes"})
    assert "Select whether you want reminder emails" in response.content.decode()
    assert not ReminderPreference.objects.exists()


def test_a_person_changes_only_their_own_choice(client: Client) -> None:
    me, colleague = UserFactory(), UserFactory()
    client.force_login(me)
    client.post(URL, {"wants_reminders": "no", "user": colleague.pk, "user_id": colleague.pk})
    assert ReminderPreference.objects.get().user == me
    assert not ReminderPreference.objects.filter(user=colleague).exists()


def test_a_post_without_the_csrf_token_is_refused_and_nothing_is_stored() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(URL, {"wants_reminders": "no"})
    assert response.status_code == 403
    assert not ReminderPreference.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.post(URL, {"wants_reminders": "no"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not ReminderPreference.objects.exists()


def test_a_person_without_an_email_address_is_told_so(client: Client) -> None:
    client.force_login(UserFactory(email=""))
    page = client.get(URL).content.decode()
    assert "We have no email address for you" in page
    assert not ReminderPreference.objects.exists()


def test_senior_managers_are_told_about_the_weekly_summary(client: Client) -> None:
    client.force_login(senior_manager())
    page = client.get(URL).content.decode()
    assert "a summary on Mondays of the targets that turned red" in page
    assert not ReminderPreference.objects.exists()


def test_every_signed_in_page_links_to_the_reminder_settings(client: Client) -> None:
    client.force_login(senior_manager())
    page = client.get(reverse("home")).content.decode()
    assert f'href="{URL}">Email reminders</a>' in page
    assert not ReminderPreference.objects.exists()
