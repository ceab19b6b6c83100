"""The target list as a sortable, paginated table of targets judged as at a date.

The database filters, sorts and pages by status (targets.queries.with_status); only the page's
targets are loaded and judged, so a page costs the same however many targets match.
"""

from datetime import date
from typing import Any

import django_tables2 as tables
from django.contrib.auth.models import AbstractUser
from django.core.paginator import Page, Paginator
from django.db.models import Case, Expression, F, QuerySet, Value, When
from django.db.models.functions import Coalesce, Concat, Length, Lower, NullIf, Replace, Trim
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django_tables2.data import TableListData
from django_tables2.utils import OrderBy, OrderByTuple

from plans.deadlines import uk_date
from plans.rag import RAG
from targets.models import ProgressUpdate, Target
from targets.queries import JudgedTarget, status_of, status_rules, with_latest_update

PER_PAGE = 50
DEFAULT_SORT = "due_date"

# Sorting by status, ascending: the most urgent first.
URGENCY = [
    RAG.RED,
    RAG.AMBER,
    RAG.UNSCHEDULED,
    RAG.NOT_YET_DUE,
    RAG.GREEN,
    RAG.COMPLETE,
    RAG.SUPERSEDED,
    RAG.CANCELLED,
]


def _plain(text: Expression) -> Expression:
    """Text without its digits, in lower case: "CWB-T10" -> "cwb-t"."""
    for digit in "0123456789":
        text = Replace(text, Value(digit), Value(""))
    return Lower(text)


OWNER_NAME = Lower(
    Coalesce(
        NullIf(Trim(Concat("owner__first_name", Value(" "), "owner__last_name")), Value("")),
        "owner__username",
    )
)
# What each sortable column sorts by, in the database. Refs sort naturally (CWB-T2 before CWB-T10)
# as far as SQL can without a collation: by their letters, then shorter first, then as text.
SORTS: dict[str, list[Expression]] = {
    "target": [_plain(F("ref")), Length("ref"), Lower("ref")],
    "service_area": [Lower("service_area__name")],
    "owner": [OWNER_NAME],
    "due_date": [F("status_due_date")],
    "status": [Case(*(When(status_rag=rag, then=Value(rank)) for rank, rag in enumerate(URGENCY)))],
    "last_update": [F("status_last_update_on")],
}
PLAN_ORDER = ("service_area__plan", "service_area__position", "position", "ref", "pk")


def in_order(targets: QuerySet[Target], aliases: list[OrderBy]) -> QuerySet[Target]:
    """Targets annotated by with_status, sorted by the columns chosen, in the database.

    Rows with nothing to sort by (no due date, no owner, no update yet) go last whichever way the
    column is sorted; equal rows are in due date order, then in the plan's order.
    """
    keys = [
        key.desc(nulls_last=True) if alias.is_descending else key.asc(nulls_last=True)
        for alias in [*aliases, OrderBy(DEFAULT_SORT)]
        for key in SORTS[alias.bare]
    ]
    return targets.order_by(*keys, *PLAN_ORDER)


class PageRows(TableListData):
    """One page of judged targets, already sorted by the database."""

    def order_by(self, aliases: OrderByTuple) -> None:
        pass


class TargetTable(tables.Table):
    target = tables.Column(verbose_name="Target", accessor="target")
    service_area = tables.Column(verbose_name="Service area", accessor="target__service_area")
    owner = tables.Column(verbose_name="Owner", accessor="target__owner", default="Not assigned")
    deadline = tables.Column(
        verbose_name="Deadline as written",
        accessor="target__deadline_text",
        orderable=False,
        default="None given",
    )
    due_date = tables.Column(
        verbose_name="Due date", accessor="status__due_date", default="No date"
    )
    status = tables.Column(verbose_name="Status", accessor="status__rag")
    last_update = tables.Column(
        verbose_name="Last update", accessor="status__last_update_on", default="None yet"
    )

    class Meta:
        # Drawn by targets/_table.html from `judged`, with this table's columns as sort links.
        empty_text = "No targets match these filters."

    def __init__(
        self, targets: QuerySet[Target], *, as_at: date, sort: str | None, page: str | None
    ) -> None:
        """A page of targets (annotated by with_status as at `as_at`), sorted by `sort` (columns as
        in the query string; an unknown one is left out, the due date by default) and judged."""
        aliases = [OrderBy(alias) for alias in (sort or "").split(",") if alias]
        aliases = [alias for alias in aliases if alias.bare in SORTS] or [OrderBy(DEFAULT_SORT)]
        ordered = with_latest_update(in_order(targets, aliases), as_at=as_at).select_related(
            "service_area", "owner"
        )
        # A page number out of range or not a number shows the nearest page.
        self.paginator = Paginator(ordered, PER_PAGE)
        found = self.paginator.get_page(page)
        rules = status_rules()
        page_targets = list(found.object_list)
        # The officer's own report beside the computed status: the page's latest updates only,
        # one query whatever the page holds.
        update_ids = [t.latest_update_id for t in page_targets if t.latest_update_id]
        updates = ProgressUpdate.objects.select_related("author").in_bulk(update_ids)
        rows = [
            JudgedTarget(
                target,
                status_of(target, as_at=as_at, rules=rules),
                updates.get(target.latest_update_id),
            )
            for target in page_targets
        ]
        self.judged = rows
        super().__init__(PageRows(rows), order_by=[str(alias) for alias in aliases])
        self.page = Page(list(self.rows), found.number, self.paginator)

    def render_target(self, value: Any) -> str:
        return format_html(
            '<a class="govuk-link" href="{}"><strong>{}</strong> {}</a>',
            reverse("targets:detail", args=[value.pk]),
            value.ref,
            value.text,
        )

    def render_owner(self, value: AbstractUser) -> str:
        return value.get_full_name() or value.get_username()

    def render_deadline(self, value: str, record: JudgedTarget) -> str:
        revised = record.target.revised_deadline_text
        return f"{value}, revised to {revised}" if revised else value

    def render_status(self, value: RAG) -> str:
        # The component through the cached template loader: a TemplateColumn compiles it each row.
        return render_to_string("components/rag_tag.html", {"rag": value, "label": value.label})

    def render_due_date(self, value: Any) -> str:
        return uk_date(value)

    def render_last_update(self, value: Any) -> str:
        return uk_date(value)
