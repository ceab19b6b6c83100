"""The target list: whose targets, filters (status and due period as at a date, equality groups with
their narrower groups), sorting, pagination, and bad query strings shown as messages."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from plans.models import EqualityGroup, Plan, ServiceArea
from targets.models import Target
from tests.factories import (
    EqualityGroupFactory,
    PlanFactory,
    ProgressUpdateFactory,
    ServiceAreaFactory,
    TargetFactory,
    UserFactory,
    officer_of,
    plan_admin,
    senior_manager,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2021, 9, 30)
URL = reverse("targets:list")


@pytest.fixture(autouse=True)
def today(monkeypatch) -> dt.date:
    monkeypatch.setattr("targets.views.timezone.localdate", lambda: TODAY)
    return TODAY


@pytest.fixture
def plan() -> Plan:
    return PlanFactory()


@pytest.fixture
def area(plan: Plan) -> ServiceArea:
    return ServiceAreaFactory(plan=plan, name="Community wealth building")


@pytest.fixture
def housing(plan: Plan) -> ServiceArea:
    return ServiceAreaFactory(plan=plan, name="Housing")


def _due(ref: str, day: str | None, area: ServiceArea, **fields: object) -> Target:
    if day is None:
        return TargetFactory(ref=ref, service_area=area, deadline_text="", **fields)
    return TargetFactory(
        ref=ref, service_area=area, deadline_text=day, due_date=dt.date.fromisoformat(day), **fields
    )


def _update(target: Target, day: str, status: str) -> None:
    made_at = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), tzinfo=LONDON)
    ProgressUpdateFactory(target=target, made_at=made_at, status=status, author=_author())


def _author():
    return UserFactory(username="author")  # one user: hashing passwords is slow


def _refs(response) -> list[str]:
    """The targets listed, in the table's order."""
    assert response.status_code == 200
    return re.findall(
        r'<th scope="row"[^>]*>\s*<a class="govuk-link" [^>]*><strong>([^<]+)<', response.text
    )


def _list(client: Client, **query: object):
    return client.get(URL, {key: str(value) for key, value in query.items()})


# --- Whose targets ------------------------------------------------------------------------------


def test_officer_sees_their_own_areas_targets_by_default_as_my_targets(
    client: Client, area: ServiceArea, housing: ServiceArea
) -> None:
    _due("CWB-T1", "2021-12-31", area)
    _due("HSG-T1", "2021-12-31", housing)
    client.force_login(officer_of(area))
    response = _list(client)
    assert _refs(response) == ["CWB-T1"]
    assertContains(response, '<h1 class="govuk-heading-l">My targets</h1>', html=True)
    assertContains(response, "<title>My targets")
    assert re.search(r'value="mine"[^>]* checked', response.text)


def test_officer_may_switch_to_all_service_areas(
    client: Client, area: ServiceArea, housing: ServiceArea
) -> None:
    _due("CWB-T1", "2021-12-31", area)
    _due("HSG-T1", "2021-12-31", housing)
    client.force_login(officer_of(area))
    response = _list(client, scope="all")
    assert sorted(_refs(response)) == ["CWB-T1", "HSG-T1"]
    assertContains(response, '<h1 class="govuk-heading-l">All targets</h1>', html=True)


def test_officer_with_nothing_in_their_areas_is_offered_all_areas(
    client: Client, area: ServiceArea, housing: ServiceArea
) -> None:
    _due("HSG-T1", "2021-12-31", housing)
    client.force_login(officer_of(area))
    response = _list(client)
    assert _refs(response) == []
    assertContains(response, "No targets match these filters.")
    assertContains(response, "Show the targets of all service areas")


@pytest.mark.parametrize("make_user", [senior_manager, plan_admin])
def test_managers_and_plan_admins_see_all_targets_with_no_scope_choice(
    client: Client, area: ServiceArea, housing: ServiceArea, make_user
) -> None:
    _due("CWB-T1", "2021-12-31", area)
    _due("HSG-T1", "2021-12-31", housing)
    client.force_login(make_user())
    response = _list(client, scope="mine")
    assert sorted(_refs(response)) == ["CWB-T1", "HSG-T1"]
    assertContains(response, '<h1 class="govuk-heading-l">All targets</h1>', html=True)
    assertNotContains(response, 'id="id_scope')  # no scope choice (a link may carry it)


