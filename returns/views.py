"""The returns' pages: thin; each parses the request, asks returns.access, calls one service or
query and renders. Every action is a page with a form (GET) and its POST, so all work without JS.

Who may open a page is a Django permission (plans.access.permission_required): every role reads
returns (returns.view_return), plan admins run them (returns.change_return); who may act on one
service area's return is decided in returns/access.py.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_safe

from outcomes.forms import OutcomeUpdateForm
from outcomes.models import Outcome
from outcomes.services import record_outcome_update
from plans.access import permission_required
from plans.cache import page_key
from plans.models import Plan
from returns import access, figures, pack, queries, services
from returns.forms import (
    CloseForm,
    DecisionForm,
    OpenReturnForm,
    ProposalForm,
    ReopenForm,
    ReviewForm,
    SubmitAreaForm,
)
from returns.models import AreaReturn, DeadlineProposal, Return, SendBackNote
from returns.services import ReturnError
from targets.forms import ProgressUpdateForm
from targets.models import Target
from targets.services import TargetChangedError, latest_update, record_progress

GET_AND_POST = ["GET", "HEAD", "POST"]
READ = "returns.view_return"  # every role holds it (plans.roles)
RUN = "returns.change_return"  # plan admins: open, remind, close, reopen


def _return(pk: int) -> Return:
    return get_object_or_404(Return.objects.select_related("plan"), pk=pk)


def _area(pk: int) -> AreaReturn:
    return get_object_or_404(
        AreaReturn.objects.select_related("of_return__plan", "service_area"), pk=pk
    )


def _crumbs(of_return: Return | None = None) -> list[tuple[str, str | None]]:
    crumbs = [("Home", reverse("home")), ("Returns", reverse("returns:index"))]
    if of_return:
        crumbs.append((of_return.name, reverse("returns:detail", args=[of_return.pk])))
    return crumbs


@require_safe
@permission_required(READ)
def index(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.prefetch_related("returns").order_by("-period_start", "title")
    return render(
        request,
        "returns/index.html",
        {
            "plans": plans,
            "can_run": request.user.has_perm(RUN),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@require_http_methods(GET_AND_POST)
@permission_required(RUN)
def open_return(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=plan_slug)
    form = OpenReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            of_return = services.open_return(plan=plan, by=request.user, **form.cleaned_data)
        except ReturnError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The {of_return.name} return is open")
            return redirect("returns:detail", pk=of_return.pk)
    return render(
        request,
        "returns/open.html",
        {"plan": plan, "form": form, "breadcrumbs": _crumbs()},
    )


@require_safe
@permission_required(READ)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The return's page: where each area is (the chase list), and what each person can do."""
    of_return = _return(pk)
    return render(
        request,
        "returns/detail.html",
        {
            "of_return": of_return,
            "rows": queries.chase_list(of_return),
            "events": of_return.events.select_related("by"),
            "can_run": request.user.has_perm(RUN),
            "yours": access.areas_to_work_on(request.user, of_return),
            "to_review": access.areas_to_review(request.user, of_return),
            "breadcrumbs": _crumbs(),
        },
    )


@require_safe
@permission_required(READ)
def yours(request: HttpRequest, pk: int) -> HttpResponse:
    """Your return: the items of the areas you update, and whether each is updated for it."""
    of_return = _return(pk)
    areas = access.areas_to_work_on(request.user, of_return)
    return render(
        request,
        "returns/yours.html",
        {
            "of_return": of_return,
            "areas": queries.area_items(of_return, areas=areas) if areas else [],
            "proposable": queries.proposable_targets(areas, today=timezone.localdate()),
            "proposals": DeadlineProposal.objects.filter(area_return__in=areas).select_related(
                "target"
            ),
            "breadcrumbs": _crumbs(of_return),
        },
    )


def _next_needing_update(area_return: AreaReturn, after: tuple[str, int]) -> str | None:
    """The page of the next item of the area, after this one, still needing an update."""
    (items,) = queries.area_items(area_return.of_return, areas=[area_return])
    keys = [(item.kind, item.obj.pk) for item in items.items]
    start = keys.index(after) + 1 if after in keys else 0
    for item in items.items[start:] + items.items[:start]:
        if not item.updated and (item.kind, item.obj.pk) != after:
            return reverse(f"returns:update_{item.kind}", args=[area_return.pk, item.obj.pk])
    return None


def _after_saving(request: HttpRequest, area: AreaReturn, key: tuple[str, int]) -> HttpResponse:
    if "next" in request.POST:
        if url := _next_needing_update(area, key):
            return redirect(url)
        messages.success(request, "Every item of this area is updated: you can submit it now")
    return redirect(reverse("returns:yours", args=[area.of_return_id]) + f"#area-{area.pk}")


