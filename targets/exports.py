"""Target lists as spreadsheets (CSV and XLSX) that are safe to open.

A cell whose text starts with =, +, - or @ (or a tab or carriage return) would run as a formula in
a spreadsheet, so it is written with a leading apostrophe: shown as text, never run.
"""

from collections.abc import Iterable
from datetime import date

import tablib

from targets.queries import JudgedTarget

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADERS = (
    "As at",
    "Plan",
    "Service area",
    "Ref",
    "Target",
    "Deadline as written",
    "Due date",
    "Status",
    "Days late",
    "Days remaining",
    "Owner",
    "Last update",
    "Last update by",
    "Last update commentary",
)


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value: object) -> object:
    """What neutralise wrote, read back: the text as it was stored."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def targets_dataset(judged: Iterable[JudgedTarget], *, as_at: date) -> tablib.Dataset:
    """One row a target with its status as at the date; the date is in every row and the sheet."""
    dataset = tablib.Dataset(headers=HEADERS, title=f"As at {as_at:%Y-%m-%d}")
    for item in judged:
        target, status, update = item.target, item.status, item.latest_update
        row = (
            as_at.isoformat(),
            target.service_area.plan.title,
            target.service_area.name,
            target.ref,
            target.text,
            target.deadline_text,
            status.due_date.isoformat() if status.due_date else "",
            status.rag.label,
            status.days_late or "",
            "" if status.days_remaining is None else status.days_remaining,
            target.owner.get_full_name() if target.owner else "",
            update.made_at.date().isoformat() if update else "",
            update.author.get_full_name() if update else "",
            update.commentary if update else "",
        )
        dataset.append([neutralise(value) for value in row])
    return dataset


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_bytes(dataset: tablib.Dataset, export_format: str) -> bytes:
    if export_format == "csv":
        return dataset.export("csv").encode("utf-8-sig")  # the BOM makes Excel read UTF-8
    return dataset.export("xlsx")
