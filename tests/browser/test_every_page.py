"""Every page of the site, and the admin pages of this project's models, at 1280 and 390 px wide:
axe finds nothing at any impact (every rule, best practices included, not only WCAG A and AA),
and no page scrolls sideways at 390 px.

The pages are found, not listed from memory: every named route of the URL conf is either visited
(PAGES, as the people who use it) or said not to be a page (NOT_PAGES: downloads, JSON, POST-only
actions), so a new route fails test_the_walk_covers_every_route until it is one or the other. The
admin's pages come from the admin site's registry: for each model this project registers, its
list, add, change and history pages as far as a plan admin may see them, and as a superuser the ones
a plan admin may not. The data is the demo's, loaded as `make run` loads it, so every page has
something in it: a closed and an open quarterly return, an area sent back, another waiting for
sign-off.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import CouncilIdentity, GroupMapping
from api.tokens import create_token
from outcomes.models import Indicator, Outcome
from plans.management.commands.create_demo_accounts import DEMO_PASSWORD
from plans.models import Plan
from plans.roles import OFFICERS, plan_apps
from reminders.models import ReminderLog, ReminderPreference
from returns import queries as return_queries
from returns.models import AreaReturn, DeadlineProposal, Return
from returns.services import propose_deadline
from targets.models import Target
from tests.browser.helpers import sign_in
from tests.routes import route_names

WIDTHS = [1280, 390]
SSO_ISSUER = "https://sso.example.org"
DEMO = ["create_demo_accounts", "load_demo_progress", "load_population"]
DEMO += ["load_demo_measurements", "load_demo_returns"]  # make run's demo-data, after import_plan
_axe = Axe()


@dataclass(frozen=True)
class Demo:
    """The demo's objects that the pages are about."""

    plan: Plan
    closed: Return  # Q2 2021/22, closed with its figures frozen
    open: Return  # Q3 2021/22
    sent_back: AreaReturn  # Community wealth building's part of the open return
    submitted: AreaReturn  # an area waiting for its lead's sign-off
    commented: Target  # the target the lead commented on when sending the area back
    proposal: DeadlineProposal
    target: Target  # a late target of Housing's, reported at risk
    outcome: Outcome
    indicator: Indicator  # with the demo's measurements


@pytest.fixture
def demo(islington_plan: Plan) -> Demo:
    """make run's demo data, plus what it leaves empty: a proposed due date, the lead of the area
    waiting for sign-off, an API token, a reminder sent, an SSO group mapping and identity."""
    with override_settings(DEBUG=True):  # the demo commands refuse to run without it
        for command in DEMO:
            call_command(command, stdout=io.StringIO())
    islington_plan.is_public = True
    islington_plan.save()
    users = get_user_model().objects.in_bulk(["officer", "lead"], field_name="username")
    q3 = islington_plan.returns.get(name="Q3 2021/22")
    sent_back = q3.areas.get(state=AreaReturn.State.SENT_BACK)
    submitted = q3.areas.filter(state=AreaReturn.State.SUBMITTED).first()
    submitted.service_area.leads.add(users["lead"])
    proposable = return_queries.proposable_targets([sent_back], today=timezone.localdate())
    proposal = propose_deadline(
        area_return=sent_back,
        target=Target.objects.filter(pk__in=proposable).order_by("pk").first(),
        by=users["officer"],
        proposed_date=date(2030, 3, 31),
        reason="The supplier network will not be in place until the new contract starts.",
    )
    create_token(user=users["officer"], name="Housing register", expires_on=date(2099, 1, 1))
    ReminderPreference.objects.create(user=users["officer"], wants_reminders=True)
    ReminderLog.objects.create(
        user=users["officer"],
        kind=ReminderLog.Kind.TARGETS,
        sent_on=date(2021, 10, 1),
        email="officer@example.org",
        subject="Your targets need an update",
        target_refs="CWB-T1, CWB-T2",
    )
    GroupMapping.objects.create(provider_group="equality-officers", role=OFFICERS)
    CouncilIdentity.objects.create(user=users["lead"], issuer=SSO_ISSUER, subject="7")
    get_user_model().objects.create_superuser("superuser", password=DEMO_PASSWORD)
    for model, model_admin in admin.site._registry.items():
        # A past version for the admin's version page, where rows made in bulk left none.
        if isinstance(model_admin, SimpleHistoryAdmin) and not model.history.exists():
            model._base_manager.order_by("pk").first().save()
    return Demo(
        plan=islington_plan,
        closed=islington_plan.returns.get(name="Q2 2021/22"),
        open=q3,
        sent_back=sent_back,
        submitted=submitted,
        commented=sent_back.notes.exclude(target=None).first().target,
        proposal=proposal,
        target=Target.objects.get(ref="HSG-T1"),
        outcome=Outcome.objects.get(ref="CWB-O1"),
        indicator=Indicator.objects.get(ref="CWB-I1"),
    )


