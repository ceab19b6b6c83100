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
(the column names are row 1) and the column. A file is read whole or not at all: a quote that never
closes (which would read the rest of the file into one cell), a cell too long to be a figure or a
note, or more rows than MAX_ROWS refuse the whole file. Line ends may be CR LF, LF or CR alone.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from outcomes.shapes import BreakdownShape
from plans.deadlines import FIRST_YEAR, LAST_YEAR
from plans.text import refused_character

MAX_ROWS = 2000
MAX_CELL_LENGTH = 10_000  # more than any note (NOTE_MAX_LENGTH) or figure needs
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


def read_measurements(
    text: str, shape: BreakdownShape, *, max_rows: int = MAX_ROWS
) -> list[FileRow]:
    """The file's rows as figures; MeasurementFileError names every problem of shape."""
    numbered = _records(text.lstrip("\ufeff"), max_rows=max_rows)
    rows = [(number, row) for number, row in numbered if any(cell.strip() for cell in row)]
    if not rows:
        raise MeasurementFileError(["The file is empty: it needs a row of column names."])
    header = [cell.strip() for cell in rows[0][1]]
    problems = _header_problems(header, shape)
    if problems:
        raise MeasurementFileError(problems)
    if len(rows) == 1:
        raise MeasurementFileError(["The file has column names but no measurements."])
    read = []
    for number, cells in rows[1:]:
        row = _read_row(number, header, cells, problems)
        if row is not None:
            read.append(row)
    if problems:
        raise MeasurementFileError(problems)
    return read


def _records(text: str, *, max_rows: int) -> list[tuple[int, list[str]]]:
    """The file's records, each with its row number; the first problem of form refuses the file.

    Strict reading: a quote that opens and never closes is refused, rather than taking every line
    after it into one cell. Universal newlines: CR alone (old Mac spreadsheets) ends a line too.
    """
    lines = io.StringIO(text, newline=None)
    reader = csv.reader(lines, strict=True)
    records: list[tuple[int, list[str]]] = []
    header: list[str] = []
    while True:
        number = len(records) + 1
        started_at = reader.line_num
        try:
            cells = next(reader)
        except StopIteration:
            return records
        except csv.Error as error:
            raise MeasurementFileError(
                [_unreadable(number, str(error), text, started_at, header)]
            ) from None
        if number > max_rows + 1:
            raise MeasurementFileError(
                [f"The file has more than {max_rows} rows of measurements; split it up."]
            )
        for position, cell in enumerate(cells):
            column = _column_name(header, position)
            if len(cell) > MAX_CELL_LENGTH:
                raise MeasurementFileError(
                    [
                        f"Row {number}, column {column}: the cell is longer than "
                        f"{MAX_CELL_LENGTH:,} characters; nothing was saved."
                    ]
                )
            if problem := refused_character(cell):
                raise MeasurementFileError([f"Row {number}, column {column}: {problem}."])
        if not header and any(cell.strip() for cell in cells):
            header = [cell.strip() for cell in cells]
        records.append((number, cells))


def _unreadable(number: int, error: str, text: str, started_at: int, header: list[str]) -> str:
    rest_of_file = "".join(io.StringIO(text, newline=None).readlines()[started_at:])
    if "field limit" in error:
        # Too long for the csv module to read at all: the long cell is found by its commas.
        chunks = rest_of_file.split("\n", 1)[0].split(",")
        long = [i for i, chunk in enumerate(chunks) if len(chunk) > MAX_CELL_LENGTH]
        where = f", column {_column_name(header, long[0])}" if long else ""
        return (
            f"Row {number}{where}: the cell is longer than {MAX_CELL_LENGTH:,} characters, or a "
            "quote in it never closes; nothing was saved."
        )
    # Read the failing record again, leniently, to find the cell whose quote never closes.
    rest = io.StringIO(rest_of_file)
    cells = next(csv.reader(rest), [""])
    column = _column_name(header, len(cells) - 1)
    if "unexpected end of data" in error:
        return (
            f"Row {number}, column {column}: a quote opens in this cell and never closes, so the "
            "rest of the file would be read into it. Close the quote or remove it; nothing was "
            "saved."
        )
    return (
        f"Row {number}, column {column}: the quotes in this cell do not pair up (a quoted cell "
        "must end with its closing quote, and a quote inside it is written twice); nothing "
        "was saved."
    )


def _column_name(header: list[str], position: int) -> str:
    return (
        header[position] if 0 <= position < len(header) and header[position] else str(position + 1)
    )


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
            f"“{_shown(values['period_end'])}” is not a date; write it as 2021-03-31 or 31/03/2021."
            if values["period_end"]
            else "the period end is missing.",
        )
    value = _number(values["value"])
    if value is None:
        problem(
            "value",
            f"“{_shown(values['value'])}” is not a number."
            if values["value"]
            else "the value is missing.",
        )
    corrects = values.get("corrects", "").lower()
    if corrects not in YES | NO:
        problem("corrects", f"“{_shown(values['corrects'])}” is not yes or no.")
    parts: dict[str, dict[str, Decimal]] = {}
    for column, cell in values.items():
        if ":" not in column or not cell:
            continue
        part = _number(cell)
        if part is None:
            problem(column, f"“{_shown(cell)}” is not a number.")
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
            day = datetime.strptime(text, form).date()
        except ValueError:
            continue
        return day if FIRST_YEAR <= day.year <= LAST_YEAR else None
    return None


def _shown(cell: str) -> str:
    return cell if len(cell) <= 40 else cell[:40] + "…"


NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")  # ASCII digits: "١٢" is not read as 12


def _number(text: str) -> Decimal | None:
    """A figure as people type it: thousands separators and a trailing % are allowed."""
    cleaned = text.replace(",", "").replace(" ", "").removesuffix("%")
    if not NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None
