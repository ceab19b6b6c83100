"""Officers update progress in the browser: an officer finds a target, adds a progress update and
sees the target's status follow it; bad input is explained; an update made by a colleague while
the form was open is shown, not overwritten; the keyboard alone is enough; a senior manager reads
the updates but cannot add one."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import AbstractUser
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from plans.models import Plan, ServiceArea
from plans.rag import RAG
from targets.models import ProgressUpdate, Target
from targets.queries import judge_targets
from tests.browser.helpers import assert_no_axe_violations, sign_in
from tests.factories import ProgressUpdateFactory, officer_of


@pytest.fixture
def cwb(islington_plan: Plan) -> ServiceArea:
    return islington_plan.service_areas.get(slug="community-wealth-building")


@pytest.fixture
def cwb_t1(cwb: ServiceArea) -> Target:
    return cwb.targets.get(ref="CWB-T1")


@pytest.fixture
def cara(cwb: ServiceArea) -> AbstractUser:
    return officer_of(cwb, username="cara", first_name="Cara", last_name="Officer")


@pytest.fixture
def dev(cwb: ServiceArea) -> AbstractUser:
    return officer_of(cwb, username="dev", first_name="Dev", last_name="Colleague")


def status_today(target: Target) -> RAG:
    """The target's status by the rules, judged from the database, independently of the page."""
    [judged] = judge_targets(Target.objects.filter(pk=target.pk), as_at=timezone.localdate())
    return judged.status.rag


def status_tag(page: Page) -> Locator:
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.get_by_text("Status today", exact=True)
    )
    return row.locator(".app-rag-tag")


def update_cards(page: Page) -> Locator:
    return page.locator(".govuk-summary-card")


def open_update_form(page: Page, target: Target) -> None:
    page.goto(f"/targets/{target.pk}/")
    page.get_by_role("button", name="Add a progress update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a progress update")


def tab_to(page: Page, target: Locator, presses: int = 40) -> None:
    """Press Tab until `target` has focus, as a keyboard user would; fail if it never does."""
    for _ in range(presses):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


def shown_as(moment: datetime) -> str:
    """A moment as the pages write it, "27 November 2026 at 10:05", in the council's time."""
    local = timezone.localtime(moment)
    return f"{local:%-d %B %Y at %H:%M}"  # strftime names months in English (C locale)


