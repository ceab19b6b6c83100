"""Reminder choices in the admin; the record of what was sent, read-only."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from reminders.models import ReminderLog, ReminderPreference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "x-long-pass-1")


def test_an_admin_turns_someones_reminders_off(client: Client, superuser) -> None:
    officer = UserFactory()
    client.force_login(superuser)
    response = client.post(
        reverse("admin:reminders_reminderpreference_add"),
        {"user": officer.pk, "wants_reminders": ""},
    )
    assert response.status_code == 302
    assert ReminderPreference.objects.get(user=officer).wants_reminders is False


def test_the_record_of_sent_reminders_is_read_only_in_the_admin(client: Client, superuser) -> None:
    log = ReminderLog.objects.create(
        user=UserFactory(),
        kind="targets",
        sent_on=dt.date(2021, 9, 28),
        email="a@example.org",
        subject="Equality Tracker: 1 target needs an update",
        target_refs="CWB-T1",
    )
    client.force_login(superuser)
    assert client.get(reverse("admin:reminders_reminderlog_changelist")).status_code == 200
    assert client.get(reverse("admin:reminders_reminderlog_add")).status_code == 403
    change = reverse("admin:reminders_reminderlog_change", args=[log.pk])
    client.post(change, {"subject": "changed"})
    log.refresh_from_db()
    assert log.subject == "Equality Tracker: 1 target needs an update"