# --- Columns and form ---------------------------------------------------------------------------


def test_each_row_shows_target_area_owner_deadline_due_date_status_and_last_update(
    client: Client, area: ServiceArea
) -> None:
    owner = UserFactory(first_name="Olu", last_name="Adeyemi")
    target = TargetFactory(
        ref="CWB-T1", service_area=area, owner=owner, deadline_text="by summer 2021", text="Aim."
    )
    _update(target, "2021-08-02", "on_track")
    client.force_login(senior_manager())
    response = _list(client, as_at="2021-08-15")
    row = re.search(r'<tr class="govuk-table__row">\s*<th scope="row".*?</tr>', response.text, re.S)
    cells = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row.group(0), re.S)
    ]
    assert cells[:5] == [
        "CWB-T1 Aim.",
        "Community wealth building",
        "Olu Adeyemi",
        "Due 31 August 2021 The plan says “by summer 2021”",
        "Green: on track Due 31 August 2021; reported on track. "
        "Officer’s report: On track, 2 August 2021",
    ]
    # The latest update as the other tables show it: when, by whom, its commentary.
    assert cells[5].startswith("2 August 2021, ")
    assert cells[5].endswith("Going well.")
    assertContains(response, f'href="{reverse("targets:detail", args=[target.pk])}"')
    assertContains(response, "1 target, status as at 15 August 2021")


def test_filters_are_a_get_form_in_gov_uk_markup(client: Client, area: ServiceArea) -> None:
    client.force_login(officer_of(area))
    response = _list(client)
    assertContains(response, f'<form method="get" action="{URL}"')
    for name in ["status", "due", "group", "service_area", "plan"]:
        assertContains(response, f'<select name="{name}" class="govuk-select')
    assertContains(response, '<input type="search" name="q" class="govuk-input"')
    assertContains(response, '<details class="govuk-details app-filter__panel">')
    assertContains(response, '<a class="govuk-link" href="#results">Skip to the results</a>')
    for part in ["as_at_day", "as_at_month", "as_at_year"]:
        assertContains(response, f'name="{part}"')
    assertContains(response, 'class="govuk-radios__input" id="id_scope" name="scope"')


# --- Filters ------------------------------------------------------------------------------------


def test_status_filter_judges_each_target_as_at_the_given_date(
    client: Client, area: ServiceArea
) -> None:
    slipping = _due("CWB-T1", "2021-12-31", area)
    _update(slipping, "2021-06-01", "on_track")
    _update(slipping, "2021-08-01", "off_track")
    _due("CWB-T2", "2021-12-31", area)
    client.force_login(senior_manager())
    assert _refs(_list(client, status="red", as_at="2021-09-30")) == ["CWB-T1"]
    assert _refs(_list(client, status="red", as_at="2021-07-31")) == []
    assert _refs(_list(client, status="green", as_at="2021-07-31")) == ["CWB-T1"]
    assert _refs(_list(client, status="not_yet_due", as_at="2021-07-31")) == ["CWB-T2"]


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("overdue", ["LATE"]),
        ("next_30_days", ["TODAY", "SOON"]),
        ("next_90_days", ["TODAY", "SOON", "QUARTER"]),
        ("later", ["LATER"]),
        ("no_date", ["UNDATED"]),
        ("", ["LATE", "DONE", "CLOSED", "TODAY", "SOON", "QUARTER", "LATER", "UNDATED"]),
    ],
)
def test_due_periods_count_work_still_to_do_as_at_the_date(
    client: Client, area: ServiceArea, due: str, expected: list[str]
) -> None:
    _due("LATE", "2021-09-01", area)
    done = _due("DONE", "2021-09-02", area)
    _update(done, "2021-08-15", "complete")
    _due("CLOSED", "2021-09-03", area, lifecycle="cancelled", closure_reason="Dropped.")
    _due("TODAY", "2021-09-30", area)
    _due("SOON", "2021-10-20", area)
    _due("QUARTER", "2021-12-29", area)  # 90 days after 30 September
    _due("LATER", "2021-12-30", area)  # 91 days
    _due("UNDATED", None, area)
    client.force_login(senior_manager())
    assert _refs(_list(client, due=due, as_at="2021-09-30")) == expected


