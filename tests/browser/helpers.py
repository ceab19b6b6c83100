"""What browser tests do again and again: sign in as a person would, and check a page with axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.factories import PASSWORD

# WCAG 2.0, 2.1 and 2.2 at levels A and AA: the standard the public sector accessibility
# regulations ask for. (This axe-core, 4.12, has no wcag22a rules, so there is no tag for them.)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
NODES_SHOWN = 3

_axe = Axe()


def sign_in(
    page: Page, live_server: LiveServer, user: AbstractBaseUser, password: str = PASSWORD
) -> None:
    """Sign in through the sign-in form; returns once the page shows the user signed in."""
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(user.get_username())
    # exact: the password input's "Show password" button is labelled "password" too.
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def assert_no_axe_violations(page: Page) -> None:
    """Fail, listing each rule broken, if axe-core finds WCAG 2.x A or AA problems on the page."""
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility rule(s) broken on {page.url}:"]
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"]]
        more = len(targets) - NODES_SHOWN
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"    {violation['helpUrl']}\n"
            f"    at: {' | '.join(targets[:NODES_SHOWN])}"
            + (f" (and {more} more)" if more > 0 else "")
        )
    pytest.fail("\n".join(lines), pytrace=False)
