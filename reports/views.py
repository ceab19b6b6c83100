"""Read-only pages for managers and committees: dashboard, directorate reports, equality view."""

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify

from plans.access import permission_required
from plans.as_at import as_at_from, previous_quarter_end
from plans.cache import page_key
from plans.deadlines import uk_date
from plans.models import Plan, ServiceArea
from reports import queries
from reports.rollups import StatusCounts
from targets.exports import CONTENT_TYPES, export_bytes, targets_dataset
from targets.queries import judge_targets, status_rules
from targets.status import DUE_SOON_DAYS


def _as_at_context(request: HttpRequest, as_at: date) -> dict:
    return {"as_at": as_at}  # the as at panel (plans/templatetags/as_at.py) needs no more


def _cached(request: HttpRequest, plan: Plan) -> dict:
    """What a report's template caches its body under (plans/cache.py): the page asked for, as at
    today, in the data's current version. Its data is made only when the body is not cached: the
    views pass it lazily."""
    return {"cache_key": page_key(request, plan_id=plan.pk)}


def _plan(request: HttpRequest, slug: str | None = None) -> Plan:
    slug = slug or request.GET.get("plan")
    if slug:
        return get_object_or_404(Plan, slug=slug)
    plan = Plan.objects.first()  # the newest plan (Plan.Meta.ordering)
    if plan is None:
        raise Http404("No plan has been loaded yet.")
    return plan


@permission_required("plans.view_plan")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard: the home of managers, leads and plan admins (an officer's home is composed
    in islington_equality.views.home, which may read the returns app as well)."""
    if not request.GET.get("plan") and not Plan.objects.exists():
        return render(request, "reports/no_plan.html")
    as_at = as_at_from(request)
    plan = _plan(request)
    context = {
        "plan": plan,
        "dashboard": SimpleLazyObject(lambda: queries.dashboard(plan=plan, as_at=as_at)),
        "since_text": uk_date(previous_quarter_end(as_at)),
        "stale_days_text": f"{status_rules().stale_days} days",
        "due_soon_caption": f"Due in the next {DUE_SOON_DAYS} days",
        **_as_at_context(request, as_at),
        **_cached(request, plan),
    }
    return render(request, "reports/dashboard.html", context)


@permission_required("plans.view_plan")
def report_index(request: HttpRequest) -> HttpResponse:
    """Every report of a plan, one click from the menu."""
    plan = _plan(request)
    context = {
        "plan": plan,
        "areas": plan.service_areas.order_by("position"),
        "breadcrumbs": [("Home", reverse("home"))],
    }
    return render(request, "reports/index.html", context)


@permission_required("plans.view_plan")
def directorate_report(request: HttpRequest, plan_slug: str, area_slug: str) -> HttpResponse:
    area = get_object_or_404(
        ServiceArea.objects.select_related("plan"), plan__slug=plan_slug, slug=area_slug
    )
    as_at = as_at_from(request)
    context = {
        "area": area,
        "report": SimpleLazyObject(lambda: queries.directorate_report(area=area, as_at=as_at)),
        "breadcrumbs": [("Home", "/"), (area.plan.title, None)],
        **_as_at_context(request, as_at),
        **_cached(request, area.plan),
    }
    return render(request, "reports/directorate.html", context)


@permission_required("plans.view_plan")
def plan_report(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """Every directorate's report on one page: the committee paper, printed whole."""
    plan = _plan(request, plan_slug)
    as_at = as_at_from(request)
    reports = SimpleLazyObject(lambda: queries.plan_report(plan=plan, as_at=as_at))
    context = {
        "plan": plan,
        "reports": reports,
        # The plan-wide summary at the top: every area's targets and indicators together.
        "overall": SimpleLazyObject(
            lambda: StatusCounts.of(row for report in reports for row in report.targets)
        ),
        "outcome_rows": SimpleLazyObject(
            lambda: [row for report in reports for row in report.outcomes]
        ),
        **_as_at_context(request, as_at),
        **_cached(request, plan),
    }
    return render(request, "reports/plan_report.html", context)


@permission_required("plans.view_plan")
def equality(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = _plan(request, plan_slug)
    as_at = as_at_from(request)
    context = {
        "plan": plan,
        "view": SimpleLazyObject(lambda: queries.equality_view(plan=plan, as_at=as_at)),
        **_as_at_context(request, as_at),
        **_cached(request, plan),
    }
    return render(request, "reports/equality.html", context)


@permission_required("plans.view_plan")
def export_targets(
    request: HttpRequest, plan_slug: str, export_format: str, area_slug: str | None = None
) -> HttpResponse:
    """A plan's or a directorate's targets with their status as at the date, as CSV or XLSX."""
    if export_format not in CONTENT_TYPES:
        raise Http404("Exports are CSV or XLSX.")
    plan = _plan(request, plan_slug)
    targets = queries.plan_targets(plan)
    name = plan.slug
    if area_slug:
        area = get_object_or_404(plan.service_areas, slug=area_slug)
        targets, name = targets.filter(service_area=area), f"{plan.slug}-{area.slug}"
    as_at = as_at_from(request)
    dataset = targets_dataset(judge_targets(targets, as_at=as_at), as_at=as_at)
    response = HttpResponse(
        export_bytes(dataset, export_format), content_type=CONTENT_TYPES[export_format]
    )
    filename = f"{slugify(name)}-as-at-{as_at:%Y-%m-%d}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
