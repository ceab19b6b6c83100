"""Sending the reminders (owners' daily, managers' weekly) and recording each person's choice.

Each email is recorded (ReminderLog) in the same transaction that sends it: if sending fails, no
record is kept and the next run tries again; once sent, a second run the same day sends nothing.
(A crash after the mail server took the email but before the record was committed would send it
again on a re-run: better twice than never.)
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import ngettext

from plans.deadlines import uk_date
from plans.rag import RAG
from plans.wording import counted
from reminders import queries
from reminders.models import ReminderLog, ReminderPreference
from reminders.rules import WEEK, Reason, is_summary_day, reminder_reason, turned_red, why_not_sent
from targets.queries import JudgedTarget

WEEKDAY_NAMES = [
    "Mondays",
    "Tuesdays",
    "Wednesdays",
    "Thursdays",
    "Fridays",
    "Saturdays",
    "Sundays",
]


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


@dataclass(frozen=True)
class Listed:
    """A target as an email lists it, with a link to its page."""

    judged: JudgedTarget
    url: str

    @classmethod
    def of(cls, judged: JudgedTarget) -> "Listed":
        return cls(judged, absolute_url(reverse("targets:detail", args=[judged.target.pk])))


@dataclass(frozen=True)
class Email:
    user: AbstractBaseUser
    kind: ReminderLog.Kind
    subject: str
    text: str
    html: str
    listed: list[Listed]

    @property
    def refs(self) -> str:
        return ", ".join(item.judged.target.ref for item in self.listed)

    def describe(self) -> str:
        targets = counted(len(self.listed), "target", "targets")
        return f"{_name(self.user)} <{self.user.email}>: {self.subject} ({targets})"


@dataclass
class RunReport:
    """What a run did, a line each, for the command to print."""

    as_at: date
    dry_run: bool
    lines: list[str] = field(default_factory=list)
    sent: int = 0
    failed: int = 0

    def note(self, line: str) -> None:
        self.lines.append(line)


def _name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


def _render(template: str, context: dict[str, object]) -> tuple[str, str]:
    base = {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "preferences_url": absolute_url(reverse("reminders:preferences")),
        "site_url": settings.SITE_URL,
    }
    return (
        render_to_string(f"reminders/email/{template}.txt", base | context),
        render_to_string(f"reminders/email/{template}.html", base | context),
    )


def owner_reminders(judged: list[JudgedTarget], *, as_at: date, report: RunReport) -> list[Email]:
    """One email per owner listing every target of theirs due soon or overdue (rules.py)."""
    days = settings.REMINDER_DAYS
    by_owner: dict[int, list[tuple[Reason, JudgedTarget]]] = defaultdict(list)
    owners, ownerless = {}, []
    for item in judged:
        reason = reminder_reason(item.status, as_at=as_at, days=days)
        if reason is None:
            continue
        owner = item.target.owner
        if owner is None:
            ownerless.append(item.target.ref)
            continue
        owners[owner.pk] = owner
        by_owner[owner.pk].append((reason, item))
    if ownerless:
        report.note(f"No owner to remind about: {', '.join(ownerless)}")

    people = queries.recipients(list(owners.values()))
    emails = []
    for owner in sorted(owners.values(), key=lambda user: (_name(user), user.pk)):
        items = by_owner[owner.pk]
        refs = ", ".join(item.target.ref for _, item in items)
        if refused := why_not_sent(people[owner.pk]):
            report.note(f"Not reminding {_name(owner)} ({refs}): {refused}")
            continue
        overdue = [Listed.of(item) for why, item in items if why is Reason.OVERDUE]
        due_soon = [Listed.of(item) for why, item in items if why is Reason.DUE_SOON]
        count = len(items)
        need = ngettext("needs", "need", count)
        subject = f"{settings.SERVICE_NAME}: {counted(count, 'target', 'targets')} {need} an update"
        text, html = _render(
            "targets",
            {
                "name": _name(owner),
                "as_at": as_at,
                "days": days,
                "overdue": overdue,
                "due_soon": due_soon,
                "subject": subject,
            },
        )
        emails.append(
            Email(owner, ReminderLog.Kind.TARGETS, subject, text, html, overdue + due_soon)
        )
    return emails


def weekly_summaries(judged: list[JudgedTarget], *, as_at: date, report: RunReport) -> list[Email]:
    """On the summary day, one email per senior manager: the targets that turned red this week."""
    weekday = settings.WEEKLY_SUMMARY_WEEKDAY
    if not is_summary_day(as_at, weekday=weekday):
        report.note(f"Weekly summary: not today (it is sent on {WEEKDAY_NAMES[weekday]}).")
        return []
    week_before = as_at - WEEK
    before = {item.target.pk: item.status for item in queries.judged_targets(as_at=week_before)}
    turned = [
        Listed.of(item)
        for item in judged
        if item.target.pk in before and turned_red(item.status, before[item.target.pk])
    ]
    red_now = sum(1 for item in judged if item.status.rag is RAG.RED)
    count = len(turned)
    subject = (
        f"{settings.SERVICE_NAME}: {counted(count, 'target', 'targets')} turned red "
        f"in the week to {uk_date(as_at)}"
    )
    managers = queries.senior_managers()
    people = queries.recipients(managers)
    emails = []
    for manager in managers:
        if refused := why_not_sent(people[manager.pk]):
            report.note(f"Not sending the weekly summary to {_name(manager)}: {refused}")
            continue
        text, html = _render(
            "weekly_summary",
            {
                "name": _name(manager),
                "as_at": as_at,
                "week_before": week_before,
                "turned": turned,
                "red_now": red_now,
                "subject": subject,
            },
        )
        emails.append(Email(manager, ReminderLog.Kind.WEEKLY_SUMMARY, subject, text, html, turned))
    if not managers:
        report.note("Weekly summary: there are no senior managers to send it to.")
    return emails


def send_reminders(*, as_at: date, dry_run: bool = False) -> RunReport:
    """Send (or, dry, only list) the reminders due as at a day; never one twice in a day."""
    report = RunReport(as_at=as_at, dry_run=dry_run)
    judged = queries.judged_targets(as_at=as_at)
    emails = owner_reminders(judged, as_at=as_at, report=report) + weekly_summaries(
        judged, as_at=as_at, report=report
    )
    sent = queries.already_sent(on=as_at)
    mailer = None if dry_run else mailers.default
    for email in emails:
        if (email.user.pk, email.kind) in sent:
            report.note(f"Already sent today: {email.describe()}")
        elif dry_run:
            report.note(f"Would send: {email.describe()}")
        else:
            _deliver(email, as_at=as_at, mailer=mailer, report=report)
    if not emails:
        report.note("Nothing to send.")
    return report


def _deliver(email: Email, *, as_at: date, mailer: BaseEmailBackend, report: RunReport) -> None:
    message = EmailMultiAlternatives(subject=email.subject, body=email.text, to=[email.user.email])
    message.attach_alternative(email.html, "text/html")
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                user=email.user,
                kind=email.kind,
                sent_on=as_at,
                email=email.user.email,
                subject=email.subject,
                target_refs=email.refs,
            )
            mailer.send_messages([message])
    except IntegrityError:  # another run sent it a moment ago
        report.note(f"Already sent today: {email.describe()}")
    except OSError as error:  # smtplib's errors are OSErrors; nothing was recorded
        report.failed += 1
        report.note(f"Could not send: {email.describe()}: {error}")
    else:
        report.sent += 1
        report.note(f"Sent: {email.describe()}")


def set_reminder_preference(*, user: AbstractBaseUser, wants_reminders: bool) -> None:
    ReminderPreference.objects.update_or_create(
        user=user, defaults={"wants_reminders": wants_reminders}
    )
