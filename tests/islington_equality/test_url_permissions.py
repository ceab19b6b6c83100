"""Every route, walked from the URL conf, with a user of each role and one of another service area.

A new route without an entry in ROUTES fails test_every_route_has_an_expectation, so no page can be
added without saying who may see it and who may change data through it.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from outcomes.models import Indicator, Measurement, Outcome, OutcomeUpdate
from plans.models import Plan
from targets.models import ProgressUpdate, Target
from tests.factories import UserFactory, officer_of, plan_admin, senior_manager

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_role", "officer", "other_officer", "manager", "admin")
SIGN_IN = "sign in"  # a redirect to the sign-in page


@dataclass(frozen=True)
class Route:
    args: Callable[[Plan], list]
    get: dict[str, int | str]  # role -> status code, or SIGN_IN
    writes: bool = False  # changes data on POST: refusals are checked on POST too

    @classmethod
    def read(cls, args: Callable[[Plan], list] = lambda plan: []) -> "Route":
        """A page every role of the plan reads; others are refused."""
        return cls(args, {"anonymous": SIGN_IN, "no_role": 403} | dict.fromkeys(ROLES[2:], 200))

    @classmethod
    def own_area_write(cls, args: Callable[[Plan], list]) -> "Route":
        """A form only officers of the item's service area, and plan admins, may use."""
        refused = {"no_role": 403, "other_officer": 403, "manager": 403}
        return cls(
            args,
            {"anonymous": SIGN_IN, **refused, "officer": 200, "admin": 200},
            writes=True,
        )


def _target(plan: Plan) -> list:
    return [Target.objects.get(service_area__plan=plan, ref="CWB-T1").pk]


def _outcome(plan: Plan) -> list:
    return [Outcome.objects.get(service_area__plan=plan, ref="CWB-O1").pk]


def _indicator(plan: Plan) -> list:
    return [Indicator.objects.get(outcome__service_area__plan=plan, ref="CWB-I1").pk]


EVERYONE = dict.fromkeys(ROLES, 200)
SIGNED_IN = {"anonymous": SIGN_IN} | dict.fromkeys(ROLES[1:], 200)
NOT_FOUND = dict.fromkeys(ROLES, 404)  # a plan that is not published does not exist in public

ROUTES: dict[str, Route] = {
    "home": Route.read(),
    "targets:list": Route.read(),
    "targets:export": Route.read(lambda plan: ["csv"]),
    "targets:detail": Route.read(_target),
    "targets:add_update": Route.own_area_write(_target),
    "reports:plan": Route.read(lambda plan: [plan.slug]),
    "reports:equality": Route.read(lambda plan: [plan.slug]),
    "reports:index": Route.read(),
    "reports:export_plan_targets": Route.read(lambda plan: [plan.slug, "csv"]),
    "reports:directorate": Route.read(lambda plan: [plan.slug, "housing"]),
    "reports:export_area_targets": Route.read(lambda plan: [plan.slug, "housing", "xlsx"]),
    "outcomes:list": Route.read(),
    "outcomes:outcome": Route.read(_outcome),
    "outcomes:add_update": Route.own_area_write(_outcome),
    "outcomes:indicator": Route.read(_indicator),
    "outcomes:add_measurement": Route.own_area_write(_indicator),
    "outcomes:import_measurements": Route.own_area_write(_indicator),
    "outcomes:measurement_template": Route.read(_indicator),  # column headings only
    "login": Route(lambda plan: [], EVERYONE),
    "logout": Route(lambda plan: [], dict.fromkeys(ROLES, 405)),  # POST only
    # Single sign-on (accounts/): off here, as when not configured (tests/sso/ runs it for real).
    "accounts:sso_login": Route(lambda plan: [], dict.fromkeys(ROLES, 405)),  # POST only
    "accounts:sso_callback": Route(lambda plan: [], NOT_FOUND),
    "accounts:signed_out": Route(lambda plan: [], EVERYONE),
    # The admin's sign-in form (staff are sent on to the admin).
    "admin_sign_in": Route(lambda plan: [], EVERYONE | {"admin": 302}),
    "password_change": Route(lambda plan: [], SIGNED_IN, writes=True),
    "password_change_done": Route(lambda plan: [], SIGNED_IN),
    "health": Route(lambda plan: [], EVERYONE),
    "public:index": Route(lambda plan: [], EVERYONE),
    "public:plan": Route(lambda plan: [plan.slug], NOT_FOUND),
    "public:targets_csv": Route(lambda plan: [plan.slug], NOT_FOUND),
    "public:targets_json": Route(lambda plan: [plan.slug], NOT_FOUND),
    "public:indicators_csv": Route(lambda plan: [plan.slug], NOT_FOUND),
    "public:indicators_json": Route(lambda plan: [plan.slug], NOT_FOUND),
    "public:shares_csv": Route(lambda plan: [plan.slug], NOT_FOUND),
    "reminders:preferences": Route(lambda plan: [], SIGNED_IN, writes=True),
}


