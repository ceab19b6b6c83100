"""The browser tests' helpers can fail: an accessibility check that never fails checks nothing."""

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import assert_no_axe_violations


def test_axe_check_fails_naming_each_broken_rule(page: Page, live_server: LiveServer):
    page.goto(live_server.url + "/accounts/login/")
    page.locator("main").evaluate(
        """main => main.insertAdjacentHTML(
            "beforeend", '<img src="/static/images/favicon.svg"><input type="text">'
        )"""
    )

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_axe_violations(page)

    message = str(failure.value)
    assert "2 accessibility rule(s) broken" in message
    assert "- image-alt (critical): Images must have alternative text" in message
    assert "- label (critical): Form elements must have labels" in message
    assert 'at: #main-content > input[type="text"]' in message
