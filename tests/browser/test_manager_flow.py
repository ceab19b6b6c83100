"""Dashboards and directorate reports in a real browser: a senior manager looks at the plan as at a
past date, follows a count to the targets behind it, opens a directorate's report and downloads it,
and prints the whole plan; the report pages pass axe."""

import re
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import AbstractUser
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from plans.models import Plan
from plans.rag import RAG
from targets.models import Target
from targets.queries import JudgedTarget, judge_targets
from tests.browser.helpers import assert_no_axe_violations, sign_in
from tests.factories import ProgressUpdateFactory, officer_of

AS_AT = date(2021, 9, 30)
AS_AT_SHOWN = "30 September 2021"
# What officers reported in 2021: (ref, status, day made, commentary).
REPORTED = [
    ("CWB-T1", "complete", date(2021, 8, 20), "Network launched with 40 members."),
    ("CWB-T3", "off_track", date(2021, 9, 10), "The venue fell through."),
    ("CWB-T3", "complete", date(2021, 10, 20), "Done after all."),  # after the as at date
    ("CWB-T5", "on_track", date(2021, 9, 20), "Contracts are being rewritten."),
    ("HSG-T2", "at_risk", date(2021, 9, 1), "Short of staff."),
    ("HSG-T3", "on_track", date(2021, 6, 1), "Started."),
    ("ENV-T1", "off_track", date(2021, 7, 1), "No funding yet."),
]


def uk_date(day: date) -> str:
    """A date as the pages write it, "30 September 2021" (strftime's C locale names months in
    English)."""
    return f"{day:%-d %B %Y}"


def last_quarter_end_before(day: date) -> date:
    """The first quick choice the as at form offers: the last quarter end before today."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1) - timedelta(days=1)


@pytest.fixture
def known_progress(islington_plan: Plan) -> Plan:
    """Updates made in 2021 on a few of the plan's targets, by officers of their service areas."""
    authors = {
        area.pk: officer_of(area, first_name="Officer of", last_name=area.name)
        for area in islington_plan.service_areas.all()
    }
    targets = {t.ref: t for t in Target.objects.filter(service_area__plan=islington_plan)}
    for ref, status, day, commentary in REPORTED:
        target = targets[ref]
        ProgressUpdateFactory(
            target=target,
            author=authors[target.service_area_id],
            status=status,
            commentary=commentary,
            made_at=timezone.make_aware(datetime.combine(day, time(11))),
        )
    return islington_plan


def judged(plan: Plan, as_at: date, **filters: object) -> list[JudgedTarget]:
    """The plan's targets judged by the status rules straight from the database."""
    targets = Target.objects.filter(service_area__plan=plan, **filters)
    return judge_targets(targets, as_at=as_at)


def summary_line(rows: list[JudgedTarget]) -> str:
    """A report's summary, counted here: "1 of 5 targets complete, 2 late or off track"."""
    statuses = Counter(row.status.rag for row in rows)
    live = sum(count for rag, count in statuses.items() if rag in RAG.LIVE)
    noun = "target" if live == 1 else "targets"
    return (
        f"{statuses[RAG.COMPLETE]} of {live} {noun} complete, {statuses[RAG.RED]} late or off track"
    )


def table_cells(table: Locator) -> tuple[list[str], list[list[str]]]:
    """A table's column headers and each body row's cells, as text."""
    return table.evaluate(
        """table => [
            [...table.tHead.rows[0].cells].map(cell => cell.textContent.trim()),
            [...table.tBodies[0].rows].map(row => [...row.cells].map(cell => cell.textContent)),
        ]"""
    )


def leading_number(text: str) -> int:
    return int(re.match(r"\s*(\d+)", text).group(1))


