"""RAG status of an action-plan target as at a given date.

Pure functions over plain values, so one set of rules serves the target page, the
summary counts and "as at" views of the past. The rules, first match wins:

1. Only updates made on or before the as-at date count; the latest of them (by
   made_at) is "the latest update". An update made after a day never changes the
   status as at that day.
2. Cancelled or superseded from the closing date on (or always, if no closing date
   is recorded) -> CANCELLED / SUPERSEDED. Before the closing date it is judged as live.
3. Postponed: a revised window replaces the original for judging.
4. Latest update complete -> COMPLETE, noting whether it was made by the due date.
   For a recurring target only a completion within the current cycle counts;
   otherwise the current cycle is judged by the rules below.
5. The due date is the window's end; for a recurring target, the end of the cycle
   containing the as-at date; an unscheduled target has none.
6. No due date: reported off track -> RED, at risk -> AMBER, otherwise UNSCHEDULED
   (shown as needing a date, never folded into green).
7. Past the due date and not complete -> RED. The due date itself is not late.
8. Reported off track -> RED.
9. Reported at risk -> AMBER.
10. Due within the warning period and no update made within it -> AMBER.
11. Latest update older than the stale period -> AMBER.
12. Reported on track -> GREEN.
13. Otherwise (no update yet, or not started) -> NOT_YET_DUE.

Decided:
- A target that has never had an update is not stale: it is NOT_YET_DUE until the
  warning period, then AMBER, then RED once late.
- Continuous targets ("throughout 2021") are judged against the end of their window,
  like dated ones.
- A recurring cycle that ended incomplete is not carried into the next one: each
  cycle is judged on its own, against its own due date.
- Day rules use made_at.date(), so pass made_at in the council's local time. Updates
  are ordered by made_at (so all aware or all naive); on a tie the later in the
  sequence is the latest.

The status as at a day changes only on known days (status_changes): an update's day, a
warning or stale period running out after it, a due date's warning period starting and
its passing, a recurring cycle starting, a closing date. status_timeline judges the
target once on each of them, so the status on every day is stored as a few spans of days
that lists filter and sort on in the database (targets.models.StatusSpan).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from plans.deadlines import DeadlineWindow, current_cycle, next_due_date, uk_date
from plans.rag import RAG
from plans.wording import counted, duration


class ProgressStatus(StrEnum):
    """What an officer reports in an update."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()  # "on_track" -> "On track"


class Lifecycle(StrEnum):
    LIVE = "live"
    CANCELLED = "cancelled"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class UpdateFact:
    made_at: datetime
    status: ProgressStatus


@dataclass(frozen=True)
class StatusRules:
    warning_days: int = 30  # how close a due date must be before silence turns amber
    stale_days: int = 90  # how old the latest update may be before it turns amber


@dataclass(frozen=True)
class TargetStatus:
    rag: RAG
    reason: str  # one plain-English sentence for the page
    due_date: date | None  # judged against: the revised one if postponed, this cycle's if recurring
    days_late: int | None  # > 0 when past due and not complete
    days_remaining: int | None  # >= 0 when live, not complete and not yet due
    completed_on_time: bool | None  # for COMPLETE with a due date; None otherwise
    last_update_on: date | None  # date of the latest update counted


def status_as_at(
    *,
    window: DeadlineWindow,
    updates: Sequence[UpdateFact],
    as_at: date,
    rules: StatusRules = StatusRules(),
    lifecycle: Lifecycle = Lifecycle.LIVE,
    closed_on: date | None = None,
    revised_window: DeadlineWindow | None = None,
) -> TargetStatus:
    """The status of one target as at a day, by the rules in the module docstring."""
    counted = [update for update in updates if update.made_at.date() <= as_at]
    # reversed: on equal made_at, the later in the sequence is the latest
    latest = max(reversed(counted), key=lambda update: update.made_at, default=None)
    last_update_on = latest.made_at.date() if latest else None
    judged = revised_window or window
    due = next_due_date(judged, on_or_after=as_at)

    def status(
        rag: RAG,
        reason: str,
        *,
        days_late: int | None = None,
        days_remaining: int | None = None,
        completed_on_time: bool | None = None,
    ) -> TargetStatus:
        return TargetStatus(
            rag=rag,
            reason=reason,
            due_date=due,
            days_late=days_late,
            days_remaining=days_remaining,
            completed_on_time=completed_on_time,
            last_update_on=last_update_on,
        )

    if lifecycle is not Lifecycle.LIVE and (closed_on is None or closed_on <= as_at):
        rag = RAG.CANCELLED if lifecycle is Lifecycle.CANCELLED else RAG.SUPERSEDED
        return status(
            rag, f"{rag.label} on {uk_date(closed_on)}." if closed_on else f"{rag.label}."
        )

    reported = latest.status if latest else None
    if latest and reported is ProgressStatus.COMPLETE:
        done_on = latest.made_at.date()
        cycle = current_cycle(judged, on=as_at)
        if cycle is None or done_on >= cycle[0]:
            done = f"Marked complete on {uk_date(done_on)}"
            if due is None:
                return status(RAG.COMPLETE, f"{done}.")
            on_time = done_on <= due
            timing = "by" if on_time else f"{duration((done_on - due).days)} after"
            return status(
                RAG.COMPLETE,
                f"{done}, {timing} the due date of {uk_date(due)}.",
                completed_on_time=on_time,
            )

    if due is None:
        if reported is ProgressStatus.OFF_TRACK:
            return status(RAG.RED, "No date set; reported off track.")
        if reported is ProgressStatus.AT_RISK:
            return status(RAG.AMBER, "No date set; reported at risk.")
        return status(RAG.UNSCHEDULED, "No date set, so it needs one.")

    due_words = f"Due {uk_date(due)}" + (" (revised)" if revised_window else "")
    days_to_go = (due - as_at).days
    if days_to_go < 0:
        return status(
            RAG.RED,
            f"{due_words}; {duration(-days_to_go)} late and not complete.",
            days_late=-days_to_go,
        )
    if reported is ProgressStatus.OFF_TRACK:
        return status(RAG.RED, f"{due_words}; reported off track.", days_remaining=days_to_go)
    if reported is ProgressStatus.AT_RISK:
        return status(RAG.AMBER, f"{due_words}; reported at risk.", days_remaining=days_to_go)
    heard_recently = any(
        (as_at - update.made_at.date()).days < rules.warning_days for update in counted
    )
    if days_to_go <= rules.warning_days and not heard_recently:
        when = "today" if days_to_go == 0 else f"in {_days(days_to_go)}"
        return status(
            RAG.AMBER,
            f"{due_words} ({when}) with no update in the last {_days(rules.warning_days)}.",
            days_remaining=days_to_go,
        )
    if last_update_on and (as_at - last_update_on).days > rules.stale_days:
        age = (as_at - last_update_on).days
        return status(
            RAG.AMBER, f"{due_words}; no update for {_days(age)}.", days_remaining=days_to_go
        )
    if reported is ProgressStatus.ON_TRACK:
        return status(RAG.GREEN, f"{due_words}; reported on track.", days_remaining=days_to_go)
    progress = {
        None: "no update yet",
        ProgressStatus.NOT_STARTED: "not started",
        ProgressStatus.COMPLETE: "complete for the previous cycle",
    }[reported]
    return status(RAG.NOT_YET_DUE, f"{due_words}; {progress}.", days_remaining=days_to_go)