@pytest.fixture
def race() -> EqualityGroup:
    race = EqualityGroupFactory(slug="race", name="Race")
    EqualityGroupFactory(
        slug="bame", name="Black, Asian and Minority Ethnic residents", parent=race
    )
    return race


def test_group_filter_includes_targets_tagged_with_narrower_groups(
    client: Client, area: ServiceArea, race: EqualityGroup
) -> None:
    bame = race.children.get()
    women = EqualityGroupFactory(slug="women", name="Women")
    _due("T1", "2021-10-01", area).groups.add(bame)
    _due("T2", "2021-10-02", area).groups.add(race)
    _due("T3", "2021-10-03", area).groups.add(women)
    _due("T4", "2021-10-04", area).groups.add(race, bame)
    client.force_login(senior_manager())
    assert _refs(_list(client, group="race")) == ["T1", "T2", "T4"]
    assert _refs(_list(client, group="bame")) == ["T1", "T4"]
    assert _refs(_list(client, group="women")) == ["T3"]


def test_group_choices_show_narrower_groups_under_their_broad_group(
    client: Client, area: ServiceArea, race: EqualityGroup
) -> None:
    client.force_login(senior_manager())
    response = _list(client)
    page = response.text
    assert page.index('<option value="race">Race</option>') < page.index(
        '<option value="bame">Race: Black, Asian and Minority Ethnic residents</option>'
    )


def test_service_area_and_plan_filters(
    client: Client, area: ServiceArea, housing: ServiceArea, plan: Plan
) -> None:
    later_plan = PlanFactory(title="Refresh 2022")
    _due("CWB-T1", "2021-10-01", area)
    _due("HSG-T1", "2021-10-02", housing)
    _due("NEW-T1", "2022-10-01", ServiceAreaFactory(plan=later_plan))
    client.force_login(senior_manager())
    assert _refs(_list(client, service_area=housing.pk)) == ["HSG-T1"]
    assert _refs(_list(client, plan=plan.pk)) == ["CWB-T1", "HSG-T1"]
    assert _refs(_list(client, plan=later_plan.pk)) == ["NEW-T1"]
    assert _refs(_list(client)) == ["CWB-T1", "HSG-T1", "NEW-T1"]


def test_dashboard_link_with_filters_in_the_query_string(
    client: Client, area: ServiceArea, housing: ServiceArea, plan: Plan
) -> None:
    _due("HSG-T1", "2021-09-01", housing)  # late as at 30 September: red
    _due("HSG-T2", "2021-12-01", housing)
    _due("CWB-T1", "2021-09-01", area)
    client.force_login(officer_of(area))
    query = f"?status=red&service_area={housing.pk}&as_at=2021-09-30&scope=all&plan={plan.pk}"
    response = client.get(URL + query)
    assert _refs(response) == ["HSG-T1"]
    assertContains(response, "1 target, status as at 30 September 2021")
    assertContains(response, '<option value="red" selected>Red: late or off track</option>')


# --- Sorting ------------------------------------------------------------------------------------


@pytest.fixture
def dated(area: ServiceArea) -> None:
    _due("T2", "2021-11-01", area)
    _due("T10", None, area)
    late = _due("T3", "2021-09-01", area)
    _update(late, "2021-08-01", "on_track")
    _due("T1", "2021-12-31", area)


def test_default_order_is_due_date_soonest_first_with_undated_last(
    client: Client, dated: None
) -> None:
    client.force_login(senior_manager())
    response = _list(client, as_at="2021-09-30")
    assert _refs(response) == ["T3", "T2", "T1", "T10"]
    assert re.search(r'aria-sort="ascending">\s*<a [^>]*>Deadline</a>', response.text)
    assert response.text.count("aria-sort=") == 1


def test_sorting_by_due_date_descending_keeps_undated_last(client: Client, dated: None) -> None:
    client.force_login(senior_manager())
    response = _list(client, as_at="2021-09-30", sort="-due_date")
    assert _refs(response) == ["T1", "T2", "T3", "T10"]
    assert re.search(r'aria-sort="descending">\s*<a [^>]*>Deadline</a>', response.text)


def test_sorting_by_target_puts_refs_in_natural_order(client: Client, dated: None) -> None:
    client.force_login(senior_manager())
    assert _refs(_list(client, sort="target")) == ["T1", "T2", "T3", "T10"]
    assert _refs(_list(client, sort="-target")) == ["T10", "T3", "T2", "T1"]


