"""A plan admin keeps the plan up to date in the Django admin, in a browser.

No axe checks here: the admin's pages are Django's markup, not ours.
"""

import re

from django.contrib.auth.models import AbstractUser
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from outcomes.models import Outcome
from plans.models import Plan
from tests.factories import PASSWORD

NEW_TEXT = "Every Housing service has adopted the Equality and Diversity Project's recommendations."


def sign_in_to_admin(page: Page, live_server: LiveServer, user: AbstractUser) -> None:
    page.goto(live_server.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/$"))
    page.get_by_label("Username:").fill(user.get_username())
    # exact: the password input's "Show password" button is labelled "password" too.
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def test_service_area_shows_its_actions_targets_and_outcomes_inline(
    page: Page, live_server: LiveServer, islington_plan: Plan, plan_admin_user: AbstractUser
):
    housing = islington_plan.service_areas.get(slug="housing")
    sign_in_to_admin(page, live_server, plan_admin_user)
    page.get_by_role("link", name="Service areas").click()
    page.get_by_role("link", name="Housing", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Change service area")
    expect(page.get_by_role("heading", level=2, name="Housing")).to_be_visible()
    for inline, ref, objects in [
        ("#actions-group", "HSG-A1", housing.actions),
        ("#targets-group", "HSG-T1", housing.targets),
        ("#outcomes-group", "HSG-O1", housing.outcomes),
    ]:
        group = page.locator(inline)
        expect(group).to_contain_text(ref)
        expect(group.locator(".inline-related.has_original, tr.has_original")).to_have_count(
            objects.count()
        )


def test_outcome_edited_inline_shows_in_its_history(
    page: Page, live_server: LiveServer, islington_plan: Plan, plan_admin_user: AbstractUser
):
    outcome = Outcome.objects.get(ref="HSG-O1")
    old_text = outcome.text
    sign_in_to_admin(page, live_server, plan_admin_user)
    page.goto(f"{live_server.url}/admin/plans/servicearea/{outcome.service_area_id}/change/")

    row = page.locator("#outcomes-group tr.has_original", has_text="HSG-O1")
    row.locator("textarea[name$='-text']").fill(NEW_TEXT)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    outcome.refresh_from_db()
    assert outcome.text == NEW_TEXT

    row = page.locator("#outcomes-group tr.has_original", has_text="HSG-O1")
    row.get_by_role("link", name="Change").click()
    page.get_by_role("link", name="History").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Change history")
    latest = page.locator("#change-history tbody tr").first
    expect(latest.get_by_role("link", name=f"HSG-O1: {NEW_TEXT}")).to_be_visible()
    expect(latest.get_by_role("cell", name="Changed", exact=True)).to_be_visible()
    expect(latest.get_by_role("link", name=plan_admin_user.get_username())).to_be_visible()
    # The Changes column shortens long values: "Text: <start> [44 chars] <end> → <start>...".
    expect(latest.get_by_role("listitem")).to_have_text(
        re.compile(rf"^\s*Text:\s+{re.escape(old_text[:20])}.*→\s+{re.escape(NEW_TEXT[:20])}", re.S)
    )
