"""Targets with their status as at any date, their progress updates, and adding updates."""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from api.auth import token_of
from api.problems import FieldError, Problem
from api.queries import (
    DEFAULT_PAGE_SIZE,
    as_at_or_problem,
    page_of,
    paging,
    target_filter,
    target_page,
    target_sort,
)
from api.routes.common import AS_AT, PAGE, PAGE_SIZE, RESPONSES, WRITE_RESPONSES, get_or_problem
from api.schemas import (
    Id,
    ProgressBatchIn,
    ProgressBatchOut,
    ProgressUpdateIn,
    ProgressUpdatePage,
    TargetOut,
    TargetPage,
)
from plans.cache import cached
from plans.roles import User
from targets.access import can_update_target
from targets.forms import ProgressUpdateForm
from targets.models import ProgressUpdate, Target
from targets.queries import JudgedTarget, judge_targets
from targets.services import TargetChangedError, record_progress

router = Router(tags=["Targets"])


class TargetFilters(Schema):
    """The target list page's filters, with the same names and values (targets/filters.py)."""

    plan: str | None = Field(None, description="A plan's id.")
    service_area: str | None = Field(None, description="A service area's id.")
    status: str | None = Field(
        None,
        description="A RAG status: complete, green, amber, red, not_yet_due, unscheduled, "
        "cancelled or superseded.",
    )
    due: str | None = Field(
        None, description="overdue, next_30_days, next_90_days, later or no_date."
    )
    group: str | None = Field(
        None, description="An equality group's slug; includes the narrower groups within it."
    )
    scope: str | None = Field(None, description="all (the default) or mine: your own areas.")
    as_at: str | None = Field(None, description=AS_AT)
    sort: str | None = Field(
        None,
        description="Columns to sort by, as on the target list page, separated by commas: "
        "target, service_area, owner, due_date, status (most urgent first) or last_update, each "
        "with a leading - for descending. Without one, the plan's order.",
    )
    page: int = Field(1, description=PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, description=PAGE_SIZE)


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _figure(value: object) -> str | None:
    return None if value is None else str(value)


def update_out(update: ProgressUpdate) -> dict:
    return {
        "id": update.pk,
        "target_id": update.target_id,
        "made_at": update.made_at,
        "author": _name(update.author),
        "status": update.status,
        "commentary": update.commentary,
        "percent_complete": update.percent_complete,
        "value": _figure(update.value),
        "evidence_url": update.evidence_url,
        "recorded_via": update.recorded_via,
    }


def target_out(row: JudgedTarget) -> dict:
    target, status = row.target, row.status
    return {
        "id": target.pk,
        "ref": target.ref,
        "text": target.text,
        "plan_id": target.service_area.plan_id,
        "service_area_id": target.service_area_id,
        "service_area": target.service_area.name,
        "deadline_text": target.deadline_text,
        "due_date": target.due_date,
        "lifecycle": target.lifecycle,
        "owner": _name(target.owner) if target.owner else None,
        "action_refs": [action.ref for action in target.actions.all()],
        "groups": [group.slug for group in target.groups.all()],
        "status": {
            "rag": status.rag.value,
            "label": status.rag.label,
            "reason": status.reason,
            "due_date": status.due_date,
            "days_late": status.days_late,
            "days_remaining": status.days_remaining,
            "completed_on_time": status.completed_on_time,
            "last_update_on": status.last_update_on,
        },
        "latest_update_id": target.latest_update_id,
    }


@router.get(
    "/targets",
    response={200: TargetPage, **RESPONSES},
    url_name="targets",
    summary="Targets with their status as at a date",
)
def target_list(request: HttpRequest, filters: Query[TargetFilters]) -> dict:
    """Targets with their status as at as_at (default today), filtered as the target list page
    is: plan and service_area (ids), status (a RAG value), due (overdue, next_30_days,
    next_90_days, later, no_date), group (an equality group's slug, with the groups within it)
    and scope (all, or mine: your own service areas); sorted as the page sorts. The database
    filters, sorts and pages by status and due period, so any page costs the same."""
    paged = paging(filters.page, filters.page_size)
    sort = target_sort(filters.sort)
    filterset = target_filter(request)  # a bad filter is refused before the cache is asked

    def page() -> dict:
        as_at, rows, envelope = target_page(request, filterset, paged, sort)
        return envelope | {"as_at": as_at, "results": [target_out(row) for row in rows]}

    # Kept in the shared cache until the data changes (plans/cache.py): by the whole address (its
    # links name it) and the user (scope=mine is theirs), as at today.
    today = timezone.localdate()
    return cached(
        f"api-targets:{request.user.pk}:{today:%Y-%m-%d}:{request.build_absolute_uri()}", page
    )