@dataclass(frozen=True)
class Visit:
    route: str  # the route's name, or an error page's status code
    who: str  # a demo account's user name, or "nobody"
    args: Callable[[Demo], list] = lambda demo: []
    query: str = ""
    status: int = 200
    submit: str = ""  # a button to press with the form left empty: the page showing the errors

    def step(self, demo: Demo) -> "Step":
        if self.route.isdigit():  # an error page: the query is its whole path
            return Step(self.who, self.query, self.status)
        path = reverse(self.route, args=self.args(demo)) + self.query
        return Step(self.who, path, self.status, self.submit)


class Step(NamedTuple):
    who: str
    path: str
    status: int = 200
    submit: str = ""


AS_AT = "?as_at=2021-09-30"
PLAN = lambda demo: [demo.plan.slug]  # noqa: E731 - a table of one-line lookups reads best so
OPEN = lambda demo: [demo.open.pk]  # noqa: E731
CLOSED = lambda demo: [demo.closed.pk]  # noqa: E731
SENT_BACK = lambda demo: [demo.sent_back.pk]  # noqa: E731

# Each page as the people who use it; a page that differs by role is visited as each.
PAGES = [
    Visit("login", "nobody"),
    Visit("admin_sign_in", "nobody"),
    Visit("accounts:signed_out", "nobody"),
    Visit("public:index", "nobody"),
    Visit("public:plan", "nobody", PLAN),
    Visit("home", "officer"),  # what needs them, with their area's return sent back
    Visit("home", "housing"),  # ... with their area's return in progress
    Visit("home", "lead"),
    Visit("home", "manager", query=AS_AT),
    Visit("home", "admin"),
    Visit("targets:list", "officer"),
    Visit("targets:list", "manager", query="?scope=all&status=red&q=housing&as_at=2021-09-30"),
    Visit("targets:detail", "housing", lambda demo: [demo.target.pk]),
    Visit("targets:add_update", "housing", lambda demo: [demo.target.pk]),
    Visit("outcomes:list", "manager", query=AS_AT),
    Visit("outcomes:outcome", "officer", lambda demo: [demo.outcome.pk]),
    Visit("outcomes:add_update", "officer", lambda demo: [demo.outcome.pk]),
    Visit("outcomes:indicator", "officer", lambda demo: [demo.indicator.pk]),
    Visit("outcomes:add_measurement", "officer", lambda demo: [demo.indicator.pk]),
    Visit("outcomes:import_measurements", "officer", lambda demo: [demo.indicator.pk]),
    Visit("reminders:preferences", "officer"),
    Visit("password_change", "officer"),
    Visit("password_change_done", "officer"),
    Visit("api:tokens", "officer"),
    Visit("api:docs", "officer"),
    Visit("reports:index", "manager"),
    Visit("reports:directorate", "manager", lambda demo: [demo.plan.slug, "housing"], AS_AT),
    Visit("reports:plan", "manager", PLAN, AS_AT),
    Visit("reports:equality", "manager", PLAN, AS_AT),
    Visit("returns:index", "officer"),
    Visit("returns:index", "admin"),
    Visit("returns:detail", "officer", OPEN),
    Visit("returns:detail", "lead", OPEN),
    Visit("returns:detail", "admin", OPEN),
    Visit("returns:detail", "manager", CLOSED),
    Visit("returns:yours", "officer", OPEN),
    Visit("returns:yours", "housing", OPEN),
    Visit("returns:update_target", "officer", lambda demo: [demo.sent_back.pk, demo.commented.pk]),
    Visit("returns:update_outcome", "officer", lambda demo: [demo.sent_back.pk, demo.outcome.pk]),
    Visit("returns:propose", "officer", lambda demo: [demo.sent_back.pk, demo.commented.pk]),
    Visit("returns:submit", "officer", SENT_BACK),
    Visit("returns:review", "lead", lambda demo: [demo.submitted.pk]),  # to approve or send back
    Visit("returns:review", "lead", SENT_BACK),  # waiting for its officers again
    Visit("returns:review", "manager", SENT_BACK),  # read only
    Visit("returns:decide", "lead", lambda demo: [demo.proposal.pk]),
    Visit("returns:report", "manager", OPEN),  # the committee pack's page, a draft
    Visit("returns:report", "manager", CLOSED),  # ... and final
    Visit("returns:open", "admin", PLAN),
    Visit("returns:remind", "admin", OPEN),
    Visit("returns:close", "admin", OPEN),
    Visit("returns:reopen", "admin", CLOSED),
    # Forms sent empty: each page again with its errors.
    Visit("login", "nobody", submit="Sign in"),
    Visit("targets:add_update", "housing", lambda demo: [demo.target.pk], submit="Save update"),
    Visit("outcomes:add_update", "officer", lambda demo: [demo.outcome.pk], submit="Save update"),
    Visit(
        "outcomes:add_measurement",
        "officer",
        lambda demo: [demo.indicator.pk],
        submit="Save measurement",
    ),
    Visit(
        "outcomes:import_measurements",
        "officer",
        lambda demo: [demo.indicator.pk],
        submit="Import measurements",
    ),
    Visit(
        "returns:update_target",
        "officer",
        lambda demo: [demo.sent_back.pk, demo.commented.pk],
        submit="Save and go back to your return",
    ),
    Visit(
        "returns:propose",
        "officer",
        lambda demo: [demo.sent_back.pk, demo.commented.pk],
        submit="Send to the service lead",
    ),
    Visit("password_change", "officer", submit="Change password"),
    Visit("api:tokens", "officer", submit="Make token"),
    Visit("returns:review", "lead", lambda demo: [demo.submitted.pk], submit="Send your decision"),
    Visit("returns:decide", "lead", lambda demo: [demo.proposal.pk], submit="Send your decision"),
    Visit("returns:open", "admin", PLAN, submit="Open the return"),
    Visit("returns:close", "admin", OPEN, submit="Close the return"),
    Visit("returns:reopen", "admin", CLOSED, submit="Reopen the return"),
    # The error pages people meet: no such page, and a page of another role.
    Visit("404", "officer", query="/no-such-page/", status=404),
    Visit("403", "officer", query="/returns/open/challenging-inequalities/", status=403),
]

