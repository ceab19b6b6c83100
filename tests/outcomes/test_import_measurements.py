"""Measurements from a CSV file (services.import_measurements and `manage.py import_measurements`):
every row is checked, a bad one stores nothing and is named with its column."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from outcomes.measurement_csv import MeasurementFileError, template_csv
from outcomes.models import BreakdownValue, Measurement
from outcomes.services import import_measurements
from outcomes.shapes import breakdown_shape
from tests.factories import UserFactory
from tests.outcomes.factories import IndicatorFactory, ethnicity_indicator, measure

pytestmark = pytest.mark.django_db


def run(indicator: object, text: str) -> list[Measurement]:
    return import_measurements(
        indicator=indicator, author=UserFactory(), text=text, file_name="q.csv"
    )


def problems(indicator: object, text: str) -> list[str]:
    with pytest.raises(MeasurementFileError) as raised:
        run(indicator, text)
    return raised.value.problems


def nothing_stored() -> bool:
    return not Measurement.objects.exists() and not BreakdownValue.objects.exists()


def test_good_file_stores_every_row_with_its_breakdown() -> None:
    indicator = ethnicity_indicator()
    stored = run(
        indicator,
        "period_end,value,ethnicity:african,ethnicity:indian\n"
        "2021-03-31,100,30,20\n"
        '30/06/2021,"1,250",,400\n',
    )
    assert [(m.period_end, m.value) for m in stored] == [
        (dt.date(2021, 3, 31), 100),
        (dt.date(2021, 6, 30), 1250),
    ]
    assert set(
        BreakdownValue.objects.values_list("measurement__period_end", "category__slug", "value")
    ) == {
        (dt.date(2021, 3, 31), "african", 30),
        (dt.date(2021, 3, 31), "indian", 20),
        (dt.date(2021, 6, 30), "indian", 400),
    }
    assert set(Measurement.objects.values_list("imported_from", flat=True)) == {"q.csv"}


def test_a_spreadsheets_byte_order_mark_and_blank_lines_are_fine() -> None:
    run(IndicatorFactory(), "\ufeffperiod_end,value\n\n2021-03-31,7\n,\n")
    assert Measurement.objects.get().value == 7


def test_bad_row_stores_nothing_and_is_named_with_its_column() -> None:
    indicator = ethnicity_indicator()
    found = problems(
        indicator,
        "period_end,value,ethnicity:african\n2021-03-31,100,30\n2021-06-30,100,130\n",
    )
    assert found == [
        "Row 3, columns ethnicity:…: The ethnicity figures add up to 130, more than the total of "
        "100."
    ]
    assert nothing_stored()


def test_cells_that_are_not_dates_or_numbers_are_named() -> None:
    found = problems(
        ethnicity_indicator(),
        "period_end,value,ethnicity:african\n"
        "31/13/2021,lots,3\n2021-03-31,10,a few\n2021-04-30,,\n",
    )
    assert found == [
        "Row 2, column period_end: “31/13/2021” is not a date; write it as 2021-03-31 or "
        "31/03/2021.",
        "Row 2, column value: “lots” is not a number.",
        "Row 3, column ethnicity:african: “a few” is not a number.",
        "Row 4, column value: the value is missing.",
    ]
    assert nothing_stored()


def test_category_not_in_the_dimension_is_named_in_the_header() -> None:
    found = problems(ethnicity_indicator(), "period_end,value,ethnicity:martian\n2021-03-31,10,1\n")
    assert found[0].startswith(
        "Row 1, column 3 (ethnicity:martian): “martian” is not a category of “ethnicity”"
    )
    assert nothing_stored()


def test_missing_and_unknown_columns_are_named() -> None:
    found = problems(IndicatorFactory(), "period_end,amount\n2021-03-31,10\n")
    assert found == [
        "Row 1: there is no “value” column.",
        "Row 1, column 2 (amount): not a column this import takes. Download the template for the "
        "columns it takes.",
    ]
    assert nothing_stored()


def test_negative_count_and_percentage_over_100_are_named() -> None:
    assert problems(IndicatorFactory(), "period_end,value\n2021-03-31,-3\n") == [
        "Row 2, column value: The value cannot be negative."
    ]
    percentage = IndicatorFactory(unit="percentage", target_value=100)
    assert problems(percentage, "period_end,value\n2021-03-31,101%\n") == [
        "Row 2, column value: The value is a percentage, so it cannot be over 100."
    ]
    assert nothing_stored()


def test_period_given_twice_in_the_file_is_refused() -> None:
    found = problems(IndicatorFactory(), "period_end,value\n2021-03-31,1\n31/03/2021,2\n")
    assert found == [
        "Row 2, column period_end: The period ending 31 March 2021 is given more than once "
        "(also in row 3).",
        "Row 3, column period_end: The period ending 31 March 2021 is given more than once "
        "(also in row 2).",
    ]
    assert nothing_stored()


def test_period_already_recorded_is_refused_unless_marked_as_a_correction() -> None:
    indicator = IndicatorFactory()
    original = measure(indicator, "2021-03-31", 100)
    found = problems(indicator, "period_end,value\n2021-03-31,120\n")
    assert found[0].startswith(
        "Row 2, column period_end: There is already a figure for the period ending 31 March 2021"
    )
    assert list(Measurement.objects.all()) == [original]

    run(indicator, "period_end,value,corrects,note\n2021-03-31,120,yes,Late returns counted.\n")
    correction = Measurement.objects.get(superseded_by__isnull=True)
    assert (correction.value, correction.supersedes, correction.note) == (
        120,
        original,
        "Late returns counted.",
    )


def test_empty_file_and_header_only_are_refused() -> None:
    assert problems(IndicatorFactory(), "") == [
        "The file is empty: it needs a row of column names."
    ]
    assert problems(IndicatorFactory(), "period_end,value\n") == [
        "The file has column names but no measurements."
    ]


def test_template_has_a_column_for_each_recorded_category() -> None:
    columns = template_csv(breakdown_shape(ethnicity_indicator())).strip().split(",")
    assert columns[:3] == ["period_end", "value", "ethnicity:bangladeshi"]
    assert columns[-2:] == ["corrects", "note"]
    assert len(columns) == 2 + 19 + 2
    assert "ethnicity:bame" not in columns  # an aggregate is added up, never entered


# --- The command ------------------------------------------------------------------------------


def test_command_loads_a_file(tmp_path: Path) -> None:
    indicator = IndicatorFactory(ref="CWB-I1")
    UserFactory(username="officer")
    path = tmp_path / "q1.csv"
    path.write_text("period_end,value\n2021-03-31,40\n", encoding="utf-8")
    out = StringIO()
    call_command(
        "import_measurements", str(path), "--indicator", "CWB-I1", "--user", "officer", stdout=out
    )
    assert "Loaded 1 measurements" in out.getvalue()
    stored = Measurement.objects.get()
    assert (stored.indicator, stored.value, stored.author.username) == (indicator, 40, "officer")


def test_command_names_each_problem_and_stores_nothing(tmp_path: Path) -> None:
    IndicatorFactory(ref="CWB-I1")
    UserFactory(username="officer")
    path = tmp_path / "q1.csv"
    path.write_text("period_end,value\n2021-03-31,40\n2021-04-30,-1\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_measurements", str(path), "--indicator", "CWB-I1", "--user", "officer")
    assert "nothing was stored" in str(raised.value)
    assert "Row 3, column value: The value cannot be negative." in str(raised.value)
    assert nothing_stored()


def test_command_refuses_an_unknown_indicator_or_user(tmp_path: Path) -> None:
    path = tmp_path / "q1.csv"
    path.write_text("period_end,value\n2021-03-31,40\n", encoding="utf-8")
    UserFactory(username="officer")
    with pytest.raises(CommandError, match='No indicator "NOPE"'):
        call_command("import_measurements", str(path), "--indicator", "NOPE", "--user", "officer")
    IndicatorFactory(ref="CWB-I1")
    with pytest.raises(CommandError, match='No active user "ghost"'):
        call_command("import_measurements", str(path), "--indicator", "CWB-I1", "--user", "ghost")
    assert nothing_stored()


# --- Files that are not what they seem (issue 16) ------------------------------------------------


def test_a_quote_that_never_closes_refuses_the_file_naming_its_row_and_column() -> None:
    found = problems(
        IndicatorFactory(),
        "period_end,value,note\n"
        '2021-03-31,10,"the note opens a quote\n'
        "2021-04-30,11,\n2021-05-31,12,\n2021-06-30,13,\n",
    )
    assert found == [
        "Row 2, column note: a quote opens in this cell and never closes, so the rest of the file "
        "would be read into it. Close the quote or remove it; nothing was saved."
    ]
    assert nothing_stored()


def test_quotes_that_do_not_pair_up_refuse_the_file() -> None:
    found = problems(IndicatorFactory(), 'period_end,value,note\n2021-03-31,10,"a"b\n')
    assert found[0].startswith("Row 2, column note: the quotes in this cell do not pair up")
    assert nothing_stored()


def test_a_quoted_note_over_several_lines_is_still_read() -> None:
    run(IndicatorFactory(), 'period_end,value,note\r\n2021-03-31,10,"two\r\nlines"\r\n')
    assert Measurement.objects.get().note == "two\nlines"


def test_line_ends_of_cr_alone_are_read() -> None:
    stored = run(IndicatorFactory(), "period_end,value\r2021-03-31,10\r2021-04-30,11\r")
    assert [m.value for m in stored] == [10, 11]


@pytest.mark.parametrize("length", [1_001, 131_073, 200_000])
def test_a_note_longer_than_any_is_named(length: int) -> None:
    found = problems(IndicatorFactory(), f"period_end,value,note\n2021-03-31,10,{'x' * length}\n")
    assert len(found) == 1 and found[0].startswith("Row 2, column note: ")
    assert nothing_stored()


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ("123456789012345678901234567890", "The value is too large."),
        ("1e999999", "“1e999999” is not a number."),
        ("NaN", "“NaN” is not a number."),
        ("10.123", "The value can have at most two decimal places."),
    ],
)
def test_a_figure_that_cannot_be_stored_is_named(figure: str, message: str) -> None:
    found = problems(IndicatorFactory(), f"period_end,value\n2021-03-31,{figure}\n")
    assert found == [f"Row 2, column value: {message}"]
    assert nothing_stored()


@pytest.mark.parametrize("hidden", ["\x00", "\u202e", "\x1b"])
def test_a_nul_control_or_direction_character_in_a_note_is_named(hidden: str) -> None:
    found = problems(IndicatorFactory(), f"period_end,value,note\n2021-03-31,10,a{hidden}b\n")
    assert len(found) == 1 and found[0].startswith("Row 2, column note: character 2 is a")
    assert nothing_stored()


@pytest.mark.parametrize("far", ["9999-12-31", "0001-01-01", "31/12/9999"])
def test_a_period_end_outside_the_years_a_plan_covers_is_named(far: str) -> None:
    found = problems(IndicatorFactory(), f"period_end,value\n{far},10\n")
    assert found[0].startswith(f"Row 2, column period_end: “{far}” is not a date")
    assert nothing_stored()


def test_more_rows_than_the_limit_refuse_the_file(settings) -> None:
    settings.MEASUREMENT_FILE_MAX_ROWS = 3
    rows = "".join(f"2021-0{month}-28,{month}\n" for month in range(1, 5))
    assert problems(IndicatorFactory(), "period_end,value\n" + rows) == [
        "The file has more than 3 rows of measurements; split it up."
    ]
    assert nothing_stored()
    run(IndicatorFactory(), "period_end,value\n" + rows[: rows.index("2021-04")])
    assert Measurement.objects.count() == 3


def test_command_refuses_a_file_larger_than_the_limit(tmp_path: Path, settings) -> None:
    settings.MEASUREMENT_FILE_MAX_BYTES = 100
    IndicatorFactory(ref="CWB-I1")
    UserFactory(username="officer")
    path = tmp_path / "big.csv"
    path.write_text("period_end,value\n" + "2021-03-31,40\n" * 10, encoding="utf-8")
    with pytest.raises(CommandError, match="is larger than 100 bytes; nothing was stored"):
        call_command("import_measurements", str(path), "--indicator", "CWB-I1", "--user", "officer")
    assert nothing_stored()