@dataclass(frozen=True)
class Span:
    """Days on which a target's status as at each of them is the same: from starts_on up to, not
    including, ends_on (None: every day after). Only what a day does not change is kept: days late
    and days remaining follow from the due date and the day."""

    starts_on: date
    ends_on: date | None
    rag: RAG
    due_date: date | None
    last_update_on: date | None
    completed_on_time: bool | None

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day < self.ends_on)


def status_changes(
    *,
    window: DeadlineWindow,
    updates: Sequence[UpdateFact],
    rules: StatusRules = StatusRules(),
    closed_on: date | None = None,
    revised_window: DeadlineWindow | None = None,
    until: date,
) -> list[date]:
    """Every day before `until` on which status_as_at may give another status than the day before
    (a few more do no harm), in order. Each rule above that compares days turns on one of them."""
    days: set[date] = set()
    for update in updates:
        made_on = update.made_at.date()
        days.add(made_on)  # counted from that day
        days.add(made_on + timedelta(days=rules.warning_days))  # no longer heard recently
        days.add(made_on + timedelta(days=rules.stale_days + 1))  # stale
    if closed_on is not None:
        days.add(closed_on)
    judged = revised_window or window
    first = current_cycle(judged, on=date.min)
    if first is not None:  # recurring: each cycle's start, warning period and end
        start, end = first
        while start < until:
            days.update((start, end - timedelta(days=rules.warning_days), end + timedelta(days=1)))
            start, end = current_cycle(judged, on=end + timedelta(days=1)) or (until, until)
    elif (due := next_due_date(judged, on_or_after=date.min)) is not None:
        days.update((due - timedelta(days=rules.warning_days), due + timedelta(days=1)))
    return sorted(day for day in days if day < until)


def status_timeline(
    *,
    window: DeadlineWindow,
    updates: Sequence[UpdateFact],
    rules: StatusRules = StatusRules(),
    lifecycle: Lifecycle = Lifecycle.LIVE,
    closed_on: date | None = None,
    revised_window: DeadlineWindow | None = None,
    until: date,
) -> list[Span]:
    """A target's status on every day, as spans: the first starts on date.min, the last has no end.

    Exact for every day before `until`. After it the last span goes on, which is exact too unless
    the target recurs (its later cycles are not judged) or has updates dated after `until`: choose
    `until` beyond any day the pages are asked about.
    """
    facts = {
        "window": window,
        "updates": updates,
        "rules": rules,
        "closed_on": closed_on,
        "revised_window": revised_window,
    }
    spans: list[Span] = []
    for day in [date.min, *status_changes(**facts, until=until)]:
        status = status_as_at(**facts, as_at=day, lifecycle=lifecycle)
        same = (status.rag, status.due_date, status.last_update_on, status.completed_on_time)
        if spans and same == (
            spans[-1].rag,
            spans[-1].due_date,
            spans[-1].last_update_on,
            spans[-1].completed_on_time,
        ):
            continue
        if spans:
            spans[-1] = replace(spans[-1], ends_on=day)
        spans.append(Span(day, None, *same))
    return spans


# Due soon: falling due within this many days, the as-at day included.
DUE_SOON_DAYS = 90


def is_outstanding(status: TargetStatus) -> bool:
    """Work still to do (RAG.OUTSTANDING): what the due periods, the dashboard's due soon and stale
    lists and the owners' reminders are about."""
    return status.rag in RAG.OUTSTANDING


def is_due_soon(status: TargetStatus, *, as_at: date, days: int = DUE_SOON_DAYS) -> bool:
    """Outstanding and due between `as_at` and `days` days later, both included."""
    return (
        is_outstanding(status)
        and status.due_date is not None
        and 0 <= (status.due_date - as_at).days <= days
    )


def count_by_rag(statuses: Iterable[TargetStatus]) -> dict[RAG, int]:
    """How many targets have each status; every status is present, so totals add up."""
    counts = dict.fromkeys(RAG, 0)
    for target_status in statuses:
        counts[target_status.rag] += 1
    return counts


def _days(count: int) -> str:
    return counted(count, "day", "days")
