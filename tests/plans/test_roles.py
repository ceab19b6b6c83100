"""The questions pages ask about a user's role, for the service lead role above all."""

import pytest
from django.contrib.auth.models import Group, Permission

from plans.roles import (
    OFFICERS,
    PLAN_ADMINS,
    SENIOR_MANAGERS,
    SERVICE_LEADS,
    is_service_lead,
    leads_area,
    plan_apps,
    reads_plan,
    works_in,
)
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


def test_plan_apps_are_the_projects_own_apps_from_installed_apps() -> None:
    own = plan_apps()
    assert {"plans", "targets", "outcomes", "reminders", "public", "reports"} <= own
    assert not own & {"auth", "admin", "contenttypes", "simple_history", "axes", "import_export"}


def test_roles_hold_the_view_permissions_of_every_model_of_the_plans_apps() -> None:
    views = Permission.objects.filter(
        content_type__app_label__in=plan_apps(), codename__startswith="view_"
    )
    assert views.filter(content_type__app_label="reminders").exists()
    for role in (OFFICERS, SERVICE_LEADS, SENIOR_MANAGERS, PLAN_ADMINS):
        held = Group.objects.get(name=role).permissions
        assert set(views) <= set(held.all()), role
    assert (
        not Group.objects.get(name=SENIOR_MANAGERS)
        .permissions.exclude(codename__startswith="view_")
        .exists()
    )
