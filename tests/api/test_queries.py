"""The API's lists cost a fixed number of queries whatever their size, and the spec `make bench`
reads for the API's pages answers."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.bench import api_pages
from plans.models import Plan
from targets.models import Target
from tests.factories import ProgressUpdateFactory, TargetFactory
from tests.outcomes.factories import measure

pytestmark = pytest.mark.django_db


def _queries(client, path: str) -> int:
    """Queries of a request, after one to warm up (a token's first request in a minute starts
    its rate-limit count: one more UPDATE)."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_target_list_costs_the_same_queries_for_more_targets(
    api_as, manager, islington: Plan, areas
) -> None:
    client = api_as(manager)
    path = f"/api/v1/targets?plan={islington.pk}&page_size=200"
    ProgressUpdateFactory(target=Target.objects.first(), status="on_track")  # authors are read
    before = _queries(client, path)
    for n in range(15):
        target = TargetFactory(service_area=areas["housing"], ref=f"X-{n}")
        ProgressUpdateFactory(target=target, status="on_track")
    assert Target.objects.count() > 15
    assert _queries(client, path) == before


@pytest.mark.parametrize(
    "query",
    ["status=red", "due=overdue", "status=not_yet_due&due=later", "sort=-status,owner", ""],
)
def test_the_target_list_costs_one_page_whatever_its_status_and_due_filters(
    api_as, manager, islington: Plan, areas, query: str
) -> None:
    client = api_as(manager)
    path = f"/api/v1/targets?plan={islington.pk}&as_at=2021-12-31&page_size=5&{query}"
    before = _queries(client, path)
    for n in range(15):
        target = TargetFactory(service_area=areas["housing"], ref=f"X-{n}")
        ProgressUpdateFactory(target=target, status="off_track")
    assert _queries(client, path) == before


def test_an_indicators_measurements_cost_the_same_queries_for_more_figures(
    api_as, manager, indicator
) -> None:
    client = api_as(manager)
    path = f"/api/v1/indicators/{indicator.pk}/measurements"
    measure(indicator, "2021-01-31", 10, african=2)
    before = _queries(client, path)
    for month in ("2021-02-28", "2021-03-31", "2021-04-30", "2021-05-31"):
        measure(indicator, month, 10, african=3, irish=1)
    assert _queries(client, path) == before


def test_the_bench_spec_names_pages_that_answer(
    client: Client, manager, islington: Plan, indicator
) -> None:
    pages = api_pages(islington, user=manager, indicator=indicator)
    assert [name for name, _, _ in pages] == ["API target list", "API indicator measurements"]
    client.force_login(manager)
    for _, path, username in pages:
        assert username == manager.username
        assert client.get(path).status_code == 200, path
