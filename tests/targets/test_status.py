"""RAG status as at a date: each rule with fixed dates, its boundaries and its precedence."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from plans.deadlines import DeadlineWindow, parse_deadline
from plans.rag import RAG
from targets.status import (
    Lifecycle,
    ProgressStatus,
    StatusRules,
    TargetStatus,
    UpdateFact,
    count_by_rag,
    status_as_at,
)

NOT_STARTED = ProgressStatus.NOT_STARTED
ON_TRACK = ProgressStatus.ON_TRACK
AT_RISK = ProgressStatus.AT_RISK
OFF_TRACK = ProgressStatus.OFF_TRACK
COMPLETE = ProgressStatus.COMPLETE

SUMMER_2021 = parse_deadline("by summer 2021")  # due 31 August 2021
DUE = date(2021, 8, 31)
PLAN_START = date(2021, 4, 1)
ANNUAL = parse_deadline("annual", recurring_from=PLAN_START)  # cycles end 31 March
TBC = parse_deadline("to be confirmed")


def update(day: date, status: ProgressStatus, hour: int = 10) -> UpdateFact:
    return UpdateFact(datetime(day.year, day.month, day.day, hour), status)


def judge(
    *updates: UpdateFact, as_at: date, window: DeadlineWindow = SUMMER_2021, **options
) -> TargetStatus:
    return status_as_at(window=window, updates=updates, as_at=as_at, **options)


# --- 1. Only updates made by the as-at date count --------------------------------


def test_an_update_after_the_as_at_date_never_changes_the_status_then() -> None:
    updates = (update(date(2021, 7, 1), ON_TRACK), update(date(2021, 7, 20), OFF_TRACK))
    status = judge(*updates, as_at=date(2021, 7, 10))
    assert (status.rag, status.last_update_on) == (RAG.GREEN, date(2021, 7, 1))


def test_an_update_made_late_on_the_as_at_date_counts() -> None:
    updates = (update(date(2021, 7, 1), ON_TRACK), update(date(2021, 7, 10), OFF_TRACK, hour=23))
    assert judge(*updates, as_at=date(2021, 7, 10)).rag is RAG.RED


def test_the_latest_update_is_the_one_made_last_whatever_the_order_given() -> None:
    updates = (update(date(2021, 7, 5), ON_TRACK), update(date(2021, 7, 1), OFF_TRACK))
    assert judge(*updates, as_at=date(2021, 7, 10)).rag is RAG.GREEN


def test_updates_made_at_the_same_moment_go_to_the_later_in_the_sequence() -> None:
    updates = (update(date(2021, 7, 5), OFF_TRACK), update(date(2021, 7, 5), ON_TRACK))
    assert judge(*updates, as_at=date(2021, 7, 10)).rag is RAG.GREEN


def test_aware_update_times_are_judged_by_their_own_date() -> None:
    british_summer_time = timezone(timedelta(hours=1))
    just_after_midnight = datetime(2021, 7, 10, 0, 30, tzinfo=british_summer_time)
    updates = (
        UpdateFact(datetime(2021, 7, 1, 9, tzinfo=UTC), ON_TRACK),
        UpdateFact(just_after_midnight, OFF_TRACK),
    )
    assert judge(*updates, as_at=date(2021, 7, 9)).rag is RAG.GREEN
    assert judge(*updates, as_at=date(2021, 7, 10)).rag is RAG.RED


# --- 2. Cancelled and superseded -------------------------------------------------


@pytest.mark.parametrize(
    ("lifecycle", "rag"),
    [(Lifecycle.CANCELLED, RAG.CANCELLED), (Lifecycle.SUPERSEDED, RAG.SUPERSEDED)],
)
def test_a_closed_target_is_closed_from_its_closing_date(lifecycle: Lifecycle, rag: RAG) -> None:
    status = judge(as_at=date(2021, 9, 1), lifecycle=lifecycle, closed_on=date(2021, 9, 1))
    assert (status.rag, status.days_late) == (rag, None)
    assert status.reason == f"{rag.label} on 1 September 2021."


def test_before_its_closing_date_a_cancelled_target_is_judged_as_live() -> None:
    status = judge(
        update(date(2021, 7, 1), ON_TRACK),
        as_at=date(2021, 7, 10),
        lifecycle=Lifecycle.CANCELLED,
        closed_on=date(2021, 7, 11),
    )
    assert status.rag is RAG.GREEN


def test_a_target_closed_on_no_recorded_date_is_closed_on_every_date() -> None:
    status = judge(as_at=date(2020, 1, 1), lifecycle=Lifecycle.SUPERSEDED)
    assert (status.rag, status.reason) == (RAG.SUPERSEDED, "Superseded.")


def test_cancellation_beats_lateness() -> None:
    status = judge(as_at=date(2022, 1, 1), lifecycle=Lifecycle.CANCELLED, closed_on=DUE)
    assert status.rag is RAG.CANCELLED


# --- 3. Postponed ----------------------------------------------------------------


def test_a_postponed_target_is_judged_against_its_revised_window() -> None:
    status = judge(
        update(date(2021, 9, 1), ON_TRACK),
        as_at=date(2021, 9, 10),
        revised_window=parse_deadline("by March 2022"),
    )
    assert (status.rag, status.due_date) == (RAG.GREEN, date(2022, 3, 31))
    assert status.reason == "Due 31 March 2022 (revised); reported on track."


def test_a_postponed_target_past_its_revised_date_is_red() -> None:
    status = judge(as_at=date(2022, 4, 2), revised_window=parse_deadline("by March 2022"))
    assert (status.rag, status.days_late) == (RAG.RED, 2)


# --- 4. Complete -----------------------------------------------------------------


def test_complete_before_the_due_date_is_complete_on_time() -> None:
    status = judge(update(date(2021, 8, 1), COMPLETE), as_at=date(2021, 9, 10))
    assert (status.rag, status.completed_on_time) == (RAG.COMPLETE, True)
    assert status.reason == "Marked complete on 1 August 2021, by the due date of 31 August 2021."


def test_complete_on_the_due_date_is_on_time() -> None:
    status = judge(update(DUE, COMPLETE, hour=23), as_at=date(2021, 9, 10))
    assert status.completed_on_time is True


def test_complete_after_the_due_date_is_complete_but_not_on_time() -> None:
    status = judge(update(date(2021, 9, 5), COMPLETE), as_at=date(2021, 9, 10))
    assert (status.rag, status.completed_on_time, status.days_late) == (RAG.COMPLETE, False, None)
    assert status.reason == (
        "Marked complete on 5 September 2021, 5 days after the due date of 31 August 2021."
    )


def test_complete_beats_earlier_off_track_reports() -> None:
    updates = (update(date(2021, 7, 1), OFF_TRACK), update(date(2021, 8, 1), COMPLETE))
    assert judge(*updates, as_at=date(2021, 8, 2)).rag is RAG.COMPLETE


def test_a_later_update_reopens_a_complete_target() -> None:
    updates = (update(date(2021, 7, 1), COMPLETE), update(date(2021, 7, 5), ON_TRACK))
    assert judge(*updates, as_at=date(2021, 7, 10)).rag is RAG.GREEN


def test_complete_without_a_due_date_has_no_on_time_verdict() -> None:
    status = judge(update(date(2021, 8, 1), COMPLETE), as_at=date(2021, 9, 1), window=TBC)
    assert (status.rag, status.completed_on_time, status.due_date) == (RAG.COMPLETE, None, None)


# --- 6. Unscheduled --------------------------------------------------------------


@pytest.mark.parametrize(
    ("reported", "rag"),
    [
        (None, RAG.UNSCHEDULED),
        (NOT_STARTED, RAG.UNSCHEDULED),
        (ON_TRACK, RAG.UNSCHEDULED),
        (AT_RISK, RAG.AMBER),
        (OFF_TRACK, RAG.RED),
    ],
)
def test_without_a_due_date_only_risk_reports_count_and_it_is_never_green(
    reported: ProgressStatus | None, rag: RAG
) -> None:
    updates = () if reported is None else (update(date(2021, 7, 1), reported),)
    status = judge(*updates, as_at=date(2021, 7, 10), window=TBC)
    assert (status.rag, status.due_date, status.days_remaining) == (rag, None, None)


def test_an_unscheduled_target_needs_a_date() -> None:
    assert judge(as_at=date(2021, 7, 10), window=TBC).reason == "No date set, so it needs one."


def test_an_unscheduled_target_is_never_stale() -> None:
    status = judge(update(date(2020, 1, 1), ON_TRACK), as_at=date(2021, 7, 10), window=TBC)
    assert status.rag is RAG.UNSCHEDULED


def test_a_recurring_target_without_an_anchor_is_unscheduled() -> None:
    status = judge(as_at=date(2021, 7, 10), window=parse_deadline("annual"))
    assert status.rag is RAG.UNSCHEDULED


# --- 7. Late ---------------------------------------------------------------------


def test_the_due_date_itself_is_not_late() -> None:
    status = judge(update(date(2021, 8, 25), ON_TRACK), as_at=DUE)
    assert (status.rag, status.days_remaining, status.days_late) == (RAG.GREEN, 0, None)


def test_the_day_after_the_due_date_is_late() -> None:
    status = judge(update(date(2021, 8, 25), ON_TRACK), as_at=date(2021, 9, 1))
    assert (status.rag, status.days_late, status.days_remaining) == (RAG.RED, 1, None)
    assert status.reason == "Due 31 August 2021; 1 day late and not complete."


def test_late_and_not_complete_is_red_with_the_days_late() -> None:
    status = judge(update(date(2021, 8, 25), ON_TRACK), as_at=date(2021, 9, 12))
    assert status.reason == "Due 31 August 2021; 12 days late and not complete."


def test_off_track_and_overdue_is_red_for_being_overdue() -> None:
    status = judge(update(date(2021, 8, 25), OFF_TRACK), as_at=date(2021, 9, 12))
    assert (status.rag, status.days_late) == (RAG.RED, 12)
    assert "late and not complete" in status.reason


def test_a_continuous_target_is_judged_against_the_end_of_its_window() -> None:
    throughout = parse_deadline("throughout 2021")
    on_track = update(date(2021, 6, 1), ON_TRACK)
    assert judge(on_track, as_at=date(2021, 6, 15), window=throughout).rag is RAG.GREEN
    late = judge(on_track, as_at=date(2022, 1, 1), window=throughout)
    assert (late.rag, late.due_date, late.days_late) == (RAG.RED, date(2021, 12, 31), 1)


# --- 8 and 9. Off track and at risk ----------------------------------------------


def test_off_track_before_the_due_date_is_red() -> None:
    status = judge(update(date(2021, 7, 1), OFF_TRACK), as_at=date(2021, 7, 10))
    assert (status.rag, status.days_remaining) == (RAG.RED, 52)
    assert status.reason == "Due 31 August 2021; reported off track."


def test_at_risk_is_amber() -> None:
    status = judge(update(date(2021, 7, 1), AT_RISK), as_at=date(2021, 7, 10))
    assert (status.rag, status.reason) == (RAG.AMBER, "Due 31 August 2021; reported at risk.")


def test_at_risk_is_reported_before_silence_near_the_due_date() -> None:
    status = judge(update(date(2021, 6, 1), AT_RISK), as_at=date(2021, 8, 20))
    assert status.reason == "Due 31 August 2021; reported at risk."


# --- 10. Due soon with no recent update ------------------------------------------


def test_due_soon_with_no_recent_update_is_amber() -> None:
    status = judge(update(date(2021, 7, 1), ON_TRACK), as_at=date(2021, 8, 11))
    assert (status.rag, status.days_remaining) == (RAG.AMBER, 20)
    assert status.reason == "Due 31 August 2021 (in 20 days) with no update in the last 30 days."


def test_due_soon_with_a_recent_on_track_update_is_green() -> None:
    assert judge(update(date(2021, 8, 1), ON_TRACK), as_at=date(2021, 8, 11)).rag is RAG.GREEN


@pytest.mark.parametrize(
    ("made_on", "rag"),
    [(date(2021, 7, 12), RAG.AMBER), (date(2021, 7, 13), RAG.GREEN)],
)
def test_an_update_exactly_the_warning_period_ago_is_not_recent(made_on: date, rag: RAG) -> None:
    assert judge(update(made_on, ON_TRACK), as_at=date(2021, 8, 11)).rag is rag


@pytest.mark.parametrize(
    ("as_at", "rag"),
    [(date(2021, 7, 31), RAG.GREEN), (date(2021, 8, 1), RAG.AMBER)],
)
def test_a_due_date_exactly_the_warning_period_away_is_due_soon(as_at: date, rag: RAG) -> None:
    assert judge(update(date(2021, 6, 1), ON_TRACK), as_at=as_at).rag is rag


def test_due_today_with_no_recent_update_says_today() -> None:
    status = judge(update(date(2021, 7, 1), ON_TRACK), as_at=DUE)
    assert status.reason == "Due 31 August 2021 (today) with no update in the last 30 days."


def test_the_warning_period_comes_from_the_rules() -> None:
    on_track = update(date(2021, 7, 1), ON_TRACK)
    assert judge(on_track, as_at=date(2021, 8, 11)).rag is RAG.AMBER
    two_weeks = StatusRules(warning_days=14)
    assert judge(on_track, as_at=date(2021, 8, 11), rules=two_weeks).rag is RAG.GREEN


@pytest.mark.parametrize(
    ("as_at", "rag", "reason"),
    [
        (date(2021, 6, 1), RAG.NOT_YET_DUE, "Due 31 August 2021; no update yet."),
        (
            date(2021, 8, 1),
            RAG.AMBER,
            "Due 31 August 2021 (in 30 days) with no update in the last 30 days.",
        ),
        (date(2021, 9, 1), RAG.RED, "Due 31 August 2021; 1 day late and not complete."),
    ],
)
def test_a_never_updated_target_is_not_yet_due_then_amber_then_red(
    as_at: date, rag: RAG, reason: str
) -> None:
    status = judge(as_at=as_at)
    assert (status.rag, status.reason, status.last_update_on) == (rag, reason, None)


# --- 11. Stale -------------------------------------------------------------------


def test_no_update_for_longer_than_the_stale_period_is_amber() -> None:
    status = judge(
        update(date(2021, 1, 1), ON_TRACK),
        as_at=date(2021, 5, 1),
        window=parse_deadline("by the end of 2021"),
    )
    assert (status.rag, status.reason) == (
        RAG.AMBER,
        "Due 31 December 2021; no update for 120 days.",
    )


@pytest.mark.parametrize(("days", "rag"), [(90, RAG.GREEN), (91, RAG.AMBER)])
def test_an_update_exactly_the_stale_period_old_is_not_stale(days: int, rag: RAG) -> None:
    made_on = date(2021, 1, 1)
    status = judge(
        update(made_on, ON_TRACK),
        as_at=made_on + timedelta(days=days),
        window=parse_deadline("by the end of 2021"),
    )
    assert status.rag is rag


def test_a_not_started_report_goes_stale_too() -> None:
    status = judge(
        update(date(2021, 1, 1), NOT_STARTED),
        as_at=date(2021, 5, 1),
        window=parse_deadline("by the end of 2021"),
    )
    assert status.rag is RAG.AMBER


def test_a_target_never_updated_is_not_stale() -> None:
    status = judge(as_at=date(2021, 11, 1), window=parse_deadline("by the end of 2021"))
    assert status.rag is RAG.NOT_YET_DUE


def test_the_stale_period_comes_from_the_rules() -> None:
    status = judge(
        update(date(2021, 1, 1), ON_TRACK),
        as_at=date(2021, 2, 1),
        window=parse_deadline("by the end of 2021"),
        rules=StatusRules(stale_days=30),
    )
    assert status.rag is RAG.AMBER


# --- 12 and 13. On track and not yet due -----------------------------------------


def test_on_track_is_green() -> None:
    status = judge(update(date(2021, 7, 1), ON_TRACK), as_at=date(2021, 7, 10))
    assert (status.rag, status.reason) == (RAG.GREEN, "Due 31 August 2021; reported on track.")
    assert (status.days_remaining, status.last_update_on) == (52, date(2021, 7, 1))


def test_not_started_before_the_warning_period_is_not_yet_due() -> None:
    status = judge(update(date(2021, 7, 1), NOT_STARTED), as_at=date(2021, 7, 10))
    assert (status.rag, status.reason) == (RAG.NOT_YET_DUE, "Due 31 August 2021; not started.")


# --- Recurring cycles ------------------------------------------------------------


def test_a_recurring_target_is_due_at_the_end_of_the_current_cycle() -> None:
    status = judge(update(date(2022, 5, 1), ON_TRACK), as_at=date(2022, 5, 10), window=ANNUAL)
    assert (status.rag, status.due_date) == (RAG.GREEN, date(2023, 3, 31))


def test_completing_within_the_current_cycle_is_complete() -> None:
    status = judge(update(date(2022, 4, 10), COMPLETE), as_at=date(2022, 5, 10), window=ANNUAL)
    assert (status.rag, status.completed_on_time) == (RAG.COMPLETE, True)


def test_completing_a_previous_cycle_does_not_complete_the_current_one() -> None:
    status = judge(update(date(2022, 3, 15), COMPLETE), as_at=date(2022, 5, 10), window=ANNUAL)
    assert (status.rag, status.due_date) == (RAG.NOT_YET_DUE, date(2023, 3, 31))
    assert status.reason == "Due 31 March 2023; complete for the previous cycle."


def test_completing_on_the_last_day_of_a_cycle_completes_that_cycle_only() -> None:
    done = update(date(2022, 3, 31), COMPLETE)
    assert judge(done, as_at=date(2022, 3, 31), window=ANNUAL).rag is RAG.COMPLETE
    assert judge(done, as_at=date(2022, 4, 1), window=ANNUAL).rag is RAG.NOT_YET_DUE


def test_a_cycle_due_soon_after_last_cycles_completion_is_amber() -> None:
    status = judge(update(date(2022, 3, 15), COMPLETE), as_at=date(2023, 3, 10), window=ANNUAL)
    assert status.rag is RAG.AMBER


def test_a_missed_cycle_is_not_carried_into_the_next() -> None:
    status = judge(as_at=date(2022, 4, 1), window=ANNUAL)
    assert (status.rag, status.due_date, status.days_late) == (
        RAG.NOT_YET_DUE,
        date(2023, 3, 31),
        None,
    )


# --- Counting and labels ---------------------------------------------------------


def test_count_by_rag_has_every_status_even_when_there_are_none() -> None:
    assert count_by_rag([]) == dict.fromkeys(RAG, 0)


def test_count_by_rag_counts_each_status() -> None:
    statuses = [
        judge(update(date(2021, 7, 1), ON_TRACK), as_at=date(2021, 7, 10)),
        judge(update(date(2021, 7, 1), OFF_TRACK), as_at=date(2021, 7, 10)),
        judge(as_at=date(2021, 9, 1)),
    ]
    counts = count_by_rag(statuses)
    assert (counts[RAG.GREEN], counts[RAG.RED], counts[RAG.AMBER]) == (1, 2, 0)
    assert sum(counts.values()) == len(statuses)


def test_live_statuses_are_all_but_cancelled_and_superseded() -> None:
    assert set(RAG) - RAG.LIVE == {RAG.CANCELLED, RAG.SUPERSEDED}
    assert "LIVE" not in RAG.__members__


@pytest.mark.parametrize(
    ("rag", "label"),
    [
        (RAG.COMPLETE, "Complete"),
        (RAG.GREEN, "Green: on track"),
        (RAG.AMBER, "Amber: needs attention"),
        (RAG.RED, "Red: late or off track"),
        (RAG.NOT_YET_DUE, "Not yet due"),
        (RAG.UNSCHEDULED, "Unscheduled"),
        (RAG.CANCELLED, "Cancelled"),
        (RAG.SUPERSEDED, "Superseded"),
    ],
)
def test_every_rag_status_has_a_label(rag: RAG, label: str) -> None:
    assert rag.label == label


@pytest.mark.parametrize(
    ("status", "label"),
    [(NOT_STARTED, "Not started"), (ON_TRACK, "On track"), (OFF_TRACK, "Off track")],
)
def test_progress_status_labels_read_as_words(status: ProgressStatus, label: str) -> None:
    assert status.label == label
