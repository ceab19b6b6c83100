"""The progress update form's rules, through the page: each bad input is explained at the field and
in the error summary, the officer's input stays in the form, and nothing is stored."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from plans.records import COMMENTARY_MAX_LENGTH
from targets.models import ProgressUpdate, Target
from tests.factories import ProgressUpdateFactory, TargetFactory, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def target() -> Target:
    return TargetFactory()


@pytest.fixture
def officer_client(client: Client, target: Target) -> Client:
    client.force_login(officer_of(target.service_area))
    return client


def _post(client: Client, target: Target, **fields: str):
    data = {"status": "on_track", "commentary": "", "seen_latest_update_id": "", **fields}
    return client.post(reverse("targets:add_update", args=[target.pk]), data)


def _assert_refused(response, field: str, message: str) -> None:
    """Shown in the error summary (linking to the field) and at the field; nothing stored."""
    assert response.status_code == 200
    assertContains(response, "There is a problem")
    assertContains(response, f'<a href="#id_{field}">{message}</a>', html=True)
    assertContains(response, f'<p class="govuk-error-message" id="id_{field}_error">')
    assertContains(response, "<title>Error: ")
    assert ProgressUpdate.objects.count() == 0


def _assert_saved(response) -> ProgressUpdate:
    assert response.status_code in (302, 303), response.content.decode()[:2000]
    return ProgressUpdate.objects.get()


# --- Status -------------------------------------------------------------------------------------


def test_status_is_required(officer_client: Client, target: Target) -> None:
    response = _post(officer_client, target, status="", commentary="Kept words.")
    _assert_refused(response, "status", "Select the target&#x27;s status")
    assertContains(response, "Kept words.</textarea>")


def test_status_must_be_one_of_the_five(officer_client: Client, target: Target) -> None:
    response = _post(officer_client, target, status="done")
    _assert_refused(response, "status", "Select the target&#x27;s status")


def test_status_choices_are_the_five_progress_statuses_as_radios(
    officer_client: Client, target: Target
) -> None:
    page = officer_client.get(reverse("targets:add_update", args=[target.pk])).text
    radios = [
        ("not_started", "Not started"),
        ("on_track", "On track"),
        ("at_risk", "At risk"),
        ("off_track", "Off track"),
        ("complete", "Complete"),
    ]
    for value, label in radios:
        assert f'name="status" type="radio" value="{value}"' in page
        assert f">{label}</label>" in page
    assert page.count('class="govuk-radios__input"') == 5
    assert ProgressUpdate.objects.count() == 0


# --- Commentary ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("at_risk", "Explain why the target is at risk"),
        ("off_track", "Explain why the target is off track"),
        ("complete", "Explain how the target was completed"),
    ],
)
def test_commentary_is_required_when_at_risk_off_track_or_complete(
    officer_client: Client, target: Target, status: str, message: str
) -> None:
    response = _post(officer_client, target, status=status, percent_complete="30")
    _assert_refused(response, "commentary", message)
    assert re.search(f'value="{status}"[^>]* checked', response.text)
    assertContains(response, 'value="30"')


def test_commentary_of_only_spaces_counts_as_none(officer_client: Client, target: Target) -> None:
    response = _post(officer_client, target, status="at_risk", commentary="   \n  ")
    _assert_refused(response, "commentary", "Explain why the target is at risk")


@pytest.mark.parametrize("status", ["not_started", "on_track"])
def test_commentary_is_optional_when_not_started_or_on_track(
    officer_client: Client, target: Target, status: str
) -> None:
    update = _assert_saved(_post(officer_client, target, status=status))
    assert (update.status, update.commentary) == (status, "")


def test_commentary_longer_than_5000_characters_is_refused(
    officer_client: Client, target: Target
) -> None:
    too_long = "x" * (COMMENTARY_MAX_LENGTH + 1)
    response = _post(officer_client, target, commentary=too_long)
    _assert_refused(response, "commentary", "Commentary must be 5,000 characters or fewer")
    assertContains(response, too_long)


def test_commentary_of_exactly_5000_characters_with_line_breaks_is_saved(
    officer_client: Client, target: Target
) -> None:
    # Browsers send each line break as two characters; it counts as one, as the counter shows.
    lines = ["x" * 99] * 50
    update = _assert_saved(_post(officer_client, target, commentary="\r\n".join(lines)))
    assert len(update.commentary) == COMMENTARY_MAX_LENGTH - 1
    assert update.commentary == "\n".join(lines)


def test_commentary_is_stored_as_written(officer_client: Client, target: Target) -> None:
    text = "<script>alert(1)</script> & more"
    update = _assert_saved(_post(officer_client, target, status="complete", commentary=text))
    assert update.commentary == text


# --- Percent complete ---------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["101", "-1", "abc", "50.5"])
def test_percent_complete_must_be_a_whole_number_from_0_to_100(
    officer_client: Client, target: Target, bad: str
) -> None:
    response = _post(officer_client, target, percent_complete=bad, commentary="Kept.")
    _assert_refused(
        response, "percent_complete", "Percent complete must be a whole number from 0 to 100"
    )
    assertContains(response, f'value="{bad}"')
    assertContains(response, "Kept.</textarea>")


@pytest.mark.parametrize(("given", "stored"), [("0", 0), ("100", 100), ("", None)])
def test_percent_complete_from_0_to_100_or_none_is_saved(
    officer_client: Client, target: Target, given: str, stored: int | None
) -> None:
    update = _assert_saved(_post(officer_client, target, percent_complete=given))
    assert update.percent_complete == stored


# --- Value --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("lots", "Value must be a number, like 24 or 1500.50"),
        ("1.234", "Value must have no more than 2 decimal places"),
        ("1000000000000", "Value must be less than 1,000,000,000,000"),
    ],
)
def test_value_must_be_a_number_with_at_most_2_decimal_places(
    officer_client: Client, target: Target, bad: str, message: str
) -> None:
    response = _post(officer_client, target, value=bad)
    _assert_refused(response, "value", message)
    assertContains(response, f'value="{bad}"')


@pytest.mark.parametrize(("given", "stored"), [("1500.50", Decimal("1500.50")), ("", None)])
def test_value_is_optional_and_saved_as_a_decimal(
    officer_client: Client, target: Target, given: str, stored: Decimal | None
) -> None:
    update = _assert_saved(_post(officer_client, target, value=given))
    assert update.value == stored


# --- Evidence link ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "ftp://x",
        "ftp://example.org/report.pdf",
        "data:text/html,<script>alert(1)</script>",
        "mailto:someone@example.org",
    ],
)
def test_evidence_link_must_be_http_or_https(
    officer_client: Client, target: Target, bad: str
) -> None:
    response = _post(officer_client, target, evidence_url=bad)
    _assert_refused(
        response, "evidence_url", "Enter a web address starting with http:// or https://"
    )


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("https://example.org/report", "https://example.org/report"),
        ("http://intranet.example.org/a?b=1", "http://intranet.example.org/a?b=1"),
        ("example.org/report", "https://example.org/report"),
    ],
)
def test_evidence_link_over_http_or_https_is_saved(
    officer_client: Client, target: Target, given: str, stored: str
) -> None:
    update = _assert_saved(_post(officer_client, target, evidence_url=given))
    assert update.evidence_url == stored


def test_evidence_link_longer_than_500_characters_is_refused(
    officer_client: Client, target: Target
) -> None:
    response = _post(officer_client, target, evidence_url="https://example.org/" + "a" * 481)
    _assert_refused(response, "evidence_url", "Evidence link must be 500 characters or fewer")


# --- The update the officer saw -----------------------------------------------------------------


def test_seen_update_must_be_one_of_this_targets_updates(
    officer_client: Client, target: Target
) -> None:
    elsewhere = ProgressUpdateFactory()
    response = _post(officer_client, target, seen_latest_update_id=str(elsewhere.pk))
    assert response.status_code == 200
    assertContains(response, "The page was out of date. Open it again and send your update.")
    assert ProgressUpdate.objects.count() == 1


def test_seen_update_must_be_a_number(officer_client: Client, target: Target) -> None:
    response = _post(officer_client, target, seen_latest_update_id="latest")
    assertContains(response, "The page was out of date. Open it again and send your update.")
    assert ProgressUpdate.objects.count() == 0


def test_every_problem_is_listed_at_once(officer_client: Client, target: Target) -> None:
    response = _post(
        officer_client,
        target,
        status="off_track",
        percent_complete="abc",
        value="lots",
        evidence_url="javascript:alert(1)",
    )
    for field in ["commentary", "percent_complete", "value", "evidence_url"]:
        assertContains(response, f'href="#id_{field}"')
    assert ProgressUpdate.objects.count() == 0


# --- Hidden characters and signs (issue 16) -----------------------------------------------------


@pytest.mark.parametrize("invisible", ["\u200b", "\u200b \u200b", "\ufeff\u2060"])
def test_commentary_of_only_invisible_characters_counts_as_none(
    officer_client: Client, target: Target, invisible: str
) -> None:
    response = _post(officer_client, target, status="complete", commentary=invisible)
    _assert_refused(
        response, "commentary", "This has only invisible characters: enter words that can be read."
    )


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\x00", "\x1b", "\x7f"])
def test_commentary_with_a_direction_override_or_control_character_is_refused(
    officer_client: Client, target: Target, hidden: str
) -> None:
    response = _post(officer_client, target, commentary=f"Done{hidden} by March")
    assert response.status_code == 200
    assertContains(response, "This cannot be saved: character 5 is a")
    assert ProgressUpdate.objects.count() == 0


def test_commentary_in_a_right_to_left_script_is_saved(
    officer_client: Client, target: Target
) -> None:
    update = _assert_saved(_post(officer_client, target, commentary="تم التدريب"))
    assert update.commentary == "تم التدريب"


def test_a_negative_value_is_refused(officer_client: Client, target: Target) -> None:
    response = _post(officer_client, target, value="-5")
    _assert_refused(response, "value", "Value must be 0 or more")
