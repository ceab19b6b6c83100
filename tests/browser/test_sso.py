"""Signing in with the council's account end to end: the tracker's sign-in page, the identity
provider's own login page (tests/sso/provider.mjs), back to the page asked for, and out again."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from accounts.models import CouncilIdentity, GroupMapping
from plans.models import Plan
from plans.roles import OFFICERS
from tests.browser.helpers import assert_no_axe_violations
from tests.sso.conftest import configure_sso
from tests.sso.provider import GROUP_OFFICERS, Provider, running_provider


@pytest.fixture
def provider(live_server: LiveServer, tmp_path: Path) -> Iterator[Provider]:
    with running_provider(
        tmp_path,
        redirect_uri=f"{live_server.url}/accounts/sso/callback/",
        signed_out_uri=f"{live_server.url}/accounts/signed-out/",
    ) as running:
        yield running


@pytest.fixture
def sso(settings: Settings, provider: Provider, islington_plan: Plan) -> Provider:
    configure_sso(settings, provider.issuer)
    mapping = GroupMapping.objects.create(provider_group=GROUP_OFFICERS, role=OFFICERS)
    mapping.service_areas.add(islington_plan.service_areas.get(slug="housing"))
    return provider


def test_officer_signs_in_with_their_council_account_and_out_again(
    page: Page, live_server: LiveServer, sso: Provider
) -> None:
    page.goto(live_server.url + "/targets/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Sign in with your council account").click()
    expect(page).to_have_url(re.compile(f"^{re.escape(sso.issuer)}/interaction/"))
    page.locator("input[name=login]").fill("olu")
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()

    expect(page).to_have_url(live_server.url + "/targets/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_text("HSG-T1")).to_be_visible()
    user = CouncilIdentity.objects.get(issuer=sso.issuer, subject="olu").user
    assert user.get_full_name() == "Olu Officer"
    assert list(user.service_areas.values_list("slug", flat=True)) == ["housing"]

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(f"^{re.escape(sso.issuer)}/session/end"))
    page.get_by_role("button", name=re.compile("yes", re.IGNORECASE)).click()
    expect(page).to_have_url(live_server.url + "/accounts/signed-out/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
