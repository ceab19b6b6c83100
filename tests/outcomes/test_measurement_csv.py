"""The measurement CSV reader on any text at all (Hypothesis): it gives rows or names a problem,
never another exception, and a file written the way a spreadsheet writes one reads back as written.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes.measurement_csv import (
    MeasurementFileError,
    read_measurements,
)
from outcomes.models import Breakdown, Category, Dimension
from outcomes.shapes import BreakdownShape, CategoryGroup, DimensionShape
from plans.deadlines import FIRST_YEAR, LAST_YEAR
from plans.text import refused_character

ETHNICITY = Dimension(slug="ethnicity", name="Ethnicity")
CATEGORIES = [
    Category(slug="african", name="African", dimension=ETHNICITY),
    Category(slug="indian", name="Indian", dimension=ETHNICITY),
]
SHAPE = BreakdownShape(
    [
        DimensionShape(
            breakdown=Breakdown(dimension=ETHNICITY),
            groups=[CategoryGroup(None, CATEGORIES)],
            recorded={c.slug: c for c in CATEGORIES},
            members={},
        )
    ]
)
COLUMNS = ["period_end", "value", "ethnicity:african", "ethnicity:indian", "corrects", "note"]


@given(st.text())
def test_any_text_gives_rows_or_named_problems(text: str) -> None:
    try:
        rows = read_measurements(text, SHAPE)
    except MeasurementFileError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
    else:
        assert rows


@given(st.lists(st.lists(st.text(max_size=30), max_size=8), max_size=6))
def test_any_cells_under_the_right_columns_give_rows_or_named_problems(rows: list) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([COLUMNS, *rows])
    try:
        read_measurements(out.getvalue(), SHAPE)
    except MeasurementFileError as error:
        assert error.problems


figures = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)
notes = st.text(max_size=200).filter(lambda n: refused_character(n) is None and "\r" not in n)
rows = st.fixed_dictionaries(
    {
        "period_end": st.dates(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)),
        "value": figures,
        "parts": st.dictionaries(st.sampled_from(["african", "indian"]), figures),
        "corrects": st.booleans(),
        "note": notes,
    }
)


@settings(max_examples=50)
@given(st.lists(rows, min_size=1, max_size=20), st.sampled_from(["\r\n", "\n", "\r"]))
def test_a_file_written_as_a_spreadsheet_writes_it_reads_back_as_written(
    written: list[dict], line_end: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(COLUMNS)
    for row in written:
        writer.writerow(
            [
                row["period_end"].isoformat(),
                str(row["value"]),
                str(row["parts"].get("african", "")),
                str(row["parts"].get("indian", "")),
                "yes" if row["corrects"] else "no",
                row["note"],
            ]
        )
    read = read_measurements("\ufeff" + out.getvalue(), SHAPE)
    assert [
        (r.period_end, r.value, r.parts.get("ethnicity", {}), r.corrects, r.note) for r in read
    ] == [
        (w["period_end"], w["value"], w["parts"], w["corrects"], w["note"].strip()) for w in written
    ]
