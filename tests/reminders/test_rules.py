"""Who is reminded of what: the rules in reminders/rules.py, over plain values."""

import datetime as dt

import pytest

from plans.rag import RAG
from reminders.rules import (
    Reason,
    Recipient,
    is_summary_day,
    reminder_reason,
    turned_red,
    why_not_sent,
)
from targets.status import TargetStatus

TODAY = dt.date(2021, 9, 30)  # a Thursday


def status(
    rag: RAG = RAG.NOT_YET_DUE, *, due: str | None = "2021-10-10", updated: str | None = None
) -> TargetStatus:
    due_date = dt.date.fromisoformat(due) if due else None
    late = (TODAY - due_date).days if due_date and due_date < TODAY else None
    return TargetStatus(
        rag=rag,
        reason="",
        due_date=due_date,
        days_late=late,
        days_remaining=None if late or not due_date else (due_date - TODAY).days,
        completed_on_time=None,
        last_update_on=dt.date.fromisoformat(updated) if updated else None,
    )


def reason(target_status: TargetStatus) -> Reason | None:
    return reminder_reason(target_status, as_at=TODAY, days=14)


def test_due_within_fourteen_days_with_no_update_is_due_soon() -> None:
    assert reason(status(due="2021-10-10")) is Reason.DUE_SOON


def test_due_today_is_due_soon_not_overdue() -> None:
    assert reason(status(RAG.AMBER, due="2021-09-30")) is Reason.DUE_SOON


def test_due_in_exactly_fourteen_days_is_due_soon_and_fifteen_is_not() -> None:
    assert reason(status(due="2021-10-14")) is Reason.DUE_SOON
    assert reason(status(due="2021-10-15")) is None


def test_past_its_due_date_and_not_complete_is_overdue() -> None:
    assert reason(status(RAG.RED, due="2021-08-31")) is Reason.OVERDUE


def test_an_update_in_the_last_fourteen_days_silences_a_target() -> None:
    assert reason(status(RAG.GREEN, due="2021-10-10", updated="2021-09-17")) is None
    assert reason(status(RAG.RED, due="2021-08-31", updated="2021-09-29")) is None


def test_an_update_fourteen_days_old_no_longer_counts_as_recent() -> None:
    assert reason(status(RAG.GREEN, due="2021-10-10", updated="2021-09-16")) is Reason.DUE_SOON
    assert reason(status(RAG.RED, due="2021-08-31", updated="2021-09-16")) is Reason.OVERDUE


@pytest.mark.parametrize("rag", [RAG.COMPLETE, RAG.CANCELLED, RAG.SUPERSEDED])
def test_complete_and_closed_targets_are_never_in_a_reminder(rag: RAG) -> None:
    assert reason(status(rag, due="2021-08-31")) is None
    assert reason(status(rag, due="2021-10-01")) is None


def test_a_target_without_a_date_is_never_in_a_reminder() -> None:
    assert reason(status(RAG.UNSCHEDULED, due=None)) is None
    assert reason(status(RAG.RED, due=None)) is None  # reported off track, but no date


def test_turned_red_means_red_now_and_not_red_a_week_before() -> None:
    assert turned_red(status(RAG.RED), status(RAG.AMBER))
    assert turned_red(status(RAG.RED), status(RAG.NOT_YET_DUE))
    assert not turned_red(status(RAG.RED), status(RAG.RED))  # already red: not news
    assert not turned_red(status(RAG.AMBER), status(RAG.GREEN))
    assert not turned_red(status(RAG.GREEN), status(RAG.RED))


def test_the_summary_day_is_the_configured_weekday() -> None:
    monday, tuesday = dt.date(2021, 10, 4), dt.date(2021, 10, 5)
    assert is_summary_day(monday, weekday=0) and not is_summary_day(tuesday, weekday=0)
    assert is_summary_day(tuesday, weekday=1)


def test_only_active_people_with_an_address_who_want_reminders_get_one() -> None:
    assert why_not_sent(Recipient(True, "a@example.org", True)) is None
    assert why_not_sent(Recipient(False, "a@example.org", True)) == "inactive"
    assert why_not_sent(Recipient(True, "", True)) == "no email address"
    assert why_not_sent(Recipient(True, "  ", True)) == "no email address"
    assert why_not_sent(Recipient(True, "a@example.org", False)) == "has turned reminders off"
