"""The officer's home page shows their open return: each of their areas in it, its stage, what is
left to update and the way to "Your return" (islington_equality.views.home, returns.queries)."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from plans.models import Plan, ServiceArea
from returns import services
from returns.models import AreaReturn, Return
from targets.models import ProgressUpdate
from tests.factories import (
    OutcomeFactory,
    PlanFactory,
    ProgressUpdateFactory,
    ServiceAreaFactory,
    TargetFactory,
    officer_of,
    plan_admin,
)

pytestmark = pytest.mark.django_db
OPENED = timezone.make_aware(datetime(2021, 10, 1, 9, 0))


def _open(plan: Plan) -> Return:
    return services.open_return(
        plan=plan,
        name="Q2 2021/22",
        as_at=date(2021, 9, 30),
        due_on=date(2021, 10, 15),
        by=plan_admin(),
        at=OPENED,
    )


@pytest.fixture
def plan() -> Plan:
    return PlanFactory()


def _area(plan: Plan, name: str, *, targets: int, outcomes: int = 0) -> ServiceArea:
    area = ServiceAreaFactory(plan=plan, name=name)
    for _ in range(targets):
        TargetFactory(service_area=area)
    for _ in range(outcomes):
        OutcomeFactory(service_area=area)
    return area


def test_an_officer_sees_each_of_their_areas_in_the_open_return(client: Client, plan: Plan) -> None:
    housing = _area(plan, "Housing", targets=2, outcomes=1)
    adults = _area(plan, "Adult social care", targets=1)
    _area(plan, "Children", targets=1)  # not theirs
    officer = officer_of(housing, adults)
    of_return = _open(plan)
    # One of Housing's three items updated since the return opened: in progress, 2 to go.
    ProgressUpdateFactory(
        target=housing.targets.first(), author=officer, made_at=OPENED + timedelta(hours=1)
    )
    client.force_login(officer)
    response = client.get(reverse("home"))
    assertContains(response, "What needs you")
    assertContains(response, "Your return: Q2 2021/22")
    assertContains(response, "In progress")
    assertContains(response, "2 items still need an update, of 3")
    assertContains(response, "Not started")
    assertContains(response, "1 item still needs an update, of 1")
    assertNotContains(response, "Children")
    assertContains(response, f'href="{reverse("returns:yours", args=[of_return.pk])}"')
    assert ProgressUpdate.objects.filter(target__service_area=housing).count() == 1
    assert AreaReturn.objects.filter(of_return=of_return).count() == 3


def test_a_submitted_area_says_so(client: Client, plan: Plan) -> None:
    housing = _area(plan, "Housing", targets=1)
    officer = officer_of(housing)
    of_return = _open(plan)
    AreaReturn.objects.filter(of_return=of_return).update(state=AreaReturn.State.SUBMITTED)
    ProgressUpdateFactory(
        target=housing.targets.get(), author=officer, made_at=OPENED + timedelta(hours=1)
    )
    client.force_login(officer)
    response = client.get(reverse("home"))
    assertContains(response, "Submitted")
    assertContains(response, "Every item is updated for this return")


def test_nothing_is_shown_when_no_return_is_open(client: Client, plan: Plan) -> None:
    housing = _area(plan, "Housing", targets=1)
    client.force_login(officer_of(housing))
    response = client.get(reverse("home"))
    assertContains(response, "What needs you")
    assertNotContains(response, "Your return")
    assert not Return.objects.exists()


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


def test_the_home_page_takes_the_same_queries_whatever_the_return_holds(
    client: Client, plan: Plan, django_assert_num_queries
) -> None:
    areas = [_area(plan, f"Area {n}", targets=1) for n in range(3)]
    officer = officer_of(areas[0])
    _open(plan)
    for area in areas:  # an update at each size: the home page loads the latest updates
        ProgressUpdateFactory(target=area.targets.get(), made_at=OPENED + timedelta(hours=1))
    client.force_login(officer)
    small = _queries(client)
    for area in areas[1:]:
        area.members.add(officer)
    for area in areas:
        for _ in range(6):
            target = TargetFactory(service_area=area)
            ProgressUpdateFactory(target=target, made_at=OPENED + timedelta(hours=2))
        OutcomeFactory(service_area=area)
    with django_assert_num_queries(small):
        response = client.get(reverse("home"))
    assert response.text.count('class="govuk-summary-list__row"') == 3
    assertContains(response, "1 item still needs an update, of 8", count=3)
