"""Every route, walked from the URL conf, with a user of each role and one of another service area.

A new route without an entry in ROUTES fails test_every_route_has_an_expectation, so no page can be
added without saying who may see it and who may change data through it.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from api.tokens import create_token
from outcomes.models import Indicator, Measurement, Outcome, OutcomeUpdate
from plans.models import Plan
from returns.models import (
    AreaReturn,
    DeadlineProposal,
    Return,
    ReturnEvent,
    SendBackNote,
    TargetSnapshot,
)
from returns.services import open_return
from targets.models import ProgressUpdate, Target
from tests.api.contract import check_response
from tests.factories import (
    UserFactory,
    officer_of,
    plan_admin,
    senior_manager,
    service_lead_of,
)
from tests.routes import route_names

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_role", "officer", "other_officer", "manager", "admin", "lead")
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
    def plan_admin_write(cls, args: Callable[[Plan], list]) -> "Route":
        """A form only plan admins (the equality lead) may use."""
        return cls(
            args,
            {"anonymous": SIGN_IN, "admin": 200}
            | dict.fromkeys(("no_role", "officer", "other_officer", "manager", "lead"), 403),
            writes=True,
        )

    @classmethod
    def own_area_write(cls, args: Callable[[Plan], list]) -> "Route":
        """A form only officers of the item's service area, and plan admins, may use."""
        refused = {"no_role": 403, "other_officer": 403, "manager": 403, "lead": 403}
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


def _open_return(plan: Plan) -> Return:
    """The plan's open return (opened by a plan admin of its own when the walk first needs it)."""
    found = plan.returns.filter(state=Return.State.OPEN).first()
    return found or open_return(
        plan=plan,
        name="Q2 2021/22",
        as_at=date(2021, 9, 30),
        due_on=date(2021, 10, 15),
        by=plan_admin(username="walk-equality-lead"),
    )


def _return(plan: Plan) -> list:
    return [_open_return(plan).pk]


def _cwb_return(plan: Plan) -> AreaReturn:
    return _open_return(plan).areas.get(service_area__slug="community-wealth-building")


def _cwb_area(plan: Plan) -> list:
    return [_cwb_return(plan).pk]


def _cwb_target(plan: Plan) -> list:
    return [_cwb_return(plan).pk, _target(plan)[0]]


def _cwb_outcome(plan: Plan) -> list:
    return [_cwb_return(plan).pk, _outcome(plan)[0]]


def _proposal(plan: Plan) -> list:
    area = _cwb_return(plan)
    proposal = DeadlineProposal.objects.create(
        area_return=area,
        target_id=_target(plan)[0],
        proposed_date=date(2030, 1, 31),
        reason="Walk.",
        proposed_by=plan_admin(username="walk-proposer"),
    )
    return [proposal.pk]


def _token(plan: Plan) -> list:
    user = UserFactory()
    return [create_token(user=user, name="Someone's", expires_on=date(2099, 1, 1))[0].pk]


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
    "admin_sign_out": Route(lambda plan: [], dict.fromkeys(ROLES, 405)),  # the admin's, POST only
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
    "public:population_csv": Route(lambda plan: [plan.slug], NOT_FOUND),
    "public:population_json": Route(lambda plan: [plan.slug], NOT_FOUND),
    "reminders:preferences": Route(lambda plan: [], SIGNED_IN, writes=True),
    "returns:index": Route.read(),
    "returns:detail": Route.read(_return),
    "returns:yours": Route.read(_return),  # each sees the areas they update, if any
    "returns:report": Route.read(_return),
    "returns:pack": Route.read(lambda plan: [*_return(plan), "docx"]),
    "returns:open": Route.plan_admin_write(lambda plan: [plan.slug]),
    "returns:remind": Route.plan_admin_write(_return),
    "returns:close": Route.plan_admin_write(_return),
    "returns:reopen": Route.plan_admin_write(_return),
    "returns:submit": Route.own_area_write(_cwb_area),
    "returns:update_target": Route.own_area_write(_cwb_target),
    "returns:update_outcome": Route.own_area_write(_cwb_outcome),
    "returns:propose": Route.own_area_write(_cwb_target),
    # Everyone with a role reads an area's return; only its own lead decides (test_views.py).
    "returns:review": Route.read(_cwb_area),
    "returns:decide": Route(
        _proposal,
        {"anonymous": SIGN_IN, "lead": 200}
        | dict.fromkeys(("no_role", "officer", "other_officer", "manager", "admin"), 403),
        writes=True,
    ),
    # The API's pages for people; the API's own routes are walked in API_ROUTES below.
    "api:tokens": Route(lambda plan: [], Route.read().get, writes=True),
    "api:docs": Route.read(),
    # POST only: who may revoke which token is tests/api/test_tokens.py's.
    "api:revoke": Route(_token, {"anonymous": SIGN_IN} | dict.fromkeys(ROLES[1:], 405)),
    "api-v1:openapi-json": Route(lambda plan: [], EVERYONE),  # describes the API, holds no data
    "api-v1:api-root": Route(lambda plan: [], dict.fromkeys(ROLES, 404)),
}


