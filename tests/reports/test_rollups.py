"""What the dashboard counts, over judged targets with known statuses (no database)."""

import datetime as dt
from types import SimpleNamespace

from plans.rag import RAG
from reports.rollups import StatusCounts, became_overdue, due_soon, stale
from targets.status import TargetStatus

AS_AT = dt.date(2021, 11, 15)


def _judged(rag: RAG, due: str | None = None, last_update: str | None = None, late: int = 0):
    status = TargetStatus(
        rag=rag,
        reason="",
        due_date=dt.date.fromisoformat(due) if due else None,
        days_late=late or None,
        days_remaining=None,
        completed_on_time=None,
        last_update_on=dt.date.fromisoformat(last_update) if last_update else None,
    )
    return SimpleNamespace(status=status, target=None, latest_update=None)


def test_counts_every_status_and_leaves_closed_targets_out_of_live() -> None:
    counts = StatusCounts.of(
        [_judged(RAG.RED), _judged(RAG.RED), _judged(RAG.COMPLETE), _judged(RAG.CANCELLED)]
    )
    assert counts.counts[RAG.RED] == 2 and counts.counts[RAG.GREEN] == 0
    assert (counts.live, counts.closed) == (3, 1)
    assert counts.summary() == "1 of 3 targets complete, 2 late or off track (1 closed)"


def test_bar_segments_follow_each_other_and_fill_the_bar() -> None:
    counts = StatusCounts.of([_judged(RAG.COMPLETE), _judged(RAG.RED), _judged(RAG.RED)])
    segments = counts.bar()
    assert [(rag, count) for rag, count, _, _ in segments] == [(RAG.COMPLETE, 1), (RAG.RED, 2)]
    assert segments[1][2] == segments[0][3]
    assert round(sum(width for *_, width in segments)) == 100


def test_became_overdue_means_fell_due_since_the_last_quarter_end() -> None:
    since = dt.date(2021, 9, 30)
    newly = _judged(RAG.RED, due="2021-10-31", late=15)
    older = _judged(RAG.RED, due="2021-08-31", late=76)
    off_track_not_late = _judged(RAG.RED, due="2021-12-31")
    assert became_overdue([older, newly, off_track_not_late], since=since, as_at=AS_AT) == [newly]


def test_due_soon_is_live_and_not_complete_within_90_days() -> None:
    soon = _judged(RAG.GREEN, due="2022-02-13")  # 90 days on
    later = _judged(RAG.GREEN, due="2022-02-14")
    done = _judged(RAG.COMPLETE, due="2021-12-01")
    closed = _judged(RAG.CANCELLED, due="2021-12-01")
    assert due_soon([later, done, closed, soon], as_at=AS_AT) == [soon]


def test_stale_counts_silence_since_the_last_update_or_the_plans_start() -> None:
    start = dt.date(2021, 1, 1)
    recent = _judged(RAG.GREEN, last_update="2021-10-01")
    old = _judged(RAG.GREEN, last_update="2021-08-01")
    never = _judged(RAG.NOT_YET_DUE)
    done = _judged(RAG.COMPLETE, last_update="2021-02-01")
    assert stale([recent, old, never, done], as_at=AS_AT, stale_days=90, plan_start=start) == [
        never,
        old,
    ]
