"""Recording measurements through the API: the measurement page's form and service, every
refusal named with its place in the batch, and nothing stored unless everything is."""

import pytest

from outcomes.models import BreakdownValue, Measurement, Outcome
from tests.outcomes.factories import IndicatorFactory, measure

pytestmark = pytest.mark.django_db

URL = "/api/v1/measurements"


def _figure(indicator, period_end: str = "2021-03-31", value: object = 10, **more: object) -> dict:
    return {"indicator": indicator.pk, "period_end": period_end, "value": value} | more


def test_measurements_with_breakdowns_are_stored_and_marked(api_as, officer, indicator) -> None:
    parts = {"ethnicity": {"bangladeshi": 3, "african": "4", "irish": None}}
    response = api_as(officer).post(
        URL,
        {"measurements": [_figure(indicator, parts=parts), _figure(indicator, "2021-04-30", 12)]},
    )
    assert response.status_code == 201, response.content
    stored = Measurement.objects.filter(indicator=indicator).order_by("period_end")
    assert [(m.period_end.isoformat(), m.value) for m in stored] == [
        ("2021-03-31", 10),
        ("2021-04-30", 12),
    ]
    assert {m.imported_from for m in stored} == {"API token “Test system”"}
    assert sorted(BreakdownValue.objects.values_list("category__slug", "value")) == [
        ("african", 4),
        ("bangladeshi", 3),
    ]
    read = api_as(officer).get(f"/api/v1/indicators/{indicator.pk}/measurements").json()
    assert read["measurements"][0]["parts"] == {
        "ethnicity": {"african": "4.00", "bangladeshi": "3.00"}
    }


def test_a_correction_needs_its_reason_and_keeps_the_earlier_figure(
    api_as, officer, indicator
) -> None:
    earlier = measure(indicator, "2021-03-31", 10)
    client = api_as(officer)
    again = client.post(URL, {"measurements": [_figure(indicator, value=11)]})
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "/measurements/0/period_end"
    assert (
        "There is already a figure for the period ending 31 March 2021"
        in (again.json()["errors"][0]["message"])
    )
    no_reason = client.post(URL, {"measurements": [_figure(indicator, value=11, corrects=True)]})
    assert no_reason.json()["errors"] == [
        {"field": "/measurements/0/note", "message": "Say why the figure is corrected."}
    ]
    corrected = client.post(
        URL,
        {"measurements": [_figure(indicator, value=11, corrects=True, note="Late returns")]},
    )
    assert corrected.status_code == 201
    latest = Measurement.objects.get(supersedes=earlier)
    assert (latest.value, latest.note) == (11, "Late returns")
    assert corrected.json()["measurements"][0]["corrects"] == earlier.pk


def test_a_batch_across_indicators_with_one_refusal_stores_nothing(
    api_as, officer, indicator
) -> None:
    second = IndicatorFactory(outcome=Outcome.objects.get(pk=indicator.outcome_id), ref="X1")
    response = api_as(officer).post(
        URL,
        {
            "measurements": [
                _figure(indicator),
                _figure(second, value="3.5"),  # a count must be whole
            ]
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "/measurements/1/value",
            "message": "The value is a count, so it must be a whole number.",
        }
    ]
    assert not Measurement.objects.exists()


def test_refusals_from_the_service_in_a_second_indicator_roll_back_the_first(
    api_as, officer, indicator
) -> None:
    second = IndicatorFactory(outcome=Outcome.objects.get(pk=indicator.outcome_id), ref="X1")
    measure(second, "2021-03-31", 5)
    response = api_as(officer).post(URL, {"measurements": [_figure(indicator), _figure(second)]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "/measurements/1/period_end"
    assert Measurement.objects.filter(indicator=indicator).count() == 0


def test_another_areas_officer_is_refused(api_as, other_officer, indicator) -> None:
    response = api_as(other_officer).post(URL, {"measurements": [_figure(indicator)]})
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] == "/measurements/0/indicator"
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("figure", "field", "message"),
    [
        ({"period_end": "31/03/2021"}, "period_end", "Enter the end of the period as YYYY-MM-DD"),
        ({"period_end": "2021-02-30"}, "period_end", "End of the period must be a real date."),
        ({"period_end": "9999-12-31"}, "period_end", "End of the period must be a real date."),
        ({"period_end": "2099-12-31"}, "period_end", "has not ended yet"),
        ({"period_end": ""}, "period_end", "Enter the end of the period."),
        ({"value": "lots"}, "value", "Enter the value as a number"),
        ({"value": "1e30"}, "value", "Enter the value as a number, like 250."),
        ({"value": 10**50}, "value", "The value is too large."),
        ({"value": -1}, "value", "cannot be negative"),
        ({"value": None}, "value", "Enter the value."),
        ({"parts": {"ethnicity": {"martian": 1}}}, "parts/ethnicity/martian", "is not a category"),
        ({"parts": {"shoe-size": {"nine": 1}}}, "parts/shoe-size", "is not broken down by"),
        ({"parts": {"ethnicity": {"african": 11}}}, "parts/ethnicity", "add up to 11"),
        ({"parts": {"ethnicity": {"african": "x"}}}, "parts/ethnicity/african", "as a number"),
        ({"note": "n" * 3000}, "note", ""),
        ({"indicator": 987654}, "indicator", "There is no indicator with id 987654."),
        ({"indicator": 2**70}, "indicator", ""),
        ({"corrects": "perhaps"}, "corrects", ""),
        ({"parts": []}, "parts", ""),
    ],
)
def test_odd_figures_are_refused_with_the_field_and_message(
    api_as, officer, indicator, figure, field, message
) -> None:
    response = api_as(officer).post(URL, {"measurements": [_figure(indicator) | figure]})
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    found = [e["message"] for e in errors if e["field"] == f"/measurements/0/{field}"]
    assert found, errors
    assert message in found[0]
    assert not Measurement.objects.exists()


def test_a_body_too_large_is_refused_not_a_500(api_as, officer, indicator) -> None:
    note = "n" * 3_000_000  # more than Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
    response = api_as(officer).post(URL, {"measurements": [_figure(indicator, note=note)]})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert not Measurement.objects.exists()
