"""The API's reads over the plan's own queries: paging, and the target list judged as at a day.

The target list is the `/targets/` page's: `target_page` filters by status and due period on the
stored status timelines (targets.queries.with_status, TargetFilter.filter_status), sorts with the
page's columns (targets.tables.in_order) and counts and pages in SQL, so only one page of targets
is loaded and judged whatever the filters.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django_tables2.utils import OrderBy

from api.problems import FieldError, Problem
from plans.as_at import AsAtError, parse_as_at
from targets.filters import Scope, TargetFilter
from targets.queries import JudgedTarget, status_of, status_rules, with_latest_update, with_status
from targets.tables import SORTS, in_order

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
    as_at_or_problem(request.GET.get("as_at"))  # the filters fall back to today; a program is told
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


def target_sort(value: str | None) -> list[OrderBy]:
    """The page's sort (targets.tables.SORTS): columns separated by commas, a leading "-" for
    descending. The page ignores an unknown column; the API refuses it."""
    aliases = [OrderBy(alias.strip()) for alias in (value or "").split(",") if alias.strip()]
    unknown = [str(alias) for alias in aliases if alias.bare not in SORTS]
    if unknown:
        raise Problem(
            400,
            "The sort is not accepted.",
            [
                FieldError(
                    "sort",
                    f"{', '.join(unknown)} is not a column to sort by: use {', '.join(SORTS)}, "
                    "each with a leading - for descending.",
                )
            ],
        )
    return aliases


def target_page(
    request: HttpRequest, filterset: TargetFilter, paged: Paging, sort: list[OrderBy] | None = None
) -> tuple[date, list[JudgedTarget], dict]:
    """One page of the targets the filters choose, each with its status as at the filters' day;
    with the page's envelope.

    As on the target list page, status and due period filter and sort on the stored status
    timelines, so the database filters, counts, sorts and cuts the page; only the page's targets
    are loaded and judged. Without a sort they are in the plan's order (stable for paging).
    """
    as_at = filterset.as_at
    targets = filterset.filter_status(with_status(filterset.qs, as_at=as_at))
    ordered = in_order(targets, sort) if sort else targets.order_by(*TARGET_ORDER)
    rows = (
        with_latest_update(ordered, as_at=as_at)
        .select_related("service_area", "owner")
        .prefetch_related("actions", "groups")
    )
    window, envelope = page_of(request, rows, paged)
    rules = status_rules()
    judged = [
        JudgedTarget(target, status_of(target, as_at=as_at, rules=rules), None) for target in window
    ]
    return as_at, judged, envelope


def filter_by_plan_and_area(
    rows: QuerySet, *, plan: int | None, service_area: int | None, area_field: str
) -> QuerySet:
    if plan is not None:
        rows = rows.filter(**{f"{area_field}__plan_id": plan})
    if service_area is not None:
        rows = rows.filter(**{f"{area_field}_id": service_area})
    return rows
