"""An officer makes an API token in the browser, copies it once, uses it, and revokes it; the
token and reference pages are accessible and load under the site's content security policy."""

import json
import urllib.error
import urllib.request

from django.contrib.auth.models import AbstractUser
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from api.models import ApiToken
from tests.browser.helpers import assert_no_axe_violations, sign_in


def _plans(live_server: LiveServer, secret: str) -> int:
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        live_server.url + "/api/v1/plans", headers={"Authorization": f"Bearer {secret}"}
    )
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310  # nosec B310
            json.load(response)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_officer_makes_uses_and_revokes_a_token(
    page: Page, live_server: LiveServer, housing_officer: AbstractUser
) -> None:
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security" in m.text else 0)
    sign_in(page, live_server, housing_officer)
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Make token").click()  # no name yet
    expect(page.get_by_role("link", name="Enter a name for the token")).to_be_visible()
    page.get_by_label("Token name").fill("Housing register")
    page.get_by_label("1 year").check()
    page.get_by_role("button", name="Make token").click()
    expect(
        page.get_by_role("heading", name="Your token “Housing register” was made")
    ).to_be_visible()
    secret = page.get_by_label("Your new token").input_value()
    assert secret.startswith("iet_")
    assert_no_axe_violations(page)
    assert _plans(live_server, secret) == 200

    page.goto(live_server.url + "/api/tokens/")
    assert secret not in page.content()
    page.get_by_role("button", name="Revoke Housing register").click()
    expect(page.get_by_text("The token “Housing register” was revoked")).to_be_visible()
    assert ApiToken.objects.get().revoked_at is not None
    assert _plans(live_server, secret) == 401

    page.get_by_role("link", name="Equality Tracker API").click()
    expect(page.get_by_role("heading", name="Islington Equality Tracker API")).to_be_visible()
    assert_no_axe_violations(page)
    assert csp_errors == []
