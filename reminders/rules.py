"""What a reminder is about: pure rules over targets already judged as at a day (targets.status).

Owners' reminders, sent daily. A live target is in its owner's reminder when it has a due date, is
not complete, has had no progress update in the last `days` (REMINDER_DAYS, 14), and is
- due soon: due within `days` from today (today included), or
- overdue: past its due date.
An update silences a target for `days`: an owner who reports (even "off track") is not nagged
again until the report is that old, however late the target. An overdue target stops appearing
when it is completed, re-dated or closed. Cancelled, superseded, complete and unscheduled targets
are never in a reminder.

Managers' summary, sent weekly. A target "turned red" in the week to a day when it is red as at that
day and was not red as at the same day a week before (a target red on both days has not turned).

Who gets an email: an active person with an email address who has not turned reminders off.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from plans.rag import RAG
from targets.status import TargetStatus, is_outstanding

WEEK = timedelta(days=7)


class Reason(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"


def reminder_reason(status: TargetStatus, *, as_at: date, days: int) -> Reason | None:
    """Why a target's owner should be reminded of it as at a day, or None."""
    if not is_outstanding(status) or status.due_date is None:  # so never unscheduled
        return None
    if status.last_update_on is not None and (as_at - status.last_update_on).days < days:
        return None
    if status.due_date < as_at:
        return Reason.OVERDUE
    if (status.due_date - as_at).days <= days:
        return Reason.DUE_SOON
    return None


def turned_red(now: TargetStatus, week_before: TargetStatus) -> bool:
    return now.rag is RAG.RED and week_before.rag is not RAG.RED


def is_summary_day(day: date, *, weekday: int) -> bool:
    """weekday as date.weekday() counts: Monday is 0."""
    return day.weekday() == weekday


@dataclass(frozen=True)
class Recipient:
    """What the rules need to know of a person."""

    is_active: bool
    email: str
    wants_reminders: bool


def why_not_sent(person: Recipient) -> str | None:
    """Why a person gets no email at all (for the command's report), or None if they get one."""
    if not person.is_active:
        return "inactive"
    if not person.email.strip():
        return "no email address"
    if not person.wants_reminders:
        return "has turned reminders off"
    return None
