"""Errors as problem documents (RFC 9457, application/problem+json), each naming the field and
the message, so a program can point its user at what to fix. Every refusal the API makes goes
through here; no bad input reaches a 500."""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

PROBLEM_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Sign-in needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Changed since you last saw it",
    413: "Too much at once",
    422: "Not accepted",
    429: "Too many requests",
}


@dataclass(frozen=True)
class FieldError:
    """`pointer` is a JSON pointer into the request (RFC 6901): "/updates/2/commentary", or a
    query parameter's name ("as_at")."""

    pointer: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.pointer, "message": self.message}


class Problem(Exception):
    """A refusal with a status, a sentence for people and, for bad input, each field's message."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: Sequence[FieldError] = (),
        *,
        extra: dict | None = None,
    ) -> None:
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        self.extra = extra or {}
        super().__init__(detail)


def problem_response(
    request: HttpRequest,
    status: int,
    detail: str,
    errors: Iterable[FieldError] = (),
    extra: dict | None = None,
) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.path,
        "errors": [error.as_dict() for error in errors],
        **(extra or {}),
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_TYPE
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def with_problem_for_wrong_method(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a method an address does not take with a plain-text 405 before any handler
    runs; a client expects a problem document like every other refusal, with the Allow header."""

    @wraps(view)  # keeps csrf_exempt and the other markers Ninja set on the view
    def view_with_problem(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(PROBLEM_TYPE):
            return response
        allowed = response.get("Allow", "")
        problem = problem_response(
            request, 405, f"This address does not take {request.method}: it takes {allowed}."
        )
        problem["Allow"] = allowed
        return problem

    return view_with_problem


def _pointer(location: Sequence[object]) -> str:
    """Pydantic's error location as a field name: ("body", "payload", "updates", 2, "status")
    becomes "/updates/2/status"; a query parameter ("query", "page") stays "page"."""
    parts = [str(part) for part in location]
    if parts and parts[0] in {"query", "path"}:
        return ".".join(parts[1:]) or parts[0]
    if parts and parts[0] == "body":
        parts = parts[2:]  # the body's parameter name says nothing to a client
    return "/" + "/".join(parts)


def _message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "This field is needed."
    if kind in {"int_parsing", "int_type"}:
        return "Enter a whole number."
    if kind in {"list_type"}:
        return "Give a list."
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "Give an object with the fields the schema lists."
    if kind == "extra_forbidden":
        return "This field is not one the API knows."
    return str(error.get("msg", "This value is not accepted."))


def install(api: NinjaAPI) -> None:
    """Replace Ninja's default error bodies with problem documents."""

    @api.exception_handler(Problem)
    def on_problem(request: HttpRequest, exc: Problem) -> HttpResponse:
        return problem_response(request, exc.status, exc.detail, exc.errors, exc.extra)

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [FieldError(_pointer(e.get("loc", ())), _message(e)) for e in exc.errors]
        return problem_response(
            request, 422, "The request has values the API cannot accept.", errors
        )

    @api.exception_handler(AuthenticationError)
    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(
            request,
            401,
            "Send a valid API token as “Authorization: Bearer <token>”, or sign in. The token "
            "may have expired or been revoked.",
        )

    @api.exception_handler(Throttled)
    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return problem_response(
            request, 429, "This token has made too many requests this minute. Wait and retry."
        )

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            detail = "The request body is not valid JSON."
        elif exc.status_code == 403:
            detail = "The CSRF check failed: send the CSRF token with requests made when signed in."
        else:
            detail = str(exc.message)
        return problem_response(request, exc.status_code, detail)

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return problem_response(
            request, 413, "The request is too large: send the measurements in smaller batches."
        )

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(request, 404, str(exc) or "There is nothing at this address.")
