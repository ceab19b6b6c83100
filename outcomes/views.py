"""Officers' and managers' pages for outcomes: thin views over queries.py and services.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from outcomes import queries, services
from outcomes.access import can_update_outcome
from outcomes.forms import MeasurementFileForm, MeasurementForm, OutcomeUpdateForm
from outcomes.measurement_csv import MeasurementFileError, template_csv
from outcomes.models import Indicator, Outcome
from outcomes.representation import representations
from outcomes.shapes import breakdown_shape
from plans.access import permission_required
from plans.as_at import as_at_from
from plans.busy import ServiceBusy, refused_when_busy
from plans.cache import page_key
from plans.deadlines import uk_date
from plans.models import Plan, ServiceArea
from plans.wording import counted


def _updater(request: HttpRequest, outcome: Outcome) -> None:
    if not can_update_outcome(request.user, outcome):
        raise PermissionDenied


def _outcomes() -> QuerySet[Outcome]:
    return Outcome.objects.select_related("service_area__plan")


def _indicators() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("outcome__service_area__plan")


def _crumbs(outcome: Outcome, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("home")),
        ("Outcomes", reverse("outcomes:list")),
        (outcome.ref, outcome.get_absolute_url()),
        *more,
    ]


@permission_required("outcomes.view_outcome")
def outcome_list(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("plan")
    plan = get_object_or_404(Plan, slug=slug) if slug else Plan.objects.first()
    if plan is None:
        raise Http404("No plan has been loaded yet.")
    as_at = as_at_from(request)
    outcomes = Outcome.objects.filter(service_area__plan=plan)
    areas = ServiceArea.objects.filter(plan=plan).prefetch_related(
        Prefetch(
            "outcomes",
            queryset=queries.with_latest_judgement(outcomes, as_at=as_at).order_by(
                "position", "ref"
            ),
        )
    )
    context = {
        "plan": plan,
        "areas": areas,
        # Made only when the list is not in the shared cache (plans/cache.py).
        "summaries": SimpleLazyObject(lambda: queries.indicator_summaries(outcomes, as_at=as_at)),
        "as_at": as_at,
        "breadcrumbs": [("Home", reverse("home"))],
        "cache_key": page_key(request, plan_id=plan.pk),
    }
    return render(request, "outcomes/outcome_list.html", context)


@permission_required("outcomes.view_outcome")
def outcome_detail(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = get_object_or_404(_outcomes(), pk=pk)
    as_at = as_at_from(request)
    context = {
        "outcome": outcome,
        "summaries": queries.indicator_summaries(
            Outcome.objects.filter(pk=outcome.pk), as_at=as_at
        ).get(outcome.pk, []),
        "updates": outcome.updates.select_related("author"),
        "can_update": can_update_outcome(request.user, outcome),
        "as_at": as_at,
        "breadcrumbs": _crumbs(outcome)[:-1],
    }
    return render(request, "outcomes/outcome_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("outcomes.view_outcome")
def add_outcome_update(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = get_object_or_404(_outcomes(), pk=pk)
    _updater(request, outcome)
    form = OutcomeUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with refused_when_busy():
                services.record_outcome_update(
                    outcome=outcome, author=request.user, **form.cleaned_data
                )
        except ServiceBusy as busy:
            form.add_error(None, str(busy))
        else:
            messages.success(request, f"Your update on {outcome.ref} has been saved.")
            return redirect(outcome)
    return render(
        request,
        "outcomes/outcome_update_form.html",
        {"outcome": outcome, "form": form, "breadcrumbs": _crumbs(outcome)},
    )


@permission_required("outcomes.view_outcome")
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(_indicators(), pk=pk)
    as_at = as_at_from(request)
    report = SimpleLazyObject(lambda: queries.indicator_report(indicator, as_at=as_at))

    def population() -> list:
        # Its breakdowns and figures as the report read them: not read again.
        return representations(
            [indicator],
            as_at=as_at,
            shapes={indicator.pk: report.shape},
            readings={indicator.pk: report.readings},
        ).get(indicator.pk, [])

    context = {
        "indicator": indicator,
        "outcome": indicator.outcome,
        # Made only when the page's figures are not in the shared cache (plans/cache.py).
        "report": report,
        "population": SimpleLazyObject(population),
        "can_update": can_update_outcome(request.user, indicator.outcome),
        "as_at": as_at,
        "breadcrumbs": _crumbs(indicator.outcome),
        "cache_key": page_key(request, plan_id=indicator.outcome.service_area.plan_id),
    }
    return render(request, "outcomes/indicator_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("outcomes.view_outcome")
def add_measurement(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(_indicators(), pk=pk)
    _updater(request, indicator.outcome)
    shape = breakdown_shape(indicator)
    form = MeasurementForm(request.POST or None, indicator=indicator, shape=shape)
    if request.method == "POST" and form.is_valid():
        try:
            with refused_when_busy():
                measurement = services.record_measurement(
                    indicator=indicator, author=request.user, figures=form.figures()
                )
        except services.MeasurementRefused as refused:
            form.add_problems(refused.problems)
        except ServiceBusy as busy:
            form.add_error(None, str(busy))
        else:
            what = "correction" if measurement.supersedes_id else "measurement"
            messages.success(
                request,
                f"The {what} for the period ending {uk_date(measurement.period_end)} has been "
                "saved.",
            )
            return redirect(indicator)
    context = {
        "indicator": indicator,
        "form": form,
        "breadcrumbs": _crumbs(indicator.outcome, (indicator.ref, indicator.get_absolute_url())),
    }
    return render(request, "outcomes/measurement_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("outcomes.view_outcome")
def import_measurements(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(_indicators(), pk=pk)
    _updater(request, indicator.outcome)
    form = MeasurementFileForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            with refused_when_busy():
                stored = services.import_measurements(
                    indicator=indicator,
                    author=request.user,
                    text=form.text,
                    file_name=form.cleaned_data["file"].name,
                )
        except ServiceBusy as busy:
            form.add_error("file", str(busy))
        except MeasurementFileError as error:
            problems = error.problems
            form.add_error("file", "The file has problems, listed below; nothing was saved.")
        else:
            count = len(stored)
            messages.success(request, f"{counted(count, 'measurement', 'measurements')} imported.")
            return redirect(indicator)
    context = {
        "indicator": indicator,
        "form": form,
        "problems": problems,
        "columns": template_csv(breakdown_shape(indicator)).strip().split(","),
        "breadcrumbs": _crumbs(indicator.outcome, (indicator.ref, indicator.get_absolute_url())),
    }
    return render(request, "outcomes/measurement_import.html", context)


@permission_required("outcomes.view_outcome")
def measurement_template(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(_indicators(), pk=pk)
    response = HttpResponse(
        template_csv(breakdown_shape(indicator)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{indicator.ref}-measurements.csv"'
    return response
