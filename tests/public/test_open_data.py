"""Open data: the public page's figures as CSV and JSON, with stable, documented names, the JSON
valid against public/open-data.schema.json, and CSV cells that cannot run as formulas."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker

from plans.models import Plan
from public import open_data
from targets.models import Target
from tests.factories import TargetFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "public/open-data.schema.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())

# The published column names. Changing one breaks everyone who reads the files: that needs a new
# format version, not an edit here.
COLUMNS = {
    "targets": "as_at,plan_slug,service_area_slug,service_area,target_ref,target_text,"
    "deadline_as_written,due_date,status,status_label,days_late,equality_groups",
    "indicators": "as_at,plan_slug,service_area_slug,service_area,outcome_ref,outcome_text,"
    "indicator_ref,indicator_name,unit,direction,baseline_value,baseline_date,target_value,"
    "target_date,target_date_as_written,latest_value,latest_value_period_end,expected_value,"
    "status,status_label,data_source",
    "shares": "as_at,plan_slug,service_area_slug,outcome_ref,indicator_ref,dimension,category,"
    "kind,goal_share,achieved_share,gap_points,part,total,period_end,note",
}


def fetch(client: Client, plan: Plan, dataset: str, file_format: str):
    return client.get(reverse(f"public:{dataset}_{file_format}", args=[plan.slug]))


def rows(client: Client, plan: Plan, dataset: str) -> list[dict[str, str]]:
    response = fetch(client, plan, dataset, "csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["properties"]["format"]["const"] == open_data.FORMAT


@pytest.mark.parametrize("dataset", ["targets", "indicators"])
def test_json_files_are_valid_against_the_schema(
    client: Client, published: Plan, today, dataset: str
) -> None:
    response = fetch(client, published, dataset, "json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = response.json()
    errors = [error.message for error in VALIDATOR.iter_errors(document)]
    assert errors == []
    assert document["as_at"] == "2021-09-30" and document["dataset"] == dataset
    assert document[dataset], "the fixture has records of each kind"
    assert Plan.objects.get(pk=published.pk).is_public


def test_the_shipped_islington_plans_json_is_valid_against_the_schema(
    client: Client, islington: Plan, today
) -> None:
    islington.is_public = True
    islington.save()
    for dataset in ["targets", "indicators"]:
        document = fetch(client, islington, dataset, "json").json()
        assert [e.message for e in VALIDATOR.iter_errors(document)] == []
    assert len(document["indicators"]) == 5


def test_the_schema_refuses_a_renamed_field_or_a_bad_date(
    client: Client, published: Plan, today
) -> None:
    document = fetch(client, published, "targets", "json").json()
    renamed = json.loads(json.dumps(document))
    renamed["targets"][0]["ref"] = renamed["targets"][0].pop("target_ref")
    assert not VALIDATOR.is_valid(renamed)
    misdated = json.loads(json.dumps(document))
    misdated["as_at"] = "2021-02-30"  # well formed, but no such day: the FormatChecker sees it
    assert not VALIDATOR.is_valid(misdated)
    assert VALIDATOR.is_valid(document)


@pytest.mark.parametrize("dataset", ["targets", "indicators", "shares"])
def test_csv_columns_are_the_published_ones(
    client: Client, published: Plan, today, dataset: str
) -> None:
    response = fetch(client, published, dataset, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header = response.content.decode().splitlines()[0]
    assert header == COLUMNS[dataset]
    assert not response.content.startswith(b"\xef\xbb\xbf")  # no byte order mark
    assert Plan.objects.get(pk=published.pk).is_public


def test_readme_documents_every_column_and_the_schema() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Publishing a plan") :]
    for columns in open_data.CSV_COLUMNS.values():
        for column in columns:
            assert f"`{column}`" in section, column
    assert "public/open-data.schema.json" in section


def test_targets_file_holds_each_targets_status_and_due_date(
    client: Client, published: Plan, today
) -> None:
    by_ref = {row["target_ref"]: row for row in rows(client, published, "targets")}
    assert by_ref["HSG-T1"]["status"] == "red" and by_ref["HSG-T1"]["days_late"] == "30"
    assert by_ref["HSG-T1"]["due_date"] == "2021-08-31"
    assert by_ref["HSG-T2"]["status"] == "amber" and by_ref["HSG-T2"]["due_date"] == "2022-03-31"
    assert by_ref["HSG-T3"]["status"] == "cancelled" and by_ref["HSG-T3"]["days_late"] == ""
    assert {row["as_at"] for row in by_ref.values()} == {"2021-09-30"}
    assert Target.objects.filter(service_area__plan=published).count() == len(by_ref)


def test_indicator_files_hold_the_latest_figure_and_each_share_against_its_target(
    client: Client, published: Plan, today
) -> None:
    (indicator,) = rows(client, published, "indicators")
    assert indicator["latest_value"] == "240"  # the correction, not the figure it replaced
    assert indicator["latest_value_period_end"] == "2021-03-31"
    assert indicator["target_value"] == "1000" and indicator["target_date"] == "2021-12-31"
    (share,) = rows(client, published, "shares")
    assert (share["indicator_ref"], share["category"], share["kind"]) == (
        "HSG-I1",
        "Black, Asian and Minority Ethnic",
        "target",
    )
    assert (share["part"], share["total"], share["achieved_share"]) == ("96", "240", "40")
    assert (share["goal_share"], share["gap_points"]) == ("50", "-10")  # a number, not text
    document = fetch(client, published, "indicators", "json").json()
    nested = document["indicators"][0]["shares"][0]
    assert nested["achieved_share"] == 40 and nested["gap_points"] == -10
    assert published.service_areas.get().outcomes.get().indicators.get().ref == "HSG-I1"


def test_csv_text_that_a_spreadsheet_would_run_is_neutralised(
    client: Client, published: Plan, today
) -> None:
    area = published.service_areas.get()
    TargetFactory(service_area=area, ref="HSG-T9", text='=HYPERLINK("http://evil.example")')
    TargetFactory(
        service_area=area,
        ref="HSG-T10",
        text="+1 more",
        deadline_text="-",
        due_date=dt.date(2021, 12, 31),
    )
    TargetFactory(service_area=area, ref="HSG-T11", text="@SUM(A1:A2)")
    by_ref = {row["target_ref"]: row for row in rows(client, published, "targets")}
    assert by_ref["HSG-T9"]["target_text"] == '\'=HYPERLINK("http://evil.example")'
    assert by_ref["HSG-T10"]["target_text"] == "'+1 more"
    assert by_ref["HSG-T10"]["deadline_as_written"] == "'-"
    assert by_ref["HSG-T11"]["target_text"] == "'@SUM(A1:A2)"
    # JSON is not opened by spreadsheets: its text stays as stored.
    document = fetch(client, published, "targets", "json").json()
    texts = {t["target_ref"]: t["target_text"] for t in document["targets"]}
    assert texts["HSG-T9"] == Target.objects.get(ref="HSG-T9").text


def test_csv_and_json_hold_the_same_records(client: Client, published: Plan, today) -> None:
    for dataset in ["targets", "indicators"]:
        document = fetch(client, published, dataset, "json").json()
        from_csv = rows(client, published, dataset)
        assert [r[f"{dataset[:-1]}_ref"] for r in from_csv] == [
            r[f"{dataset[:-1]}_ref"] for r in document[dataset]
        ]
        for record, row in zip(document[dataset], from_csv, strict=True):
            assert set(row) == set(open_data.CSV_LEAD) | (set(record) - {"shares"})
    assert Plan.objects.filter(is_public=True).count() == 1


def test_open_data_may_be_read_by_any_site_and_cached(
    client: Client, published: Plan, today
) -> None:
    response = fetch(client, published, "targets", "json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Content-Disposition"] == 'inline; filename="open-plan-targets.json"'
    assert not response.cookies
