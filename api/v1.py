"""Version 1 of the API, at /api/v1/: one NinjaAPI with a router for each part of the plan.

A new part is a module in api/routes/ with a `router`, added below; `make openapi` then records
the change in api/openapi.json.
"""

from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from api import problems
from api.auth import ApiSessionAuth, TokenAuth, TokenRateThrottle
from api.routes import outcomes, plans, returns, targets


class TrackerAPI(NinjaAPI):
    def _get_urls(self) -> list[URLPattern | URLResolver]:
        """Ninja's URLs, each answering a wrong method with a problem document."""
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = problems.with_problem_for_wrong_method(pattern.callback)
        return patterns

    def get_openapi_schema(self, *args: object, **kwargs: object) -> dict:
        """Ninja's schema, with errors described as what they are: problem documents."""
        document = super().get_openapi_schema(*args, **kwargs)
        for methods in document.get("paths", {}).values():
            for operation in methods.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        content[problems.PROBLEM_TYPE] = content.pop("application/json")
        return document


api = TrackerAPI(
    title="Islington Equality Tracker API",
    version="1",
    description=(
        "Read the equality action plan's figures and record progress and measurements. Send a "
        "personal access token as “Authorization: Bearer <token>” (make one on the API tokens "
        "page), or use the API from a signed-in browser session (writes then need the CSRF "
        "token). Errors are problem documents (RFC 9457) naming each bad field."
    ),
    urls_namespace="api-v1",
    auth=[TokenAuth(), ApiSessionAuth()],
    throttle=[TokenRateThrottle()],
    docs_url=None,  # the readable docs are a server-rendered page: api/views.py
    openapi_url="/schema.json",
)
problems.install(api)
api.add_router("", plans.router)
api.add_router("", targets.router)
api.add_router("", outcomes.router)
api.add_router("", returns.router)
