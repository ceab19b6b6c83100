from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from outcomes.models import Indicator, Measurement
from plans.models import Plan
from plans.rag import RAG
from returns import figures, queries, services
from returns.models import (
    AreaReturn,
    DeadlineProposal,
    IndicatorSnapshot,
    Return,
    ReturnEvent,
    SendBackNote,
    TargetSnapshot,
)
from returns.services import ReturnError
from targets.models import ProgressUpdate, Target
from tests.factories import PlanFactory, ServiceAreaFactory
from tests.returns.conftest import OPENED, update_everything

pytestmark = pytest.mark.django_db

LATER = OPENED + timedelta(days=3)


def approve_all(of_return: Return, officer, lead_for) -> None:
    for area in of_return.areas.select_related("service_area"):
        update_everything(area, officer, at=LATER)
        services.submit_area(area_return=area, by=officer)
        services.approve_area(area_return=area, by=lead_for(area))


def test_opening_makes_an_area_return_for_each_area_with_items(q2: Return, islington: Plan) -> None:
    with_items = {
        area.pk
        for area in islington.service_areas.all()
        if area.targets.filter(lifecycle="live").exists() or area.outcomes.exists()
    }
    assert set(q2.areas.values_list("service_area_id", flat=True)) == with_items
    assert q2.events.get().kind == ReturnEvent.Kind.OPENED
    assert q2.areas.filter(state=AreaReturn.State.OPEN).count() == len(with_items)


def test_a_second_open_return_for_a_plan_is_refused(q2: Return, islington: Plan, admin) -> None:
    with pytest.raises(ReturnError, match="already has an open return"):
        services.open_return(
            plan=islington, name="Q3", as_at=date(2021, 12, 31), due_on=date(2022, 1, 14), by=admin
        )
    assert Return.objects.count() == 1


def test_the_database_refuses_two_open_returns_too(q2: Return, islington: Plan, admin) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Return.objects.create(
            plan=islington,
            name="Q3",
            as_at=date(2021, 12, 31),
            due_on=date(2022, 1, 1),
            opened_by=admin,
        )


def test_a_return_for_a_plan_without_targets_is_refused(admin) -> None:
    empty = PlanFactory()
    ServiceAreaFactory(plan=empty)
    with pytest.raises(ReturnError, match="no live targets"):
        services.open_return(
            plan=empty, name="Q1", as_at=date(2021, 6, 30), due_on=date(2021, 7, 15), by=admin
        )
    assert not Return.objects.exists()


def test_submission_is_refused_while_items_are_outstanding(cwb: AreaReturn, officer) -> None:
    target = cwb.service_area.targets.filter(lifecycle="live").first()
    ProgressUpdate.objects.create(target=target, author=officer, status="on_track", made_at=LATER)
    with pytest.raises(ReturnError, match="still need an update"):
        services.submit_area(area_return=cwb, by=officer)
    cwb.refresh_from_db()
    assert cwb.state == AreaReturn.State.OPEN and cwb.submitted_at is None


def test_an_update_made_before_the_return_opened_does_not_count(cwb: AreaReturn, officer) -> None:
    update_everything(cwb, officer, at=OPENED - timedelta(days=1))
    (items,) = queries.area_items(cwb.of_return, areas=[cwb])
    assert items.updated == 0 and items.stage == "not_started"


def test_a_target_reported_complete_before_the_return_needs_no_update(
    cwb: AreaReturn, officer
) -> None:
    target = cwb.service_area.targets.filter(lifecycle="live").first()
    ProgressUpdate.objects.create(
        target=target, author=officer, status="complete", made_at=OPENED - timedelta(days=40)
    )
    (items,) = queries.area_items(cwb.of_return, areas=[cwb])
    (item,) = [item for item in items.items if item.obj == target]
    assert item.updated and item.complete
    assert items.updated == 1


