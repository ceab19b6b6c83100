import secrets
import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from plans.access import permission_required
from plans.as_at import as_at_from
from plans.busy import is_lock_timeout
from plans.models import Plan
from reports import views as report_views
from reports.home import gets_officer_home, officer_home
from returns.queries import open_returns_of


@permission_required("plans.view_plan")
def home(request: HttpRequest) -> HttpResponse:
    """Each role's home. An officer's "what needs you" is composed here, above both apps: what
    needs them from reports.home and their open return from returns (returns imports reports, so
    reports may not read returns). Everyone else, and an officer choosing a plan, gets the
    dashboard."""
    if gets_officer_home(request.user) and not request.GET.get("plan") and Plan.objects.exists():
        as_at = as_at_from(request)
        context = {
            "home": officer_home(user=request.user, as_at=as_at),
            "as_at": as_at,
            "open_returns": open_returns_of(request.user),
        }
        return render(request, "reports/officer_home.html", context)
    return report_views.dashboard(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A failed CSRF check in the service's own look; nothing was saved."""
    return render(request, "403_csrf.html", status=403)


def locked_out(request: HttpRequest, response: HttpResponse, credentials: dict) -> HttpResponse:
    """Too many failed sign-ins for this user name from this address (django-axes)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400, except when the session's save waited past the lock timeout after the page
    was made (Django reports that as a bad request): then the service was busy, and whatever the
    page saved may have been saved, so "nothing was saved" would be wrong."""
    if is_lock_timeout(exception):
        return _error_page(request, busy=True)
    return defaults.bad_request(request, exception)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, with a reference that is also in the error's log line (log_format.py).

    It is rendered without the request's context (no user, no database): whatever broke the page
    may break those too. If even the template fails, a plain page still gives the reference.

    A write that waited past the database's lock timeout outside a form that handles it (the
    session's save after the page was made, say) is no fault: the service was busy, so the page
    says so with 503 and Retry-After, and asks the person to check before sending again.
    """
    busy = is_lock_timeout(sys.exc_info()[1])  # Django calls this view while handling the error
    return _error_page(request, busy=busy)


def _error_page(request: HttpRequest, *, busy: bool) -> HttpResponse:
    reference = secrets.token_hex(4).upper()
    request.error_reference = reference  # read by the log line Django writes next
    context = {
        "reference": reference,
        "busy": busy,
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
    }
    try:
        html = render_to_string("500.html", context)  # no request: no context processors
    except Exception:  # the error page must not fail in its turn
        html = Engine().from_string(FALLBACK_500).render(Context(context))
    if busy:
        return HttpResponse(html, status=503, headers={"Retry-After": "5"})
    return HttpResponse(html, status=500)


FALLBACK_500 = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Sorry, there is a problem with the service</title></head><body>
<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>
<p>If you report this, quote the reference {{ reference }}.</p></body></html>
"""
