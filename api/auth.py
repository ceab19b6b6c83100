"""Who is asking: a personal access token (`Authorization: Bearer iet_…`) or a signed-in session.

Either way the request then acts as that person, with their role and service areas and no more;
the plan's own access rules (targets.access, outcomes.access) decide the rest. A token is only
read here, by the API: the admin and the pages never accept one.
"""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from api.models import ApiToken
from api.problems import Problem
from api.tokens import active_token, count_request
from plans.roles import User, reads_plan

NO_ROLE = (
    "Your account has no role in the plan, so it cannot read it. Ask a plan admin to give you one."
)


def _with_role(user: User) -> User:
    if not reads_plan(user):
        raise Problem(403, NO_ROLE)
    return user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = active_token(token.strip())
        if found is None:
            return None
        request.user = found.user  # so history (django-simple-history) names the token's user
        request.api_token = found
        return _with_role(found.user)


class ApiSessionAuth(SessionAuth):
    """A signed-in person trying the API from the browser; writes need the CSRF token."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # No one signed in: not this kind of request (401), rather than a failed CSRF check.
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        if not request.user.is_authenticated:
            return None
        return _with_role(request.user)


def token_of(request: HttpRequest) -> ApiToken | None:
    return getattr(request, "api_token", None)


class TokenRateThrottle(BaseThrottle):
    """API_RATE_LIMIT_PER_MINUTE requests a minute for each token, counted in the database so that
    every app server shares the count. Signed-in people in a browser are not limited here."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = token_of(request)
        self._wait = count_request(token) if token else None
        return self._wait is None

    def wait(self) -> float | None:
        return self._wait