def test_a_recurring_target_complete_last_cycle_needs_an_update(cwb: AreaReturn, officer) -> None:
    target = cwb.service_area.targets.filter(lifecycle="live").first()
    target.set_deadline("annual")
    target.save()
    ProgressUpdate.objects.create(
        target=target, author=officer, status="complete", made_at=OPENED - timedelta(days=40)
    )
    (items,) = queries.area_items(cwb.of_return, areas=[cwb])
    (item,) = [item for item in items.items if item.obj == target]
    assert not item.updated and not item.complete


def test_an_area_submits_once_every_item_is_updated(cwb: AreaReturn, officer) -> None:
    update_everything(cwb, officer, at=LATER)
    services.submit_area(area_return=cwb, by=officer, comment="All done.")
    cwb.refresh_from_db()
    assert (cwb.state, cwb.comment, cwb.submitted_by) == ("submitted", "All done.", officer)


def test_approving_an_area_that_was_not_submitted_is_refused(cwb: AreaReturn, lead) -> None:
    with pytest.raises(ReturnError, match="has not been submitted"):
        services.approve_area(area_return=cwb, by=lead)
    cwb.refresh_from_db()
    assert cwb.state == AreaReturn.State.OPEN and cwb.reviewed_by is None


def test_a_sent_back_item_needs_a_new_update_before_resubmitting(
    cwb: AreaReturn, officer, lead
) -> None:
    update_everything(cwb, officer, at=LATER)
    services.submit_area(area_return=cwb, by=officer)
    target = cwb.service_area.targets.filter(lifecycle="live").first()
    services.send_back(
        area_return=cwb,
        by=lead,
        comment="",
        item_comments={("target", target.pk): "Say what the delay is."},
        at=LATER + timedelta(hours=1),
    )
    cwb.refresh_from_db()
    assert cwb.state == AreaReturn.State.SENT_BACK
    (items,) = queries.area_items(cwb.of_return, areas=[cwb])
    assert [item.ref for item in items.outstanding] == [target.ref]
    assert items.outstanding[0].notes[0].comment == "Say what the delay is."
    with pytest.raises(ReturnError, match=target.ref):
        services.submit_area(area_return=cwb, by=officer)

    ProgressUpdate.objects.create(
        target=target, author=officer, status="at_risk", made_at=LATER + timedelta(hours=2)
    )
    services.submit_area(area_return=cwb, by=officer)
    services.approve_area(area_return=cwb, by=lead)
    cwb.refresh_from_db()
    assert cwb.state == AreaReturn.State.APPROVED and cwb.reviewed_by == lead


def test_sending_back_without_a_comment_is_refused(cwb: AreaReturn, officer, lead) -> None:
    update_everything(cwb, officer, at=LATER)
    services.submit_area(area_return=cwb, by=officer)
    with pytest.raises(ReturnError, match="Say what needs to change"):
        services.send_back(area_return=cwb, by=lead, comment=" ", item_comments={})
    assert not SendBackNote.objects.exists()
    cwb.refresh_from_db()
    assert cwb.state == AreaReturn.State.SUBMITTED


def red_target(area: AreaReturn) -> Target:
    """A target of the area made late (and so red) as at today."""
    target = area.service_area.targets.filter(lifecycle="live").first()
    target.due_date = timezone.localdate() - timedelta(days=10)
    target.due_start = None
    target.save()
    return target


def test_an_approved_proposal_re_dates_the_target_keeping_the_original(
    cwb: AreaReturn, officer, lead
) -> None:
    target = red_target(cwb)
    original = (target.deadline_text, target.due_date)
    new_date = timezone.localdate() + timedelta(days=90)
    proposal = services.propose_deadline(
        area_return=cwb, target=target, by=officer, proposed_date=new_date, reason="Staff left."
    )
    target.refresh_from_db()
    assert target.revised_due_date is None  # a proposal alone changes nothing
    services.decide_proposal(proposal=proposal, by=lead, approve=True)
    target.refresh_from_db()
    assert (target.deadline_text, target.due_date) == original
    assert target.revised_due_date == new_date and target.revision_reason == "Staff left."
    assert DeadlineProposal.objects.get().state == DeadlineProposal.State.APPROVED


