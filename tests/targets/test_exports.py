"""Target lists as CSV and XLSX: the as at date in the file, formulas neutralised."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from targets.exports import export_bytes, neutralise, targets_dataset
from targets.models import Target
from targets.queries import judge_targets
from tests.factories import ProgressUpdateFactory, TargetFactory

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2021, 9, 30)


@pytest.mark.parametrize("value", ["=1+1", "+44 20", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_starts_are_neutralised(value: str) -> None:
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Plain text", "1,000 people", 12, None])
def test_other_values_are_left_alone(value: object) -> None:
    assert neutralise(value) == value


@pytest.fixture
def dangerous_target() -> Target:
    target = TargetFactory(text='=HYPERLINK("http://evil.example","click")')
    ProgressUpdateFactory(
        target=target,
        commentary="@cmd|' /C calc'!A0",
        made_at=dt.datetime(2021, 9, 1, 9, 0, tzinfo=dt.UTC),
    )
    return target


def test_csv_has_the_as_at_date_and_no_live_formulas(dangerous_target: Target) -> None:
    dataset = targets_dataset(judge_targets(Target.objects.all(), as_at=AS_AT), as_at=AS_AT)
    rows = list(csv.DictReader(io.StringIO(export_bytes(dataset, "csv").decode("utf-8-sig"))))
    assert rows[0]["As at"] == "2021-09-30"
    assert rows[0]["Target"].startswith("'=HYPERLINK")
    assert rows[0]["Last update commentary"].startswith("'@cmd")
    assert rows[0]["Status"] == "Red: late or off track"


def test_xlsx_has_the_as_at_date_and_no_formulas(dangerous_target: Target) -> None:
    dataset = targets_dataset(judge_targets(Target.objects.all(), as_at=AS_AT), as_at=AS_AT)
    book = openpyxl.load_workbook(io.BytesIO(export_bytes(dataset, "xlsx")))
    sheet = book.active
    assert sheet.title == "As at 2021-09-30"
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["As at"] == "2021-09-30"
    assert row["Target"].startswith("'=HYPERLINK")
    assert all(cell.data_type != "f" for cell in sheet[2])