@require_http_methods(GET_AND_POST)
@permission_required(READ)
def update_target(request: HttpRequest, area_pk: int, target_pk: int) -> HttpResponse:
    """A progress update for one target of your return, then the next one needing an update."""
    area = _area(area_pk)
    target = get_object_or_404(
        Target.objects.select_related("service_area"),
        pk=target_pk,
        service_area=area.service_area,
        lifecycle="live",
    )
    if not access.can_work_on(request.user, area):
        raise PermissionDenied
    changed = False
    if request.method == "POST":
        form = ProgressUpdateForm(request.POST, target=target)
        if form.is_valid():
            try:
                record_progress(target=target, author=request.user, **form.cleaned_data)
            except TargetChangedError:
                changed = True
                data = request.POST.copy()
                latest = latest_update(target)
                data["seen_latest_update_id"] = str(latest.pk) if latest else ""
                form = ProgressUpdateForm(data, target=target)
            else:
                messages.success(request, f"Your progress update to {target.ref} was saved")
                return _after_saving(request, area, ("target", target.pk))
    else:
        latest = latest_update(target)
        form = ProgressUpdateForm(
            target=target, initial={"seen_latest_update_id": latest.pk if latest else None}
        )
    return render(
        request,
        "returns/update_item.html",
        {
            "area": area,
            "item": target,
            "kind": "target",
            "form": form,
            "latest": latest_update(target),
            "changed": changed,
            "notes": _item_notes(area, target=target),
            "breadcrumbs": _crumbs(area.of_return),
        },
    )


@require_http_methods(GET_AND_POST)
@permission_required(READ)
def update_outcome(request: HttpRequest, area_pk: int, outcome_pk: int) -> HttpResponse:
    """A narrative update for one outcome of your return (or a measurement, on its own page)."""
    area = _area(area_pk)
    outcome = get_object_or_404(
        Outcome.objects.prefetch_related("indicators"),
        pk=outcome_pk,
        service_area=area.service_area,
    )
    if not access.can_work_on(request.user, area):
        raise PermissionDenied
    form = OutcomeUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record_outcome_update(outcome=outcome, author=request.user, **form.cleaned_data)
        messages.success(request, f"Your update to {outcome.ref} was saved")
        return _after_saving(request, area, ("outcome", outcome.pk))
    return render(
        request,
        "returns/update_item.html",
        {
            "area": area,
            "item": outcome,
            "kind": "outcome",
            "form": form,
            "latest": outcome.updates.select_related("author").first(),
            "notes": _item_notes(area, outcome=outcome),
            "breadcrumbs": _crumbs(area.of_return),
        },
    )


def _item_notes(area: AreaReturn, **item: object) -> list[SendBackNote]:
    if area.state != AreaReturn.State.SENT_BACK:
        return []
    return list(area.notes.filter(made_at__gte=area.reviewed_at, **item).select_related("made_by"))


@require_http_methods(GET_AND_POST)
@permission_required(READ)
def submit_area(request: HttpRequest, area_pk: int) -> HttpResponse:
    area = _area(area_pk)
    if not access.can_work_on(request.user, area):
        raise PermissionDenied
    form = SubmitAreaForm(request.POST or None, initial={"comment": area.comment})
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_area(area_return=area, by=request.user, **form.cleaned_data)
        except ReturnError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{area.area_name}'s return was submitted to its lead")
            return redirect("returns:yours", pk=area.of_return_id)
    (items,) = queries.area_items(area.of_return, areas=[area])
    return render(
        request,
        "returns/submit.html",
        {"area": area, "items": items, "form": form, "breadcrumbs": _crumbs(area.of_return)},
    )


@require_http_methods(GET_AND_POST)
@permission_required(READ)
def review_area(request: HttpRequest, area_pk: int) -> HttpResponse:
    """An area's return for its service lead to approve or send back; others with a role read."""
    area = _area(area_pk)
    can_review = access.can_review(request.user, area)
    if request.method == "POST" and not can_review:
        raise PermissionDenied
    (items,) = queries.area_items(area.of_return, areas=[area])
    form = ReviewForm(request.POST or None, items=items.items)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_area(area_return=area, by=request.user)
                done = f"{area.area_name}'s return is approved"
            else:
                services.send_back(
                    area_return=area,
                    by=request.user,
                    comment=form.cleaned_data["comment"],
                    item_comments=form.item_comments(),
                )
                done = f"{area.area_name}'s return was sent back to its officers"
        except ReturnError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("returns:detail", pk=area.of_return_id)
    section = next(s for s in figures.sections(area.of_return) if s.area_return.pk == area.pk)
    row_of = {("target", row.target_id): row for row in section.targets} | {
        ("outcome", row.outcome_id): row for row in section.outcomes
    }
    rows = [
        (item, row_of.get((item.kind, item.obj.pk)), form.item_field(item.kind, item.obj.pk))
        for item in items.items
    ]
    return render(
        request,
        "returns/review.html",
        {
            "area": area,
            "items": items,
            "rows": rows,
            "form": form,
            "can_review": can_review,
            "can_decide": can_review and area.is_with_its_lead,
            "all_notes": area.notes.select_related("made_by", "target", "outcome"),
            "proposals": area.proposals.select_related("target", "proposed_by"),
            "breadcrumbs": _crumbs(area.of_return),
        },
    )


