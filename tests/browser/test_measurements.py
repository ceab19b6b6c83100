"""An officer records a measurement with an ethnicity breakdown in a real browser and sees the gap
against the plan's target share; the indicator and measurement pages pass axe."""

import re

import pytest
from django.contrib.auth.models import AbstractUser
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from outcomes.models import Indicator, Measurement
from plans.models import Plan
from tests.browser.helpers import assert_no_axe_violations, sign_in
from tests.factories import officer_of

# 400 people into work, 180 of them Black, Asian and Minority Ethnic: 45%, against the 50% target.
ETHNICITY = {
    ("Asian, Asian British or Asian Welsh", "Indian"): "60",
    ("Black, Black British, Black Welsh, Caribbean or African", "African"): "100",
    ("Black, Black British, Black Welsh, Caribbean or African", "Caribbean"): "20",
    ("White", "English, Welsh, Scottish, Northern Irish or British"): "180",
}


@pytest.fixture
def cwb_officer(islington_plan: Plan) -> AbstractUser:
    area = islington_plan.service_areas.get(slug="community-wealth-building")
    return officer_of(area, first_name="Cara", last_name="Officer")


@pytest.fixture
def into_work(islington_plan: Plan) -> Indicator:
    return Indicator.objects.get(ref="CWB-I1")


def fill_measurement(page: Page, value: str) -> None:
    period = page.get_by_role("group", name="End of the period")
    period.get_by_label("Day").fill("31")
    period.get_by_label("Month").fill("3")
    period.get_by_label("Year").fill("2021")
    page.get_by_label("Value", exact=True).fill(value)
    for (group, category), figure in ETHNICITY.items():
        page.get_by_role("group", name=group).get_by_label(category, exact=True).fill(figure)


def test_officer_adds_a_measurement_with_an_ethnicity_breakdown_and_sees_the_gap(
    page: Page, live_server: LiveServer, cwb_officer: AbstractUser, into_work: Indicator
) -> None:
    sign_in(page, live_server, cwb_officer)
    page.goto(f"/outcomes/indicators/{into_work.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "People finding new work through the Islington Working partnership"
    )
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Add a measurement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a measurement")
    assert_no_axe_violations(page)
    fill_measurement(page, "400")
    page.get_by_role("button", name="Save measurement").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "The measurement for the period ending 31 March 2021 has been saved."
    )
    gaps = page.get_by_role("table", name=re.compile("^Shares achieved against their targets"))
    row = gaps.get_by_role("row", name=re.compile("^Black, Asian and Minority Ethnic"))
    expect(row).to_contain_text("45.0%")
    expect(row).to_contain_text("180 of 400")
    expect(row).to_contain_text("−5.0")
    expect(row).to_contain_text("5.0 percentage points below the target share")
    assert_no_axe_violations(page)

    stored = Measurement.objects.get(indicator=into_work)
    assert (stored.value, stored.author_id) == (400, cwb_officer.pk)
    assert stored.breakdown_values.count() == 4


def test_parts_over_the_total_are_explained_accessibly_and_nothing_is_saved(
    page: Page, live_server: LiveServer, cwb_officer: AbstractUser, into_work: Indicator
) -> None:
    sign_in(page, live_server, cwb_officer)
    page.goto(f"/outcomes/indicators/{into_work.pk}/measurements/add/")
    fill_measurement(page, "300")
    page.get_by_role("button", name="Save measurement").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    message = "The ethnicity figures add up to 360, more than the total of 300."
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: Add a measurement"))
    expect(page.get_by_label("Value", exact=True)).to_have_value("300")  # what was typed stays
    assert_no_axe_violations(page)
    assert not Measurement.objects.exists()
