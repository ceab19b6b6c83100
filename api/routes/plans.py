"""Plans, their service areas and actions."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from api.queries import DEFAULT_PAGE_SIZE, filter_by_plan_and_area, page_of, paging
from api.routes.common import PAGE, PAGE_SIZE, RESPONSES, get_or_problem
from api.schemas import ActionPage, Id, PlanOut, PlanPage, ServiceAreaPage
from plans.models import Action, Plan, ServiceArea

router = Router(tags=["Plans"])


class Paged(Schema):
    page: int = Field(1, description=PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, description=PAGE_SIZE)


class AreaFilters(Paged):
    plan: Id | None = Field(None, description="A plan's id.")
    service_area: Id | None = Field(None, description="A service area's id.")


def plan_out(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "slug": plan.slug,
        "title": plan.title,
        "council": plan.council,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "published": plan.is_public,
    }


@router.get("/plans", response={200: PlanPage, **RESPONSES}, url_name="plans", summary="Plans")
def plan_list(request: HttpRequest, filters: Query[Paged]) -> dict:
    """Every plan, newest first."""
    rows, envelope = page_of(
        request,
        Plan.objects.order_by("-period_start", "title", "pk"),
        paging(filters.page, filters.page_size),
    )
    return envelope | {"results": [plan_out(plan) for plan in rows]}


@router.get(
    "/plans/{plan_id}", response={200: PlanOut, **RESPONSES}, url_name="plan", summary="A plan"
)
def plan_detail(request: HttpRequest, plan_id: Id) -> dict:
    return plan_out(get_or_problem(Plan.objects.all(), plan_id, "plan"))


@router.get(
    "/service-areas",
    response={200: ServiceAreaPage, **RESPONSES},
    url_name="service_areas",
    summary="Service areas",
)
def service_area_list(request: HttpRequest, filters: Query[AreaFilters]) -> dict:
    """Service areas (directorates' parts of a plan); filter by plan or service_area."""
    areas = ServiceArea.objects.order_by("plan_id", "position", "name", "pk")
    if filters.plan is not None:
        areas = areas.filter(plan_id=filters.plan)
    if filters.service_area is not None:
        areas = areas.filter(pk=filters.service_area)
    rows, envelope = page_of(request, areas, paging(filters.page, filters.page_size))
    return envelope | {
        "results": [
            {"id": a.pk, "plan_id": a.plan_id, "slug": a.slug, "name": a.name} for a in rows
        ]
    }


@router.get(
    "/actions", response={200: ActionPage, **RESPONSES}, url_name="actions", summary="Actions"
)
def action_list(request: HttpRequest, filters: Query[AreaFilters]) -> dict:
    """The plan's actions: its aims and commitments."""
    actions = filter_by_plan_and_area(
        Action.objects.order_by(
            "service_area__plan_id",
            "service_area__position",
            "service_area_id",
            "position",
            "ref",
            "pk",
        ),
        plan=filters.plan,
        service_area=filters.service_area,
        area_field="service_area",
    ).prefetch_related("groups")
    rows, envelope = page_of(request, actions, paging(filters.page, filters.page_size))
    return envelope | {
        "results": [
            {
                "id": action.pk,
                "service_area_id": action.service_area_id,
                "ref": action.ref,
                "aim": action.aim,
                "commitment": action.commitment,
                "groups": [group.slug for group in action.groups.all()],
            }
            for action in rows
        ]
    }
