"""The README's examples work: the CSV loader run as a program against a live server."""

import subprocess
import sys
from pathlib import Path

import pytest

from outcomes.models import BreakdownValue, Indicator, Measurement
from planfile.services import import_plan
from plans.models import Plan
from tests.api.conftest import token_for
from tests.factories import officer_of

SCRIPT = Path(__file__).resolve().parents[2] / "api" / "examples" / "load_measurements.py"


def _run(live_server, token: str, csv_file: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own script, with the test's interpreter
        [sys.executable, str(SCRIPT), live_server.url, str(csv_file)],
        env={"EQUALITY_TRACKER_TOKEN": token, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def plan(transactional_db: None, islington_data: dict) -> Plan:
    """The Islington plan in the live server's database (imported: a transactional test)."""
    return import_plan(data=islington_data).plan


@pytest.fixture
def officer(plan: Plan):
    return officer_of(plan.service_areas.get(slug="community-wealth-building"))


@pytest.fixture
def indicator(plan: Plan) -> Indicator:
    return Indicator.objects.get(outcome__service_area__plan=plan, ref="CWB-I1")


def test_the_csv_loader_stores_a_month_of_measurements(
    live_server, officer, indicator, tmp_path: Path
) -> None:
    csv_file = tmp_path / "march.csv"
    csv_file.write_text(
        "indicator,period_end,value,ethnicity:african,ethnicity:bangladeshi,corrects,note\n"
        "CWB-I1,2021-03-31,42,5,7,,\n"
    )
    done = _run(live_server, token_for(officer), csv_file)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Stored 1 measurements."
    stored = Measurement.objects.get(indicator=indicator)
    assert (stored.value, stored.imported_from) == (42, "API token “Test system”")
    assert sorted(BreakdownValue.objects.values_list("category__slug", "value")) == [
        ("african", 5),
        ("bangladeshi", 7),
    ]


def test_the_csv_loader_names_each_bad_row_and_stores_nothing(
    live_server, officer, indicator, tmp_path: Path
) -> None:
    csv_file = tmp_path / "april.csv"
    csv_file.write_text(
        "indicator,period_end,value,ethnicity:african\n"
        "CWB-I1,2021-04-30,10,2\n"
        "CWB-I1,2021-05-31,ten,\n"
    )
    done = _run(live_server, token_for(officer), csv_file)
    assert done.returncode == 1
    assert "row 3, value: Enter the value as a number, like 250." in done.stderr
    assert not Measurement.objects.exists()
