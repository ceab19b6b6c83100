"""The outcome, indicator and measurement pages: what each role sees and may do, refusals that store
nothing, and query counts that stay flat as measurements pile up."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes.models import BreakdownValue, Measurement, OutcomeUpdate
from tests.factories import (
    OutcomeFactory,
    ServiceAreaFactory,
    UserFactory,
    officer_of,
    plan_admin,
    senior_manager,
)
from tests.outcomes.factories import ethnicity_indicator, measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator() -> object:
    return ethnicity_indicator(outcome=OutcomeFactory(ref="CWB-O1"), ref="CWB-I1")


@pytest.fixture
def officer(indicator: object) -> object:
    return officer_of(indicator.outcome.service_area, first_name="Olu", last_name="Officer")


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, obj: object) -> str:
    return reverse(f"outcomes:{name}", args=[obj.pk])


def text(response: object) -> str:
    """The page's text as a reader sees it: tags dropped, spaces collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|svg)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


MEASUREMENT = {
    "period_end_0": "31",
    "period_end_1": "3",
    "period_end_2": "2021",
    "value": "200",
    "part__ethnicity__african": "50",
    "part__ethnicity__indian": "30",
    "part__ethnicity__english-welsh-scottish-northern-irish-or-british": "100",
}


def nothing_stored() -> bool:
    return not Measurement.objects.exists() and not BreakdownValue.objects.exists()


# --- Reading ----------------------------------------------------------------------------------


def test_indicator_page_shows_progress_and_the_gap_in_a_table(
    indicator: object, officer: object
) -> None:
    measure(indicator, "2021-03-31", 200, african=50, indian=30)
    response = client_for(senior_manager()).get(
        url("indicator", indicator), {"as_at": "2021-06-30"}
    )
    page = text(response)
    assert response.status_code == 200
    assert "Black, Asian and Minority Ethnic 40.0% 80 of 200 50.0% target share −10.0" in page
    assert "10.0 percentage points below the target share" in page
    assert "31 March 2021 200" in page  # the progress table
    html = response.content.decode()
    assert html.count('aria-hidden="true" focusable="false"') >= 2  # both charts are decorative
    assert "Measurements for periods ending by 30 June 2021" in page


@pytest.mark.parametrize(
    ("deadline", "shown"), [("by the end of 2021", True), ("", False)], ids=["dated", "undated"]
)
def test_the_progress_table_has_a_straight_line_column_only_when_there_is_a_line(
    deadline: str, shown: bool
) -> None:
    indicator = ethnicity_indicator(deadline_text=deadline)
    measure(indicator, "2021-03-31", 200)
    page = text(client_for(senior_manager()).get(url("indicator", indicator)))
    assert "31 March 2021 200" in page  # the progress table is there either way
    assert ("Expected on the straight line" in page) is shown
    assert ("against the straight line to the target" in page) is shown


def test_officer_of_the_area_is_offered_add_a_measurement(
    indicator: object, officer: object
) -> None:
    page = text(client_for(officer).get(url("indicator", indicator)))
    assert "Add a measurement" in page and "Import measurements" in page


@pytest.mark.parametrize("who", ["senior manager", "officer of another area"])
def test_others_are_not_offered_add_a_measurement(indicator: object, who: str) -> None:
    user = senior_manager() if who == "senior manager" else officer_of(ServiceAreaFactory())
    response = client_for(user).get(url("indicator", indicator))
    assert response.status_code == 200
    assert "Add a measurement" not in text(response)


def test_outcome_page_lists_its_indicators_with_value_rag_and_gap(indicator: object) -> None:
    measure(indicator, "2021-03-31", 200, african=50, indian=30)
    page = text(
        client_for(senior_manager()).get(url("outcome", indicator.outcome), {"as_at": "2021-06-30"})
    )
    assert "CWB-I1: People into work 200 to 31 March 2021 1,000 by 31 December 2021 Red" in page
    assert (
        "Black, Asian and Minority Ethnic: 40.0%, 10.0 percentage points below the target share"
        in page
    )


def test_outcome_list_shows_every_area_and_indicator(indicator: object) -> None:
    page = text(client_for(senior_manager()).get(reverse("outcomes:list")))
    assert indicator.outcome.service_area.name in page
    assert "CWB-I1: People into work" in page


def test_bad_as_at_date_is_explained_and_today_shown(indicator: object) -> None:
    page = text(client_for(senior_manager()).get(url("indicator", indicator), {"as_at": "soon"}))
    assert "“soon” is not a date" in page


