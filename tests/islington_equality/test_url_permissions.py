"""Every route, walked from the URL conf, with a user of each role and one of another service area.

A new route without an entry in ROUTES fails test_every_route_has_an_expectation, so no page can be
added without saying who may see it and who may change data through it.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
from tests.factories import UserFactory, officer_of, plan_admin, senior_manager, service_lead_of

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
        "lead": service_lead_of(areas["community-wealth-building"]),
    }


def _stored() -> tuple[int, ...]:
    models = (
        *(ProgressUpdate, Measurement, OutcomeUpdate, Target, Outcome, Indicator),
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
