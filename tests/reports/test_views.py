"""Dashboard, directorate reports, equality view and exports, checked against known statuses."""

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import Plan
from reports.rollups import COUNTED_STATUSES
from tests.factories import (
    EqualityGroupFactory,
    ProgressUpdateFactory,
    TargetFactory,
    UserFactory,
    officer_of,
    senior_manager,
)
from tests.reports.conftest import EARLY, LATE, expected_counts

pytestmark = pytest.mark.django_db


class _TableReader(HTMLParser):
    """Reads the rows of the table with a given id as lists of cell texts."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.depth, self.rows, self.cell = table_id, 0, [], None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table" and ("id", self.table_id) in attrs:
            self.depth = 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, table_id: str) -> list[list[str]]:
    reader = _TableReader(table_id)
    reader.feed(html)
    return reader.rows


def _visible_count(cell: str) -> int:
    return int(re.match(r"\d+", cell).group())


@pytest.fixture
def manager_client(client: Client) -> Client:
    client.force_login(senior_manager())
    return client


@pytest.mark.parametrize("as_at", [EARLY, LATE])
def test_dashboard_counts_match_the_known_statuses(
    manager_client: Client, known_plan: Plan, as_at: dt.date
) -> None:
    response = manager_client.get(reverse("home"), {"plan": "known", "as_at": as_at.isoformat()})
    html = response.content.decode()
    assert f"Status as at {as_at:%-d %B %Y}" in html
    header, *rows = table_rows(html, "directorates")
    for row in rows:
        area = "a" if row[0].startswith("Area A") else "b"
        shown = dict(zip(header[1:], row[1:], strict=True))
        expected = expected_counts(as_at, area)
        for rag in COUNTED_STATUSES:
            assert _visible_count(shown[rag.label]) == expected.get(rag.value, 0), (area, rag)
        assert int(shown["Live targets"]) == sum(
            expected.get(rag.value, 0) for rag in COUNTED_STATUSES
        )


def test_dashboard_summary_and_lists(manager_client: Client, known_plan: Plan) -> None:
    html = manager_client.get(reverse("home"), {"plan": "known", "as_at": "2021-12-31"}).content
    html = html.decode()
    assert "1 of 7 targets complete, 3 late or off track (1 closed)" in html
    assert "Became overdue since 30 September 2021" in html

    def refs(table_id: str) -> set[str]:
        return {row[0].split()[0] for row in table_rows(html, table_id)[1:]}

    # B-T5 fell due on 30 November; A-T2 was already late at the last quarter end.
    assert refs("became-overdue") == {"B-T5"}
    assert refs("due-soon") == {"A-T3", "B-T6"}  # due 31 December and 31 March
    # Last updated before 2 October (90 days), or never since the plan began: A-T3 was on
    # 1 September; B-T8's off-track report on 1 December is recent; A-T1 is complete.
    assert refs("stale") == {"A-T2", "A-T3", "A-T4", "B-T5", "B-T6"}


def test_a_count_links_to_the_matching_filtered_list(manager_client: Client, known_plan) -> None:
    html = manager_client.get(reverse("home"), {"plan": "known", "as_at": "2021-12-31"}).content
    area_b = known_plan.service_areas.get(slug="area-b")
    link = re.search(
        rf'href="(/targets/\?[^"]*status=red[^"]*service_area={area_b.pk}[^"]*)"', html.decode()
    ).group(1)
    listing = manager_client.get(link.replace("&amp;", "&")).content.decode()
    assert "B-T5" in listing and "B-T8" in listing
    assert "A-T2" not in listing and "B-T6" not in listing


def test_directorate_report_lists_every_target_with_status_and_last_update(
    manager_client: Client, known_plan: Plan
) -> None:
    url = reverse("reports:directorate", args=["known", "area-a"])
    html = manager_client.get(url, {"as_at": "2021-09-30"}).content.decode()
    assert "1 of 4 targets complete, 1 late or off track" in html
    for ref in ("A-T1", "A-T2", "A-T3", "A-T4"):
        assert ref in html
    assert "B-T5" not in html
    assert "Ada Author" in html and "4 weeks late" in html  # A-T2 was due 31 August


def test_plan_report_has_every_directorate(manager_client: Client, known_plan: Plan) -> None:
    html = manager_client.get(reverse("reports:plan", args=["known"])).content.decode()
    assert html.count('class="govuk-!-margin-bottom-8 app-report-area"') == 2
    assert "Area A" in html and "Area B" in html


def test_bad_as_at_date_is_explained_and_today_is_shown(
    manager_client: Client, known_plan: Plan
) -> None:
    response = manager_client.get(reverse("home"), {"plan": "known", "as_at": "31/13/2021"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a date. Enter the as at date as day, month and year" in html
    assert "(today)" in html


def test_unknown_plan_or_area_is_not_found(manager_client: Client, known_plan: Plan) -> None:
    assert manager_client.get(reverse("home"), {"plan": "nope"}).status_code == 404
    url = reverse("reports:directorate", args=["known", "nope"])
    assert manager_client.get(url).status_code == 404


def test_user_without_a_role_is_refused(client: Client, known_plan: Plan) -> None:
    client.force_login(UserFactory())
    assert client.get(reverse("home"), {"plan": "known"}).status_code == 403


def test_signed_out_user_is_sent_to_sign_in(client: Client, known_plan: Plan) -> None:
    response = client.get(reverse("reports:equality", args=["known"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_equality_view_counts_broad_groups_through_narrower_ones(
    manager_client: Client, known_plan: Plan
) -> None:
    race = EqualityGroupFactory(slug="race", name="Race")
    bame = EqualityGroupFactory(slug="bame", name="BAME residents", parent=race)
    EqualityGroupFactory(slug="sex", name="Sex")
    known_plan.service_areas.get(slug="area-a").targets.get(ref="A-T1").groups.add(bame)
    html = manager_client.get(reverse("reports:equality", args=["known"])).content.decode()
    _header, *rows = table_rows(html, "coverage")
    grid = {row[0].lstrip("– "): row[1:] for row in rows}
    assert _visible_count(grid["Race"][0]) == 1 and _visible_count(grid["BAME residents"][0]) == 1
    # The plan does nothing for Sex: its row says so in words, not only by its zeros.
    assert grid["Sex Nothing in the plan"] == ["0 (not reached)", "0 (not reached)"]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_downloads_with_the_as_at_date(
    manager_client: Client, known_plan: Plan, export_format: str
) -> None:
    url = reverse("reports:export_area_targets", args=["known", "area-b", export_format])
    response = manager_client.get(url, {"as_at": "2021-12-31"})
    assert response.status_code == 200
    assert "known-area-b-as-at-2021-12-31." + export_format in response["Content-Disposition"]
    if export_format == "csv":
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert {row["Ref"] for row in rows} == {"B-T5", "B-T6", "B-T7", "B-T8"}
        assert {row["As at"] for row in rows} == {"2021-12-31"}


def test_export_of_an_unknown_format_is_not_found(manager_client: Client, known_plan) -> None:
    url = reverse("reports:export_plan_targets", args=["known", "pdf"])
    assert manager_client.get(url).status_code == 404


def _grow(plan: Plan, targets: int, updates: int) -> None:
    area = plan.service_areas.first()
    author = UserFactory()
    for _ in range(targets):
        target = TargetFactory(service_area=area)
        for day in range(updates):
            ProgressUpdateFactory(
                target=target,
                author=author,
                made_at=dt.datetime(2021, 3, 1, tzinfo=dt.UTC) + dt.timedelta(days=day),
            )


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("home", []),
        ("reports:plan", ["known"]),
        ("reports:directorate", ["known", "area-a"]),
        ("reports:equality", ["known"]),
        ("reports:export_plan_targets", ["known", "xlsx"]),
    ],
)
def test_query_counts_are_flat_in_targets_and_updates(
    client: Client, known_plan: Plan, django_assert_max_num_queries, name: str, args: list
) -> None:
    user = officer_of(known_plan.service_areas.first())
    client.force_login(user)
    url = reverse(name, args=args)
    params = {"plan": "known", "as_at": "2021-12-31"}

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured)

    small = count()
    _grow(known_plan, targets=15, updates=6)
    assert count() == small


def test_directorate_report_and_equality_view_show_indicators_with_their_gap(
    manager_client: Client, islington: Plan
) -> None:
    from outcomes.models import Indicator
    from tests.outcomes.factories import measure

    indicator = Indicator.objects.get(ref="CWB-I1")
    measure(indicator, "2021-06-30", 200, irish=110, african=50, bangladeshi=40)
    url = reverse("reports:directorate", args=[islington.slug, "community-wealth-building"])
    html = manager_client.get(url, {"as_at": "2021-09-30"}).content.decode()
    assert "CWB-I1" in html and "200" in html
    # BAME is every group but White British, so Irish counts: 200 of 200 is 100%, 50 points above.
    assert "100.0%" in html and "50.0 percentage points above the target share" in html
    equality = manager_client.get(reverse("reports:equality", args=[islington.slug]))
    assert "50.0 percentage points above the target share" in equality.content.decode()
