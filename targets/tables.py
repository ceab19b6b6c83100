"""The target list as a sortable, paginated table of targets judged as at a date."""

import re
from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django.contrib.auth.models import AbstractUser
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.html import format_html
from django_tables2.data import TableListData
from django_tables2.utils import OrderBy, OrderByTuple

from plans.deadlines import uk_date
from plans.rag import RAG
from targets.queries import JudgedTarget

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


def _natural(text: str) -> list[str | int]:
    """A key that puts CWB-T2 before CWB-T10."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def _full_name(user: AbstractUser | None) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


SORT_KEYS: dict[str, Callable[[JudgedTarget], Any]] = {
    "target": lambda row: _natural(row.target.ref),
    "service_area": lambda row: row.target.service_area.name.casefold(),
    "owner": lambda row: (_full_name(row.target.owner) or "").casefold() or None,
    "due_date": lambda row: row.status.due_date,
    "status": lambda row: URGENCY.index(row.status.rag),
    "last_update": lambda row: row.status.last_update_on,
}


class JudgedRows(TableListData):
    """Judged targets, sorted in Python: their status and due date are not in the database.

    Rows with nothing to sort by (no due date, no owner, no update yet) go last whichever way the
    column is sorted; equal rows are in due date order, then in the plan's order.
    """

    def order_by(self, aliases: OrderByTuple) -> None:
        rows = list(self.data)
        # Least significant first, as each sort is stable: the due date breaks ties.
        for alias in [OrderBy(DEFAULT_SORT), *reversed(aliases)]:
            key = SORT_KEYS[alias.bare]
            present = [row for row in rows if key(row) is not None]
            present.sort(key=key, reverse=alias.is_descending)
            rows = present + [row for row in rows if key(row) is None]
        self.data[:] = rows


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
    status = tables.TemplateColumn(
        verbose_name="Status",
        accessor="status__rag",
        template_code='{% include "components/rag_tag.html" with rag=value label=value.label %}',
    )
    last_update = tables.Column(
        verbose_name="Last update", accessor="status__last_update_on", default="None yet"
    )

    class Meta:
        template_name = "targets/_table.html"
        empty_text = "No targets match these filters."

    def __init__(self, rows: list[JudgedTarget], *, sort: str | None = None) -> None:
        super().__init__(JudgedRows(rows), order_by=sort or DEFAULT_SORT)
        if not self.order_by:  # nothing sortable asked for: the default, not the plan's order
            self.order_by = DEFAULT_SORT

    def paginate(self, page: str | None = None, **kwargs: object) -> "TargetTable":
        """PER_PAGE rows a page; a page number out of range or not a number shows the nearest."""
        self.paginator = Paginator(self.rows, PER_PAGE)
        self.page = self.paginator.get_page(page)
        return self

    def render_target(self, value: Any) -> str:
        return format_html(
            '<a class="govuk-link" href="{}"><strong>{}</strong> {}</a>',
            reverse("targets:detail", args=[value.pk]),
            value.ref,
            value.text,
        )

    def render_owner(self, value: AbstractUser) -> str:
        return _full_name(value)

    def render_deadline(self, value: str, record: JudgedTarget) -> str:
        revised = record.target.revised_deadline_text
        return f"{value}, revised to {revised}" if revised else value

    def render_due_date(self, value: Any) -> str:
        return uk_date(value)

    def render_last_update(self, value: Any) -> str:
        return uk_date(value)
