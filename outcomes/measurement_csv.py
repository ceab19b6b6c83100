"""Measurements as a CSV file: the columns, a template to fill in, and reading a file into figures.

One row a measurement, the first row naming the columns (in any order):

  period_end   the last day of the period: 2021-03-31 or 31/03/2021 (required)
  value        the figure (required); "1,000" and "45%" are read as 1000 and 45
  corrects     "yes" when the row corrects the figure already recorded for its period (optional)
  note         why it is corrected, or anything else to say (optional; required for a correction)
  <dimension>:<category>   one column for each category figures are entered for, e.g.
               ethnicity:african; an empty cell means none recorded in that category

Reading checks only the file's shape (columns, dates, numbers); the rules for the figures are the
same as everywhere else (outcomes/services.py). Problems name the row as a spreadsheet numbers it
(the column names are row 1) and the column.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from outcomes.queries import BreakdownShape

MAX_ROWS = 2000
FIXED_COLUMNS = ("period_end", "value", "corrects", "note")
REQUIRED_COLUMNS = ("period_end", "value")
YES = {"yes", "y", "true", "1"}
NO = {"", "no", "n", "false", "0"}


class MeasurementFileError(ValueError):
    """The file cannot be read as measurements; one problem a line, each naming its place."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class FileRow:
    row: int  # as a spreadsheet numbers it: the column names are row 1
    period_end: date
    value: Decimal
    parts: dict[str, dict[str, Decimal]]
    corrects: bool
    note: str


def part_columns(shape: BreakdownShape) -> list[str]:
    return [
        f"{dimension.dimension.slug}:{category.slug}"
        for dimension in shape.dimensions
        for group in dimension.groups
        for category in group.categories
    ]


def template_csv(shape: BreakdownShape) -> str:
    """The column names, for people to fill in beneath."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(
        ["period_end", "value", *part_columns(shape), "corrects", "note"]
    )
    return out.getvalue()


def read_measurements(text: str, shape: BreakdownShape) -> list[FileRow]:
    """The file's rows as figures; MeasurementFileError names every problem of shape."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise MeasurementFileError(["The file is empty: it needs a row of column names."])
    header = [cell.strip() for cell in rows[0]]
    problems = _header_problems(header, shape)
    if problems:
        raise MeasurementFileError(problems)
    if len(rows) == 1:
        raise MeasurementFileError(["The file has column names but no measurements."])
    if len(rows) - 1 > MAX_ROWS:
        raise MeasurementFileError([f"The file has more than {MAX_ROWS} rows; split it up."])
    read = []
    for number, cells in enumerate(rows[1:], start=2):
        row = _read_row(number, header, cells, problems)
        if row is not None:
            read.append(row)
    if problems:
        raise MeasurementFileError(problems)
    return read


def _header_problems(header: list[str], shape: BreakdownShape) -> list[str]:
    known = set(FIXED_COLUMNS) | set(part_columns(shape))
    problems = []
    for column in REQUIRED_COLUMNS:
        if column not in header:
            problems.append(f"Row 1: there is no “{column}” column.")
    for position, column in enumerate(header, start=1):
        if column not in known:
            problems.append(f"Row 1, column {position} ({column or 'no name'}): {_unknown(column)}")
        elif header.count(column) > 1 and header.index(column) != position - 1:
            problems.append(f"Row 1, column {position} ({column}): the column is there twice.")
    return problems


def _unknown(column: str) -> str:
    if ":" in column:
        dimension, category = column.split(":", 1)
        return (
            f"“{category}” is not a category of “{dimension}” that this indicator's figures are "
            "entered for. Download the template for the columns it takes."
        )
    return "not a column this import takes. Download the template for the columns it takes."


def _read_row(
    number: int, header: list[str], cells: list[str], problems: list[str]
) -> FileRow | None:
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
        problems.append(f"Row {number}: it has more cells than there are columns.")
        return None
    values = {
        column: (cells[i].strip() if i < len(cells) else "") for i, column in enumerate(header)
    }
    found = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(f"Row {number}, column {column}: {message}")

    period_end = _date(values["period_end"])
    if period_end is None:
        problem(
            "period_end",
            f"“{values['period_end']}” is not a date; write it as 2021-03-31 or 31/03/2021."
            if values["period_end"]
            else "the period end is missing.",
        )
    value = _number(values["value"])
    if value is None:
        problem(
            "value",
            f"“{values['value']}” is not a number." if values["value"] else "the value is missing.",
        )
    corrects = values.get("corrects", "").lower()
    if corrects not in YES | NO:
        problem("corrects", f"“{values['corrects']}” is not yes or no.")
    parts: dict[str, dict[str, Decimal]] = {}
    for column, cell in values.items():
        if ":" not in column or not cell:
            continue
        part = _number(cell)
        if part is None:
            problem(column, f"“{cell}” is not a number.")
            continue
        dimension, category = column.split(":", 1)
        parts.setdefault(dimension, {})[category] = part
    if len(problems) > found or period_end is None or value is None:
        return None
    return FileRow(
        row=number,
        period_end=period_end,
        value=value,
        parts=parts,
        corrects=corrects in YES,
        note=values.get("note", ""),
    )


def _date(text: str) -> date | None:
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _number(text: str) -> Decimal | None:
    """A figure as people type it: thousands separators and a trailing % are allowed."""
    cleaned = text.replace(",", "").replace(" ", "").removesuffix("%")
    if not _NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None
