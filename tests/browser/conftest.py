"""Browser tests: Playwright (sync API) drives Debian's chromium against the live test server.

Every test under tests/browser is marked `browser` here, so `make test-browser` (`pytest -m
browser`) runs them alone and `make test-fast` leaves them out. They need /usr/bin/chromium
(`make browser` installs it); without it they fail, never skip.

Fixtures
  page               a fresh browser context and page for each test: 1280x900, 10 s timeouts for
                     actions and `expect`, base_url set to the live server (so `page.goto("/")`
                     works). Requesting it starts the live server and gives the test a transactional
                     database that the server shares: objects made in the test body are seen by the
                     pages, and what the pages save can be read back with the ORM (Django's
                     async-safety check is off while the browser runs: see `browser`). The test
                     fails (at teardown) if a page raises a JavaScript error or a file under
                     /static/ answers 4xx/5xx, e.g. while `make assets` rebuilds static/build/.
  second_page        another person's page, in a context of its own (two officers at once)
  browser            the one headless chromium behind every page (package-scoped)
  islington_plan     the shipped Islington plan (plans/data/challenging-inequalities.yaml) loaded
                     into that database; returns the Plan
  plan_admin_user, senior_manager_user
                     users in those roles (tests.factories); password tests.factories.PASSWORD
  housing_officer    an officer who is a member of the Islington plan's Housing service area

Helpers (tests/browser/helpers.py, import them: pytest advises against importing conftest)
  sign_in(page, live_server, user)   signs in through the real sign-in form
  assert_no_axe_violations(page)     runs axe-core for WCAG 2.0, 2.1 and 2.2 A and AA on the page
                                     as it is now, and fails listing each violation

    from tests.browser.helpers import assert_no_axe_violations, sign_in

    def test_officer_sees_their_targets(page, live_server, housing_officer):
        sign_in(page, live_server, housing_officer)
        page.goto("/targets/")
        expect(page.get_by_text("HSG-T1")).to_be_visible()
        assert_no_axe_violations(page)

Passwords are hashed with MD5 in browser tests (fast_password_hashing). The role groups need
nothing from these fixtures: a transactional test's teardown flushes the database, and the flush
sends post_migrate again, whose receiver (plans.roles) recreates the groups with their permissions.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractUser
from playwright.sync_api import Browser, Page, Response, expect, sync_playwright
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from planfile.services import import_plan
from plans.models import Plan
from tests.factories import officer_of, plan_admin, senior_manager

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
BROWSER_TESTS = Path(__file__).resolve().parent

# The service is only ever reached on 127.0.0.1 here; pytest-django's default is "localhost".
# `--liveserver` on the command line still wins.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")
expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Debian chromium not found at {CHROMIUM}: run make browser", pytrace=False)
    with pytest.MonkeyPatch.context() as env:
        # Playwright's sync API keeps an asyncio event loop running in this thread while it is
        # started, so Django takes every ORM call from the tests and their fixtures for one made
        # inside async code and raises SynchronousOnlyOperation. Nothing here is async (the loop
        # only talks to chromium; the live server answers from its own thread), so the check is
        # turned off, and only while Playwright runs: the rest of the suite keeps it.
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


def _watched_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A page in a context of its own (its own cookies), failing the test at the end on a
    JavaScript error or a static file that does not load."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))

    def check_static(response: Response) -> None:
        # Not `response.ok`: a cached file revalidated with 304 Not Modified is fine.
        if "/static/" in response.url and response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    page.on("response", check_static)
    yield page
    context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    yield from _watched_page(browser, live_server)


@pytest.fixture
def second_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A second person's browser, for two people at once (e.g. a concurrent edit)."""
    yield from _watched_page(browser, live_server)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """Every browser test makes a user and signs in: hash with MD5, not 1.5 million rounds of
    PBKDF2, to save about half a second a test. The live server runs in this process, so it uses
    the same hasher; what is tested (the forms, the views, the sessions) is unchanged."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def islington_plan(transactional_db: None, islington_data: dict) -> Plan:
    """The shipped Islington plan, loaded as `make run` loads it, in the live server's database."""
    return import_plan(data=islington_data).plan


@pytest.fixture
def plan_admin_user(transactional_db: None) -> AbstractUser:
    return plan_admin(first_name="Priya", last_name="Admin")


@pytest.fixture
def senior_manager_user(transactional_db: None) -> AbstractUser:
    return senior_manager(first_name="Sam", last_name="Manager")


@pytest.fixture
def housing_officer(islington_plan: Plan) -> AbstractUser:
    return officer_of(
        islington_plan.service_areas.get(slug="housing"), first_name="Olu", last_name="Officer"
    )