def test_officer_adds_an_update_and_sees_the_status_follow_it(
    page: Page,
    live_server: LiveServer,
    cwb_t1: Target,
    cara: AbstractUser,
    dev: AbstractUser,
) -> None:
    # CWB-T1 was due in summer 2021, so today it is red whatever is reported. Re-dated to next
    # year, today's status depends on the updates, and a new one must change what the page shows.
    due = timezone.localdate() + timedelta(days=200)
    Target.objects.filter(pk=cwb_t1.pk).update(
        revised_deadline_text="by next summer",
        revised_due_date=due,
        revision_reason="The network's launch moved with the pandemic.",
    )
    ProgressUpdateFactory(
        target=cwb_t1,
        author=dev,
        status="not_started",
        commentary="Waiting for the budget.",
        made_at=timezone.make_aware(datetime(2021, 5, 4, 9, 30)),
    )
    before = status_today(cwb_t1)

    sign_in(page, live_server, cara)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Targets").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My targets")
    page.get_by_role("link", name="CWB-T1", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Target CWB-T1")
    expect(status_tag(page)).to_have_text(before.label)
    page.get_by_role("button", name="Add a progress update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a progress update")
    page.get_by_role("radio", name="On track").check()
    page.get_by_label("Commentary").fill("The network met for the first time; 12 members.")
    page.get_by_role("button", name="Save update").click()

    expect(page).to_have_url(f"{live_server.url}/targets/{cwb_t1.pk}/")
    banner = page.get_by_role("alert")
    expect(banner).to_have_class(re.compile(r"\bgovuk-notification-banner--success\b"))
    expect(banner).to_contain_text("Your progress update was saved")
    expect(update_cards(page)).to_have_count(2)
    newest = update_cards(page).first
    expect(newest.get_by_role("heading")).to_contain_text("by Cara Officer")
    expect(newest).to_contain_text("On track")
    expect(newest).to_contain_text("The network met for the first time; 12 members.")
    expect(update_cards(page).nth(1)).to_contain_text("by Dev Colleague")

    after = status_today(cwb_t1)
    assert after != before, "the update should change the status: check the setup"
    expect(status_tag(page)).to_have_text(after.label)
    stored = ProgressUpdate.objects.get(target=cwb_t1, author=cara)
    assert (stored.status, stored.commentary) == (
        "on_track",
        "The network met for the first time; 12 members.",
    )
    assert cwb_t1.progress_updates.count() == 2


def test_bad_update_is_explained_keeps_what_was_typed_and_stores_nothing(
    page: Page, live_server: LiveServer, cwb_t1: Target, cara: AbstractUser
) -> None:
    sign_in(page, live_server, cara)
    open_update_form(page, cwb_t1)
    page.get_by_role("radio", name="At risk").check()
    page.get_by_label("Percent complete").fill("150")
    page.get_by_label("Value").fill("24")
    page.get_by_role("button", name="Save update").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Add a progress update to CWB-T1"))
    at_risk = summary.get_by_role("link", name="Explain why the target is at risk")
    percent = summary.get_by_role(
        "link", name="Percent complete must be a whole number from 0 to 100"
    )
    expect(at_risk).to_have_attribute("href", "#id_commentary")
    expect(percent).to_have_attribute("href", "#id_percent_complete")
    # The error messages are by their fields too, as GOV.UK's pattern asks.
    expect(page.locator("#id_commentary_error")).to_contain_text(
        "Explain why the target is at risk"
    )
    expect(page.get_by_role("radio", name="At risk")).to_be_checked()
    expect(page.get_by_label("Percent complete")).to_have_value("150")
    expect(page.get_by_label("Value")).to_have_value("24")

    percent.click()
    expect(page.get_by_label("Percent complete")).to_be_focused()
    at_risk.click()
    expect(page.get_by_label("Commentary")).to_be_focused()
    assert not ProgressUpdate.objects.exists()


def test_update_made_while_the_form_was_open_is_shown_and_nothing_is_overwritten(
    page: Page,
    second_page: Page,
    live_server: LiveServer,
    cwb_t1: Target,
    cara: AbstractUser,
    dev: AbstractUser,
) -> None:
    sign_in(page, live_server, cara)
    sign_in(second_page, live_server, dev)
    open_update_form(page, cwb_t1)
    open_update_form(second_page, cwb_t1)

    page.get_by_role("radio", name="On track").check()
    page.get_by_label("Commentary").fill("Cara: the network is meeting monthly.")
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_role("alert")).to_contain_text("Your progress update was saved")
    caras = ProgressUpdate.objects.get(target=cwb_t1)
    assert caras.author == cara

    second_page.get_by_role("radio", name="At risk").check()
    second_page.get_by_label("Commentary").fill("Dev: two trainers have left.")
    second_page.get_by_role("button", name="Save update").click()

    banner = second_page.get_by_role("region", name="Important")
    expect(banner).to_contain_text(
        f"Cara Officer added an update on {shown_as(caras.made_at)} since you opened this page. "
        "Check it below, then send yours again if it still applies."
    )
    expect(
        second_page.get_by_role("heading", name="The update added since you opened this page")
    ).to_be_visible()
    expect(update_cards(second_page)).to_have_count(1)
    expect(update_cards(second_page)).to_contain_text("Cara: the network is meeting monthly.")
    expect(second_page.get_by_label("Commentary")).to_have_value("Dev: two trainers have left.")
    expect(second_page.get_by_role("radio", name="At risk")).to_be_checked()
    assert list(ProgressUpdate.objects.all()) == [caras]  # Dev's was not stored

    second_page.get_by_role("button", name="Save update").click()
    expect(second_page.get_by_role("alert")).to_contain_text("Your progress update was saved")
    expect(update_cards(second_page)).to_have_count(2)
    expect(update_cards(second_page).first).to_contain_text("Dev: two trainers have left.")
    expect(update_cards(second_page).nth(1)).to_contain_text(
        "Cara: the network is meeting monthly."
    )
    stored = list(cwb_t1.progress_updates.order_by("made_at", "id").values_list("author", "status"))
    assert stored == [(cara.pk, "on_track"), (dev.pk, "at_risk")]


