"""manage.py send_reminders, run as at fixed days with Django's in-memory email backend."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command

from reminders.models import ReminderLog, ReminderPreference
from targets.models import Target
from tests.reminders.conftest import MONDAY, TUESDAY, People

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def sent_to(email_address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [email_address]]


def html_of(message: mail.EmailMultiAlternatives) -> str:
    ((content, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return content


def test_each_owner_gets_one_email_listing_all_their_targets_due_soon_or_overdue(
    people: People, settings
) -> None:
    settings.SITE_URL = "https://equality.islington.gov.uk"
    run("--date", TUESDAY.isoformat())
    assert sorted(m.to[0] for m in mail.outbox) == ["bea@example.org", "olu@example.org"]

    (olu,) = sent_to("olu@example.org")
    assert olu.subject == "Equality Tracker: 2 targets need an update"
    for ref in ["OLU-T1", "OLU-T2"]:
        link = f"https://equality.islington.gov.uk/targets/{Target.objects.get(ref=ref).pk}/"
        assert ref in olu.body and link in olu.body
        assert ref in html_of(olu) and f'href="{link}"' in html_of(olu)
    for ref in ["OLU-T3", "OLU-T4", "OLU-T5"]:  # updated lately, not due yet, complete
        assert ref not in olu.body and ref not in html_of(olu)
    assert "Due 31 August 2021: 4 weeks late" in olu.body
    assert "Due 5 October 2021 (in 7 days)" in olu.body
    assert "https://equality.islington.gov.uk/reminders/" in olu.body

    (bea,) = sent_to("bea@example.org")
    assert "BEA-T1" in bea.body and "BEA-T2" in bea.body and "BEA-T3" not in bea.body

    logs = ReminderLog.objects.order_by("user__username")
    assert [(log.user.username, log.kind, log.sent_on) for log in logs] == [
        ("bea", "targets", TUESDAY),
        ("olu", "targets", TUESDAY),
    ]
    assert logs[1].target_refs == "OLU-T2, OLU-T1" and logs[1].email == "olu@example.org"


def test_running_again_the_same_day_sends_nothing_more(people: People) -> None:
    run("--date", TUESDAY.isoformat())
    output = run("--date", TUESDAY.isoformat())
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.count() == 2
    assert output.count("Already sent today") == 2 and "0 sent, 0 failed." in output


def test_the_next_day_reminds_again(people: People) -> None:
    run("--date", TUESDAY.isoformat())
    run("--date", (TUESDAY + dt.timedelta(days=1)).isoformat())
    assert len(sent_to("olu@example.org")) == 2
    assert ReminderLog.objects.filter(user=people.olu).count() == 2


def test_an_owner_who_turned_reminders_off_gets_nothing_and_is_reported(people: People) -> None:
    output = run("--date", TUESDAY.isoformat())
    assert not sent_to("eve@example.org")
    assert "Not reminding Eve Tester (EVE-T1): has turned reminders off" in output
    assert not ReminderLog.objects.filter(user=people.eve).exists()


def test_inactive_owners_and_owners_without_an_email_address_get_nothing_and_are_reported(
    people: People,
) -> None:
    output = run("--date", TUESDAY.isoformat())
    assert not sent_to("carl@example.org")
    assert all(message.to != [""] for message in mail.outbox)
    assert "Not reminding Carl Tester (CARL-T1): inactive" in output
    assert "Not reminding Dee Tester (DEE-T1): no email address" in output
    assert not ReminderLog.objects.filter(user__in=[people.carl, people.dee]).exists()


def test_targets_needing_a_reminder_but_without_an_owner_are_reported(people: People) -> None:
    output = run("--date", TUESDAY.isoformat())
    assert "No owner to remind about: NOBODY-T1" in output
    assert ReminderLog.objects.count() == len(mail.outbox) == 2


def test_dry_run_prints_what_would_be_sent_and_sends_and_records_nothing(people: People) -> None:
    output = run("--date", TUESDAY.isoformat(), "--dry-run")
    assert "dry run: nothing sent" in output
    assert "Would send: Olu Tester <olu@example.org>: Equality Tracker: 2 targets" in output
    assert "Would send: Bea Tester <bea@example.org>" in output
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


@pytest.mark.parametrize("bad", ["2021-02-30", "30/09/2021", "tomorrow"])
def test_a_bad_date_is_refused_with_a_clear_message_and_nothing_is_sent(
    people: People, bad: str
) -> None:
    with pytest.raises(CommandError, match=f'--date "{bad}" is not a date: write it as YYYY-MM-DD'):
        run("--date", bad)
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_senior_managers_get_the_weekly_summary_on_mondays(people: People) -> None:
    output = run("--date", MONDAY.isoformat())
    (summary,) = sent_to("maria@example.org")
    assert summary.subject == (
        "Equality Tracker: 2 targets turned red in the week to 27 September 2021"
    )
    assert ReminderLog.objects.get(user=people.maria).kind == "weekly_summary"
    assert "Not sending the weekly summary to Fred Former: inactive" in output
    assert not ReminderLog.objects.filter(user=people.former).exists()


def test_no_weekly_summary_on_other_days(people: People) -> None:
    output = run("--date", TUESDAY.isoformat())
    assert not sent_to("maria@example.org")
    assert "Weekly summary: not today (it is sent on Mondays)." in output
    assert not ReminderLog.objects.filter(kind="weekly_summary").exists()


def test_the_summary_day_is_a_setting(people: People, settings) -> None:
    settings.WEEKLY_SUMMARY_WEEKDAY = 1  # Tuesday
    run("--date", TUESDAY.isoformat())
    assert len(sent_to("maria@example.org")) == 1
    assert ReminderLog.objects.filter(kind="weekly_summary", sent_on=TUESDAY).count() == 1


def test_weekly_summary_lists_the_targets_that_turned_red_this_week_and_no_others(
    people: People,
) -> None:
    run("--date", MONDAY.isoformat())
    (summary,) = sent_to("maria@example.org")
    # BEA-T2 fell due on 24 September; BEA-T3 was reported off track on 22 September.
    assert "BEA-T2" in summary.body and "BEA-T3" in summary.body
    assert "BEA-T2" in html_of(summary) and "BEA-T3" in html_of(summary)
    assert "Owner: Bea Tester" in summary.body
    # OLU-T2 was red already a week before: not news.
    assert "OLU-T2" not in summary.body and "OLU-T2" not in html_of(summary)
    assert "3 targets are red in all." in summary.body
    assert ReminderLog.objects.get(user=people.maria).target_refs == "BEA-T2, BEA-T3"


def test_the_weekly_summary_is_sent_once_a_day_too(people: People) -> None:
    run("--date", MONDAY.isoformat())
    run("--date", MONDAY.isoformat())
    assert len(sent_to("maria@example.org")) == 1
    assert ReminderLog.objects.filter(user=people.maria).count() == 1


def test_a_manager_who_turned_reminders_off_gets_no_summary(people: People) -> None:
    ReminderPreference.objects.create(user=people.maria, wants_reminders=False)
    output = run("--date", MONDAY.isoformat())
    assert not sent_to("maria@example.org")
    assert "Not sending the weekly summary to Maria Manager: has turned reminders off" in output
    assert not ReminderLog.objects.filter(user=people.maria).exists()


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, messages: list) -> int:
        raise ConnectionRefusedError("Connection refused")


def test_an_email_that_could_not_be_sent_is_not_recorded_and_the_next_run_sends_it(
    people: People, settings
) -> None:
    backend = settings.MAILERS["default"]["BACKEND"]
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    with pytest.raises(CommandError, match="2 email\\(s\\) could not be sent"):
        run("--date", TUESDAY.isoformat())
    assert not ReminderLog.objects.exists()

    settings.MAILERS = {"default": {"BACKEND": backend}}
    run("--date", TUESDAY.isoformat())
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.count() == 2