def test_pages_have_no_inline_script_or_style(indicator: object, officer: object) -> None:
    measure(indicator, "2021-03-31", 200, african=50)
    client = client_for(officer)
    for name, obj in [
        ("indicator", indicator),
        ("add_measurement", indicator),
        ("import_measurements", indicator),
        ("outcome", indicator.outcome),
        ("add_update", indicator.outcome),
    ]:
        html = client.get(url(name, obj)).content.decode()
        assert " style=" not in html, name
        assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html)), name


# --- Adding a measurement ---------------------------------------------------------------------


def test_officer_adds_a_measurement_with_an_ethnicity_breakdown(
    indicator: object, officer: object
) -> None:
    response = client_for(officer).post(url("add_measurement", indicator), MEASUREMENT, follow=True)
    stored = Measurement.objects.get()
    assert (str(stored.period_end), stored.value, stored.author) == ("2021-03-31", 200, officer)
    assert dict(stored.breakdown_values.values_list("category__slug", "value")) == {
        "african": 50,
        "indian": 30,
        "english-welsh-scottish-northern-irish-or-british": 100,
    }
    assert response.redirect_chain == [(url("indicator", indicator), 302)]
    assert "The measurement for the period ending 31 March 2021 has been saved." in text(response)


def test_plan_admin_may_add_a_measurement(indicator: object) -> None:
    response = client_for(plan_admin()).post(url("add_measurement", indicator), MEASUREMENT)
    assert response.status_code == 302
    assert Measurement.objects.count() == 1


def test_form_has_a_box_for_each_ethnic_group_under_its_heading(
    indicator: object, officer: object
) -> None:
    html = client_for(officer).get(url("add_measurement", indicator)).content.decode()
    assert html.count('name="part__ethnicity__') == 19
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">'
        "Mixed or Multiple ethnic groups</legend>" in html
    )


BAD_MEASUREMENTS = {
    "parts exceed the total": (
        {"value": "100"},
        "part__ethnicity__bangladeshi",
        "The ethnicity figures add up to 180, more than the total of 100.",
    ),
    "negative count": ({"value": "-4"}, "value", "The value cannot be negative."),
    "negative part": (
        {"part__ethnicity__indian": "-1"},
        "part__ethnicity__indian",
        "The figure for Indian cannot be negative.",
    ),
    "not a number": ({"value": "lots"}, "value", "Enter the value as a number, like 250."),
    "no value": ({"value": ""}, "value", "Enter the value."),
    "no date": (
        {"period_end_0": "", "period_end_1": "", "period_end_2": ""},
        "period_end_0",
        "Enter the end of the period.",
    ),
    "part of a date": (
        {"period_end_1": ""},
        "period_end_0",
        "End of the period must include a month.",
    ),
    "not a real date": (
        {"period_end_0": "31", "period_end_1": "2"},
        "period_end_0",
        "End of the period must be a real date.",
    ),
    "not yet ended": (
        {"period_end_2": "2099"},
        "period_end_0",
        "The period ending 31 March 2099 has not ended yet.",
    ),
}


@pytest.mark.parametrize("case", list(BAD_MEASUREMENTS))
def test_bad_measurement_is_explained_and_nothing_stored(
    indicator: object, officer: object, case: str
) -> None:
    changes, field_id, message = BAD_MEASUREMENTS[case]
    response = client_for(officer).post(url("add_measurement", indicator), MEASUREMENT | changes)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#id_{field_id}">{message}</a>' in html  # the error summary links to it
    assert (
        f'<span class="govuk-visually-hidden">Error:</span> {message}' in html
    )  # and by the field
    assert "<title>Error: " in html
    assert nothing_stored()


def test_a_second_figure_for_a_period_must_say_it_corrects_the_first(
    indicator: object, officer: object
) -> None:
    client = client_for(officer)
    client.post(url("add_measurement", indicator), MEASUREMENT)
    response = client.post(url("add_measurement", indicator), MEASUREMENT | {"value": "210"})
    assert (
        "There is already a figure for the period ending 31 March 2021: 200, recorded by "
        "Olu Officer" in text(response)
    )
    assert Measurement.objects.count() == 1

    response = client.post(
        url("add_measurement", indicator),
        MEASUREMENT | {"value": "210", "corrects": "on", "note": "Ten late returns."},
    )
    assert response.status_code == 302
    current = Measurement.objects.get(superseded_by__isnull=False).superseded_by
    assert (current.value, current.note) == (210, "Ten late returns.")
    assert Measurement.objects.count() == 2
    assert "Corrected in place of 200" in text(client.get(url("indicator", indicator)))


# --- Refusals ---------------------------------------------------------------------------------

ADD_PAGES = ["add_measurement", "import_measurements", "add_update"]