@pytest.mark.parametrize("name", [name for name in ROUTES if name.startswith("public:")])
def test_public_routes_answer_everyone_once_the_plan_is_published(
    client: Client, islington: Plan, name: str
) -> None:
    islington.is_public = True
    islington.save()
    args = ROUTES[name].args(islington)
    assert client.get(reverse(name, args=args)).status_code == 200


def _route_names(patterns: list, namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the Django admin has its own permissions: tests/plans/test_admin.py
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"every route needs a name: {pattern.pattern}"
            yield namespace + pattern.name


def test_every_route_has_an_expectation() -> None:
    routes = set(_route_names(get_resolver().url_patterns))
    assert routes - ROUTES.keys() == set(), "add the new routes to ROUTES"
    assert ROUTES.keys() - routes == set(), "ROUTES names routes that no longer exist"


@pytest.fixture
def users(islington: Plan) -> dict:
    areas = {area.slug: area for area in islington.service_areas.all()}
    return {
        "anonymous": None,
        "no_role": UserFactory(),
        "officer": officer_of(areas["community-wealth-building"]),
        "other_officer": officer_of(areas["housing"]),
        "manager": senior_manager(),
        "admin": plan_admin(),
    }


def _stored() -> tuple[int, ...]:
    models = (ProgressUpdate, Measurement, OutcomeUpdate, Target, Outcome, Indicator)
    return tuple(model.objects.count() for model in models)


def _check(response, expected: int | str, what: str) -> None:
    if expected == SIGN_IN:
        assert response.status_code == 302, what
        assert response["Location"].startswith(reverse("login")), what
    else:
        assert response.status_code == expected, what


@pytest.mark.parametrize("name", list(ROUTES))
def test_each_role_gets_what_the_route_promises(
    client: Client, islington: Plan, users: dict, name: str
) -> None:
    route = ROUTES[name]
    url = reverse(name, args=route.args(islington))
    for role in ROLES:
        client.logout()
        if users[role]:
            client.force_login(users[role])
        _check(client.get(url), route.get[role], f"GET {name} as {role}")
        if route.writes and route.get[role] != 200:
            before = _stored()
            _check(client.post(url, {}), route.get[role], f"POST {name} as {role}")
            assert _stored() == before, f"POST {name} as {role} stored something"


@pytest.mark.parametrize("name", [name for name, route in ROUTES.items() if route.writes])
def test_data_changing_routes_refuse_a_post_without_csrf(
    islington: Plan, users: dict, name: str
) -> None:
    route = ROUTES[name]
    client = Client(enforce_csrf_checks=True)
    allowed = next(role for role in ROLES if route.get[role] == 200 and users[role])
    client.force_login(users[allowed])
    before = _stored()
    response = client.post(reverse(name, args=route.args(islington)), {"status": "on_track"})
    assert response.status_code == 403
    assert _stored() == before