def test_sorting_by_status_puts_the_most_urgent_first(client: Client, dated: None) -> None:
    client.force_login(senior_manager())
    # As at 30 September: T3 late (red), T10 undated (unscheduled), T2 and T1 not yet due.
    assert _refs(_list(client, sort="status", as_at="2021-09-30")) == ["T3", "T10", "T2", "T1"]


def test_sorting_by_last_update_puts_targets_never_updated_last(
    client: Client, dated: None
) -> None:
    client.force_login(senior_manager())
    assert _refs(_list(client, sort="last_update", as_at="2021-09-30"))[0] == "T3"
    assert _refs(_list(client, sort="-last_update", as_at="2021-09-30"))[0] == "T3"


def test_unknown_sort_falls_back_to_due_date(client: Client, dated: None) -> None:
    client.force_login(senior_manager())
    assert _refs(_list(client, sort="password", as_at="2021-09-30")) == ["T3", "T2", "T1", "T10"]


def test_sort_links_keep_the_filters_and_go_back_to_page_one(client: Client, dated: None) -> None:
    client.force_login(senior_manager())
    response = _list(client, status="not_yet_due", as_at="2021-09-30", page=1)
    assertContains(response, 'href="?status=not_yet_due&amp;as_at=2021-09-30&amp;sort=-due_date"')
    assertContains(response, 'href="?status=not_yet_due&amp;as_at=2021-09-30&amp;sort=status"')


# --- Pagination ---------------------------------------------------------------------------------


@pytest.fixture
def many(area: ServiceArea) -> None:
    for number in range(51):
        _due(f"T{number + 1}", (dt.date(2021, 10, 1) + dt.timedelta(days=number)).isoformat(), area)


def test_list_shows_50_targets_a_page(client: Client, many: None) -> None:
    client.force_login(senior_manager())
    first = _list(client)
    assert _refs(first) == [f"T{number}" for number in range(1, 51)]
    assertContains(first, 'aria-label="Targets pagination"')
    assertContains(first, "51 targets, status as at 30 September 2021")
    assert _refs(_list(client, page=2)) == ["T51"]


@pytest.mark.parametrize(("page", "first_ref"), [("abc", "T1"), ("99", "T51"), ("-1", "T51")])
def test_page_number_out_of_range_shows_the_nearest_page(
    client: Client, many: None, page: str, first_ref: str
) -> None:
    client.force_login(senior_manager())
    assert _refs(_list(client, page=page))[0] == first_ref


# --- Bad query strings --------------------------------------------------------------------------


def test_bad_as_at_date_is_explained_and_today_is_used(client: Client, area: ServiceArea) -> None:
    _due("CWB-T1", "2021-09-01", area)
    client.force_login(senior_manager())
    response = _list(client, as_at="31/09/2021", status="red")
    assertContains(
        response,
        "is not a date. Enter the as at date as day, month and year. For example, 30 9 2021. "
        "Showing today instead.",
    )
    assertContains(response, "status as at 30 September 2021")
    assert _refs(response) == ["CWB-T1"]


def test_a_far_as_at_date_is_explained_not_a_500(client: Client, area: ServiceArea) -> None:
    """The day after 9999-12-31 cannot be computed: such a date was a server error."""
    _due("CWB-T1", "2021-09-01", area)
    client.force_login(senior_manager())
    response = _list(client, as_at="9999-12-31")
    assertContains(response, "is not a date. Enter the as at date as day, month and year")
    assert _refs(response) == ["CWB-T1"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "purple"}, "Choose a status from the list"),
        ({"due": "yesterday"}, "Choose when the targets are due from the list"),
        ({"group": "nobody"}, "Choose an equality group from the list"),
        ({"service_area": "abc"}, "Choose a service area from the list"),
        ({"plan": "999999"}, "Choose a plan from the list"),
        ({"scope": "everyone"}, "Choose whose targets to show"),
    ],
)
def test_unknown_filter_value_is_explained_and_filters_nothing(
    client: Client, area: ServiceArea, query: dict, message: str
) -> None:
    _due("CWB-T1", "2021-09-01", area)
    client.force_login(officer_of(area))
    response = _list(client, **query)
    assertContains(response, message)
    assert _refs(response) == ["CWB-T1"]
