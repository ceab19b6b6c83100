"""The speed-ups give the answers the plain ways give: the dashboard's status over time counted in
one query, and a plan's new entries stored in bulk with their history."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from planfile.services import import_plan
from plans.models import Plan
from reports.queries import plan_targets
from targets.models import Target
from targets.queries import count_on_days, judge_targets
from targets.status import count_by_rag
from tests.reports.conftest import known_plan  # noqa: F401 - the fixture

DAYS = [dt.date(2021, 6, 30), dt.date(2021, 9, 30), dt.date(2021, 10, 1), dt.date(2021, 12, 31)]


def test_counting_on_several_days_agrees_with_judging_on_each(known_plan: Plan) -> None:  # noqa: F811
    with CaptureQueriesContext(connection) as queries:
        on_days = count_on_days(plan_targets(known_plan), days=DAYS)
    assert len(queries) == 1
    for day in DAYS:
        each = judge_targets(plan_targets(known_plan), as_at=day, with_updates=False)
        assert on_days[day] == count_by_rag(item.status for item in each)


def test_new_targets_are_stored_with_their_links_and_one_history_record(
    db: None, islington_data: dict
) -> None:
    import_plan(data=islington_data)
    area = islington_data["plan"]["service_areas"][0]
    entry = next(t for t in area["targets"] if t.get("groups") and t.get("actions"))
    target = Target.objects.get(service_area__slug=area["slug"], ref=entry["ref"])
    assert sorted(target.groups.values_list("slug", flat=True)) == sorted(entry["groups"])
    assert sorted(target.actions.values_list("ref", flat=True)) == sorted(entry["actions"])
    (record,) = target.history.all()
    assert record.history_type == "+"
    assert sorted(record.groups.values_list("equalitygroup__slug", flat=True)) == sorted(
        entry["groups"]
    )
    assert sorted(record.actions.values_list("action__ref", flat=True)) == sorted(entry["actions"])
