"""Every page of the site, and the admin pages of this project's models, at 1280 and 390 px wide:
axe finds nothing at any impact (every rule, best practices included, not only WCAG A and AA),
and no page scrolls sideways at 390 px."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import AbstractUser
from django.urls import reverse
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from outcomes.models import Indicator, Outcome
from outcomes.services import MeasurementInput, record_measurements
from plans.models import Plan
from targets.models import Target
from tests.browser.helpers import sign_in
from tests.factories import PASSWORD, ProgressUpdateFactory

WIDTHS = [1280, 390]
_axe = Axe()


@pytest.fixture
def site(islington_plan: Plan, housing_officer: AbstractUser) -> dict:
    """The demo plan with updates, a late target reported at risk, and an indicator's figures."""
    islington_plan.is_public = True
    islington_plan.save()
    late = Target.objects.get(ref="HSG-T1")
    ProgressUpdateFactory(
        target=late,
        author=housing_officer,
        status="at_risk",
        made_at=datetime(2021, 9, 20, 12, tzinfo=ZoneInfo("Europe/London")),
    )
    indicator = Indicator.objects.get(ref="CWB-I1")
    record_measurements(
        indicator=indicator,
        author=housing_officer,
        rows=[
            MeasurementInput(
                date(2021, 3, 31), Decimal(120), {"ethnicity": {"african": Decimal(30)}}
            ),
            MeasurementInput(date(2021, 6, 30), Decimal(180)),
        ],
    )
    return {
        "plan": islington_plan,
        "target": late,
        "outcome": Outcome.objects.get(ref="HSG-O1"),
        "indicator": indicator,
    }


def site_pages(site: dict) -> list[tuple[str, str]]:
    """(who, path) for every page of the site: signed out, an officer, a senior manager."""
    plan, target, outcome, indicator = (site[k] for k in ("plan", "target", "outcome", "indicator"))
    as_at = "?as_at=2021-09-30"
    return [
        ("nobody", reverse("login")),
        ("nobody", reverse("public:index")),
        ("nobody", reverse("accounts:signed_out")),
        ("nobody", reverse("public:plan", args=[plan.slug])),
        ("officer", reverse("home")),
        ("officer", reverse("targets:list")),
        (
            "officer",
            reverse("targets:list") + "?scope=all&status=red&q=housing" + "&as_at=2021-09-30",
        ),
        ("officer", reverse("targets:detail", args=[target.pk])),
        ("officer", reverse("targets:add_update", args=[target.pk])),
        ("officer", reverse("outcomes:list") + as_at),
        ("officer", reverse("outcomes:outcome", args=[outcome.pk])),
        ("officer", reverse("outcomes:add_update", args=[outcome.pk])),
        ("officer", reverse("outcomes:indicator", args=[indicator.pk]) + "?as_at=2021-12-31"),
        ("officer", reverse("reminders:preferences")),
        ("officer", reverse("password_change")),
        ("officer", reverse("password_change_done")),
        ("manager", reverse("home") + as_at),
        ("manager", reverse("reports:index")),
        ("manager", reverse("reports:directorate", args=[plan.slug, "housing"]) + as_at),
        ("manager", reverse("reports:plan", args=[plan.slug]) + as_at),
        ("manager", reverse("reports:equality", args=[plan.slug]) + as_at),
    ]


def admin_pages(site: dict) -> list[str]:
    """The admin pages of this project's models: each list and one change form of each."""
    target, outcome, indicator = site["target"], site["outcome"], site["indicator"]
    pages = [reverse("admin:index")]
    for model, pk in [
        ("plans/plan", site["plan"].pk),
        ("plans/servicearea", target.service_area_id),
        ("plans/action", target.actions.first().pk),
        ("plans/equalitygroup", None),
        ("targets/target", target.pk),
        ("targets/progressupdate", None),
        ("outcomes/outcome", outcome.pk),
        ("outcomes/indicator", indicator.pk),
        ("outcomes/measurement", None),
        ("outcomes/outcomeupdate", None),
        ("outcomes/dimension", None),
        ("outcomes/category", None),
        ("outcomes/breakdown", None),
        ("reminders/reminderpreference", None),
        ("reminders/reminderlog", None),
        ("accounts/groupmapping", None),
        ("accounts/councilidentity", None),
    ]:
        pages.append(f"/admin/{model}/")
        if pk:
            pages.append(f"/admin/{model}/{pk}/change/")
    return pages


def findings(page: Page, width: int) -> list[str]:
    """What is wrong with the page as it is now: every axe violation, and sideways scrolling."""
    found = []
    for violation in _axe.run(page, options={"resultTypes": ["violations"]}).response["violations"]:
        where = " | ".join(", ".join(node["target"]) for node in violation["nodes"][:3])
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {where}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        found.append(f"scrolls sideways by {overflow} px at {width} px wide")
    return found


def check_all(page: Page, width: int, visits: list[tuple[Callable[[], None], str]]) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    for sign_in_as, path in visits:
        sign_in_as()
        page.goto(path)
        problems += [f"{path} at {width} px: {problem}" for problem in findings(page, width)]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_of_the_site_passes_axe_and_fits_the_width(
    page: Page,
    live_server: LiveServer,
    site: dict,
    housing_officer: AbstractUser,
    senior_manager_user: AbstractUser,
    width: int,
) -> None:
    users = {"officer": housing_officer, "manager": senior_manager_user}
    current = {"who": "nobody"}

    def as_(who: str) -> Callable[[], None]:
        def switch() -> None:
            if current["who"] == who:
                return
            page.context.clear_cookies()
            if who != "nobody":
                sign_in(page, live_server, users[who])
            current["who"] = who

        return switch

    check_all(page, width, [(as_(who), path) for who, path in site_pages(site)])


@pytest.mark.parametrize("width", WIDTHS)
def test_the_admin_pages_of_our_models_pass_axe_and_fit_the_width(
    page: Page,
    live_server: LiveServer,
    site: dict,
    plan_admin_user: AbstractUser,
    width: int,
) -> None:
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username:").fill(plan_admin_user.get_username())
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    check_all(page, width, [(lambda: None, path) for path in admin_pages(site)])