@router.get(
    "/targets/{target_id}",
    response={200: TargetOut, **RESPONSES},
    url_name="target",
    summary="A target with its status as at a date",
)
def target_detail(
    request: HttpRequest, target_id: Id, as_at: str | None = Query(None, description=AS_AT)
) -> dict:
    """One target with its status as at as_at (default today)."""
    day = as_at_or_problem(as_at)
    targets = Target.objects.filter(pk=target_id).prefetch_related("actions", "groups")
    judged = judge_targets(targets, as_at=day)
    if not judged:
        raise Problem(404, f"There is no target with id {target_id}.")
    return target_out(judged[0])


@router.get(
    "/targets/{target_id}/progress-updates",
    response={200: ProgressUpdatePage, **RESPONSES},
    url_name="target_progress_updates",
    summary="A target's progress updates",
)
def progress_update_list(
    request: HttpRequest, target_id: Id, page: int = 1, page_size: int = DEFAULT_PAGE_SIZE
) -> dict:
    """A target's progress updates, newest first: append-only, so a correction is a new one."""
    target = get_or_problem(Target.objects.all(), target_id, "target")
    updates = target.progress_updates.select_related("author").order_by("-made_at", "-id")
    rows, envelope = page_of(request, updates, paging(page, page_size))
    return envelope | {"results": [update_out(update) for update in rows]}


@router.post(
    "/progress-updates",
    response={201: ProgressBatchOut, **WRITE_RESPONSES},
    url_name="progress_updates",
    summary="Add progress updates",
)
def add_progress_updates(request: HttpRequest, batch: ProgressBatchIn) -> Status:
    """Add progress updates to targets, all or nothing: if any is refused, none is stored and
    every refusal is named (422 for what the form refuses, 403 for a target you may not update,
    409 when a target has a newer update than the one you saw)."""
    targets = {
        t.pk: t
        for t in Target.objects.select_related("service_area", "superseded_by").filter(
            pk__in={item.target for item in batch.updates}
        )
    }
    errors, forbidden, forms = [], [], []
    seen_targets: set[int] = set()
    for n, item in enumerate(batch.updates):
        at = f"/updates/{n}"
        target = targets.get(item.target)
        if target is None:
            errors.append(FieldError(f"{at}/target", f"There is no target with id {item.target}."))
            continue
        if item.target in seen_targets:
            errors.append(
                FieldError(
                    f"{at}/target",
                    f"{target.ref} is given more than once: send one update for a target in each "
                    "batch.",
                )
            )
            continue
        seen_targets.add(item.target)
        if not target.is_open:
            forbidden.append(
                FieldError(f"{at}/target", f"{target.ref} is closed: it takes no more updates.")
            )
            continue
        if not can_update_target(request.user, target):
            forbidden.append(
                FieldError(
                    f"{at}/target",
                    f"{target.ref} belongs to {target.service_area.name}: only its officers and "
                    "plan admins add updates to it.",
                )
            )
            continue
        form = ProgressUpdateForm(_form_data(item), target=target)
        if not form.is_valid():
            errors += [
                FieldError(f"{at}/{name}", message)
                for name, messages in form.errors.items()
                for message in messages
            ]
            continue
        forms.append((n, target, form))
    if forbidden:
        raise Problem(
            403, "You may not update some of these targets; nothing was stored.", forbidden + errors
        )
    if errors:
        raise Problem(422, "Some updates were not accepted; nothing was stored.", errors)
    token = token_of(request)
    via = f"via API token “{token.name}”" if token else "via the API"
    stored, changed = [], []
    with transaction.atomic():
        for n, target, form in forms:
            try:
                stored.append(
                    record_progress(
                        target=target, author=request.user, recorded_via=via, **form.cleaned_data
                    )
                )
            except TargetChangedError as error:
                changed.append(_changed(n, target, error))
        if changed:
            transaction.set_rollback(True)
    if changed:
        raise Problem(
            409,
            "Some targets have newer updates than the ones you saw; nothing was stored. Read "
            "them, then send your updates again with their ids as seen_latest_update_id.",
            changed,
        )
    for update in stored:
        update.author = request.user
    return Status(201, {"updates": [update_out(update) for update in stored]})


def _form_data(item: ProgressUpdateIn) -> dict[str, str]:
    """The item as the page's form would receive it: strings, empty for nothing."""
    data = item.model_dump()
    return {
        name: "" if data[name] is None else str(data[name])
        for name in ProgressUpdateForm.base_fields
        if name in data
    }


def _changed(n: int, target: Target, error: TargetChangedError) -> FieldError:
    latest = error.latest
    if latest is None:
        message = f"{target.ref}'s updates are not the ones you saw."
    else:
        message = (
            f"{target.ref} has a newer update (id {latest.pk}, by {_name(latest.author)} at "
            f"{latest.made_at:%Y-%m-%d %H:%M}) than the one you saw."
        )
    return FieldError(f"/updates/{n}/seen_latest_update_id", message)
