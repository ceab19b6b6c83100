from datetime import date, datetime

import pytest
from django.utils import timezone

from plans.models import Plan, ServiceArea
from returns import services
from returns.models import AreaReturn, Return
from tests.factories import officer_of, plan_admin, service_lead_of

OPENED = timezone.make_aware(datetime(2021, 10, 1, 9, 0))


@pytest.fixture
def areas(islington: Plan) -> dict[str, ServiceArea]:
    return {area.slug: area for area in islington.service_areas.all()}


@pytest.fixture
def admin(db):
    return plan_admin(username="equality-lead")


@pytest.fixture
def officer(areas):
    return officer_of(areas["community-wealth-building"], username="cwb-officer")


@pytest.fixture
def lead(areas):
    return service_lead_of(areas["community-wealth-building"], username="cwb-lead")


@pytest.fixture
def housing_lead(areas):
    return service_lead_of(areas["housing"], username="housing-lead")


@pytest.fixture
def q2(islington: Plan, admin) -> Return:
    return services.open_return(
        plan=islington,
        name="Q2 2021/22",
        as_at=date(2021, 9, 30),
        due_on=date(2021, 10, 15),
        by=admin,
        at=OPENED,
    )


@pytest.fixture
def cwb(q2: Return) -> AreaReturn:
    return q2.areas.get(service_area__slug="community-wealth-building")


def update_everything(area: AreaReturn, author, *, at: datetime, status: str = "on_track") -> None:
    """A progress or narrative update on every item of an area, made at a moment."""
    from outcomes.models import OutcomeUpdate
    from targets.models import ProgressUpdate

    for target in area.service_area.targets.filter(lifecycle="live"):
        ProgressUpdate.objects.create(
            target=target, author=author, status=status, commentary="Going well.", made_at=at
        )
    for outcome in area.service_area.outcomes.all():
        OutcomeUpdate.objects.create(
            outcome=outcome, author=author, rag="green", commentary="Improving.", made_at=at
        )