def test_a_declined_proposal_leaves_the_target_alone(cwb: AreaReturn, officer, lead) -> None:
    target = red_target(cwb)
    proposal = services.propose_deadline(
        area_return=cwb,
        target=target,
        by=officer,
        proposed_date=timezone.localdate() + timedelta(days=30),
        reason="Later.",
    )
    services.decide_proposal(proposal=proposal, by=lead, approve=False)
    target.refresh_from_db()
    assert target.revised_due_date is None
    with pytest.raises(ReturnError, match="already declined"):
        services.decide_proposal(proposal=proposal, by=lead, approve=True)


@pytest.mark.parametrize(
    ("proposed", "message"),
    [(None, "real date"), (0, "after today"), (-5, "after today")],
)
def test_a_proposed_date_before_today_or_unreadable_is_refused(
    cwb: AreaReturn, officer, proposed, message
) -> None:
    target = red_target(cwb)
    day = None if proposed is None else timezone.localdate() + timedelta(days=proposed)
    with pytest.raises(ReturnError, match=message):
        services.propose_deadline(
            area_return=cwb, target=target, by=officer, proposed_date=day, reason="Why."
        )
    assert not DeadlineProposal.objects.exists()


def test_closing_needs_every_area_approved_or_a_reason(q2: Return, admin) -> None:
    with pytest.raises(ReturnError, match="give the reason"):
        services.close_return(of_return=q2, by=admin)
    q2.refresh_from_db()
    assert q2.is_open and not TargetSnapshot.objects.exists()
    services.close_return(of_return=q2, by=admin, reason="Committee date moved forward.")
    q2.refresh_from_db()
    assert q2.state == "closed" and q2.close_reason == "Committee date moved forward."
    assert q2.events.last().kind == ReturnEvent.Kind.CLOSED_ANYWAY


def test_closing_twice_is_refused(q2: Return, admin) -> None:
    services.close_return(of_return=q2, by=admin, reason="Anyway.")
    count = TargetSnapshot.objects.count()
    with pytest.raises(ReturnError, match="already closed"):
        services.close_return(of_return=q2, by=admin, reason="Again.")
    assert TargetSnapshot.objects.count() == count
    assert q2.events.count() == 2


def test_closing_after_every_area_is_approved(q2: Return, admin, officer, areas) -> None:
    from tests.factories import service_lead_of

    leads = {a.pk: service_lead_of(a) for a in areas.values()}
    for area in areas.values():
        area.members.add(officer)
    approve_all(q2, officer, lambda area: leads[area.service_area_id])
    services.close_return(of_return=q2, by=admin)
    q2.refresh_from_db()
    assert q2.state == "closed" and q2.close_reason == ""
    assert q2.events.last().kind == ReturnEvent.Kind.CLOSED


def test_a_closed_return_is_frozen_against_later_updates_and_edits(
    q2: Return, admin, officer, islington: Plan
) -> None:
    services.close_return(of_return=q2, by=admin, reason="Anyway.", at=LATER)
    before = figures.return_report(q2)
    target = Target.objects.filter(service_area__plan=islington, lifecycle="live").first()
    ProgressUpdate.objects.create(
        target=target, author=officer, status="off_track", commentary="Worse.", made_at=LATER
    )
    target.text = "Edited by an admin."
    target.save()
    area = target.service_area
    area.name = "Renamed"
    area.save()
    indicator = Indicator.objects.filter(outcome__service_area__plan=islington).first()
    Measurement.objects.create(
        indicator=indicator, period_end=date(2021, 9, 30), value=12345, author=officer
    )
    after = figures.return_report(Return.objects.get(pk=q2.pk))
    assert after.areas == before.areas
    assert "Edited by an admin." not in str(after.areas)
    assert all(section.name != "Renamed" for section in after.areas)