@pytest.mark.parametrize("name", [name for name in ROUTES if name.startswith("public:")])
def test_public_routes_answer_everyone_once_the_plan_is_published(
    client: Client, islington: Plan, name: str
) -> None:
    islington.is_public = True
    islington.save()
    args = ROUTES[name].args(islington)
    assert client.get(reverse(name, args=args)).status_code == 200


def test_every_route_has_an_expectation() -> None:
    routes = route_names()
    expected = ROUTES.keys() | API_ROUTES.keys()
    assert routes - expected == set(), "add the new routes to ROUTES (or API_ROUTES)"
    assert expected - routes == set(), "ROUTES names routes that no longer exist"


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
        "lead": service_lead_of(areas["community-wealth-building"]),
    }


def _stored() -> tuple[int, ...]:
    models = (
        *(ProgressUpdate, Measurement, OutcomeUpdate, Target, Outcome, Indicator, ApiToken),
        *(Return, AreaReturn, ReturnEvent, SendBackNote, DeadlineProposal, TargetSnapshot),
    )
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
    url = reverse(name, args=route.args(islington))  # may make the return it needs: before counting
    before = _stored()
    response = client.post(url, {"status": "on_track"})
    assert response.status_code == 403
    assert _stored() == before


# --- The API: every route with each role, by token and by signed-in session ------------------

API_READ = {"anonymous": 401, "no_role": 403} | dict.fromkeys(ROLES[2:], 200)
API_WRITE = dict.fromkeys(("no_role", "other_officer", "manager", "lead"), 403) | {
    "anonymous": 401,
    "officer": 201,
    "admin": 201,
}


@dataclass(frozen=True)
class ApiRoute:
    path: Callable[[Plan], str]
    expect: dict[str, int]
    body: Callable[[Plan, int], dict] | None = None  # a write: a valid body, n-th time asked


def _progress(plan: Plan, n: int) -> dict:
    target = Target.objects.get(service_area__plan=plan, ref="CWB-T1")
    latest = target.progress_updates.order_by("-made_at", "-id").first()
    return {
        "updates": [
            {
                "target": target.pk,
                "seen_latest_update_id": latest.pk if latest else None,
                "status": "on_track",
                "commentary": f"Walked {n}",
            }
        ]
    }


def _measurement(plan: Plan, n: int) -> dict:
    # A different month each time, so that each allowed writer adds a figure, not a duplicate.
    month_end = date(2021, 1 + n % 12, 1) + timedelta(days=27)
    indicator = _indicator(plan)[0]
    return {"measurements": [{"indicator": indicator, "period_end": str(month_end), "value": 5}]}


def _at(name: str, **kwargs: Callable[[Plan], object]) -> Callable[[Plan], str]:
    """The route's address for the plan: reversed by name, with a query string if given."""
    query = kwargs.pop("query", None)

    def path(plan: Plan) -> str:
        url = reverse(name, kwargs={key: value(plan) for key, value in kwargs.items()})
        return f"{url}?{query(plan)}" if query else url

    return path


def _target_id(plan: Plan) -> int:
    return _target(plan)[0]


