"""The quarterly cycle in a browser: the equality lead opens a return; an officer works through
their area and submits it; the service lead sends an item back; the officer updates it and
resubmits; the lead approves; the equality lead closes the return and downloads both files; a later
update leaves the closed return's report as it was. axe checks every new page on the way."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractUser
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from plans.models import Plan
from returns.models import AreaReturn, Return
from targets.models import ProgressUpdate, Target
from tests.browser.helpers import assert_no_axe_violations, sign_in
from tests.factories import service_lead_of


@pytest.fixture
def housing_lead(islington_plan: Plan) -> AbstractUser:
    return service_lead_of(
        islington_plan.service_areas.get(slug="housing"), first_name="Hal", last_name="Lead"
    )


def switch_to(page: Page, live_server: LiveServer, user: AbstractUser) -> None:
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, user)


def work_through(page: Page) -> int:
    """Update every item needing it with "save and go to the next one"; returns how many."""
    page.get_by_role("button", name="Start with the first item needing an update").first.click()
    done = 0
    while page.get_by_role("heading", level=1).inner_text().startswith("Update"):
        if done == 0:
            assert_no_axe_violations(page)
        if page.get_by_role("radio", name="On track").count():
            page.get_by_role("radio", name="On track").check()
            page.get_by_label("Commentary").fill(f"Checked for the return ({done}).")
        else:
            page.get_by_role("radio", name="Green: on track").check()
            page.get_by_label("Commentary").fill(f"Outcome judged for the return ({done}).")
        page.get_by_role("button", name="Save and go to the next one needing an update").click()
        done += 1
    return done


def test_the_quarterly_cycle_from_opening_to_a_frozen_report(
    page: Page,
    live_server: LiveServer,
    islington_plan: Plan,
    plan_admin_user: AbstractUser,
    housing_officer: AbstractUser,
    housing_lead: AbstractUser,
) -> None:
    # The equality lead opens the return.
    sign_in(page, live_server, plan_admin_user)
    page.goto("/returns/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name=f"Open a return for {islington_plan.title}").click()
    page.get_by_label("Name").fill("Q2 2021/22")
    for legend, (day, month, year) in {
        "Reports as at": ("30", "9", "2021"),
        "Submissions due": ("15", "10", "2021"),
    }.items():
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(year)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Open the return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Q2 2021/22 return")
    assert_no_axe_violations(page)
    the_return = Return.objects.get()
    housing = the_return.areas.get(service_area__slug="housing")
    items = housing.service_area.targets.filter(lifecycle="live").count()
    items += housing.service_area.outcomes.count()

    # The officer works through their area and submits it.
    switch_to(page, live_server, housing_officer)
    page.goto(f"/returns/{the_return.pk}/yours/")
    assert_no_axe_violations(page)
    assert work_through(page) == items
    expect(page.get_by_text("Every item of this area is updated")).to_be_visible()
    page.get_by_role("button", name="Submit Housing").click()
    page.get_by_label("Overall comment (optional)").fill("All Housing items updated.")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Submit to the service lead").click()
    housing.refresh_from_db()
    assert housing.state == AreaReturn.State.SUBMITTED

    # The lead sends one target back with a comment.
    switch_to(page, live_server, housing_lead)
    page.goto(f"/returns/{the_return.pk}/")
    page.get_by_role("link", name="Review Housing").click()
    assert_no_axe_violations(page)
    page.get_by_label("Comment on HSG-T1").fill("Say how many homes are started.")
    page.get_by_role("radio", name="Send back to the officers").check()
    page.get_by_role("button", name="Send your decision").click()
    housing.refresh_from_db()
    assert housing.state == AreaReturn.State.SENT_BACK

    # The officer sees the comment, updates the target and resubmits.
    switch_to(page, live_server, housing_officer)
    page.goto(f"/returns/{the_return.pk}/yours/")
    expect(page.get_by_text("Say how many homes are started.")).to_be_visible()
    assert work_through(page) == 1
    page.get_by_role("button", name="Submit Housing").click()
    page.get_by_role("button", name="Submit to the service lead").click()

    # The lead approves.
    switch_to(page, live_server, housing_lead)
    page.goto(f"/returns/areas/{housing.pk}/review/")
    page.get_by_role("radio", name="Approve").check()
    page.get_by_role("button", name="Send your decision").click()
    housing.refresh_from_db()
    assert housing.state == AreaReturn.State.APPROVED

    # The equality lead closes it (the other areas anyway, with a reason) and downloads the pack.
    switch_to(page, live_server, plan_admin_user)
    page.goto(f"/returns/{the_return.pk}/")
    page.get_by_role("button", name="Send reminders").click()
    assert_no_axe_violations(page)
    page.goto(f"/returns/{the_return.pk}/")
    page.get_by_role("button", name="Close the return").click()
    page.get_by_label("Reason for closing before every area is approved").fill(
        "Committee papers are due."
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Close the return").click()
    expect(page.get_by_text("closed and its figures are frozen")).to_be_visible()
    with page.expect_download() as word:
        page.get_by_role("link", name="Committee pack (Word)").click()
    document = Document(io.BytesIO(Path(word.value.path()).read_bytes()))
    assert any(p.text == "Housing" for p in document.paragraphs)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Committee pack (PDF)").click()
    pdf_text = "".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert "Housing" in pdf_text and "DRAFT" not in pdf_text

    # A later update does not change the closed return's report.
    page.get_by_role("button", name="Read the report").click()
    assert_no_axe_violations(page)
    report = page.get_by_role("main").inner_text()
    target = Target.objects.get(service_area=housing.service_area, ref="HSG-T1")
    ProgressUpdate.objects.create(
        target=target, author=housing_officer, status="off_track", commentary="A later setback."
    )
    page.reload()
    assert page.get_by_role("main").inner_text() == report
    expect(page.get_by_text("A later setback.")).to_have_count(0)
