"""The shared page cache: a cached report is served without being made again, and no page is
ever stale after a write: a progress update, a measurement, an edit as the admin makes it, a bulk
path."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from islington_equality.settings import CACHES
from plans.cache import VERSION_KEY, data_version
from plans.models import Plan
from targets.models import Target
from targets.services import record_progress, refresh_status_timelines
from tests.factories import (
    EqualityGroupFactory,
    PlanFactory,
    ServiceAreaFactory,
    TargetFactory,
    senior_manager,
)

# Real commits, so every write gives the data its new version as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)
AS_AT = {"as_at": "2021-09-30"}


@pytest.fixture(autouse=True)
def shared_cache(settings, no_page_cache) -> None:
    """The cache as production has it (the database's table), in place of the tests' dummy."""
    settings.CACHES = CACHES
    cache.clear()


@pytest.fixture
def plan() -> Plan:
    plan = PlanFactory(slug="cached", title="Cached plan")
    area = ServiceAreaFactory(plan=plan, slug="area", name="Area")
    target = TargetFactory(
        service_area=area, ref="C-T1", deadline_text="by 2030", due_date=dt.date(2030, 12, 31)
    )
    target.groups.add(EqualityGroupFactory(slug="women", name="Women"))  # in the equality view
    return plan


@pytest.fixture
def manager(client: Client) -> Client:
    client.force_login(senior_manager())
    return client


PAGES = [
    ("home", [], {"plan": "cached"}),
    ("reports:directorate", ["cached", "area"], {}),
    ("reports:plan", ["cached"], {}),
    ("reports:equality", ["cached"], {}),
]


def _get(client: Client, name: str, args: list, query: dict, as_at: dict = AS_AT) -> str:
    """The page's main content (the header's sign-out form has a new CSRF token each time)."""
    response = client.get(reverse(name, args=args), {**query, **as_at})
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1]


@pytest.mark.parametrize(("name", "args", "query"), PAGES)
def test_a_report_is_served_from_the_cache_the_second_time(
    manager: Client, plan: Plan, name: str, args: list, query: dict
) -> None:
    first = _get(manager, name, args, query)
    with CaptureQueriesContext(connection) as queries:
        second = _get(manager, name, args, query)
    assert second == first
    assert not [q for q in queries if "targets_target" in q["sql"]]  # not made again


@pytest.mark.parametrize(("name", "args", "query"), PAGES)
def test_no_report_is_stale_after_a_progress_update(
    manager: Client, plan: Plan, name, args, query
) -> None:
    before = _get(manager, name, args, query, as_at={})  # as at today
    target = Target.objects.get(ref="C-T1")
    record_progress(
        target=target, author=senior_manager(), seen_latest_update_id=None, status="off_track"
    )
    after = _get(manager, name, args, query, as_at={})
    assert after != before
    assert after.count("off track") > before.count("off track") or "Red" in after


def test_the_dashboard_counts_an_update_at_once(manager: Client, plan: Plan) -> None:
    query = {"plan": "cached"}
    first = manager.get(reverse("home"), query).content.decode()
    red = '>1<span class="govuk-visually-hidden"> Red: late or off track targets'
    assert red not in first
    record_progress(
        target=Target.objects.get(ref="C-T1"),
        author=senior_manager(),
        seen_latest_update_id=None,
        status="off_track",
    )
    assert red in manager.get(reverse("home"), query).content.decode()


def test_an_edit_of_a_target_as_the_admin_saves_it_is_shown_at_once(
    manager: Client, plan: Plan
) -> None:
    url = reverse("reports:directorate", args=["cached", "area"])
    assert "Renamed target" not in manager.get(url).content.decode()
    target = Target.objects.get(ref="C-T1")
    target.text = "Renamed target"
    target.save()
    assert "Renamed target" in manager.get(url).content.decode()


def test_a_measurement_is_shown_at_once(manager: Client, plan: Plan) -> None:
    from tests.factories import OutcomeFactory
    from tests.outcomes.factories import IndicatorFactory, measure

    area = plan.service_areas.get()
    indicator = IndicatorFactory(outcome=OutcomeFactory(service_area=area), ref="C-I1")
    url = reverse("reports:directorate", args=["cached", "area"])
    assert "12,345" not in manager.get(url).content.decode()
    measure(indicator, "2021-06-30", 12345)
    assert "12,345" in manager.get(url).content.decode()


def test_a_bulk_write_gives_the_data_a_new_version(plan: Plan) -> None:
    before = data_version()
    refresh_status_timelines(Target.objects.all())
    assert data_version() != before


def test_a_lost_version_is_made_anew_never_reused(plan: Plan) -> None:
    first = data_version()
    cache.delete(VERSION_KEY)
    assert data_version() not in {first, None}


def test_the_public_plan_page_and_its_data_are_never_stale(plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).update(is_public=True, published_on=dt.date(2021, 4, 1))
    anyone = Client()
    page, data = (
        reverse("public:plan", args=["cached"]),
        reverse("public:targets_json", args=["cached"]),
    )
    before = anyone.get(page).content.decode(), anyone.get(data).content.decode()
    assert "Renamed for the public" not in before[0] + before[1]
    target = Target.objects.get(ref="C-T1")
    target.text = "Renamed for the public"
    target.save()
    assert "Renamed for the public" in anyone.get(page).content.decode()
    assert "Renamed for the public" in anyone.get(data).content.decode()


# The lists keep their results in the cache too (targets/views.py, outcomes/views.py).
LISTS = [
    ("targets:list", [], {"sort": "status"}, "targets_target"),
    ("outcomes:list", [], {"plan": "cached"}, "outcomes_outcome"),
]


@pytest.mark.parametrize(("name", "args", "query", "table"), LISTS)
def test_a_list_is_served_from_the_cache_the_second_time(
    manager: Client, plan: Plan, name: str, args: list, query: dict, table: str
) -> None:
    from tests.factories import OutcomeFactory

    OutcomeFactory(service_area=plan.service_areas.get(), ref="C-O1")
    first = _get(manager, name, args, query)
    with CaptureQueriesContext(connection) as queries:
        second = _get(manager, name, args, query)
    assert second == first
    assert "C-T1" in first if table == "targets_target" else "C-O1" in first
    assert not [q for q in queries if f'"{table}"' in q["sql"]]  # not made again


def test_the_target_list_is_never_stale(manager: Client, plan: Plan) -> None:
    url, query = "targets:list", {"sort": "status"}
    before = _get(manager, url, [], query, as_at={})
    record_progress(
        target=Target.objects.get(ref="C-T1"),
        author=senior_manager(),
        seen_latest_update_id=None,
        status="off_track",
    )
    after = _get(manager, url, [], query, as_at={})
    assert "Off track" in after and "Off track" not in before
    target = Target.objects.get(ref="C-T1")
    target.text = "Renamed in the list"
    target.save()  # as the admin saves it
    assert "Renamed in the list" in _get(manager, url, [], query, as_at={})
    # Filtered by status: a red target now.
    assert "C-T1" in _get(manager, url, [], {"status": "red"}, as_at={})


def test_an_officers_own_list_is_theirs_alone(client: Client, plan: Plan) -> None:
    """Cached by whose areas it lists: another officer never sees the first one's list, and an
    officer added to an area sees its targets at once."""
    from tests.factories import officer_of

    area = plan.service_areas.get()
    other_area = ServiceAreaFactory(plan=plan, slug="other", name="Other area")
    TargetFactory(service_area=other_area, ref="O-T1", due_date=dt.date(2030, 12, 31))
    first, second = officer_of(area), officer_of(other_area)
    client.force_login(first)
    mine = _get(client, "targets:list", [], {}, as_at={})
    assert "C-T1" in mine and "O-T1" not in mine
    client.force_login(second)
    theirs = _get(client, "targets:list", [], {}, as_at={})
    assert "O-T1" in theirs and "C-T1" not in theirs
    area.members.add(second)
    assert "C-T1" in _get(client, "targets:list", [], {}, as_at={})


def test_the_outcomes_list_shows_a_measurement_and_an_outcome_update_at_once(
    manager: Client, plan: Plan
) -> None:
    from outcomes.services import record_outcome_update
    from tests.factories import OutcomeFactory
    from tests.outcomes.factories import IndicatorFactory, measure

    outcome = OutcomeFactory(service_area=plan.service_areas.get(), ref="C-O1")
    indicator = IndicatorFactory(outcome=outcome, ref="C-I1")
    query = {"plan": "cached"}
    assert "12,345" not in _get(manager, "outcomes:list", [], query, as_at={})
    measure(indicator, "2021-06-30", 12345)
    assert "12,345" in _get(manager, "outcomes:list", [], query, as_at={})
    before = _get(manager, "outcomes:list", [], query, as_at={})
    assert "the officer’s judgement" not in before
    record_outcome_update(
        outcome=outcome, author=senior_manager(), rag="red", commentary="Not yet."
    )
    assert "the officer’s judgement" in _get(manager, "outcomes:list", [], query, as_at={})


def test_a_progress_update_leaves_other_plans_reports_cached(manager: Client, plan: Plan) -> None:
    """An update moves its own plan's version (and the lists of every plan), not the others'."""
    other = PlanFactory(slug="other", title="Other plan")
    TargetFactory(
        service_area=ServiceAreaFactory(plan=other, slug="elsewhere"),
        ref="X-T1",
        due_date=dt.date(2030, 12, 31),
    )
    author = senior_manager()  # a new account is a write to every plan's pages: made first
    others_report = ("reports:directorate", ["other", "elsewhere"], {})
    _get(manager, *others_report, as_at={})
    own_before = _get(manager, "reports:directorate", ["cached", "area"], {}, as_at={})
    list_before = _get(manager, "targets:list", [], {"sort": "status"}, as_at={})
    record_progress(
        target=Target.objects.get(ref="C-T1"),
        author=author,
        seen_latest_update_id=None,
        status="off_track",
    )
    with CaptureQueriesContext(connection) as queries:
        _get(manager, *others_report, as_at={})
    assert not [q for q in queries if '"targets_target"' in q["sql"]]  # still cached
    assert _get(manager, "reports:directorate", ["cached", "area"], {}, as_at={}) != own_before
    assert _get(manager, "targets:list", [], {"sort": "status"}, as_at={}) != list_before
    # Any other write moves every plan's pages.
    area = other.service_areas.get()
    area.name = "Renamed area"
    area.save()
    assert "Renamed area" in _get(manager, *others_report, as_at={})


def test_the_api_target_list_is_never_stale(plan: Plan) -> None:
    """The API's target list is kept in the cache too (api/routes/targets.py)."""
    from api.tokens import create_token

    reader = senior_manager()
    _, secret = create_token(
        user=reader,
        name="Cache test",
        expires_on=dt.date.today().replace(year=dt.date.today().year + 1),
    )
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    url = reverse("api-v1:targets")

    def latest() -> int | None:
        response = api.get(url)
        assert response.status_code == 200
        (row,) = response.json()["results"]
        return row["latest_update_id"]

    assert latest() is None
    assert latest() is None  # from the cache
    update = record_progress(
        target=Target.objects.get(ref="C-T1"),
        author=reader,
        seen_latest_update_id=None,
        status="off_track",
    )
    assert latest() == update.pk


