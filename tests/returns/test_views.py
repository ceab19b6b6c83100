"""The returns' pages: who may act, bad input refused with a message and nothing stored."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from plans.models import Plan
from reminders.models import ReminderLog, ReminderPreference
from returns import services
from returns.models import AreaReturn, DeadlineProposal, Return, ReturnEvent, SendBackNote
from targets.models import ProgressUpdate, Target
from tests.factories import officer_of, senior_manager
from tests.returns.conftest import OPENED, update_everything

pytestmark = pytest.mark.django_db

LATER = OPENED + timedelta(days=2)


def _without_csrf(page: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", page)


def as_user(client: Client, user) -> Client:
    client.force_login(user)
    return client


def _date(prefix: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


# --- Opening ----------------------------------------------------------------------------------


def test_plan_admin_opens_a_return(client: Client, islington: Plan, admin) -> None:
    url = reverse("returns:open", args=[islington.slug])
    data = (
        {"name": "Q2 2021/22"}
        | _date("as_at", "30", "9", "2021")
        | _date("due_on", "15", "10", "2021")
    )
    response = as_user(client, admin).post(url, data)
    opened = Return.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "returns:detail", args=[opened.pk]
    )
    assert (opened.name, str(opened.as_at), opened.opened_by) == ("Q2 2021/22", "2021-09-30", admin)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Enter a name for the return"),
        ({"as_at_0": "31", "as_at_1": "2"}, "Reports as at must be a real date."),
        ({"due_on_0": ""}, "Submissions due must include a day."),
    ],
)
def test_opening_with_bad_input_says_why_and_stores_nothing(
    client: Client, islington: Plan, admin, data: dict, message: str
) -> None:
    good = {"name": "Q2"} | _date("as_at", "30", "9", "2021") | _date("due_on", "15", "10", "2021")
    response = as_user(client, admin).post(
        reverse("returns:open", args=[islington.slug]), good | data
    )
    assertContains(response, message)
    assert not Return.objects.exists()


def test_a_second_open_return_is_refused_with_a_message(
    client: Client, islington: Plan, admin, q2: Return
) -> None:
    data = {"name": "Q3"} | _date("as_at", "31", "12", "2021") | _date("due_on", "14", "1", "2022")
    response = as_user(client, admin).post(reverse("returns:open", args=[islington.slug]), data)
    assertContains(response, "already has an open return")
    assert Return.objects.count() == 1


# --- Officers ---------------------------------------------------------------------------------


def test_your_return_shows_only_your_areas(client: Client, q2: Return, officer) -> None:
    response = as_user(client, officer).get(reverse("returns:yours", args=[q2.pk]))
    assertContains(response, "Community wealth building")
    assertNotContains(response, "Housing</h2>")
    assertContains(response, "CWB-T1")


def test_save_and_go_to_the_next_one_needing_an_update(
    client: Client, cwb: AreaReturn, officer
) -> None:
    first, second = cwb.service_area.targets.filter(lifecycle="live").order_by("position")[:2]
    response = as_user(client, officer).post(
        reverse("returns:update_target", args=[cwb.pk, first.pk]),
        {"status": "on_track", "commentary": "Fine.", "seen_latest_update_id": "", "next": "1"},
    )
    assert ProgressUpdate.objects.get(target=first).commentary == "Fine."
    assert response["Location"] == reverse("returns:update_target", args=[cwb.pk, second.pk])


def test_submitting_with_items_outstanding_is_refused_with_a_message(
    client: Client, cwb: AreaReturn, officer
) -> None:
    response = as_user(client, officer).post(
        reverse("returns:submit", args=[cwb.pk]), {"comment": "Done?"}
    )
    assertContains(response, "still need an update for this return")
    cwb.refresh_from_db()
    assert cwb.state == AreaReturn.State.OPEN and cwb.comment == ""


def test_officer_submits_an_updated_area(client: Client, cwb: AreaReturn, officer) -> None:
    update_everything(cwb, officer, at=timezone.now())
    response = as_user(client, officer).post(
        reverse("returns:submit", args=[cwb.pk]), {"comment": "All in."}
    )
    assert response.status_code == 302
    cwb.refresh_from_db()
    assert (cwb.state, cwb.comment) == (AreaReturn.State.SUBMITTED, "All in.")


def test_officer_cannot_submit_another_areas_return(client: Client, q2: Return, officer) -> None:
    housing = q2.areas.get(service_area__slug="housing")
    update_everything(housing, officer, at=timezone.now())
    response = as_user(client, officer).post(reverse("returns:submit", args=[housing.pk]), {})
    assert response.status_code == 403
    housing.refresh_from_db()
    assert housing.state == AreaReturn.State.OPEN


# --- Sign-off ---------------------------------------------------------------------------------


@pytest.fixture
def submitted(cwb: AreaReturn, officer) -> AreaReturn:
    update_everything(cwb, officer, at=LATER)
    return services.submit_area(area_return=cwb, by=officer)


def test_lead_approves_their_areas_submitted_return(
    client: Client, submitted: AreaReturn, lead
) -> None:
    response = as_user(client, lead).post(
        reverse("returns:review", args=[submitted.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.state, submitted.reviewed_by) == (AreaReturn.State.APPROVED, lead)


@pytest.mark.parametrize("who", ["housing_lead", "officer", "admin"])
def test_only_the_areas_own_lead_signs_it_off(
    client: Client, submitted: AreaReturn, who: str, request
) -> None:
    user = request.getfixturevalue(who)
    response = as_user(client, user).post(
        reverse("returns:review", args=[submitted.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == AreaReturn.State.SUBMITTED and submitted.reviewed_by is None


def test_once_approved_the_areas_return_takes_no_more_updates(
    client: Client, submitted: AreaReturn, lead, officer
) -> None:
    services.approve_area(area_return=submitted, by=lead)
    target = submitted.service_area.targets.filter(lifecycle="live").first()
    count = ProgressUpdate.objects.count()
    response = as_user(client, officer).post(
        reverse("returns:update_target", args=[submitted.pk, target.pk]),
        {"status": "on_track", "commentary": "Late.", "seen_latest_update_id": ""},
    )
    assert response.status_code == 403
    assert ProgressUpdate.objects.count() == count


def test_managers_read_an_areas_return_without_a_sign_off_form(
    client: Client, submitted: AreaReturn
) -> None:
    response = as_user(client, senior_manager()).get(reverse("returns:review", args=[submitted.pk]))
    assertContains(response, "Community wealth building")
    assertNotContains(response, "Send your decision")


def test_lead_sees_the_sign_off_form_only_while_the_area_is_with_them(
    client: Client, submitted: AreaReturn, lead
) -> None:
    page = as_user(client, lead).get(reverse("returns:review", args=[submitted.pk]))
    assertContains(page, "Send your decision")
    services.send_back(area_return=submitted, by=lead, comment="Say more.", item_comments={})
    page = as_user(client, lead).get(reverse("returns:review", args=[submitted.pk]))
    assertNotContains(page, "Send your decision")
    assertNotContains(page, "Your comment, if sending back")
    assertContains(page, "is with its officers (sent back): you can approve it or send it back")


def test_approving_an_area_not_submitted_is_refused_with_a_message(
    client: Client, cwb: AreaReturn, lead
) -> None:
    response = as_user(client, lead).post(
        reverse("returns:review", args=[cwb.pk]), {"decision": "approve"}
    )
    assertContains(response, "has not been submitted, so it cannot be approved")
    cwb.refresh_from_db()
    assert cwb.state == AreaReturn.State.OPEN


def test_lead_sends_an_item_back_and_the_officer_sees_the_comment(
    client: Client, submitted: AreaReturn, lead, officer
) -> None:
    target = submitted.service_area.targets.filter(lifecycle="live").first()
    response = as_user(client, lead).post(
        reverse("returns:review", args=[submitted.pk]),
        {"decision": "send_back", f"item_target_{target.pk}": "Explain the delay."},
    )
    assert response.status_code == 302
    note = SendBackNote.objects.get()
    assert (note.target, note.comment, note.made_by) == (target, "Explain the delay.", lead)
    page = as_user(client, officer).get(reverse("returns:yours", args=[submitted.of_return_id]))
    assertContains(page, "Explain the delay.")
    assertContains(page, "Needs an update")


def test_sending_back_with_no_comment_is_refused(
    client: Client, submitted: AreaReturn, lead
) -> None:
    response = as_user(client, lead).post(
        reverse("returns:review", args=[submitted.pk]), {"decision": "send_back"}
    )
    assertContains(response, "Say what needs to change")
    assert not SendBackNote.objects.exists()


# --- Proposed due dates -----------------------------------------------------------------------


@pytest.fixture
def late_target(cwb: AreaReturn) -> Target:
    target = cwb.service_area.targets.filter(lifecycle="live").first()
    target.due_date, target.due_start = timezone.localdate() - timedelta(days=5), None
    target.save()
    return target


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ({"proposed_date_0": "40", "proposed_date_1": "1", "proposed_date_2": "2030"}, "real date"),
        (
            {"proposed_date_0": "1", "proposed_date_1": "1", "proposed_date_2": "2021"},
            "after today",
        ),
    ],
)
def test_a_proposed_date_unreadable_or_past_is_refused(
    client: Client, cwb: AreaReturn, late_target: Target, officer, day: dict, message: str
) -> None:
    response = as_user(client, officer).post(
        reverse("returns:propose", args=[cwb.pk, late_target.pk]), day | {"reason": "Staff."}
    )
    assertContains(response, message)
    assert not DeadlineProposal.objects.exists()


def test_lead_approves_a_proposed_date_and_the_target_page_keeps_the_original(
    client: Client, cwb: AreaReturn, late_target: Target, officer, lead, housing_lead
) -> None:
    new_date = timezone.localdate() + timedelta(days=60)
    as_user(client, officer).post(
        reverse("returns:propose", args=[cwb.pk, late_target.pk]),
        _date("proposed_date", str(new_date.day), str(new_date.month), str(new_date.year))
        | {"reason": "Contractor went bust."},
    )
    proposal = DeadlineProposal.objects.get()
    decide = reverse("returns:decide", args=[proposal.pk])
    assert as_user(client, housing_lead).post(decide, {"decision": "approve"}).status_code == 403
    late_target.refresh_from_db()
    assert late_target.revised_due_date is None
    as_user(client, lead).post(decide, {"decision": "approve"})
    late_target.refresh_from_db()
    assert late_target.revised_due_date == new_date
    page = client.get(reverse("targets:detail", args=[late_target.pk]))
    assertContains(page, late_target.deadline_text)
    assertContains(page, "Contractor went bust.")


# --- Close, reopen, remind --------------------------------------------------------------------


def test_closing_with_areas_waiting_needs_a_reason(client: Client, q2: Return, admin) -> None:
    url = reverse("returns:close", args=[q2.pk])
    response = as_user(client, admin).post(url, {"reason": ""})
    assertContains(response, "give the reason to close it anyway")
    q2.refresh_from_db()
    assert q2.is_open
    as_user(client, admin).post(url, {"reason": "Committee on Monday."})
    q2.refresh_from_db()
    assert q2.state == Return.State.CLOSED and q2.close_reason == "Committee on Monday."


def test_closing_twice_is_refused_with_a_message(client: Client, q2: Return, admin) -> None:
    services.close_return(of_return=q2, by=admin, reason="Once.")
    response = as_user(client, admin).post(
        reverse("returns:close", args=[q2.pk]), {"reason": "Twice."}
    )
    assertContains(response, "already closed")
    assert q2.events.filter(kind=ReturnEvent.Kind.CLOSED_ANYWAY).count() == 1


def test_reopening_without_a_reason_is_refused(client: Client, q2: Return, admin) -> None:
    services.close_return(of_return=q2, by=admin, reason="Once.")
    response = as_user(client, admin).post(reverse("returns:reopen", args=[q2.pk]), {"reason": ""})
    assertContains(response, "Enter the reason for reopening")
    q2.refresh_from_db()
    assert q2.state == Return.State.CLOSED


def test_reminders_go_to_officers_of_areas_not_submitted_once_a_day(
    client: Client, q2: Return, admin, officer, areas
) -> None:
    quiet = officer_of(areas["housing"], username="quiet")
    ReminderPreference.objects.create(user=quiet, wants_reminders=False)
    url = reverse("returns:remind", args=[q2.pk])
    response = as_user(client, admin).post(url)
    assertContains(response, "Not sent to")
    assert [message.to for message in mail.outbox] == [[officer.email]]
    assert "Q2 2021/22" in mail.outbox[0].subject
    assert "Community wealth building" in mail.outbox[0].body
    assert ReminderLog.objects.get().kind == ReminderLog.Kind.RETURN

    again = as_user(client, admin).post(url)
    assertContains(again, "Already reminded today")
    assert len(mail.outbox) == 1


def test_report_of_a_closed_return_ignores_later_updates(
    client: Client, q2: Return, admin, officer, cwb: AreaReturn
) -> None:
    services.close_return(of_return=q2, by=admin, reason="Anyway.", at=LATER)
    url = reverse("returns:report", args=[q2.pk])
    before = as_user(client, officer).get(url).content
    target = cwb.service_area.targets.filter(lifecycle="live").first()
    ProgressUpdate.objects.create(
        target=target, author=officer, status="off_track", commentary="Much later."
    )
    after = client.get(url).content
    assert _without_csrf(after) == _without_csrf(before)
    assert b"Much later." not in after


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
def test_the_pack_downloads_as_a_file(
    client: Client, q2: Return, officer, file_format: str
) -> None:
    response = as_user(client, officer).get(reverse("returns:pack", args=[q2.pk, file_format]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="challenging-inequalities-q2-202122-draft.{file_format}"'
    )
    assert response.content[:4] == (b"PK\x03\x04" if file_format == "docx" else b"%PDF")


def test_an_unknown_pack_format_is_not_found(client: Client, q2: Return, officer) -> None:
    response = as_user(client, officer).get(reverse("returns:pack", args=[q2.pk, "xls"]))
    assert response.status_code == 404