# Routes that answer with something other than a page, and so are not walked.
NOT_PAGES = {
    "logout": "POST only: the Sign out button",
    "admin_sign_out": "POST only: the admin's Log out button",
    "accounts:sso_login": "POST only: starts single sign-on",
    "accounts:sso_callback": "the council's sign-in service returns here (tests/sso/)",
    "health": "plain text for load balancers",
    "targets:export": "a CSV or XLSX file",
    "reports:export_plan_targets": "a CSV or XLSX file",
    "reports:export_area_targets": "a CSV or XLSX file",
    "outcomes:measurement_template": "a CSV file",
    "public:targets_csv": "open data",
    "public:targets_json": "open data",
    "public:indicators_csv": "open data",
    "public:indicators_json": "open data",
    "public:shares_csv": "open data",
    "public:population_csv": "open data",
    "public:population_json": "open data",
    "returns:pack": "a Word or PDF file (its HTML page is returns:report)",
    "api:revoke": "POST only: the Revoke button on api:tokens",
}
# The API's routes answer JSON; its page for people is api:docs.
NOT_PAGES |= {name: "the API: JSON" for name in route_names() if name.startswith("api-v1:")}


def test_the_walk_covers_every_route() -> None:
    visited = {visit.route for visit in PAGES if not visit.route.isdigit()}
    assert visited.isdisjoint(NOT_PAGES), "a route is both visited and said not to be a page"
    missing = route_names() - visited - NOT_PAGES.keys()
    assert not missing, f"add these routes to PAGES (or NOT_PAGES): {sorted(missing)}"
    assert not (visited | NOT_PAGES.keys()) - route_names(), "routes that no longer exist"