def test_an_open_returns_report_is_never_stale(manager: Client, plan: Plan) -> None:
    from returns.services import open_return
    from tests.factories import plan_admin

    author = senior_manager()
    opened = open_return(
        plan=plan, name="Q1", as_at=dt.date.today(), due_on=dt.date.today(), by=plan_admin()
    )
    url = reverse("returns:report", args=[opened.pk])
    before = manager.get(url).content.decode().split("<main", 1)[1]
    assert manager.get(url).content.decode().split("<main", 1)[1] == before  # from the cache
    record_progress(
        target=Target.objects.get(ref="C-T1"),
        author=author,
        seen_latest_update_id=None,
        status="off_track",
    )
    assert manager.get(url).content.decode().split("<main", 1)[1] != before


def test_the_target_lists_filters_stay_cached_through_updates_but_not_other_writes(
    manager: Client, plan: Plan
) -> None:
    """The filters' choices (service areas, plans, groups) are kept until a write other than a
    progress update: an update leaves them cached, a renamed service area shows at once."""
    author = senior_manager()
    _get(manager, "targets:list", [], {}, as_at={})
    record_progress(
        target=Target.objects.get(ref="C-T1"),
        author=author,
        seen_latest_update_id=None,
        status="off_track",
    )
    with CaptureQueriesContext(connection) as queries:
        page = _get(manager, "targets:list", [], {}, as_at={})
    assert "Off track" in page  # the results made anew
    assert not [q for q in queries if 'FROM "plans_equalitygroup"' in q["sql"]]  # filters kept
    area = plan.service_areas.get()
    area.name = "Renamed for the filters"
    area.save()
    option = f'<option value="{area.pk}">Renamed for the filters</option>'
    assert option in _get(manager, "targets:list", [], {}, as_at={})


def test_the_indicator_page_is_kept_and_shows_a_measurement_at_once(
    manager: Client, plan: Plan
) -> None:
    from tests.factories import OutcomeFactory
    from tests.outcomes.factories import IndicatorFactory, measure

    outcome = OutcomeFactory(service_area=plan.service_areas.get(), ref="C-O1")
    indicator = IndicatorFactory(outcome=outcome, ref="C-I1")
    measure(indicator, "2021-03-31", 11111)
    first = _get(manager, "outcomes:indicator", [indicator.pk], {}, as_at={})
    with CaptureQueriesContext(connection) as queries:
        assert _get(manager, "outcomes:indicator", [indicator.pk], {}, as_at={}) == first
    assert not [q for q in queries if '"outcomes_measurement"' in q["sql"]]  # not made again
    assert "11,111" in first and "12,345" not in first
    measure(indicator, "2021-06-30", 12345)
    assert "12,345" in _get(manager, "outcomes:indicator", [indicator.pk], {}, as_at={})
