"""The API's reads over the plan's own queries: paging, and the target list judged as at a day.

Target status is looked up in one place, `target_page`: today it judges targets with
targets.queries (status and due period are decided in Python, as on the pages); when status moves
into the database (issue #15), only this function changes.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from api.problems import FieldError, Problem
from plans.as_at import AsAtError, parse_as_at
from targets.filters import Scope, TargetFilter
from targets.models import Target
from targets.queries import JudgedTarget, judge_targets

DEFAULT_PAGE_SIZE = 50
# A stable order for paging: the pages' order, then the id so that no two rows tie.
TARGET_ORDER = (
    "service_area__plan_id",
    "service_area__position",
    "service_area_id",
    "position",
    "ref",
    "pk",
)


@dataclass(frozen=True)
class Paging:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def paging(page: int, page_size: int) -> Paging:
    limit = settings.API_MAX_PAGE_SIZE
    errors = []
    if page < 1:
        errors.append(FieldError("page", "The page must be 1 or more."))
    if not 1 <= page_size <= limit:
        errors.append(FieldError("page_size", f"The page size must be from 1 to {limit}."))
    if errors:
        raise Problem(400, "The paging parameters are not accepted.", errors)
    return Paging(page, page_size)


def page_of[T](
    request: HttpRequest, rows: QuerySet[T] | Sequence[T], paged: Paging, count: int | None = None
) -> tuple[list[T], dict]:
    """One page of rows and the envelope that describes it (count, pages, next and previous)."""
    total = (
        count if count is not None else (rows.count() if isinstance(rows, QuerySet) else len(rows))
    )
    pages = max(1, math.ceil(total / paged.page_size))
    if paged.page > pages:
        raise Problem(
            404,
            f"There are {pages} pages of {paged.page_size}; page {paged.page} is past the end.",
            [FieldError("page", f"The last page is {pages}.")],
        )
    window = list(rows[paged.offset : paged.offset + paged.page_size])

    def link(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        query["page_size"] = str(paged.page_size)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return window, {
        "count": total,
        "page": paged.page,
        "page_size": paged.page_size,
        "pages": pages,
        "next": link(paged.page + 1) if paged.page < pages else None,
        "previous": link(paged.page - 1) if paged.page > 1 else None,
    }


def target_filter(request: HttpRequest) -> TargetFilter:
    """The target list's own filters (targets.filters), refusing what the page would ignore.

    The pages start an officer at their own service areas; a program asking for targets gets
    every area's unless it asks for scope=mine.
    """
    data: QueryDict = request.GET.copy()
    data.setdefault("scope", Scope.ALL)
    filterset = TargetFilter(data, request=request)
    if not filterset.is_valid():
        errors = [
            FieldError(name, _for_a_program(message))
            for name, messages in filterset.form.errors.items()
            for message in messages
        ]
        raise Problem(400, "The filters are not accepted.", errors)
    return filterset


def as_at_or_problem(value: str | None) -> date:
    """An `as_at` parameter read as the pages read it (plans/as_at.py); a bad one is refused."""
    try:
        return parse_as_at(value, today=timezone.localdate())
    except AsAtError as error:
        raise Problem(
            400,
            "The as at date is not accepted.",
            [FieldError("as_at", _for_a_program(str(error)))],
        ) from None


def _for_a_program(message: str) -> str:
    # A page shows today instead of a bad date; the API refuses it, so that part is not said.
    return message.replace(" Showing today instead.", "")


def target_page(
    request: HttpRequest, filterset: TargetFilter, paged: Paging
) -> tuple[date, list[JudgedTarget], dict]:
    """One page of the targets the filters choose, in a stable order, each with its status as at
    the filters' day; with the page's envelope.

    Without a status or due period the page is cut in SQL and only its targets are judged. Status
    and due period are judged in Python (targets.filters.filter_judged), so with either every
    target the database filters choose is judged first (without its actions, groups or updates'
    authors), then the page cut. With status stored in the database (#15) both run in SQL.
    """
    as_at = filterset.as_at
    targets = filterset.qs.order_by(*TARGET_ORDER)
    cleaned = filterset.form.cleaned_data
    if cleaned.get("status") or cleaned.get("due"):
        chosen = filterset.filter_judged(judge_targets(targets, as_at=as_at, with_updates=False))
        window, envelope = page_of(request, [row.target for row in chosen], paged)
    else:
        window, envelope = page_of(request, targets, paged)
    on_page = (
        Target.objects.filter(pk__in=[target.pk for target in window])
        .order_by(*TARGET_ORDER)
        .prefetch_related("actions", "groups")
    )
    return as_at, judge_targets(on_page, as_at=as_at), envelope


def filter_by_plan_and_area(
    rows: QuerySet, *, plan: int | None, service_area: int | None, area_field: str
) -> QuerySet:
    if plan is not None:
        rows = rows.filter(**{f"{area_field}__plan_id": plan})
    if service_area is not None:
        rows = rows.filter(**{f"{area_field}_id": service_area})
    return rows
