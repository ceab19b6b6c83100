"""The public progress page as a signed-out visitor sees it in a real browser: accessible (axe),
no account links, links to the open data, and printed without the page furniture."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from outcomes.models import Indicator
from plans.models import Plan
from tests.browser.helpers import assert_no_axe_violations
from tests.outcomes.factories import measure


@pytest.fixture
def published_plan(islington_plan: Plan) -> Plan:
    """The Islington plan, published, with a figure for CWB-I1 broken down by ethnicity."""
    islington_plan.is_public = True
    islington_plan.save()
    measure(Indicator.objects.get(ref="CWB-I1"), "2021-03-31", 400, african=120, indian=60)
    return islington_plan


def test_signed_out_visitor_reads_the_published_plans_progress(
    page: Page, live_server: LiveServer, published_plan: Plan
) -> None:
    page.goto("/public/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality plans: progress")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Challenging Inequalities").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Challenging Inequalities: progress")
    expect(page.get_by_text(re.compile(r"^Figures as at \d+ \w+ \d{4}\.$"))).to_be_visible()
    expect(page.get_by_role("navigation", name="Account")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.get_by_role("heading", level=2, name="Housing")).to_be_visible()
    breakdown = page.get_by_role("table", name="CWB-I1: People finding new work", exact=False)
    expect(breakdown.get_by_role("row", name="Black, Asian and Minority Ethnic")).to_contain_text(
        "45.0%"
    )
    expect(page.get_by_role("link", name="JSON file of indicators", exact=False)).to_have_attribute(
        "href", f"/public/{published_plan.slug}/indicators.json"
    )
    assert_no_axe_violations(page)
    assert Plan.objects.get(pk=published_plan.pk).is_public


def test_the_public_page_prints_without_navigation_or_downloads(
    page: Page, live_server: LiveServer, published_plan: Plan
) -> None:
    page.goto(f"/public/{published_plan.slug}/")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".app-print-header")).to_be_visible()  # the date heads each printed page
    expect(page.locator("#data")).to_be_hidden()
    expect(page.locator(".govuk-footer")).to_be_hidden()
    expect(page.locator(".govuk-breadcrumbs")).to_be_hidden()
    expect(page.locator(".govuk-skip-link")).to_be_hidden()
    expect(page.get_by_role("table").first).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page") > 1
    assert Plan.objects.get(pk=published_plan.pk).is_public
