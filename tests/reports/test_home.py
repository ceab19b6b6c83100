"""Each role's home (reports/home.py): an officer's "what needs me"; the dashboard for others."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from plans.models import ServiceArea
from reports.home import officer_home
from targets.models import ProgressUpdate
from tests.factories import (
    OutcomeFactory,
    ProgressUpdateFactory,
    ServiceAreaFactory,
    TargetFactory,
    officer_of,
    plan_admin,
    senior_manager,
    service_lead_of,
)
from tests.outcomes.factories import IndicatorFactory, MeasurementFactory, OutcomeUpdateFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
AS_AT = dt.date(2021, 10, 15)


@pytest.fixture
def area() -> ServiceArea:
    return ServiceAreaFactory(name="Housing")


def _made(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T12:00").replace(tzinfo=LONDON)


def test_an_officer_needs_to_update_late_at_risk_and_quiet_targets_of_their_areas(
    area: ServiceArea,
) -> None:
    officer = officer_of(area)
    late = TargetFactory(service_area=area, ref="HSG-T1", deadline_text="by summer 2021")
    quiet = TargetFactory(service_area=area, ref="HSG-T2", deadline_text="by March 2022")
    fresh = TargetFactory(service_area=area, ref="HSG-T3", deadline_text="by March 2022")
    done = TargetFactory(service_area=area, ref="HSG-T4", deadline_text="by March 2022")
    TargetFactory(ref="OTHER-T1", deadline_text="by summer 2021")  # another area's
    ProgressUpdateFactory(target=quiet, author=officer, made_at=_made("2021-09-01"))
    ProgressUpdateFactory(target=fresh, author=officer, made_at=_made("2021-10-05"))
    ProgressUpdateFactory(
        target=done, author=officer, status="complete", made_at=_made("2021-10-01")
    )
    home = officer_home(user=officer, as_at=AS_AT)
    assert home.since == dt.date(2021, 9, 30)
    assert [row.target.ref for row in home.targets] == [late.ref, quiet.ref]
    assert home.other_targets == 1  # HSG-T3, updated this quarter; HSG-T4 is complete
    assert ProgressUpdate.objects.filter(target__service_area=area).count() == 3


def test_an_officer_needs_to_update_outcomes_with_no_update_this_quarter(area: ServiceArea) -> None:
    OutcomeFactory(service_area=area, ref="HSG-O1")
    home = officer_home(user=officer_of(area), as_at=AS_AT)
    assert [item.outcome.ref for item in home.outcomes] == ["HSG-O1"]
    assert home.outcomes[0].last_update_at is None


def test_figures_for_an_outcomes_indicator_count_as_its_update_as_in_a_return(
    area: ServiceArea,
) -> None:
    measured = OutcomeFactory(service_area=area, ref="HSG-O1")
    quiet = OutcomeFactory(service_area=area, ref="HSG-O2")
    MeasurementFactory(indicator=IndicatorFactory(outcome=measured), made_at=_made("2021-10-05"))
    MeasurementFactory(indicator=IndicatorFactory(outcome=quiet), made_at=_made("2021-06-05"))
    OutcomeUpdateFactory(outcome=quiet, made_at=_made("2021-08-01"))
    home = officer_home(user=officer_of(area), as_at=AS_AT)
    assert [item.outcome.ref for item in home.outcomes] == ["HSG-O2"]
    assert home.outcomes[0].last_update_at == _made("2021-08-01")  # the later of the two


def test_an_officers_home_page_lists_what_needs_them_with_update_links(
    client: Client, area: ServiceArea
) -> None:
    target = TargetFactory(service_area=area, ref="HSG-T1", deadline_text="by summer 2021")
    client.force_login(officer_of(area))
    response = client.get(reverse("home"))
    assertContains(response, '<h1 class="govuk-heading-l">What needs you</h1>', html=True)
    assertContains(response, "1 target needs an update")
    assertContains(response, "No outcomes need an update")  # not "0 outcomes need"
    assertContains(response, f'href="{reverse("targets:add_update", args=[target.pk])}"')
    assertContains(response, f'href="{reverse("reports:index")}"')  # the Reports menu item
    assertNotContains(response, f'href="{reverse("admin:index")}"')


@pytest.mark.parametrize("role", ["manager", "lead", "admin"])
def test_managers_leads_and_plan_admins_get_the_dashboard(
    client: Client, area: ServiceArea, role: str
) -> None:
    TargetFactory(service_area=area)
    user = {"manager": senior_manager, "lead": lambda: service_lead_of(area), "admin": plan_admin}[
        role
    ]()
    client.force_login(user)
    response = client.get(reverse("home"))
    assertContains(response, "Targets by service area and status")
    assertNotContains(response, "What needs you")
    assertContains(response, f'href="{reverse("reports:plan", args=[area.plan.slug])}')
    if role == "admin":
        assertContains(response, f'href="{reverse("admin:index")}"')


def test_the_reports_page_lists_every_report_of_the_plan(client: Client, area: ServiceArea) -> None:
    client.force_login(senior_manager())
    response = client.get(reverse("reports:index"))
    assertContains(response, reverse("reports:directorate", args=[area.plan.slug, area.slug]))
    assertContains(response, reverse("reports:equality", args=[area.plan.slug]))
    assertContains(response, reverse("reports:export_plan_targets", args=[area.plan.slug, "csv"]))
