"""The rules of a return, without a database."""

from datetime import date, datetime, timedelta

import pytest

from plans.rag import RAG
from returns.rules import (
    Stage,
    TargetFigure,
    area_stage,
    can_propose_for,
    is_updated,
    movement,
    proposal_date_problem,
)

OPENED = datetime(2021, 10, 1, 9)


def test_an_update_before_the_return_opened_does_not_count() -> None:
    assert not is_updated(last_update_at=OPENED - timedelta(minutes=1), opened_at=OPENED)
    assert not is_updated(last_update_at=None, opened_at=OPENED)
    assert is_updated(last_update_at=OPENED, opened_at=OPENED)


def test_a_target_already_complete_needs_no_new_update_unless_sent_back() -> None:
    before = OPENED - timedelta(days=30)
    assert is_updated(last_update_at=before, opened_at=OPENED, complete=True)
    assert not is_updated(
        last_update_at=before, opened_at=OPENED, sent_back_at=OPENED, complete=True
    )


def test_a_sent_back_item_counts_only_once_updated_after_the_comment() -> None:
    sent_back = OPENED + timedelta(days=3)
    assert not is_updated(
        last_update_at=OPENED + timedelta(days=1), opened_at=OPENED, sent_back_at=sent_back
    )
    assert is_updated(
        last_update_at=sent_back + timedelta(hours=1), opened_at=OPENED, sent_back_at=sent_back
    )


@pytest.mark.parametrize(
    ("state", "updated", "stage"),
    [
        ("open", 0, Stage.NOT_STARTED),
        ("open", 3, Stage.IN_PROGRESS),
        ("submitted", 0, Stage.SUBMITTED),
        ("sent_back", 5, Stage.SENT_BACK),
        ("approved", 5, Stage.APPROVED),
    ],
)
def test_an_areas_stage(state: str, updated: int, stage: Stage) -> None:
    assert area_stage(state, updated=updated) is stage


def test_new_dates_are_proposed_only_for_late_or_at_risk_targets() -> None:
    assert {rag for rag in RAG if can_propose_for(rag)} == {RAG.RED, RAG.AMBER}


def test_a_proposed_date_must_be_readable_and_after_today() -> None:
    today = date(2021, 10, 5)
    assert "real date" in proposal_date_problem(None, today=today)
    assert "after today" in proposal_date_problem(today, today=today)
    assert proposal_date_problem(today + timedelta(days=1), today=today) is None


def figure(
    target_id: int,
    rag: RAG,
    *,
    area: str = "Housing",
    late: int | None = None,
    revised: date | None = None,
) -> TargetFigure:
    return TargetFigure(target_id, area, f"T{target_id}", rag, late, date(2021, 12, 31), revised)


def test_movement_counts_changes_completions_lateness_and_redating_per_area() -> None:
    previous = [
        figure(1, RAG.GREEN),
        figure(2, RAG.AMBER),
        figure(3, RAG.GREEN),
        figure(4, RAG.RED, late=10),
        figure(5, RAG.GREEN, area="Public health"),
    ]
    current = [
        figure(1, RAG.GREEN),
        figure(2, RAG.COMPLETE),
        figure(3, RAG.RED, late=3),
        figure(4, RAG.AMBER, revised=date(2022, 6, 30)),
        figure(5, RAG.GREEN, area="Public health"),
        figure(6, RAG.RED, late=1),  # new to the plan: not movement
    ]
    moved = movement(current, previous, previous_name="Q2")
    assert [(c.ref, c.before, c.after) for c in moved.changed] == [
        ("T2", RAG.AMBER, RAG.COMPLETE),
        ("T3", RAG.GREEN, RAG.RED),
        ("T4", RAG.RED, RAG.AMBER),
    ]
    assert [f.ref for f in moved.newly_complete] == ["T2"]
    assert [f.ref for f in moved.newly_late] == ["T3"]
    assert [f.ref for f in moved.redated] == ["T4"]
    housing, health = moved.by_area
    assert (housing.area, housing.changed, housing.newly_complete) == ("Housing", 3, 1)
    assert (housing.newly_late, housing.redated) == (1, 1)
    assert (health.area, health.changed) == ("Public health", 0)


def test_the_first_return_has_no_movement() -> None:
    moved = movement([figure(1, RAG.GREEN)], None)
    assert moved.previous is None and not moved.anything