def _target(name: str, indicator: object) -> object:
    return indicator.outcome if name == "add_update" else indicator


def _post_data(name: str) -> dict:
    if name == "add_update":
        return {"rag": "green", "commentary": "Fine."}
    if name == "import_measurements":
        return {"file": SimpleUploadedFile("q.csv", b"period_end,value\n2021-03-31,5\n")}
    return MEASUREMENT


def _stored_nothing() -> bool:
    return nothing_stored() and not OutcomeUpdate.objects.exists()


@pytest.mark.parametrize("name", ADD_PAGES)
def test_senior_manager_is_refused_the_add_pages(indicator: object, name: str) -> None:
    client = client_for(senior_manager())
    assert client.get(url(name, _target(name, indicator))).status_code == 403
    assert client.post(url(name, _target(name, indicator)), _post_data(name)).status_code == 403
    assert _stored_nothing()


@pytest.mark.parametrize("name", ADD_PAGES)
def test_officer_of_another_area_is_refused(indicator: object, name: str) -> None:
    client = client_for(officer_of(ServiceAreaFactory()))
    assert client.get(url(name, _target(name, indicator))).status_code == 403
    assert client.post(url(name, _target(name, indicator)), _post_data(name)).status_code == 403
    assert _stored_nothing()


@pytest.mark.parametrize("name", ["indicator", "outcome", *ADD_PAGES, "measurement_template"])
def test_unknown_pk_is_not_found(officer: object, name: str) -> None:
    response = client_for(officer).get(reverse(f"outcomes:{name}", args=[999999]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ADD_PAGES)
def test_missing_csrf_token_is_refused_and_nothing_stored(
    indicator: object, officer: object, name: str
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(url(name, _target(name, indicator)), _post_data(name))
    assert response.status_code == 403
    assert _stored_nothing()


def test_someone_without_a_role_cannot_read(indicator: object) -> None:
    client = client_for(UserFactory())
    assert client.get(url("indicator", indicator)).status_code == 403
    assert client.get(url("outcome", indicator.outcome)).status_code == 403
    assert client.get(reverse("outcomes:list")).status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(indicator: object) -> None:
    response = Client().post(url("add_measurement", indicator), MEASUREMENT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert nothing_stored()


# --- Importing a CSV file ---------------------------------------------------------------------


def test_import_page_stores_a_good_file(indicator: object, officer: object) -> None:
    upload = SimpleUploadedFile(
        "q1.csv", b"period_end,value,ethnicity:african\n2021-03-31,100,40\n2021-06-30,150,\n"
    )
    response = client_for(officer).post(
        url("import_measurements", indicator), {"file": upload}, follow=True
    )
    assert "2 measurements imported." in text(response)
    assert list(Measurement.objects.values_list("value", "imported_from")) == [
        (100, "q1.csv"),
        (150, "q1.csv"),
    ]


def test_import_page_lists_every_problem_and_stores_nothing(
    indicator: object, officer: object
) -> None:
    upload = SimpleUploadedFile(
        "q1.csv", b"period_end,value,ethnicity:african\n2021-03-31,100,140\n2021-06-30,-1,\n"
    )
    response = client_for(officer).post(url("import_measurements", indicator), {"file": upload})
    page = text(response)
    assert "The file has problems, listed below; nothing was saved." in page
    assert (
        "Row 2, columns ethnicity:…: The ethnicity figures add up to 140, more than the total "
        "of 100." in page
    )
    assert "Row 3, column value: The value cannot be negative." in page
    assert nothing_stored()


def test_import_page_refuses_a_file_that_is_not_utf8(indicator: object, officer: object) -> None:
    upload = SimpleUploadedFile("q1.csv", b"period_end,value\n2021-03-31,\xff\xfe\n")
    response = client_for(officer).post(url("import_measurements", indicator), {"file": upload})
    assert "The file is not UTF-8 text" in text(response)
    assert nothing_stored()


def test_template_download_names_the_columns(indicator: object) -> None:
    response = client_for(senior_manager()).get(url("measurement_template", indicator))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="CWB-I1-measurements.csv"' in response["Content-Disposition"]
    assert response.content.decode().startswith("period_end,value,ethnicity:bangladeshi,")


# --- Narrative updates ------------------------------------------------------------------------


def test_officer_adds_a_narrative_update(indicator: object, officer: object) -> None:
    data = {
        "rag": "amber",
        "commentary": "Recruitment slowed in the lockdown.",
        "evidence_url": "https://example.org/q1",
    }
    response = client_for(officer).post(url("add_update", indicator.outcome), data, follow=True)
    update = OutcomeUpdate.objects.get()
    assert (update.outcome, update.author, update.rag, update.evidence_url) == (
        indicator.outcome,
        officer,
        "amber",
        "https://example.org/q1",
    )
    page = text(response)
    assert "Your update on CWB-O1 has been saved." in page
    assert "Amber: at risk" in page and "Recruitment slowed in the lockdown." in page


def test_narrative_update_with_a_javascript_link_is_refused(
    indicator: object, officer: object
) -> None:
    data = {"rag": "green", "commentary": "Fine.", "evidence_url": "javascript:alert(1)"}
    response = client_for(officer).post(url("add_update", indicator.outcome), data)
    assert "Enter the evidence link as a web address starting https:// or http://." in text(
        response
    )
    assert not OutcomeUpdate.objects.exists()


def test_narrative_update_without_a_judgement_is_refused(
    indicator: object, officer: object
) -> None:
    response = client_for(officer).post(
        url("add_update", indicator.outcome), {"commentary": "Fine."}
    )
    assert '<a href="#id_rag">Choose how the outcome is doing.</a>' in response.content.decode()
    assert not OutcomeUpdate.objects.exists()


# --- Query counts -----------------------------------------------------------------------------


def _with_measurements(indicator: object, count: int) -> None:
    for day in range(1, count + 1):
        measure(indicator, f"2021-01-{day:02d}", 5, african=2, indian=1)


# The page's own reads are a fixed number whatever the number of measurements (the indicator
# page: the indicator, breakdowns, categories, aggregate members, target shares, current
# measurements, their breakdown values and the corrected ones). The rest (session, user, role,
# the header's) belongs to base.html, so the count is taken at one size and required at another.
PAGES = ["indicator", "outcome", "list", "add_measurement"]


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_measurements(
    indicator: object, officer: object, page: str, django_assert_num_queries: object
) -> None:
    client = client_for(officer)
    path = {
        "list": reverse("outcomes:list"),
        "outcome": url("outcome", indicator.outcome),
    }.get(page) or url(page, indicator)
    _with_measurements(indicator, 2)
    client.get(path)  # the session's first request does work later ones do not
    with CaptureQueriesContext(connection) as two:
        assert client.get(path).status_code == 200
    _with_measurements(ethnicity_indicator(outcome=indicator.outcome, ref="CWB-I2"), 24)
    for day in range(3, 25):
        measure(indicator, f"2021-02-{day:02d}", 5, african=1)
    with django_assert_num_queries(len(two.captured_queries)):
        assert client.get(path).status_code == 200


def test_import_page_refuses_a_file_larger_than_the_limit(
    indicator: object, officer: object, settings
) -> None:
    settings.MEASUREMENT_FILE_MAX_BYTES = 1_000
    upload = SimpleUploadedFile("q1.csv", b"period_end,value\n" + b"2021-03-31,1\n" * 100)
    response = client_for(officer).post(url("import_measurements", indicator), {"file": upload})
    assert "The file must be 1 KB or smaller; nothing was saved." in text(response)
    assert nothing_stored()


def test_import_page_names_an_unclosed_quote_and_stores_nothing(
    indicator: object, officer: object
) -> None:
    upload = SimpleUploadedFile(
        "q1.csv", b'period_end,value,note\n2021-03-31,10,"open\n2021-04-30,11,\n2021-05-31,12,\n'
    )
    response = client_for(officer).post(url("import_measurements", indicator), {"file": upload})
    assert "Row 2, column note: a quote opens in this cell and never closes" in text(response)
    assert nothing_stored()


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("99999999999999999999", "3", "2021", "End of the period must be a real date."),
        ("31", "3", "9999", "End of the period must be a real date."),
        ("31", "3", "1", "End of the period must be a real date."),
        ("-1", "3", "2021", "End of the period must be a real date."),
    ],
)
def test_a_period_end_that_is_no_real_date_is_named_at_the_field(
    indicator: object, officer: object, day: str, month: str, year: str, message: str
) -> None:
    data = {**MEASUREMENT, "period_end_0": day, "period_end_1": month, "period_end_2": year}
    response = client_for(officer).post(url("add_measurement", indicator), data)
    assert response.status_code == 200 and message in text(response)
    assert nothing_stored()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e999999", "Enter the value as a number, like 250."),
        ("Infinity", "Enter the value as a number, like 250."),
        ("123456789012345678901234567890", "The value is too large."),
    ],
)
def test_a_figure_that_cannot_be_stored_is_named_at_the_field(
    indicator: object, officer: object, value: str, message: str
) -> None:
    response = client_for(officer).post(
        url("add_measurement", indicator), {**MEASUREMENT, "value": value}
    )
    assert response.status_code == 200 and message in text(response)
    assert nothing_stored()