def test_the_snapshot_holds_the_update_that_counted(q2: Return, admin, officer, cwb) -> None:
    target = cwb.service_area.targets.filter(lifecycle="live").first()
    ProgressUpdate.objects.create(
        target=target, author=officer, status="off_track", commentary="Delayed.", made_at=LATER
    )
    services.close_return(of_return=q2, by=admin, reason="Anyway.", at=LATER + timedelta(days=1))
    row = TargetSnapshot.objects.get(target=target)
    assert (row.update_status, row.update_commentary) == ("off_track", "Delayed.")
    assert row.rag == RAG.RED


def test_indicators_are_snapshotted_with_value_and_status(q2: Return, admin) -> None:
    services.close_return(of_return=q2, by=admin, reason="Anyway.")
    indicators = Indicator.objects.filter(outcome__service_area__plan=q2.plan).count()
    assert IndicatorSnapshot.objects.count() == indicators > 0
    assert all(row.value_text for row in IndicatorSnapshot.objects.all())


def test_reopening_needs_a_reason_and_is_recorded(q2: Return, admin) -> None:
    services.close_return(of_return=q2, by=admin, reason="Anyway.")
    with pytest.raises(ReturnError, match="reason"):
        services.reopen_return(of_return=q2, by=admin, reason="  ")
    q2.refresh_from_db()
    assert q2.state == "closed"
    services.reopen_return(of_return=q2, by=admin, reason="A figure was wrong.")
    q2.refresh_from_db()
    assert q2.is_open and not TargetSnapshot.objects.exists()
    assert q2.events.last().reason == "A figure was wrong."


def test_movement_since_the_previous_closed_return(
    q2: Return, admin, officer, cwb: AreaReturn, islington: Plan
) -> None:
    target = cwb.service_area.targets.filter(lifecycle="live").first()
    ProgressUpdate.objects.create(target=target, author=officer, status="on_track", made_at=LATER)
    services.close_return(of_return=q2, by=admin, reason="Anyway.", at=LATER)
    q3_opened = timezone.make_aware(datetime(2022, 1, 3, 9))
    q3 = services.open_return(
        plan=islington,
        name="Q3 2021/22",
        as_at=date(2021, 12, 31),
        due_on=date(2022, 1, 14),
        by=admin,
        at=q3_opened,
    )
    ProgressUpdate.objects.create(
        target=target, author=officer, status="complete", made_at=q3_opened + timedelta(days=1)
    )
    report = figures.return_report(q3)
    assert report.movement.previous == "Q2 2021/22"
    assert target.ref in [row.ref for row in report.movement.newly_complete]
    assert any(change.ref == target.ref for change in report.movement.changed)
    (cwb_counts,) = [m for m in report.movement.by_area if m.area == cwb.service_area.name]
    assert cwb_counts.newly_complete >= 1


def test_figures_count_updates_by_the_date_and_those_made_for_the_return(
    islington: Plan, admin, officer
) -> None:
    """Q3 as at 31 December, opened 3 January: an update of 1 December counts, one of 2 January
    (before the return opened) does not, and one of 5 January (made for the return) does."""
    target = Target.objects.filter(service_area__plan=islington, lifecycle="live").first()

    def made(day: date, status: str) -> None:
        ProgressUpdate.objects.create(
            target=target,
            author=officer,
            status=status,
            commentary=status,
            made_at=timezone.make_aware(datetime.combine(day, datetime.min.time())),
        )

    made(date(2021, 12, 1), "on_track")
    made(date(2022, 1, 2), "off_track")
    q3 = services.open_return(
        plan=islington,
        name="Q3",
        as_at=date(2021, 12, 31),
        due_on=date(2022, 1, 14),
        by=admin,
        at=timezone.make_aware(datetime(2022, 1, 3, 9)),
    )

    def counted() -> str:
        (row,) = [
            row
            for area in figures.live_sections(q3)
            for row in area.targets
            if row.ref == target.ref
        ]
        return row.update_commentary

    assert counted() == "on_track"
    made(date(2022, 1, 5), "at_risk")
    assert counted() == "at_risk"
