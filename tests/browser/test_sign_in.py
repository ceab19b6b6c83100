"""Signing in and out, and changing a password, as a person does it in a browser; the pages' look
(the council's, not GOV.UK's) and their accessibility."""

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractUser
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from plans.models import Plan
from tests.browser.helpers import assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, senior_manager

NEW_PASSWORD = "another-long-test-password-2"
# The computed font-family of every element that has text of its own.
TEXT_FONTS = """[...document.querySelectorAll("body *")]
    .filter(el => [...el.childNodes].some(node => node.nodeType === 3 && node.data.trim()))
    .map(el => getComputedStyle(el).fontFamily)"""


@pytest.fixture
def user(transactional_db: None) -> AbstractUser:
    """Someone with a role: the home page is the dashboard, which every role may see."""
    return senior_manager(username="ada", first_name="Ada", last_name="Lovelace")


def fill_sign_in_form(page: Page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def expect_signed_out(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_signed_out_visitor_is_sent_from_home_to_sign_in(page: Page, live_server: LiveServer):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/accounts/login/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page).to_have_title("Sign in – Equality Tracker – Islington Council")


def test_wrong_password_shows_error_summary_and_stays_signed_out(
    page: Page, live_server: LiveServer, user: AbstractUser
):
    page.goto(live_server.url + "/")
    fill_sign_in_form(page, "ada", "not-her-password")

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link")).to_contain_text("correct username and password")
    # GOV.UK Frontend moves focus to the summary, so a screen reader announces it first.
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect_signed_out(page, live_server)


def test_signing_in_lands_on_home_page_showing_the_users_name(
    page: Page, live_server: LiveServer, user: AbstractUser
):
    page.goto(live_server.url + "/")
    fill_sign_in_form(page, "ada", PASSWORD)

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Ada Lovelace")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def tab_to(page: Page, target: Locator, presses: int = 10) -> None:
    """Press Tab until `target` has focus, as a keyboard user would; fail if it never does."""
    for _ in range(presses):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/accounts/login/",
    ],
    ids=["home", "sign-in"],
)
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main_content(
    page: Page, live_server: LiveServer, user: AbstractUser, path: str
):
    if path == "/":
        sign_in(page, live_server, user)
    page.goto(live_server.url + path)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    # Focus moves while the key press is handled: no need to wait the full timeout to know.
    expect(skip_link).to_be_focused(timeout=1_000)
    expect(skip_link).to_be_in_viewport()  # shown when focused, hidden otherwise

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    expect(skip_link).not_to_be_in_viewport()


def test_sign_in_form_works_with_the_keyboard_alone(
    page: Page, live_server: LiveServer, user: AbstractUser
):
    page.goto(live_server.url + "/")
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type("ada")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show password")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Ada Lovelace")


def test_sign_out_button_signs_out(page: Page, live_server: LiveServer, user: AbstractUser):
    sign_in(page, live_server, user)
    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    expect_signed_out(page, live_server)


def test_changed_password_is_the_one_that_signs_in(
    page: Page, live_server: LiveServer, user: AbstractUser
):
    sign_in(page, live_server, user)
    page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    page.get_by_role("button", name="Sign out").click()
    page.goto(live_server.url + "/")
    fill_sign_in_form(page, "ada", PASSWORD)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    fill_sign_in_form(page, "ada", NEW_PASSWORD)
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Ada Lovelace")


def test_pages_show_the_councils_name_without_govuk_crown_or_font(
    page: Page, live_server: LiveServer
):
    page.goto(live_server.url + "/accounts/login/")

    header = page.locator("header")
    expect(header.get_by_role("link", name="Islington Council")).to_be_visible()
    crown = ".govuk-header__logotype, .govuk-header__logotype-crown, .govuk-footer__copyright-logo"
    expect(page.locator(crown)).to_have_count(0)
    expect(header.locator("svg")).to_have_count(0)
    # GOV.UK Frontend sets the font on its classes, not on <body>: look at everything with text.
    fonts = set(page.evaluate(TEXT_FONTS))
    assert fonts and all(font.lower().startswith("arial") for font in fonts), fonts
    assert page.evaluate("document.fonts.size") == 0  # no web fonts at all, GDS Transport or other


def test_pages_load_the_built_stylesheet_and_scripts(page: Page, live_server: LiveServer):
    with (
        page.expect_response("**/static/css/application.css") as stylesheet,
        page.expect_response("**/static/js/govuk-frontend.min.js") as frontend,
    ):
        page.goto(live_server.url + "/accounts/login/")

    assert stylesheet.value.ok and "text/css" in stylesheet.value.headers["content-type"]
    assert frontend.value.ok
    # js/application.mjs marks the body once GOV.UK Frontend has started.
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    # Visible only when its script has run.
    expect(page.get_by_role("button", name="Show password")).to_be_visible()


def _sign_in_page(page: Page, live_server: LiveServer, user: AbstractUser) -> None:
    page.goto(live_server.url + "/accounts/login/")


def _sign_in_page_with_errors(page: Page, live_server: LiveServer, user: AbstractUser) -> None:
    page.goto(live_server.url + "/accounts/login/")
    fill_sign_in_form(page, "ada", "not-her-password")
    expect(page.locator(".govuk-error-summary")).to_be_focused()


def _signed_out_page(page: Page, live_server: LiveServer, user: AbstractUser) -> None:
    sign_in(page, live_server, user)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")


def _password_change_page(page: Page, live_server: LiveServer, user: AbstractUser) -> None:
    sign_in(page, live_server, user)
    page.goto(live_server.url + "/accounts/password_change/")


def _password_change_page_with_errors(
    page: Page, live_server: LiveServer, user: AbstractUser
) -> None:
    _password_change_page(page, live_server, user)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill("something-else-entirely-3")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()


def _not_found_page(page: Page, live_server: LiveServer, user: AbstractUser) -> None:
    sign_in(page, live_server, user)
    response = page.goto(live_server.url + "/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


@pytest.mark.parametrize(
    "reach",
    [
        _sign_in_page,
        _sign_in_page_with_errors,
        _signed_out_page,
        _password_change_page,
        _password_change_page_with_errors,
        _not_found_page,
    ],
    ids=lambda reach: reach.__name__.strip("_").replace("_", "-"),
)
def test_page_has_no_accessibility_problems(
    page: Page,
    live_server: LiveServer,
    user: AbstractUser,
    reach: Callable[[Page, LiveServer, AbstractUser], None],
):
    reach(page, live_server, user)
    assert_no_axe_violations(page)


def test_home_page_has_no_accessibility_problems(
    page: Page, live_server: LiveServer, user: AbstractUser, islington_plan: Plan
):
    sign_in(page, live_server, user)  # lands on the home page, with the plan to show
    expect(page).to_have_url(live_server.url + "/")
    assert_no_axe_violations(page)
