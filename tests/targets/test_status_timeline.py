"""A target's status timeline agrees with status_as_at on every day, whatever the target."""

import itertools
from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from plans.deadlines import DeadlineKind, DeadlineWindow, parse_deadline
from plans.rag import RAG
from targets.status import (
    Lifecycle,
    ProgressStatus,
    StatusRules,
    UpdateFact,
    status_as_at,
    status_timeline,
)

FIRST = date(2020, 1, 1)
UNTIL = date(2025, 1, 1)
PLAN_START = date(2021, 4, 1)
days = st.dates(min_value=FIRST, max_value=date(2024, 6, 30))


@st.composite
def windows(draw: st.DrawFn) -> DeadlineWindow:
    kind = draw(st.sampled_from(DeadlineKind))
    if kind is DeadlineKind.UNSCHEDULED:
        return DeadlineWindow(kind, None, None, "")
    if kind is DeadlineKind.RECURRING:
        start = draw(days)
        return DeadlineWindow(kind, start, start.replace(year=start.year + 1), "annual")
    start, end = sorted(draw(st.lists(days, min_size=2, max_size=2)))
    return DeadlineWindow(kind, start, end, "by then")


updates = st.lists(
    st.builds(
        UpdateFact,
        made_at=st.builds(
            datetime.combine, days, st.sampled_from([time(0), time(12), time(23, 59)])
        ),
        status=st.sampled_from(ProgressStatus),
    ),
    max_size=8,
)


def _fields(status) -> tuple:
    return (status.rag, status.due_date, status.last_update_on, status.completed_on_time)


def _agrees_every_day(*, start: date = FIRST, end: date = UNTIL, **facts) -> None:
    spans = status_timeline(**facts, until=UNTIL)
    assert spans[0].starts_on == date.min and spans[-1].ends_on is None
    assert all(a.ends_on == b.starts_on for a, b in itertools.pairwise(spans))
    index, day = 0, start
    while day < end:
        while not spans[index].covers(day):
            index += 1
        expected = status_as_at(**facts, as_at=day)
        assert _fields(spans[index]) == _fields(expected), day
        day += timedelta(days=1)


@settings(max_examples=150, deadline=None)
@given(
    window=windows(),
    updates=updates,
    lifecycle=st.sampled_from(Lifecycle),
    closed_on=st.none() | days,
    revised=st.none() | windows().filter(lambda window: window.kind is DeadlineKind.DATED),
    warning_days=st.integers(0, 60),
    stale_days=st.integers(0, 120),
)
def test_the_timeline_gives_status_as_at_on_every_day(
    window, updates, lifecycle, closed_on, revised, warning_days, stale_days
) -> None:
    _agrees_every_day(
        window=window,
        updates=updates,
        lifecycle=lifecycle,
        closed_on=closed_on,
        revised_window=revised,
        rules=StatusRules(warning_days=warning_days, stale_days=stale_days),
    )


def test_a_dated_target_without_updates_has_three_spans() -> None:
    spans = status_timeline(
        window=parse_deadline("by summer 2021"), updates=[], until=date(2030, 1, 1)
    )
    assert [(span.starts_on, span.rag) for span in spans] == [
        (date.min, RAG.NOT_YET_DUE),
        (date(2021, 8, 1), RAG.AMBER),  # 30 days before the due date
        (date(2021, 9, 1), RAG.RED),  # the day after it
    ]


def test_a_recurring_target_is_judged_cycle_by_cycle_until_the_horizon() -> None:
    annual = parse_deadline("annual", recurring_from=PLAN_START)
    done = UpdateFact(datetime(2022, 1, 10, 12), ProgressStatus.COMPLETE)
    spans = status_timeline(window=annual, updates=[done], until=date(2025, 4, 1))
    assert {span.due_date for span in spans} == {
        date(2022, 3, 31),
        date(2023, 3, 31),
        date(2024, 3, 31),
        date(2025, 3, 31),  # the cycle that starts on the horizon goes on after it
    }
    _agrees_every_day(window=annual, updates=[done], start=date(2021, 1, 1), end=date(2025, 4, 1))


def test_a_closed_target_is_closed_from_its_closing_date_on() -> None:
    spans = status_timeline(
        window=parse_deadline("by summer 2021"),
        updates=[],
        lifecycle=Lifecycle.CANCELLED,
        closed_on=date(2021, 6, 1),
        until=UNTIL,
    )
    assert (spans[-1].starts_on, spans[-1].rag, spans[-1].ends_on) == (
        date(2021, 6, 1),
        RAG.CANCELLED,
        None,
    )