def test_officer_adds_an_update_with_the_keyboard_alone(
    page: Page, live_server: LiveServer, cwb_t1: Target, cara: AbstractUser
) -> None:
    sign_in(page, live_server, cara)
    page.goto(f"/targets/{cwb_t1.pk}/")

    tab_to(page, page.get_by_role("button", name="Add a progress update"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a progress update")
    # Tab reaches the radio group at its first option; an arrow key moves to the next and picks it.
    tab_to(page, page.get_by_role("radio", name="Not started"))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="On track")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Commentary")).to_be_focused()
    page.keyboard.type("Typed without a mouse.")
    tab_to(page, page.get_by_role("button", name="Save update"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_contain_text("Your progress update was saved")
    stored = ProgressUpdate.objects.get(target=cwb_t1)
    assert (stored.author, stored.status, stored.commentary) == (
        cara,
        "on_track",
        "Typed without a mouse.",
    )


def test_officer_pages_have_no_accessibility_problems(
    page: Page, live_server: LiveServer, cwb_t1: Target, cara: AbstractUser, dev: AbstractUser
) -> None:
    sign_in(page, live_server, cara)
    page.goto("/targets/")
    page.get_by_text("Filter targets").click()  # the filters fold away until asked for
    page.get_by_label("Due", exact=True).select_option(label="Overdue")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]due=overdue\b"))
    expect(page.get_by_role("link", name="CWB-T1", exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="CWB-T1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Target CWB-T1")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Add a progress update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a progress update")
    assert_no_axe_violations(page)

    page.get_by_role("radio", name="Complete").check()
    page.get_by_label("Percent complete").fill("150")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_no_axe_violations(page)

    # A colleague saves while the form is open (made here, as the concurrent-edit test does it in
    # a second browser); sending this one shows the banner and the colleague's update.
    ProgressUpdateFactory(target=cwb_t1, author=dev, commentary="Dev's update.")
    page.get_by_label("Percent complete").fill("100")
    page.get_by_label("Commentary").fill("All in place.")
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_role("region", name="Important")).to_contain_text("Dev Colleague added")
    assert_no_axe_violations(page)
    assert ProgressUpdate.objects.count() == 1


def test_senior_manager_reads_updates_but_cannot_add_one(
    page: Page,
    live_server: LiveServer,
    cwb_t1: Target,
    cara: AbstractUser,
    senior_manager_user: AbstractUser,
) -> None:
    ProgressUpdateFactory(target=cwb_t1, author=cara, commentary="Cara's report to managers.")
    sign_in(page, live_server, senior_manager_user)
    page.goto(f"/targets/{cwb_t1.pk}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Target CWB-T1")
    expect(update_cards(page)).to_have_count(1)
    expect(update_cards(page).first).to_contain_text("by Cara Officer")
    expect(update_cards(page).first).to_contain_text("Cara's report to managers.")
    expect(page.get_by_role("button", name="Add a progress update")).to_have_count(0)

    response = page.goto(f"/targets/{cwb_t1.pk}/update/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You cannot add progress updates to target CWB-T1"
    )
    expect(page.get_by_role("textbox")).to_have_count(0)
    # Nor is an update posted from outside the page accepted, with a valid CSRF token.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    posted = page.request.post(
        f"/targets/{cwb_t1.pk}/update/",
        form={
            "csrfmiddlewaretoken": token,
            "status": "complete",
            "commentary": "Marked done by a manager.",
            "seen_latest_update_id": str(cwb_t1.progress_updates.get().pk),
        },
    )
    assert posted.status == 403
    assert "You cannot add progress updates to target CWB-T1" in posted.text()  # not CSRF's 403
    assert list(ProgressUpdate.objects.values_list("author", flat=True)) == [cara.pk]
