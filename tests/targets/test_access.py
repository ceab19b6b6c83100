"""Who may add progress updates to which target."""

import pytest

from plans.roles import reads_plan
from targets.access import can_update_target
from tests.factories import (
    ServiceAreaFactory,
    TargetFactory,
    UserFactory,
    officer_of,
    plan_admin,
    senior_manager,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    return ServiceAreaFactory(), ServiceAreaFactory()


def test_officer_updates_only_their_own_service_areas_targets(areas) -> None:
    mine, theirs = TargetFactory(service_area=areas[0]), TargetFactory(service_area=areas[1])
    officer = officer_of(areas[0])
    assert can_update_target(officer, mine)
    assert not can_update_target(officer, theirs)


def test_senior_manager_reads_but_never_updates(areas) -> None:
    manager = senior_manager()
    target = TargetFactory(service_area=areas[0])
    assert reads_plan(manager)
    assert not can_update_target(manager, target)


def test_plan_admin_updates_any_live_target(areas) -> None:
    admin_user = plan_admin()
    assert can_update_target(admin_user, TargetFactory(service_area=areas[1]))


def test_nobody_updates_a_closed_target(areas) -> None:
    target = TargetFactory(service_area=areas[0], lifecycle="cancelled")
    assert not can_update_target(officer_of(areas[0]), target)
    assert not can_update_target(plan_admin(), target)


def test_user_without_a_role_reads_nothing(areas) -> None:
    assert not reads_plan(UserFactory())
