"""Users of each role in the Islington plan, tokens for them, and a client that checks every API
response against the OpenAPI schema (tests/api/contract.py) as the tests go."""

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from api.tokens import create_token
from outcomes.models import Indicator
from plans.models import Plan
from targets.models import Target
from tests.api.contract import check_response
from tests.factories import UserFactory, officer_of, plan_admin, senior_manager


@pytest.fixture
def areas(islington: Plan) -> dict:
    return {area.slug: area for area in islington.service_areas.all()}


@pytest.fixture
def officer(areas: dict):
    return officer_of(areas["community-wealth-building"], username="cwb-officer")


@pytest.fixture
def other_officer(areas: dict):
    return officer_of(areas["housing"], username="housing-officer")


@pytest.fixture
def manager(islington: Plan):
    return senior_manager(username="manager")


@pytest.fixture
def admin_user(islington: Plan):
    return plan_admin(username="planadmin")


@pytest.fixture
def no_role(islington: Plan):
    return UserFactory(username="norole")


@pytest.fixture
def target(islington: Plan) -> Target:
    return Target.objects.get(service_area__plan=islington, ref="CWB-T1")


@pytest.fixture
def indicator(islington: Plan) -> Indicator:
    return Indicator.objects.get(outcome__service_area__plan=islington, ref="CWB-I1")


def token_for(user, name: str = "Test system", days: int = 30) -> str:
    return create_token(user=user, name=name, expires_on=timezone.localdate() + timedelta(days))[1]


class ApiClient:
    """Django's test client speaking to the API with a token, checking each answer against the
    OpenAPI schema."""

    def __init__(self, token: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, data: dict | None = None, **extra: object):
        response = self.client.get(path, data or {}, headers=self.headers, **extra)
        check_response("get", path, response)
        return response

    def post(self, path: str, body: object, *, raw: str | None = None, **extra: object):
        content = raw if raw is not None else json.dumps(body)
        response = self.client.post(
            path, content, content_type="application/json", headers=self.headers, **extra
        )
        check_response("post", path, response)
        return response


@pytest.fixture
def api_as() -> Callable[..., ApiClient]:
    def make(user) -> ApiClient:
        return ApiClient(token_for(user))

    return make
