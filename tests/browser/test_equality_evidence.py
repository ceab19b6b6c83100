"""Every group against the population in a real browser: the indicator page, the equality view
(its groups open without JavaScript's help) and the public page with suppressed figures, each
checked with axe at 1280 and 390 px."""

import io
import re

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from outcomes.models import Indicator
from plans.models import Plan
from tests.browser.helpers import assert_no_axe_violations, sign_in

WIDTHS = (1280, 390)


@pytest.fixture
def evidence(islington_plan: Plan, settings) -> Plan:
    settings.DEBUG = True  # the demo loader refuses otherwise; pages are unaffected
    call_command("load_population", stdout=io.StringIO())
    call_command("load_demo_measurements", stdout=io.StringIO())
    islington_plan.is_public = True
    islington_plan.save()
    return islington_plan


def test_manager_reads_each_group_against_the_population(
    page: Page, live_server: LiveServer, evidence: Plan, senior_manager_user: AbstractUser
) -> None:
    sign_in(page, live_server, senior_manager_user)
    indicator = Indicator.objects.get(ref="CWB-I1")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{indicator.get_absolute_url()}?as_at=2022-06-30")
        table = page.get_by_role("table", name="CWB-I1 by ethnicity against the population")
        expect(table.get_by_role("row", name=re.compile(r"^Chinese "))).to_contain_text(
            "Below its population share"
        )
        assert_no_axe_violations(page)

        page.goto(f"/reports/{evidence.slug}/equality/?as_at=2022-06-30")
        race = page.locator("#group-race")
        expect(race).to_contain_text("Furthest below its population share")
        details = race.locator("details")
        expect(details.get_by_role("table")).to_be_hidden()
        details.locator("summary").click()
        expect(details.get_by_role("table").first).to_be_visible()
        assert_no_axe_violations(page)
    assert Indicator.objects.get(ref="CWB-I1").measurements.count() == 5


def test_public_page_marks_suppressed_figures(
    page: Page, live_server: LiveServer, evidence: Plan
) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/public/{evidence.slug}/")
        table = page.get_by_role("table", name="CWB-I1 by ethnicity against the population")
        expect(table.get_by_role("row", name=re.compile(r"^Pakistani "))).to_contain_text(
            "Suppressed"
        )
        assert_no_axe_violations(page)
    assert Plan.objects.get(pk=evidence.pk).is_public
