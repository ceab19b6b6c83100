"""A published plan full of private things that must never reach the public pages, beside an
unpublished plan; and a fixed "today" for pages that show figures as at today."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from outcomes.models import BreakdownValue, Measurement, OutcomeUpdate
from plans.models import Plan
from returns import services
from returns.models import Return
from targets.models import ProgressUpdate, Target
from tests.factories import (
    ActionFactory,
    OutcomeFactory,
    PlanFactory,
    ProgressUpdateFactory,
    ServiceAreaFactory,
    TargetFactory,
    officer_of,
    plan_admin,
    service_lead_of,
)
from tests.outcomes.factories import (
    IndicatorFactory,
    OutcomeUpdateFactory,
    category,
    ethnicity_indicator,
    measure,
)

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2021, 9, 30)
PRIVATE = "PRIVATE"  # every private marker starts with this


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """The public pages' "today" (their as at date): 30 September 2021."""
    monkeypatch.setattr("public.views.timezone.localdate", lambda *args: TODAY)
    return TODAY


def at(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10), tzinfo=LONDON)


@pytest.fixture
def published(db) -> Plan:
    """A published plan with one service area, whose officers, progress updates, measurements and
    judgements are full of private markers; and an unpublished plan named with one."""
    plan = PlanFactory(slug="open-plan", title="Open plan", is_public=True)
    area = ServiceAreaFactory(
        plan=plan, slug="housing", name="Housing", introduction="Homes for everyone."
    )
    officer = officer_of(
        area,
        username="private-user-xyz",
        first_name="PRIVATE-NAME-xyz",
        last_name="PRIVATE-SURNAME-xyz",
        email="private-email-xyz@council.example",
    )
    ActionFactory(service_area=area, ref="HSG-A1", lead_officer=officer)

    on_track = TargetFactory(
        service_area=area, ref="HSG-T1", text="Build 500 homes.", owner=officer, position=0
    )
    ProgressUpdateFactory(
        target=on_track,
        author=officer,
        status="on_track",
        made_at=at("2021-07-01"),
        commentary="PRIVATE-COMMENT-xyz: the contractor is struggling.",
        evidence_url="https://intranet.example/PRIVATE-EVIDENCE-xyz",
    )
    redated = TargetFactory(
        service_area=area,
        ref="HSG-T2",
        text="Open a housing advice centre.",
        deadline_text="by the end of 2021",
        owner=officer,
        position=1,
        revised_deadline_text="March 2022",
        revised_due_date=dt.date(2022, 3, 31),
        revision_reason="PRIVATE-REASON-xyz: the budget moved.",
    )
    ProgressUpdateFactory(
        target=redated,
        author=officer,
        status="at_risk",
        made_at=at("2021-09-01"),
        commentary="PRIVATE-COMMENT-risk",
    )
    TargetFactory(
        service_area=area,
        ref="HSG-T3",
        text="Run a tenants' survey.",
        position=2,
        lifecycle="cancelled",
        closed_on=dt.date(2021, 6, 1),
        closure_reason="PRIVATE-REASON-closure",
    )

    outcome = OutcomeFactory(service_area=area, ref="HSG-O1", text="More people housed well.")
    OutcomeUpdateFactory(
        outcome=outcome,
        author=officer,
        commentary="PRIVATE-COMMENT-outcome",
        evidence_url="https://intranet.example/PRIVATE-EVIDENCE-outcome",
    )
    indicator = ethnicity_indicator(
        outcome=outcome, ref="HSG-I1", name="Households housed", data_source="Housing register"
    )
    first = measure(indicator, "2021-03-31", 200, author=officer, african=60, indian=20)
    Measurement.objects.create(
        indicator=indicator,
        period_end=dt.date(2021, 3, 31),
        value=Decimal(240),
        author=officer,
        supersedes=first,
        note="PRIVATE-COMMENT-correction",
        imported_from="PRIVATE-FILE-xyz.csv",
    )
    BreakdownValue.objects.create(
        measurement=Measurement.objects.get(supersedes=first),
        category=category("ethnicity", "african"),
        value=Decimal(96),
    )

    hidden = PlanFactory(slug="private-plan", title="PRIVATE-PLAN-xyz")
    hidden_area = ServiceAreaFactory(plan=hidden, slug="private-area", name="PRIVATE-PLAN-area")
    TargetFactory(service_area=hidden_area, ref="PRIVATE-T1", text="PRIVATE-PLAN-target")
    hidden_outcome = OutcomeFactory(
        service_area=hidden_area, ref="PRIVATE-O1", text="PRIVATE-PLAN-outcome"
    )
    IndicatorFactory(outcome=hidden_outcome, ref="PRIVATE-I1", name="PRIVATE-PLAN-indicator")
    return plan


@pytest.fixture
def signed_off(published: Plan, today: dt.date) -> Return:
    """The published plan's Q2 return, worked through with private words at every step, closed."""
    area = published.service_areas.get()
    officer = area.members.get()
    lead = service_lead_of(area, first_name="PRIVATE-LEAD-name", last_name="PRIVATE-LEAD-surname")
    admin = plan_admin(first_name="PRIVATE-ADMIN-name")
    q2 = services.open_return(
        plan=published,
        name="Q2 2021/22",
        as_at=dt.date(2021, 9, 30),
        due_on=dt.date(2021, 10, 15),
        by=admin,
        at=at("2021-09-20"),
    )
    housing = q2.areas.get()

    def update_all(day: str) -> None:
        for target in area.targets.filter(lifecycle="live"):
            ProgressUpdate.objects.create(
                target=target,
                author=officer,
                status="on_track" if target.ref == "HSG-T1" else "at_risk",
                commentary="PRIVATE-RETURN-update",
                made_at=at(day),
            )
        for outcome in area.outcomes.all():
            OutcomeUpdate.objects.create(
                outcome=outcome,
                author=officer,
                rag="amber",
                commentary="PRIVATE-RETURN-judgement",
                made_at=at(day),
            )

    update_all("2021-09-21")
    services.submit_area(area_return=housing, by=officer, comment="PRIVATE-RETURN-comment")
    services.send_back(
        area_return=housing, by=lead, comment="PRIVATE-RETURN-note", at=at("2021-09-22")
    )
    services.propose_deadline(
        area_return=housing,
        target=Target.objects.get(ref="HSG-T2"),
        by=officer,
        proposed_date=dt.date(2022, 6, 30),
        reason="PRIVATE-RETURN-proposal",
        today=dt.date(2021, 9, 23),
    )
    update_all("2021-09-24")
    services.submit_area(area_return=housing, by=officer, comment="PRIVATE-RETURN-comment2")
    services.approve_area(area_return=housing, by=lead)
    services.close_return(of_return=q2, by=admin, at=at("2021-09-28"))
    published.publish_signed_off_only = True
    published.save()
    return q2