def _indicator_id(plan: Plan) -> int:
    return _indicator(plan)[0]


API_ROUTES: dict[str, ApiRoute] = {
    name: ApiRoute(_at(name, **kwargs), expect, body)
    for name, kwargs, expect, body in [
        ("api-v1:plans", {}, API_READ, None),
        ("api-v1:plan", {"plan_id": lambda plan: plan.pk}, API_READ, None),
        ("api-v1:service_areas", {}, API_READ, None),
        ("api-v1:actions", {"query": lambda plan: f"plan={plan.pk}"}, API_READ, None),
        ("api-v1:targets", {"query": lambda plan: f"plan={plan.pk}"}, API_READ, None),
        ("api-v1:target", {"target_id": _target_id}, API_READ, None),
        ("api-v1:target_progress_updates", {"target_id": _target_id}, API_READ, None),
        ("api-v1:outcomes", {}, API_READ, None),
        ("api-v1:indicators", {}, API_READ, None),
        ("api-v1:indicator", {"indicator_id": _indicator_id}, API_READ, None),
        ("api-v1:indicator_measurements", {"indicator_id": _indicator_id}, API_READ, None),
        ("api-v1:plan_returns", {"plan_id": lambda plan: plan.pk}, API_READ, None),
        ("api-v1:return", {"return_id": lambda plan: _return(plan)[0]}, API_READ, None),
        ("api-v1:progress_updates", {}, API_WRITE, _progress),
        ("api-v1:measurements", {}, API_WRITE, _measurement),
    ]
}


def _api_call(client: Client, route: ApiRoute, plan: Plan, n: int, headers: dict):
    path = route.path(plan)
    if route.body is None:
        response = client.get(path, headers=headers)
        check_response("get", path, response)
    else:
        body = json.dumps(route.body(plan, n))
        response = client.post(path, body, content_type="application/json", headers=headers)
        check_response("post", path, response)
    return response


@pytest.mark.parametrize("name", list(API_ROUTES))
def test_each_role_gets_what_the_api_route_promises_by_token(
    islington: Plan, users: dict, name: str
) -> None:
    route = API_ROUTES[name]
    for n, role in enumerate(ROLES):
        headers = {}
        if users[role]:
            secret = create_token(user=users[role], name=role, expires_on=date(2099, 1, 1))[1]
            headers = {"Authorization": f"Bearer {secret}"}
        before = _stored()
        response = _api_call(Client(), route, islington, n, headers)
        assert response.status_code == route.expect[role], f"{name} by {role}'s token"
        if route.body is not None and response.status_code != 201:
            assert _stored() == before, f"{name} by {role}'s token stored something"
        if route.body is not None and response.status_code == 201:
            assert _stored() != before, f"{name} by {role}'s token stored nothing"


@pytest.mark.parametrize("name", list(API_ROUTES))
def test_each_role_gets_what_the_api_route_promises_by_session(
    islington: Plan, users: dict, name: str
) -> None:
    """Signed in through the browser, writes need the CSRF token: refused without it."""
    route = API_ROUTES[name]
    for n, role in enumerate(ROLES):
        client = Client(enforce_csrf_checks=True)
        if users[role]:
            client.force_login(users[role])
        headers = {}
        if route.body is not None and users[role]:
            before = _stored()
            refused = _api_call(client, route, islington, n, {})
            assert refused.status_code in {403, 401}, f"{name} by {role} without CSRF"
            assert _stored() == before, f"{name} by {role} without CSRF stored something"
            client.get(reverse("api:tokens"))  # sets the CSRF cookie
            headers = {"X-CSRFToken": client.cookies["csrftoken"].value}
        before = _stored()
        response = _api_call(client, route, islington, n, headers)
        assert response.status_code == route.expect[role], f"{name} by {role}'s session"
        if route.body is not None and response.status_code != 201:
            assert _stored() == before, f"{name} by {role}'s session stored something"


def test_a_token_does_not_open_the_admin(islington: Plan, users: dict) -> None:
    secret = create_token(user=users["admin"], name="admin", expires_on=date(2099, 1, 1))[1]
    response = Client().get("/admin/", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
