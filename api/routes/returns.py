"""Quarterly returns, read-only: a plan's returns, and one with its service areas' stages and, once
closed, its frozen figures.

What is sent is what every signed-in reader sees on the returns' pages (returns.view_return): the
return's dates and state, each area's stage and how many of its items are updated, and a closed
return's snapshot. Nothing of the cycle's own working (send-back notes, proposed dates, reminders,
who is chased) is sent, and the cycle is run on the pages, not here.
"""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from api.problems import Problem
from api.queries import DEFAULT_PAGE_SIZE, page_of, paging
from api.routes.common import PAGE, PAGE_SIZE, RESPONSES, get_or_problem
from api.schemas import Id, ReturnDetailOut, ReturnPage
from plans.models import Plan
from plans.roles import User
from returns import figures, queries
from returns.models import Return

router = Router(tags=["Quarterly returns"])

READ = "returns.view_return"  # as the returns' pages (returns/views.py)


class Paged(Schema):
    page: int = Field(1, description=PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, description=PAGE_SIZE)


def _may_read(user: User) -> None:
    if not user.has_perm(READ):
        raise Problem(403, "Your role does not read quarterly returns.")


def return_out(of_return: Return) -> dict:
    return {
        "id": of_return.pk,
        "plan_id": of_return.plan_id,
        "name": of_return.name,
        "as_at": of_return.as_at,
        "due_on": of_return.due_on,
        "state": of_return.state,
        "opened_at": of_return.opened_at,
        "closed_at": of_return.closed_at,
        "close_reason": of_return.close_reason,
    }


@router.get(
    "/plans/{plan_id}/returns",
    response={200: ReturnPage, **RESPONSES},
    url_name="plan_returns",
    summary="A plan's quarterly returns",
)
def return_list(request: HttpRequest, plan_id: Id, filters: Query[Paged]) -> dict:
    """A plan's quarterly returns, the latest date first."""
    _may_read(request.user)
    plan = get_or_problem(Plan.objects.all(), plan_id, "plan")
    returns = Return.objects.filter(plan=plan).order_by("-as_at", "-opened_at", "-pk")
    rows, envelope = page_of(request, returns, paging(filters.page, filters.page_size))
    return envelope | {"results": [return_out(row) for row in rows]}


@router.get(
    "/returns/{return_id}",
    response={200: ReturnDetailOut, **RESPONSES},
    url_name="return",
    summary="A quarterly return: its areas and, once closed, its frozen figures",
)
def return_detail(request: HttpRequest, return_id: Id) -> dict:
    """A return with each service area's stage (as the return's page shows it) and, once the
    return is closed, the figures it froze: each area's targets and outcomes with their
    indicators, as the report and committee pack give them. While it is open `figures` is null:
    they are still being updated."""
    _may_read(request.user)
    of_return = get_or_problem(Return.objects.select_related("plan"), return_id, "return")
    areas = [
        {
            "id": items.area_return.pk,
            "service_area_id": items.area_return.service_area_id,
            "name": items.area_return.area_name,
            "stage": items.stage.value,
            "stage_label": items.stage.label,
            "items_updated": items.updated,
            "items_total": items.total,
            "submitted_at": items.area_return.submitted_at,
            "reviewed_at": items.area_return.reviewed_at,
        }
        for items in queries.area_items(of_return)
    ]
    return return_out(of_return) | {"areas": areas, "figures": _figures(of_return)}


def _figures(of_return: Return) -> dict | None:
    if of_return.is_open:
        return None
    sections = figures.snapshot_sections(of_return)
    every_target = [row for section in sections for row in section.targets]
    return {
        "counts": {rag.value: n for rag, n in figures.count_rows(every_target)},
        "areas": [
            {
                "area_return_id": section.area_return.pk,
                "name": section.name,
                "targets": [
                    {
                        "target_id": row.target_id,
                        "ref": row.ref,
                        "text": row.text,
                        "deadline_text": row.deadline_text,
                        "due_date": row.due_date,
                        "revised_deadline_text": row.revised_deadline_text,
                        "revised_due_date": row.revised_due_date,
                        "revision_reason": row.revision_reason,
                        "rag": row.rag.value,
                        "reason": row.reason,
                        "days_late": row.days_late,
                        "update_status": row.update_status,
                        "update_commentary": row.update_commentary,
                        "update_made_at": row.update_made_at,
                    }
                    for row in section.targets
                ],
                "outcomes": [
                    {
                        "outcome_id": row.outcome_id,
                        "ref": row.ref,
                        "text": row.text,
                        "update_rag": row.update_rag,
                        "update_commentary": row.update_commentary,
                        "indicators": [
                            {
                                "indicator_id": i.indicator_id,
                                "ref": i.ref,
                                "name": i.name,
                                "value_text": i.value_text,
                                "target_text": i.target_text,
                                "rag": i.rag.value if i.rag else None,
                                "reason": i.reason,
                                "shares": i.shares,
                                "figures": i.figures,
                            }
                            for i in row.indicators
                        ],
                    }
                    for row in section.outcomes
                ],
            }
            for section in sections
        ],
    }