def test_manager_sees_the_dashboard_as_at_a_past_date_and_follows_a_red_count(
    page: Page, live_server: LiveServer, known_progress: Plan, senior_manager_user: AbstractUser
) -> None:
    sign_in(page, live_server, senior_manager_user)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Challenging Inequalities")
    expect(page.locator(".app-as-at")).to_contain_text(
        f"Status as at {uk_date(timezone.localdate())} (today)"
    )

    panel = page.locator(".app-as-at")
    panel.get_by_label("Day").fill(str(AS_AT.day))
    panel.get_by_label("Month").fill("Sep")  # a month's name is read as well as its number
    panel.get_by_label("Year").fill(str(AS_AT.year))
    panel.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?as_at_day=30&as_at_month=Sep&as_at_year=2021$"))
    expect(page.locator(".app-as-at")).to_contain_text(f"Status as at {AS_AT_SHOWN}")

    rows = judged(known_progress, AS_AT)
    expected = Counter((row.target.service_area.name, row.status.rag.label) for row in rows)
    table = page.get_by_role("table", name="Targets by service area and status")
    headers, body = table_cells(table)
    assert headers[0] == "Service area" and headers[-1] == "Live targets"
    assert set(headers[1:-1]) == {rag.label for rag in RAG.LIVE}
    shown = {}
    for cells in body:
        area = cells[0].strip()
        shown[area] = {
            label: leading_number(cell) for label, cell in zip(headers[1:], cells[1:], strict=True)
        }
    areas = known_progress.service_areas.values_list("name", flat=True)
    assert set(shown) == set(areas)
    for area in areas:
        for label in headers[1:-1]:
            assert shown[area][label] == expected[area, label], (area, label)
        live = sum(expected[area, rag.label] for rag in RAG.LIVE)
        assert shown[area]["Live targets"] == live, area
    assert sum(shown[area]["Live targets"] for area in areas) == len(rows)

    area = known_progress.service_areas.get(slug="community-wealth-building")
    red = sorted(
        row.target.ref
        for row in rows
        if row.target.service_area == area and row.status.rag == RAG.RED
    )
    assert red, "the setup should leave some of the area's targets red"
    table.get_by_role("link", name=f"{len(red)} Red: late or off track in {area.name}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("All targets")
    expect(page.get_by_role("table").locator("caption")).to_have_text(
        f"{len(red)} target{'' if len(red) == 1 else 's'}, status as at {AS_AT_SHOWN}"
    )
    refs = page.get_by_role("table").locator("tbody th a strong").all_text_contents()
    assert sorted(refs) == red
    expect(page.get_by_label("Status", exact=True)).to_have_value("red")


def test_manager_opens_a_directorate_report_and_downloads_it_as_a_spreadsheet(
    page: Page,
    live_server: LiveServer,
    known_progress: Plan,
    senior_manager_user: AbstractUser,
    tmp_path: Path,
) -> None:
    area = known_progress.service_areas.get(slug="community-wealth-building")
    sign_in(page, live_server, senior_manager_user)
    page.goto(f"/?as_at={AS_AT.isoformat()}")
    reports = page.locator("details").filter(has_text="Reports and downloads")
    reports.get_by_role("link", name=area.name, exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(area.name)
    expect(page.locator(".app-as-at")).to_contain_text(f"Status as at {AS_AT_SHOWN}")
    rows = judged(known_progress, AS_AT, service_area=area)
    expect(page.get_by_text(summary_line(rows) + ".", exact=True)).to_be_visible()

    quarter_end = last_quarter_end_before(AS_AT)  # quick choices: the plan's own quarter ends
    page.locator(".app-as-at").get_by_role("link", name=uk_date(quarter_end)).click()
    expect(page.locator(".app-as-at")).to_contain_text(f"Status as at {uk_date(quarter_end)}")
    rows = judged(known_progress, quarter_end, service_area=area)
    expect(page.get_by_text(summary_line(rows) + ".", exact=True)).to_be_visible()

    page.go_back()  # to 30 September 2021, which the download is taken as at
    expect(page.locator(".app-as-at")).to_contain_text(f"Status as at {AS_AT_SHOWN}")
    rows = judged(known_progress, AS_AT, service_area=area)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == (
        f"challenging-inequalities-community-wealth-building-as-at-{AS_AT.isoformat()}.xlsx"
    )
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    header, *lines = [list(line) for line in sheet.iter_rows(values_only=True)]
    records = [dict(zip(header, line, strict=True)) for line in lines]
    assert sheet.title == f"As at {AS_AT.isoformat()}"
    assert {record["As at"] for record in records} == {AS_AT.isoformat()}
    assert sorted(record["Ref"] for record in records) == sorted(row.target.ref for row in rows)
    cwb_t1 = next(record for record in records if record["Ref"] == "CWB-T1")
    expected = {
        "Service area": "Community wealth building",
        "Deadline as written": "by summer 2021",
        "Due date": "2021-08-31",
        "Status": "Complete",
        "Last update": "2021-08-20",
        "Last update by": "Officer of Community wealth building",
        "Last update commentary": "Network launched with 40 members.",
    }
    assert {column: cwb_t1[column] for column in expected} == expected


def test_report_pages_have_no_accessibility_problems(
    page: Page, live_server: LiveServer, known_progress: Plan, senior_manager_user: AbstractUser
) -> None:
    sign_in(page, live_server, senior_manager_user)
    slug = known_progress.slug
    for path, heading in [
        ("/", known_progress.title),
        (f"/reports/{slug}/community-wealth-building/", "Community wealth building"),
        (f"/reports/{slug}/", f"{known_progress.title}: progress report"),
        (f"/reports/{slug}/equality/", "Equality groups"),
    ]:
        page.goto(f"{path}?as_at={AS_AT.isoformat()}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_axe_violations(page)


def test_a_date_that_is_not_a_date_is_explained_not_an_error_page(
    page: Page, live_server: LiveServer, known_progress: Plan, senior_manager_user: AbstractUser
) -> None:
    sign_in(page, live_server, senior_manager_user)
    response = page.goto("/?as_at=31/09/2021")

    assert response is not None and response.status == 200
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "“31/09/2021” is not a date. Enter the as at date as day, month and year. For example, "
        "30 9 2021. Showing today instead."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(known_progress.title)
    expect(page.locator(".app-as-at")).to_contain_text(
        f"Status as at {uk_date(timezone.localdate())} (today)"
    )


def test_whole_plan_report_prints_without_navigation_in_few_pages(
    page: Page, live_server: LiveServer, known_progress: Plan, senior_manager_user: AbstractUser
) -> None:
    sign_in(page, live_server, senior_manager_user)
    page.goto(f"/reports/{known_progress.slug}/?as_at={AS_AT.isoformat()}")
    print_header = page.locator(".app-print-header")
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu).to_be_visible()
    expect(print_header).to_be_hidden()

    page.emulate_media(media="print")
    expect(menu).to_be_hidden()
    expect(page.get_by_role("navigation", name="Account")).to_be_hidden()
    expect(page.get_by_role("button", name="Show", exact=True)).to_be_hidden()
    # The as at date heads the paper, in the normal flow: never fixed over a page's content.
    expect(print_header).to_have_count(1)
    expect(print_header).to_be_visible()
    expect(print_header).to_have_text(f"As at {AS_AT_SHOWN}")
    assert print_header.evaluate("e => getComputedStyle(e).position") == "static"
    expect(page.get_by_role("heading", name="The whole plan")).to_be_visible()

    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    # Service areas follow on rather than each starting a page, so no page is left near-empty:
    # the six areas print in about two pages each, not 19 pages in all.
    assert 1 < pages <= 2 * known_progress.service_areas.count()