def admin_pages(user: AbstractUser) -> dict[str, bool]:
    """The admin pages of the models this project registers (with its own ModelAdmin) that the
    user may open: the index, each app's index, and each model's list, add, change, history,
    delete and past version pages (of its first object), each with whether the user may change
    there (a page one may only view is drawn differently)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = {reverse("admin:index"): False}
    for model, model_admin in admin.site._registry.items():
        if type(model_admin).__module__.partition(".")[0] not in plan_apps():
            continue  # a library's own admin (django-axes)
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        if model_admin.has_view_permission(request):
            first = model._base_manager.order_by("pk").first()
            assert first, f"no {model._meta.label} in the walk's data to show its change page"
            changes = model_admin.has_change_permission(request)
            pages |= {
                reverse("admin:app_list", args=[model._meta.app_label]): False,
                reverse(f"admin:{info}_changelist"): changes,
                reverse(f"admin:{info}_change", args=[first.pk]): changes,
                reverse(f"admin:{info}_history", args=[first.pk]): False,
            }
            if isinstance(model_admin, SimpleHistoryAdmin):  # each past version has a page
                version = model.history.order_by("history_id").first()
                assert version, f"no past version of any {model._meta.label} in the walk's data"
                of = getattr(version, model._meta.pk.attname)
                past = reverse(f"admin:{info}_simple_history", args=[of, version.history_id])
                pages[past] = changes
            if model_admin.has_delete_permission(request, first):
                pages[reverse(f"admin:{info}_delete", args=[first.pk])] = True
        if model_admin.has_add_permission(request):
            pages[reverse(f"admin:{info}_add")] = True
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


def walk(page: Page, live_server: LiveServer, width: int, visits: list[Step]) -> None:
    """Visit each page in turn, signing in as needed; fail listing every problem."""
    page.set_viewport_size({"width": width, "height": 900})
    problems, current = [], "nobody"
    for who, path, status, submit in visits:
        if who != current:
            page.context.clear_cookies()
            if who != "nobody":
                user = get_user_model().objects.get(username=who)
                sign_in(page, live_server, user, password=DEMO_PASSWORD)
            current = who
        response = page.goto(path)
        if response.status != status:
            problems.append(f"{path} as {who}: answered {response.status}, not {status}")
            continue
        if submit:
            page.get_by_role("button", name=submit, exact=True).click()
            page.wait_for_load_state()
            if not page.locator(".govuk-error-summary").count():
                problems.append(
                    f"{path} as {who}: {submit!r} with nothing filled in showed no error"
                )
                continue
            path += f" ({submit!r} sent empty)"
        problems += [f"{path} as {who} at {width} px: {found}" for found in findings(page, width)]
    assert not problems, f"{len(problems)} problem(s) on {len(visits)} pages:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_of_the_site_passes_axe_and_fits_the_width(
    page: Page, live_server: LiveServer, demo: Demo, width: int
) -> None:
    test_the_walk_covers_every_route()
    walk(page, live_server, width, [visit.step(demo) for visit in PAGES])


@pytest.mark.parametrize("width", WIDTHS)
def test_the_admin_pages_of_our_models_pass_axe_and_fit_the_width(
    page: Page, live_server: LiveServer, demo: Demo, width: int
) -> None:
    users = get_user_model().objects.in_bulk(["admin", "superuser"], field_name="username")
    plan_admins = admin_pages(users["admin"])
    # A superuser (IT) also sees the pages a plan admin may not open, or may only view.
    superusers = {
        p for p, changes in admin_pages(users["superuser"]).items() if plan_admins.get(p) != changes
    }
    visits = [Step("admin", path) for path in sorted(plan_admins)]
    visits += [Step("superuser", path) for path in sorted(superusers)]
    walk(page, live_server, width, visits)
