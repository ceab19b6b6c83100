"""Writes to outcomes: recording measurements (one, or many from a file) and narrative updates.

Measurements are all or nothing: every figure is checked first (the rules in breakdowns.py, plus a
period already recorded, a period not yet ended, a correction with nothing to correct or no reason)
and every problem named; then they are stored in one transaction, with the indicator's row locked
so that two officers recording the same period at once cannot both succeed.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outcomes.breakdowns import Parts, Problem, measurement_problems
from outcomes.measurement_csv import FIXED_COLUMNS, MeasurementFileError, read_measurements
from outcomes.models import (
    NOTE_MAX_LENGTH,
    BreakdownValue,
    Indicator,
    Measurement,
    Outcome,
    OutcomeUpdate,
)
from outcomes.shapes import BreakdownShape, breakdown_shape
from plans.deadlines import uk_date
from plans.roles import User
from plans.wording import describe_value


@dataclass(frozen=True)
class MeasurementInput:
    """The figures for one measurement as entered: `parts` maps dimension slug to recorded
    category slug to value, leaving out the categories left blank."""

    period_end: date
    value: Decimal
    parts: Parts = field(default_factory=dict)
    corrects: bool = False  # it corrects the figure already recorded for its period
    note: str = ""


@dataclass(frozen=True)
class Refusal:
    row: int  # 1-based position in the measurements given
    problem: Problem


class MeasurementRefused(Exception):
    """Nothing was stored; every reason is listed, each with the measurement it belongs to."""

    def __init__(self, refusals: Sequence[Refusal]) -> None:
        self.refusals = list(refusals)
        super().__init__("\n".join(f"{r.row}: {r.problem.message}" for r in self.refusals))

    @property
    def problems(self) -> list[Problem]:
        return [refusal.problem for refusal in self.refusals]


def record_measurement(
    *, indicator: Indicator, author: User, figures: MeasurementInput
) -> Measurement:
    """Add one measurement (or a correction); MeasurementRefused stores nothing."""
    return record_measurements(indicator=indicator, author=author, rows=[figures])[0]


@transaction.atomic
def record_measurements(
    *,
    indicator: Indicator,
    author: User,
    rows: Sequence[MeasurementInput],
    imported_from: str = "",
    row_numbers: Sequence[int] | None = None,
) -> list[Measurement]:
    """Add several measurements at once, all or nothing; MeasurementRefused names every problem,
    each with its row: row_numbers[i] for rows[i] (a file's own numbering), or i + 1."""
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    shape = breakdown_shape(indicator)
    current = {m.period_end: m for m in indicator.measurements.current().select_related("author")}
    numbers = list(row_numbers) if row_numbers is not None else list(range(1, len(rows) + 1))
    refusals = [
        Refusal(row, problem)
        for row, problem in _problems(
            indicator,
            shape,
            current,
            list(zip(numbers, rows, strict=True)),
            today=timezone.localdate(),
        )
    ]
    if refusals:
        raise MeasurementRefused(refusals)
    made_at = timezone.now()
    stored = []
    for figures in rows:
        measurement = Measurement(
            indicator=indicator,
            period_end=figures.period_end,
            value=figures.value,
            author=author,
            made_at=made_at,
            supersedes=current.get(figures.period_end) if figures.corrects else None,
            note=figures.note.strip(),
            imported_from=imported_from,
        )
        measurement.save()
        BreakdownValue.objects.bulk_create(
            BreakdownValue(
                measurement=measurement,
                category=shape.recorded_category(dimension, category),
                value=value,
            )
            for dimension, parts in figures.parts.items()
            for category, value in parts.items()
        )
        stored.append(measurement)
    return stored


def _problems(
    indicator: Indicator,
    shape: BreakdownShape,
    current: dict[date, Measurement],
    rows: Sequence[tuple[int, MeasurementInput]],
    *,
    today: date,
) -> list[tuple[int, Problem]]:
    unit = indicator.unit_enum
    rows_by_period: dict[date, list[int]] = defaultdict(list)
    for row, figures in rows:
        rows_by_period[figures.period_end].append(row)
    found = []
    for row, figures in rows:
        problems = measurement_problems(
            unit=unit,
            value=figures.value,
            parts=figures.parts,
            recorded=shape.recorded_names,
            dimension_names=shape.dimension_names,
        )
        period = uk_date(figures.period_end)
        if figures.period_end > today:
            problems.append(Problem("period_end", f"The period ending {period} has not ended yet."))
        existing = current.get(figures.period_end)
        if existing and not figures.corrects:
            problems.append(
                Problem(
                    "period_end",
                    f"There is already a figure for the period ending {period}: "
                    f"{describe_value(existing.value, unit)}, recorded by "
                    f"{_name(existing.author)} on {uk_date(timezone.localdate(existing.made_at))}. "
                    "A correction must be marked as one, with its reason; the earlier figure is "
                    "kept.",
                )
            )
        if figures.corrects and not existing:
            problems.append(
                Problem(
                    "corrects", f"There is no figure for the period ending {period} to correct."
                )
            )
        if figures.corrects and not figures.note.strip():
            problems.append(Problem("note", "Say why the figure is corrected."))
        if len(figures.note) > NOTE_MAX_LENGTH:
            problems.append(
                Problem("note", f"The note must be {NOTE_MAX_LENGTH} characters or fewer.")
            )
        same_period = rows_by_period[figures.period_end]
        if len(same_period) > 1:
            others = ", ".join(str(r) for r in same_period if r != row)
            problems.append(
                Problem(
                    "period_end",
                    f"The period ending {period} is given more than once (also in row {others}).",
                )
            )
        found += [(row, problem) for problem in problems]
    return found


def import_measurements(
    *, indicator: Indicator, author: User, text: str, file_name: str
) -> list[Measurement]:
    """Add the measurements in a CSV file (outcomes/measurement_csv.py), all or nothing.

    MeasurementFileError stores nothing and names every problem with its row and column, whether
    of the file's shape or of the figures.
    """
    rows = read_measurements(
        text, breakdown_shape(indicator), max_rows=settings.MEASUREMENT_FILE_MAX_ROWS
    )
    try:
        return record_measurements(
            indicator=indicator,
            author=author,
            rows=[
                MeasurementInput(
                    period_end=row.period_end,
                    value=row.value,
                    parts=row.parts,
                    corrects=row.corrects,
                    note=row.note,
                )
                for row in rows
            ],
            imported_from=file_name[:255],
            row_numbers=[row.row for row in rows],
        )
    except MeasurementRefused as refused:
        raise MeasurementFileError(
            [
                f"Row {r.row}, {_columns(r.problem.field)}: {r.problem.message}"
                for r in refused.refusals
            ]
        ) from None


def _columns(field: str) -> str:
    if field in FIXED_COLUMNS or ":" in field:
        return f"column {field}"
    return f"columns {field}:…"


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def record_outcome_update(
    *, outcome: Outcome, author: User, rag: str, commentary: str, evidence_url: str = ""
) -> OutcomeUpdate:
    """Add a narrative update with a RAG judgement; ValidationError stores nothing."""
    update = OutcomeUpdate(
        outcome=outcome,
        author=author,
        rag=rag,
        commentary=commentary.strip(),
        evidence_url=evidence_url.strip(),
    )
    update.full_clean()
    update.save()
    return update
