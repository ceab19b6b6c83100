"""A small plan whose targets have statuses known by hand at two as at dates."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from plans.models import Plan
from tests.factories import (
    PlanFactory,
    ProgressUpdateFactory,
    ServiceAreaFactory,
    TargetFactory,
    UserFactory,
)

LONDON = ZoneInfo("Europe/London")
EARLY, LATE = dt.date(2021, 9, 30), dt.date(2021, 12, 31)

# ref: (service area, deadline, lifecycle, [(update day, status)], status at EARLY, at LATE)
KNOWN = {
    "A-T1": ("a", "by summer 2021", "live", [("2021-08-15", "complete")], "complete", "complete"),
    "A-T2": ("a", "by summer 2021", "live", [("2021-07-01", "on_track")], "red", "red"),
    "A-T3": ("a", "by the end of 2021", "live", [("2021-09-01", "on_track")], "green", "amber"),
    "A-T4": ("a", "", "live", [], "unscheduled", "unscheduled"),
    "B-T5": ("b", "by autumn 2021", "live", [("2021-09-10", "at_risk")], "amber", "red"),
    "B-T6": ("b", "by March 2022", "live", [], "not_yet_due", "not_yet_due"),
    "B-T7": ("b", "by summer 2021", "cancelled", [], "red", "cancelled"),
    "B-T8": (
        "b",
        "by the end of 2022",
        "live",
        [("2021-12-01", "off_track")],
        "not_yet_due",
        "red",
    ),
}


def expected_counts(day: dt.date, area: str | None = None) -> dict[str, int]:
    """Count the hand-written statuses: the independent computation the pages are checked by."""
    column = 4 if day == EARLY else 5
    counts: dict[str, int] = {}
    for row in KNOWN.values():
        if area is None or row[0] == area:
            counts[row[column]] = counts.get(row[column], 0) + 1
    return counts


@pytest.fixture
def known_plan(db) -> Plan:
    plan = PlanFactory(slug="known", title="Known plan")
    areas = {
        "a": ServiceAreaFactory(plan=plan, slug="area-a", name="Area A", position=0),
        "b": ServiceAreaFactory(plan=plan, slug="area-b", name="Area B", position=1),
    }
    author = UserFactory(first_name="Ada", last_name="Author")
    for position, (ref, (area, deadline, lifecycle, updates, *_)) in enumerate(KNOWN.items()):
        target = TargetFactory(
            service_area=areas[area],
            ref=ref,
            deadline_text=deadline,
            position=position,
            lifecycle=lifecycle,
            closed_on=dt.date(2021, 10, 1) if lifecycle != "live" else None,
            closure_reason="Merged into the workforce plan." if lifecycle != "live" else "",
        )
        for day, status in updates:
            made_at = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(11), tzinfo=LONDON)
            ProgressUpdateFactory(target=target, author=author, status=status, made_at=made_at)
    return plan
