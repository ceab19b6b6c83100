"""The questions pages ask about a user's role, for the service lead role above all."""

import pytest

from plans.roles import is_service_lead, leads_area, reads_plan, works_in
from tests.factories import PlanFactory, ServiceAreaFactory, officer_of, service_lead_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    plan = PlanFactory()
    return ServiceAreaFactory(plan=plan), ServiceAreaFactory(plan=plan)


def test_service_lead_reads_the_plan_and_leads_only_their_own_areas(areas) -> None:
    housing, other = areas
    lead = service_lead_of(housing)
    assert is_service_lead(lead)
    assert reads_plan(lead)
    assert leads_area(lead, housing)
    assert not leads_area(lead, other)


def test_service_lead_does_not_record_progress_for_the_area_they_lead(areas) -> None:
    housing, _ = areas
    assert not works_in(service_lead_of(housing), housing)


def test_officer_is_not_a_lead_of_their_own_area(areas) -> None:
    housing, _ = areas
    assert not leads_area(officer_of(housing), housing)
