"""Published plans' progress for anyone, without signing in: read-only pages and open data.

The same for everyone, so browsers and shared caches may keep them (Cache-Control: public). To make
sure of that:
- pages are rendered without the request, so no user, message or CSRF token can reach them;
- the session is taken off the request once the response is made. With SESSION_SAVE_EVERY_REQUEST,
  SessionMiddleware would otherwise save a signed-in visitor's session and set its cookie (with
  Vary: Cookie) on this response, and a shared cache must never keep a response that sets someone's
  session cookie. Without a session on the request, SessionMiddleware leaves the response alone.
  (A public page therefore does not extend a signed-in visitor's idle time; nothing else changes.)
A plan not marked public is a 404, as if it did not exist.
"""

import json
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from plans.cache import cached
from plans.models import Plan
from public import open_data
from public.queries import PublicProgress, public_progress, published_plans, signed_off_progress

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET and HEAD only, the same for everyone, and cacheable by anyone for PUBLIC_CACHE_SECONDS.

    The session is detached only after the view has made its response: a 404 is rendered as usual.
    """

    @require_safe
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if hasattr(request, "session"):
            del request.session
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        return response

    return wrapped


def _page(template: str, context: dict[str, object]) -> HttpResponse:
    names = {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME}
    return HttpResponse(render_to_string(template, names | context))


def _progress(plan: Plan) -> PublicProgress:
    """Live figures as at today, or, if the plan publishes only signed-off figures, those of its
    latest closed quarterly return."""
    today = timezone.localdate()
    if plan.publish_signed_off_only:
        return signed_off_progress(plan, today=today)
    return public_progress(plan, as_at=today)


@public
def index(request: HttpRequest) -> HttpResponse:
    return _page("public/index.html", {"plans": list(published_plans())})


@public
def plan(request: HttpRequest, plan_slug: str) -> HttpResponse:
    published = get_object_or_404(published_plans(), slug=plan_slug)
    today = timezone.localdate()

    def page() -> str:
        return _page(
            "public/plan.html",
            {
                "progress": _progress(published),
                "plan": published,
                "breadcrumbs": [("Equality plans", reverse("public:index"))],
            },
        ).content.decode()

    # The same for everyone: made once a day and after each write (plans/cache.py).
    return HttpResponse(
        cached(f"public-plan:{published.pk}:{today:%Y-%m-%d}", page, plan_id=published.pk)
    )


@public
def open_data_file(
    request: HttpRequest, plan_slug: str, dataset: str, file_format: str
) -> HttpResponse:
    published = get_object_or_404(published_plans(), slug=plan_slug)
    today = timezone.localdate()

    def data() -> str:
        progress = _progress(published)
        if file_format == "json":
            return json.dumps(open_data.as_json(progress, dataset), ensure_ascii=False, indent=1)
        return open_data.as_csv(progress, dataset)

    body = cached(
        f"public-data:{published.pk}:{today:%Y-%m-%d}:{dataset}.{file_format}",
        data,
        plan_id=published.pk,
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    filename = f"{published.slug}-{dataset}.{file_format}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Open data: any site's scripts may read it (it is public, and no credentials are involved).
    response["Access-Control-Allow-Origin"] = "*"
    return response