@require_http_methods(GET_AND_POST)
@permission_required(READ)
def propose(request: HttpRequest, area_pk: int, target_pk: int) -> HttpResponse:
    area = _area(area_pk)
    target = get_object_or_404(Target, pk=target_pk, service_area=area.service_area)
    if not access.can_work_on(request.user, area):
        raise PermissionDenied
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_deadline(
                area_return=area, target=target, by=request.user, **form.cleaned_data
            )
        except ReturnError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The new due date for {target.ref} was sent to the lead")
            return redirect("returns:yours", pk=area.of_return_id)
    return render(
        request,
        "returns/propose.html",
        {"area": area, "target": target, "form": form, "breadcrumbs": _crumbs(area.of_return)},
    )


@require_http_methods(GET_AND_POST)
@permission_required(READ)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        DeadlineProposal.objects.select_related(
            "target", "proposed_by", "area_return__of_return", "area_return__service_area"
        ),
        pk=pk,
    )
    area = proposal.area_return
    if not access.can_review(request.user, area):
        raise PermissionDenied
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.decide_proposal(proposal=proposal, by=request.user, approve=approve)
        except ReturnError as error:
            form.add_error(None, str(error))
        else:
            verb = "approved: the target is re-dated" if approve else "declined"
            messages.success(request, f"The new due date for {proposal.target.ref} was {verb}")
            return redirect("returns:review", area_pk=area.pk)
    return render(
        request,
        "returns/decide.html",
        {"proposal": proposal, "form": form, "breadcrumbs": _crumbs(area.of_return)},
    )


def _run_action(
    request: HttpRequest, pk: int, template: str, form_class: type, act: Callable
) -> HttpResponse:
    """Close and reopen: the equality lead's forms with a reason."""
    of_return = _return(pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = act(of_return, form.cleaned_data["reason"])
        except ReturnError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect("returns:detail", pk=of_return.pk)
    waiting = of_return.areas.exclude(state=AreaReturn.State.APPROVED)
    return render(
        request,
        template,
        {
            "of_return": of_return,
            "form": form,
            "waiting": waiting,
            "breadcrumbs": _crumbs(of_return),
        },
    )


@require_http_methods(GET_AND_POST)
@permission_required(RUN)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    def act(of_return: Return, reason: str) -> str:
        services.close_return(of_return=of_return, by=request.user, reason=reason)
        return f"The {of_return.name} return is closed and its figures are frozen"

    return _run_action(request, pk, "returns/close.html", CloseForm, act)


@require_http_methods(GET_AND_POST)
@permission_required(RUN)
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    def act(of_return: Return, reason: str) -> str:
        services.reopen_return(of_return=of_return, by=request.user, reason=reason)
        return f"The {of_return.name} return is open again"

    return _run_action(request, pk, "returns/reopen.html", ReopenForm, act)


@require_http_methods(GET_AND_POST)
@permission_required(RUN)
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Email the officers of the areas not yet submitted (their reminder preferences apply)."""
    of_return = _return(pk)
    lines, error = [], ""
    if request.method == "POST":
        try:
            lines = services.send_return_reminders(of_return=of_return)
        except ReturnError as refused:
            error = str(refused)
    waiting = [
        row
        for row in queries.chase_list(of_return)
        if row.area_return.state in (AreaReturn.State.OPEN, AreaReturn.State.SENT_BACK)
    ]
    return render(
        request,
        "returns/remind.html",
        {
            "of_return": of_return,
            "waiting": waiting,
            "lines": lines,
            "error": error,
            "breadcrumbs": _crumbs(of_return),
        },
    )


@require_safe
@permission_required(READ)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    of_return = _return(pk)
    return render(
        request,
        "returns/report.html",
        {
            "of_return": of_return,
            # Made only when the report is not in the shared cache (plans/cache.py): an open
            # return's live figures are its plan's, a closed one's are frozen.
            "report": SimpleLazyObject(lambda: figures.return_report(of_return)),
            "cache_key": page_key(request, plan_id=of_return.plan_id),
            "today": timezone.localdate(),
            "breadcrumbs": _crumbs(of_return),
        },
    )


@require_safe
@permission_required(READ)
def download_pack(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The committee pack as Word or PDF: DRAFT while the return is open."""
    if file_format not in pack.CONTENT_TYPES:
        raise Http404("The committee pack is a .docx or a .pdf.")
    of_return = _return(pk)
    content = pack.build(figures.return_report(of_return), file_format)
    response = HttpResponse(content, content_type=pack.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="{pack.filename(of_return, file_format)}"'
    )
    return response
