"""Officers' pages: the target list, a target's page, and adding a progress update to a target."""

from datetime import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_safe
from django_tables2.utils import OrderBy

from plans.access import permission_required
from plans.as_at import as_at_from
from plans.busy import ServiceBusy, refused_when_busy
from plans.cache import page_key, without_updates
from plans.deadlines import uk_date
from plans.models import Plan
from targets.access import can_update_target
from targets.exports import CONTENT_TYPES, export_bytes, targets_dataset
from targets.filters import TargetFilter
from targets.forms import ProgressUpdateForm
from targets.models import ProgressUpdate, Target
from targets.queries import (
    judge_targets,
    status_of,
    targets_for_page,
    updates_since,
    with_status,
)
from targets.services import TargetChangedError, latest_update, record_progress
from targets.tables import SORTS, TargetTable, in_order

# The filters in the collapsible panel (search and scope are outside it).
FILTERS = ("status", "due", "group", "service_area", "plan")


@require_safe
@permission_required("targets.view_target")
def target_list(request: HttpRequest) -> HttpResponse:
    filterset = TargetFilter(request.GET, request=request)
    as_at = as_at_from(request)  # as filterset.as_at, with a bad date explained on the page
    targets = filterset.filter_status(with_status(filterset.qs, as_at=as_at))
    # Made only when the results are not in the shared cache (plans/cache.py).
    table = SimpleLazyObject(
        lambda: TargetTable(
            targets, as_at=as_at, sort=request.GET.get("sort"), page=request.GET.get("page")
        )
    )
    key = page_key(request)
    return render(
        request,
        "targets/list.html",
        {
            "heading": "My targets" if filterset.shows_own_areas else "All targets",
            "plan": filterset.form.cleaned_data.get("plan") or Plan.objects.first(),
            "filters_applied": sum(1 for name in FILTERS if request.GET.get(name)),
            "form": filterset.form,
            "table": table,
            "as_at": as_at,
            # The filters' choices (every service area, plan and group) and the results: made
            # once per version of the data (plans/cache.py).
            # The filters' choices (service areas, plans, groups) no progress update changes:
            # they stay cached while officers report.
            "filters_key": f"{without_updates(key)}:{filterset.offers_scope}",
            # An officer's own service areas' targets are theirs alone.
            "results_key": f"{key}:{request.user.pk if filterset.shows_own_areas else 'all'}",
        },
    )


@require_safe
@permission_required("targets.view_target")
def target_list_export(request: HttpRequest, export_format: str) -> HttpResponse:
    """The target list as filtered, as CSV or XLSX, in the list's order."""
    if export_format not in CONTENT_TYPES:
        raise Http404("Exports are CSV or XLSX.")
    filterset = TargetFilter(request.GET, request=request)
    as_at = filterset.as_at
    targets = filterset.filter_status(with_status(filterset.qs, as_at=as_at))
    chosen = [OrderBy(alias) for alias in request.GET.get("sort", "").split(",") if alias]
    ordered = in_order(targets, [alias for alias in chosen if alias.bare in SORTS])
    dataset = targets_dataset(judge_targets(ordered, as_at=as_at), as_at=as_at)
    response = HttpResponse(
        export_bytes(dataset, export_format), content_type=CONTENT_TYPES[export_format]
    )
    filename = f"targets-as-at-{as_at:%Y-%m-%d}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@permission_required("targets.view_target")
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    target = get_object_or_404(targets_for_page(as_at=today), pk=pk)
    return render(
        request,
        "targets/detail.html",
        {
            "target": target,
            "status": status_of(target, as_at=today),
            "today": today,
            "can_update": can_update_target(request.user, target),
            "breadcrumbs": [("Home", reverse("home")), ("Targets", reverse("targets:list"))],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("targets.view_target")
def add_update(request: HttpRequest, pk: int) -> HttpResponse:
    # The target comes from the URL alone: nothing posted can point the update elsewhere.
    target = get_object_or_404(
        Target.objects.select_related("service_area", "superseded_by"), pk=pk
    )
    if not target.is_open:
        return render(request, "targets/updates_closed.html", {"target": target}, status=403)
    if not can_update_target(request.user, target):
        return render(request, "targets/cannot_update.html", {"target": target}, status=403)

    # The latest update stays on the page after an error, as the officer had it beside the form.
    latest, changed = latest_update(target), []
    if request.method == "POST":
        form = ProgressUpdateForm(request.POST, target=target)
        if form.is_valid():
            try:
                with refused_when_busy():
                    record_progress(target=target, author=request.user, **form.cleaned_data)
            except ServiceBusy as busy:
                form.add_error(None, str(busy))
            except TargetChangedError:
                seen = form.cleaned_data["seen_latest_update_id"]
                changed = updates_since(target, seen_update_id=seen)
                # The officer's words stay; the form now says they have seen the newer updates.
                data = request.POST.copy()
                data["seen_latest_update_id"] = str(changed[0].pk)
                form = ProgressUpdateForm(data, target=target)
            else:
                messages.success(request, "Your progress update was saved")
                return redirect("targets:detail", pk=target.pk)
    else:
        form = ProgressUpdateForm(
            target=target, initial={"seen_latest_update_id": latest.pk if latest else None}
        )
    # The status the rules give today, beside the form: what the officer reports is weighed by it.
    (judged,) = judge_targets(Target.objects.filter(pk=target.pk), as_at=timezone.localdate())
    return render(
        request,
        "targets/add_update.html",
        {
            "target": target,
            "form": form,
            "latest": latest,
            "status": judged.status,
            "changed": changed,
            "changed_message": changed_since_message(changed) if changed else "",
        },
    )


def changed_since_message(updates: list[ProgressUpdate]) -> str:
    """Tells an officer whose update was not saved what was added since they opened the form."""
    latest = updates[0]
    who = latest.author.get_full_name() or latest.author.get_username()
    when = day_and_time(latest.made_at)
    if len(updates) == 1:
        return (
            f"{who} added an update on {when} since you opened this page. "
            "Check it below, then send yours again if it still applies."
        )
    return (
        f"{len(updates)} updates were added since you opened this page, the latest by {who} on "
        f"{when}. Check them below, then send yours again if it still applies."
    )


def day_and_time(moment: datetime) -> str:
    """A moment as the pages show it, "14 March 2021 at 10:05", in the council's time zone."""
    local = timezone.localtime(moment)
    return f"{uk_date(local.date())} at {local:%H:%M}"
